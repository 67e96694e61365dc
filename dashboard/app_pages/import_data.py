"""数据导入 Import: analysts upload CSV/XLSX files in the template format, see every problem and a
preview (new / changed / unchanged / rejected), confirm, and roll batches back.

Registered only for a signed-in analyst or administrator (``dashboard.auth``); every write passes the signed-in
principal to ``etl.intake.service``, the one door for writes (the same code as ``python -m etl add``), which
checks the role again. The archive and batch log live in ``core.settings.data_dir()``. File names and
messages are user text: they are shown as typed (``ui.say``), never as Markdown.
"""

from __future__ import annotations

import hashlib
import html

import pandas as pd
import streamlit as st

from core import settings
from core.labels import t
from core.text import md_escape as md
from dashboard import auth, intake_messages, publishing, queries, ui
from dashboard.downloads import template_files
from etl.intake import service

UPLOAD_KEY = "imp_files"


def uploads_from(files) -> list[service.Upload]:
    """Streamlit UploadedFile objects (or (name, bytes) pairs) → uploads for the service."""
    out = []
    for f in files or []:
        if isinstance(f, tuple):
            out.append(service.Upload(f[0], f[1]))
        else:
            out.append(service.Upload(f.name, f.getvalue()))
    return out


def _preview(uploads: list[service.Upload], options: service.Options) -> service.AddResult:
    """Dry run, cached per files + options + warehouse and log state (a rerun costs nothing)."""
    data = settings.data_dir()
    stamp = (queries.data_version(), service.log_stamp(data))   # the data version (a file's identity, a lake's snapshot)
    key = (tuple((u.name, hashlib.sha256(u.data).hexdigest()) for u in uploads), tuple(options.as_dict().items()),
           stamp)
    cache = st.session_state.setdefault("_imp_preview", {})
    if key not in cache:
        cache.clear()
        cache[key] = service.add(uploads, options, _me(), data, settings.warehouse_location(), dry_run=True)
    return cache[key]


def _me():
    """The signed-in principal; a session that ended (expired, signed out) stops the page."""
    me = auth.current()
    if me is None:
        st.warning(t("auth_sign_in_to_write", ui.lang()), icon=":material/lock:")
        st.stop()
    return me


def templates_section(lg: str) -> None:
    st.markdown(f"#### {t('imp_templates', lg)}")
    cols = st.columns(3)
    for col, (label, fname, data, mime) in zip(cols, template_files(), strict=False):
        col.download_button(label, data, file_name=fname, mime=mime, icon=":material/download:")
    with st.expander(t("imp_column_reference", lg)):
        st.markdown(service.schema_markdown())


def upload_section(lg: str) -> None:
    st.markdown(f"#### {t('imp_upload', lg)}")
    who = _me()
    st.caption(md(t("imp_loading_as", lg, who=who.name, role=t(f"role_{who.role}", lg))))
    # a new key after each load empties the uploader: the loaded file is not previewed again as 没有新数据
    files = st.file_uploader(t("imp_files", lg), type=["csv", "xlsx"], accept_multiple_files=True,
                             key=f"{UPLOAD_KEY}-{st.session_state.get('imp_round', 0)}")
    c1, c2, c3, c4 = st.columns(4)
    options = service.Options(
        only_valid=c1.checkbox(t("imp_only_valid", lg), key="imp_only_valid"),
        accept_conflicts=c2.checkbox(t("imp_accept", lg), key="imp_accept"),
        new_indicators=c3.checkbox(t("imp_new_ind", lg), key="imp_new_ind"),
        confirm_warnings=c4.checkbox(t("imp_confirm_warnings", lg), key="imp_confirm_warnings"),
    )
    uploads = uploads_from(files)
    if not uploads:
        st.caption(t("imp_preview_first", lg))
        return
    try:
        result = _preview(uploads, options)
    except (service.UsageError, service.PermissionDenied) as exc:
        ui.say(st.error, str(exc))
        return
    show_preview(result, lg)
    if result.verdict != "load":
        return
    if st.button(t("imp_load", lg), type="primary", key="imp_load", icon=":material/upload:"):
        try:
            done = service.add(uploads, options, _me(), settings.data_dir(), settings.warehouse_location())
        except (service.UsageError, service.PermissionDenied) as exc:
            ui.say(st.error, str(exc))
            return
        st.session_state.pop("_imp_preview", None)
        if done.loaded:
            st.session_state["imp_round"] = st.session_state.get("imp_round", 0) + 1
            ids = ", ".join(str(b["batch_id"]) for b in done.batches)
            n = sum(b["facts_loaded"] for b in done.batches)
            st.session_state["imp_done"] = t("imp_loaded", lg, n=n, ids=ids)
            st.session_state["imp_draft_note"] = publishing.loaded_note(done.batches, lg)
        else:
            st.session_state["imp_done"] = intake_messages.verdict(done.verdict, lg)
        st.rerun()


SHOWN = 1000     # rows of a preview table on the page; counts cover every row


def _messages(df, lg: str) -> None:
    """Problems or warnings in the reader's language; the other language on demand."""
    st.dataframe(intake_messages.one_language(df, lg), hide_index=True, width="stretch")
    with st.expander(t("imp_other_language", lg)):
        st.dataframe(intake_messages.one_language(df, "en" if lg == "zh" else "zh"), hide_index=True, width="stretch")


def show_preview(result: service.AddResult, lg: str) -> None:
    for plan, verdict in zip(result.plans, result.verdicts, strict=True):
        box = {"load": st.success, "nothing": st.info, "conflict": st.warning, "confirm": st.warning}.get(verdict,
                                                                                                      st.error)
        ui.say(box, intake_messages.summary(plan, verdict, lg))
        for note in plan.notes:              # how a guessed header was read (单位 as the unit, #22 item 9)
            ui.say(st.info, f"{note.file}: {note.message_zh if lg == 'zh' else note.message_en}")
    warnings = service.warnings_frame(result.plans)
    if len(warnings):
        st.markdown(f"**{md(t('imp_warnings', lg, n=len(warnings)))}**")
        _messages(warnings.head(SHOWN), lg)
    problems = service.problems_frame(result.plans)
    if len(problems):
        st.markdown(f"**{html.escape(t('imp_problems', lg, n=len(problems)))}**")
        if len(problems) > SHOWN:           # by kind first: one line per column and message, however many rows
            for line in service.problem_summary(result.plans, lg):
                st.markdown(f"- {md(line)}")
            st.caption(t("imp_first_n", lg, n=SHOWN, total=f"{len(problems):,}"))
        _messages(problems.head(SHOWN), lg)
    frame = service.preview_frame(result.plans, result.context, limit=SHOWN, lang=lg)
    if len(frame):
        st.markdown(f"**{t('imp_preview', lg)}**")
        rows = sum(len(plan.entries) for plan in result.plans)
        if rows > len(frame):
            st.caption(t("imp_first_n", lg, n=len(frame), total=f"{rows:,}"))
        st.dataframe(intake_messages.preview_headers(frame, lg), hide_index=True, width="stretch")


def batches_section(lg: str) -> None:
    st.markdown(f"#### {t('imp_batches', lg)}")
    rows = service.list_batches(settings.data_dir(), settings.warehouse_location())
    if not rows:
        st.caption(t("imp_no_batches", lg))
        return
    cols = ("batch", "when", "who", "file", "sha256", "rows", "new", "changed", "rejected", "facts", "options",
            "state")
    table = pd.DataFrame([{
        "batch": b["batch_id"], "when": b["when"], "who": b["who"], "file": b["file_name"],
        "sha256": b["sha256"][:12], "rows": b["rows_in"], "new": b["rows_new"], "changed": b["rows_changed"],
        "rejected": b["rows_rejected"], "facts": b["facts_loaded"],
        "options": ", ".join(k for k, v in b["options"].items() if v) or "—",
        "state": publishing.state_label(b, lg),
    } for b in reversed(rows)], columns=cols)
    labels = {c: st.column_config.Column(c if c == "sha256" else t(f"imp_col_{c}", lg)) for c in cols}
    st.dataframe(table, hide_index=True, width="stretch", column_config=labels)
    me = _me()
    active = [b["batch_id"] for b in rows if not b.get("rolled_back") and service.may_roll_back(b, me)]
    if not active:
        return
    c1, c2 = st.columns([2, 3])
    if st.session_state.get("imp_rb_pick") not in active:
        st.session_state.pop("imp_rb_pick", None)       # a batch rolled back or gone: nothing stays chosen
    # nothing chosen until the user chooses: a preselected batch is one click from being undone by mistake
    pick = c1.selectbox(t("imp_rb_pick", lg), active[::-1], index=None, key="imp_rb_pick", placeholder=t("choose", lg))
    sure = c2.checkbox(t("imp_rb_sure", lg, batch=pick if pick is not None else "…"), key="imp_rb_sure",
                       disabled=pick is None)
    if st.button(t("imp_rb_go", lg), disabled=not sure or pick is None, key="imp_rb_go", icon=":material/undo:"):
        try:
            service.rollback(int(pick), _me(), settings.data_dir(), settings.warehouse_location())
        except (service.UsageError, service.ValidationError, service.PermissionDenied) as exc:
            ui.say(st.error, str(exc))
            return
        st.session_state.pop("_imp_preview", None)
        st.session_state["imp_done"] = t("imp_rolled_back", lg, batch=pick)
        st.rerun()


def main() -> None:
    lg = ui.lang()
    ui.page_header("imp_title", "imp_intro", scope=False)
    done = st.session_state.pop("imp_done", None)
    if done:
        ui.say(st.success, done)
    note = st.session_state.pop("imp_draft_note", None)
    if note:                         # who must publish the load before viewers see it
        st.info(note, icon=":material/draft:")
    templates_section(lg)
    upload_section(lg)
    batches_section(lg)
    publishing.section(service.list_batches(settings.data_dir(), settings.warehouse_location()), lg)


main()
