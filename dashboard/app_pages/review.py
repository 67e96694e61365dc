"""审核 Review: an analyst gives a report (upload, or one from the source library) and its metadata, sees
every proposed figure highlighted in the text, accepts, edits or rejects each, and loads the accepted ones
through the intake service (the same preview, batch, archive and rollback as a CSV). Offered with the
Import page; all work is done by ``etl.intake.service``.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from core import settings, subjects
from core.labels import CATEGORY_ORDER, t
from dashboard import auth, ui
from etl.intake import service

KEY = "rev_draft"


def _meta(lg: str) -> service.ReportMeta:
    with st.expander(t("rev_meta", lg), expanded=True):
        c1, c2, c3 = st.columns([3, 2, 2])
        title = c1.text_input(t("rev_title", lg), key="rev_title")
        publisher = c2.text_input(t("rev_publisher", lg), key="rev_publisher")
        pub_status = c3.selectbox(t("rev_publisher_status", lg), ["confirmed", "inferred", "unknown"],
                                  key="rev_pub_status", format_func=lambda s: t(f"status_{s}_word", lg))
        c1, c2, c3 = st.columns([3, 2, 2])
        url = c1.text_input(t("rev_url", lg), key="rev_url")
        date = c2.text_input(t("rev_date", lg), key="rev_date", placeholder="2023-03-21 · 2023-03 · 2023")
        date_status = c3.selectbox(t("rev_date_status", lg), ["confirmed", "inferred", "unknown"],
                                   key="rev_date_status", format_func=lambda s: t(f"status_{s}_word", lg))
        c1, c2, c3, c4 = st.columns(4)
        province = c1.text_input(t("f_province", lg), key="rev_province")
        city = c2.text_input(t("f_city", lg), key="rev_city")
        district = c3.text_input(t("f_district", lg), key="rev_district")
        org = c4.text_input(t("rev_org", lg), key="rev_org")
    return service.ReportMeta(title=title, publisher=publisher, published_on=date, published_status=date_status,
                              publisher_status=pub_status, url=url, province=province, city=city,
                              district=district, organization=org)


def _source(lg: str) -> tuple[bytes, str] | None:
    upload = st.file_uploader(t("rev_upload", lg), type=["txt", "html", "htm", "docx", "pdf"], key="rev_file")
    if upload is not None:
        return upload.getvalue(), upload.name
    texts = service.review_library(settings.data_dir())
    if texts:
        names = {m["text_sha256"]: f"{m['name']} ({m['kind']}, {m['text_sha256'][:8]})" for m in texts}
        pick = st.selectbox(t("rev_library", lg), [""] + list(names), key="rev_pick",
                            format_func=lambda k: t("rev_library_none", lg) if not k else names[k])
        if pick:
            return service.review_library_text(pick, settings.data_dir())
    return None


def highlighted(text: str, rows: pd.DataFrame, focus: int | None) -> str:
    """The report's text with every proposed figure marked; the one in focus marked darker."""
    out, pos = [], 0
    for i, r in rows.sort_values("char_start").iterrows():
        s, e = int(r["char_start"]), int(r["char_end"])
        if s < pos:
            continue
        cls = ("djcx-rev-focus " if i == focus else "") + ("djcx-rev-on" if r["accept"] else "djcx-rev-off")
        out += [html.escape(text[pos:s]), f"<mark id='c{i}' class='{cls}' title='#{i}'>{html.escape(text[s:e])}</mark>"]
        pos = e
    out.append(html.escape(text[pos:]))
    return "<div class='djcx-rev-text'>" + "".join(out).replace("\n", "<br>") + "</div>"


def main() -> None:
    lg = ui.lang()
    ui.page_header("rev_page_title", "rev_intro", scope=False)
    done = st.session_state.pop("rev_done", None)
    if done:
        ui.say(st.success, done)
    source = _source(lg)
    meta = _meta(lg)
    if source is None:
        st.caption(t("rev_start", lg))
        return
    data, name = source
    draft_key = (name, len(data), hash(data[:4096]), meta)
    if st.session_state.get("rev_key") != draft_key:
        try:
            st.session_state[KEY] = service.review_draft(data, name, meta, settings.data_dir())
        except service.DocumentError as exc:
            ui.say(st.error, str(exc))
            return
        st.session_state["rev_key"] = draft_key
        st.session_state["rev_rows"] = st.session_state[KEY].rows.copy()
    d = st.session_state[KEY]
    rows: pd.DataFrame = st.session_state["rev_rows"]
    st.caption(t("rev_found", lg, n=len(rows), sha=d.doc.text_sha256[:12], kind=d.doc.kind))
    if rows.empty:
        st.info(t("rev_none", lg))
        return

    focus = st.selectbox(t("rev_focus", lg), list(rows.index), key="rev_focus",
                         format_func=lambda i: f"#{i} {rows.at[i, 'text']} · {rows.at[i, 'indicator']}")
    with st.container(border=True):
        c1, c2, c3, c4 = st.columns([1, 3, 2, 2])
        accept = c1.checkbox(t("rev_accept", lg), value=bool(rows.at[focus, "accept"]), key=f"rev_acc_{focus}")
        indicator = c2.text_input(t("rev_indicator", lg), value=str(rows.at[focus, "indicator"]),
                                  key=f"rev_ind_{focus}", help=t("rev_indicator_help", lg))
        kind = c3.selectbox(t("cmp_subject_kind", lg), list(subjects.KINDS),
                            index=list(subjects.KINDS).index(rows.at[focus, "subject_kind"])
                            if rows.at[focus, "subject_kind"] in subjects.KINDS else 0,
                            key=f"rev_kind_{focus}", format_func=lambda k: t(subjects.LABEL_KEY[k], lg))
        period = c4.text_input(t("f_period", lg), value=str(rows.at[focus, "period"]), key=f"rev_per_{focus}")
        if st.button(t("rev_apply", lg), key="rev_apply", icon=":material/check:"):
            rows.loc[focus, ["accept", "indicator", "subject_kind", "period"]] = [accept, indicator, kind, period]
            st.session_state["rev_rows"] = rows
            st.rerun()
    st.markdown(highlighted(d.doc.text, rows, focus), unsafe_allow_html=True)

    st.markdown(f"#### {t('rev_table', lg)}")
    edited = st.data_editor(
        rows, key="rev_editor", hide_index=False, width="stretch", num_rows="fixed",
        disabled=["text", "char_start", "char_end", "concept", "confidence", "region_code"],
        column_config={"accept": st.column_config.CheckboxColumn(t("rev_accept", lg)),
                       "subject_kind": st.column_config.SelectboxColumn(options=list(subjects.KINDS)),
                       "indicator": st.column_config.TextColumn(t("rev_indicator", lg), help=t("rev_indicator_help", lg))})
    st.session_state["rev_rows"] = edited
    category = st.selectbox(t("rev_new_category", lg), CATEGORY_ORDER, key="rev_cat")
    n = int(edited["accept"].sum())
    if st.button(t("rev_load", lg, n=n), type="primary", key="rev_load", disabled=n == 0, icon=":material/upload:"):
        me = auth.current()
        if me is None:
            st.warning(t("auth_sign_in_to_write", lg), icon=":material/lock:")
            st.stop()
        try:
            result = service.review_load(d, edited, me, settings.data_dir(), settings.warehouse_location(),
                                         new_category=category)
        except (service.UsageError, service.PermissionDenied) as exc:
            ui.say(st.error, str(exc))
            return
        if result.loaded:
            ids = ", ".join(str(b["batch_id"]) for b in result.batches)
            st.session_state["rev_done"] = t("imp_loaded", lg, n=sum(b["facts_loaded"] for b in result.batches), ids=ids)
            for k in (KEY, "rev_key", "rev_rows"):
                st.session_state.pop(k, None)
            st.rerun()
        for plan, verdict in zip(result.plans, result.verdicts, strict=True):
            ui.say(st.error, service.summary_line(plan, verdict))
        problems = service.problems_frame(result.plans)
        if len(problems):
            st.dataframe(problems, hide_index=True, width="stretch")


main()
