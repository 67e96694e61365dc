"""审核 Review: the analyst's queue of reports not yet loaded; a report's details proposed from its text (with
their basis); every figure highlighted, the uncertain first and unticked; a concept picked from the five
suggestions; place, subject and period set for the whole report in one step; one click loads the accepted
figures through the intake service (the same checks, preview, batch and rollback as a CSV). All work is done
by ``etl.intake.service``; the grid's words come from ``dashboard.review_grid``.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from core import settings, subjects
from core.labels import t
from dashboard import auth, intake_messages, review_grid, ui
from etl.intake import service

KEY = "rev_draft"
STATUSES = ["confirmed", "inferred", "unknown"]


@st.cache_data(ttl=30, show_spinner=False)
def _queue(data_dir: str, warehouse: str, stamp: int) -> list[dict]:
    return service.review_queue(data_dir, warehouse)


def _source(lg: str) -> tuple[bytes, str] | None:
    left, right = st.columns([3, 2])
    with right:
        upload = st.file_uploader(t("rev_upload", lg), type=["txt", "html", "htm", "docx", "pdf"], key="rev_file")
    with left:
        queue = _queue(str(settings.data_dir()), settings.warehouse_location().text,
                       service.log_stamp(settings.data_dir()))
        st.markdown(f"**{t('rev_queue', lg, n=len(queue))}**")
        picked = None
        if queue:
            shown = pd.DataFrame([{t("rev_q_name", lg): q["name"], t("rev_q_figures", lg): q["figures"],
                                   t("rev_q_uncertain", lg): q["uncertain"]} for q in queue])
            ev = st.dataframe(shown, hide_index=True, width="stretch", on_select="rerun",
                              selection_mode="single-row", key="rev_queue_table", height=min(240, 38 + 35 * len(queue)))
            rows = ev.selection.rows if ev is not None else []
            picked = queue[rows[0]] if rows else None
        else:
            st.caption(t("rev_queue_empty", lg))
    if upload is not None:
        return upload.getvalue(), upload.name
    if picked is not None:
        return service.review_library_text(picked["text_sha256"], settings.data_dir())
    return None


def _new_draft(data: bytes, name: str) -> None:
    d = service.review_draft(data, name, None, settings.data_dir())
    st.session_state[KEY] = d
    st.session_state["rev_rows"] = d.rows.copy()
    det = d.details
    st.session_state.update({
        "rev_title": det.title.value or "", "rev_publisher": det.publisher.value or "",
        "rev_pub_status": "confirmed" if det.publisher.value else "unknown",
        "rev_date": det.published_on.value or "", "rev_date_status": "confirmed" if det.published_on.value else "unknown",
        "rev_url": "", "rev_place": review_grid.region_label(_reader().index, det.place.value), "rev_org": "",
    })
    for k in [k for k in st.session_state if str(k).startswith(("rev_editor", "rev_sugg_"))]:
        del st.session_state[k]


def _reader():
    return service.review_reader(settings.data_dir())


def _details(d, lg: str) -> service.ReportMeta:
    det = d.details
    with st.expander(t("rev_meta", lg), expanded=True):
        c1, c2, c3 = st.columns([3, 2, 2])
        title = c1.text_input(t("rev_title", lg), key="rev_title")
        c1.caption(t("rev_basis", lg, basis=review_grid.say(det.title.basis, lg)))
        publisher = c2.text_input(t("rev_publisher", lg), key="rev_publisher")
        c2.caption(t("rev_basis", lg, basis=review_grid.say(det.publisher.basis, lg)))
        pub_status = c3.selectbox(t("rev_publisher_status", lg), STATUSES, key="rev_pub_status",
                                  format_func=lambda s: t(f"status_{s}_word", lg))
        c1, c2, c3 = st.columns([3, 2, 2])
        place = c1.text_input(t("rev_place", lg), key="rev_place")
        c1.caption(t("rev_basis", lg, basis=review_grid.say(det.place.basis, lg)))
        date = c2.text_input(t("rev_date", lg), key="rev_date", placeholder="2023-03-21 · 2023-03 · 2023")
        c2.caption(t("rev_basis", lg, basis=review_grid.say(det.published_on.basis, lg)))
        date_status = c3.selectbox(t("rev_date_status", lg), STATUSES, key="rev_date_status",
                                   format_func=lambda s: t(f"status_{s}_word", lg))
        c1, c2 = st.columns([3, 4])
        url = c1.text_input(t("rev_url", lg), key="rev_url")
        org = c2.text_input(t("rev_org", lg), key="rev_org")
    # a blank is unknown, whatever the box says: confirmed needs a value
    pub_status = pub_status if publisher.strip() else "unknown"
    date_status = date_status if date.strip() else "unknown"
    return service.ReportMeta(title=title, publisher=publisher, published_on=date, published_status=date_status,
                              publisher_status=pub_status, url=url, organization=org), place


def _whole_report(rows: pd.DataFrame, lg: str) -> pd.DataFrame:
    with st.expander(t("rev_whole", lg)):
        c1, c2, c3, c4 = st.columns(4)
        kind = c1.selectbox(t("cmp_subject_kind", lg), ["", *subjects.KINDS], key="rev_w_kind",
                            format_func=lambda k: t("rev_keep", lg) if not k else t(subjects.LABEL_KEY[k], lg))
        org = c2.text_input(t("rev_col_organization", lg), key="rev_w_org")
        region = c3.text_input(t("rev_col_region", lg), key="rev_w_region")
        period = c4.text_input(t("rev_col_period", lg), key="rev_w_period")
        if st.button(t("rev_whole_apply", lg), key="rev_w_apply", icon=":material/done_all:"):
            code = _reader().index.resolve(region.replace(" ", "")) if region.strip() else None
            if region.strip() and not code:
                st.warning(t("rev_region_unknown", lg, name=region))
                return rows
            rows = review_grid.whole_report(rows, kind or None, org, code, period)
            st.session_state["rev_rows"] = rows
            st.session_state.pop("rev_editor", None)
            st.rerun()
    return rows


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


def _suggestions(rows: pd.DataFrame, concepts: dict, lg: str) -> tuple[pd.DataFrame, int | None]:
    """One figure in focus: its concept picked from the five suggestions (with why the first was proposed)."""
    uncertain = [i for i in rows.index if rows.at[i, "uncertain"]]
    focus = st.selectbox(t("rev_focus", lg), list(rows.index), key="rev_focus",
                         index=rows.index.get_loc(uncertain[0]) if uncertain else 0,
                         format_func=lambda i: f"{rows.at[i, 'text']} · "
                         f"{review_grid.concept_label(rows.at[i, 'concept'], concepts, lg)}")
    options = ["", *[c for c in rows.at[focus, "suggestions"] if c in concepts]]
    current = rows.at[focus, "concept"]
    if current and current not in options:
        options.append(current)
    pick = st.radio(t("rev_suggestions", lg), options, index=options.index(current) if current in options else 0,
                    key=f"rev_sugg_{focus}_{current}", horizontal=True,
                    format_func=lambda k: review_grid.concept_label(k, concepts, lg))
    if rows.at[focus, "reason"]:
        st.caption(t("rev_reason", lg, reason=review_grid.say(rows.at[focus, "reason"], lg)))
    if pick != current:
        rows = rows.copy()
        rows.at[focus, "concept"], rows.at[focus, "indicator"] = pick, ""
        st.session_state["rev_rows"] = rows
        st.session_state.pop("rev_editor", None)
        st.rerun()
    return rows, focus


def _grid(rows: pd.DataFrame, concepts: dict, lg: str) -> pd.DataFrame:
    index = _reader().index
    shown = review_grid.to_display(rows, concepts, index, lg)
    col = st.column_config
    edited = st.data_editor(
        shown, key="rev_editor", hide_index=True, width="stretch", num_rows="fixed",
        disabled=["text", "confidence"],
        column_config={
            "accept": col.CheckboxColumn(t("rev_accept", lg), width="small"),
            "text": col.TextColumn(t("rev_col_text", lg)), "value": col.TextColumn(t("rev_col_value", lg)),
            "unit": col.TextColumn(t("rev_col_unit", lg), width="small"),
            "qualifier": col.SelectboxColumn(t("rev_col_qualifier", lg),
                                             options=[t(f"q_{q}", lg) for q in review_grid.QUALIFIERS]),
            "concept": col.SelectboxColumn(t("rev_col_concept", lg), options=review_grid.concept_options(concepts, lg),
                                           width="large"),
            "new_indicator": col.TextColumn(t("rev_col_new", lg), help=t("rev_new_help", lg)),
            "subject_kind": col.SelectboxColumn(t("cmp_subject_kind", lg),
                                                options=[t(subjects.LABEL_KEY[k], lg) for k in subjects.KINDS]),
            "organization": col.TextColumn(t("rev_col_organization", lg)),
            "region": col.TextColumn(t("rev_col_region", lg)), "period": col.TextColumn(t("rev_col_period", lg)),
            "confidence": col.ProgressColumn(t("rev_col_confidence", lg), min_value=0, max_value=100, format="%d%%"),
        })
    return review_grid.from_display(edited, rows, concepts, index, lg)


def _loaded(done: dict, lg: str) -> None:
    ui.say(st.success, t("imp_loaded", lg, n=done["n"], ids=done["ids"]))
    st.dataframe(pd.DataFrame(done["rows"]), hide_index=True, width="stretch")
    st.caption(t("rev_loaded_note", lg))


def main() -> None:
    lg = ui.lang()
    ui.page_header("rev_page_title", "rev_intro", scope=False)
    done = st.session_state.get("rev_done")
    if done:
        _loaded(done, lg)
    source = _source(lg)
    if source is None:
        if not done:
            st.caption(t("rev_start", lg))
        return
    data, name = source
    draft_key = (name, len(data), hash(data[:4096]))
    if st.session_state.get("rev_key") != draft_key:
        if done and done.get("key") == draft_key:
            return                                   # just loaded: no second load of the same figures
        try:
            _new_draft(data, name)
        except service.DocumentError as exc:
            ui.say(st.error, str(exc))
            return
        st.session_state["rev_key"] = draft_key
        st.session_state.pop("rev_done", None)
    d = st.session_state[KEY]
    concepts = _reader().catalogue.concepts
    meta, place = _details(d, lg)
    rows: pd.DataFrame = st.session_state["rev_rows"]
    n_unsure = int(rows["uncertain"].sum()) if len(rows) else 0
    st.caption(t("rev_found", lg, n=len(rows), unsure=n_unsure, sha=d.doc.text_sha256[:12], kind=d.doc.kind))
    if rows.empty:
        st.info(t("rev_none", lg))
        return
    rows = _whole_report(rows, lg)
    rows, focus = _suggestions(rows, concepts, lg)
    with st.expander(t("rev_text", lg), expanded=len(d.doc.text) < 4000):
        st.markdown(highlighted(d.doc.text, rows, focus), unsafe_allow_html=True)
    rows = _grid(rows, concepts, lg)
    st.session_state["rev_rows"] = rows
    missing = service.review_missing_indicator(rows)
    if missing:
        st.warning(t("rev_missing_indicator", lg, n=len(missing),
                     which="、".join(str(rows.at[i, "text"]) for i in missing[:8])), icon=":material/help:")
    n = int(rows["accept"].sum())
    if st.button(t("rev_load", lg, n=n), type="primary", key="rev_load", disabled=n == 0 or bool(missing),
                 icon=":material/upload:"):
        _load(d, rows, meta, place, draft_key, lg)


def _load(d, rows: pd.DataFrame, meta, place: str, draft_key, lg: str) -> None:
    me = auth.current()
    if me is None:
        st.warning(t("auth_sign_in_to_write", lg), icon=":material/lock:")
        st.stop()
    code = _reader().index.resolve(place.replace(" ", "")) if place.strip() else None
    if code:     # the report's place stands for every figure that names none of its own
        rows = rows.assign(region_code=[r or code for r in rows["region_code"]])
    d.meta = meta
    try:
        result = service.review_load(d, rows, me, settings.data_dir(), settings.warehouse_location())
    except (service.UsageError, service.PermissionDenied) as exc:
        ui.say(st.error, str(exc))
        return
    if result.loaded:
        concepts = _reader().catalogue.concepts
        acc = rows[rows["accept"].astype(bool)]
        st.session_state["rev_done"] = {
            "n": sum(b["facts_loaded"] for b in result.batches), "ids": ", ".join(str(b["batch_id"]) for b in result.batches),
            "key": draft_key, "rows": [{t("rev_col_text", lg): r["text"],
                                        t("rev_col_concept", lg): review_grid.concept_label(r["concept"], concepts, lg)
                                        if r["concept"] else (r["new_indicator"] or r["indicator"]),
                                        t("rev_col_region", lg): review_grid.region_label(_reader().index, r["region_code"])}
                                       for r in acc.to_dict("records")]}
        for k in (KEY, "rev_rows", "rev_key", "rev_queue_table"):
            st.session_state.pop(k, None)
        _queue.clear()
        st.rerun()
    for plan, verdict in zip(result.plans, result.verdicts, strict=True):
        ui.say(st.error, intake_messages.summary(plan, verdict, lg))
    problems = service.problems_frame(result.plans)
    if len(problems):
        st.dataframe(intake_messages.one_language(problems, lg), hide_index=True, width="stretch")


main()
