"""指标与来源 Figures & sources: every figure with its report, publisher, date and link, and the evidence
from the user's own copy of the report (found by sha256). Chart clicks arrive here with ?facts=…"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.labels import name, t
from dashboard import formatting as fmt
from dashboard import queries, ui
from dashboard.selection import Selection

PAGE_SIZE = 50


def figures_table(df: pd.DataFrame, lg: str) -> None:
    rows = df.to_dict("records")
    out = pd.DataFrame({
        t("col_fact_id", lg): [r["fact_id"] for r in rows],
        t("col_indicator", lg): [name(r, "indicator", lg) for r in rows],
        t("col_region", lg): [fmt.region_label(r, lg) for r in rows],
        t("col_organization", lg): [fmt.organization(r, lg) for r in rows],
        t("col_value", lg): [fmt.value(r.get("value"), r.get("qualifier"), lg, r.get("unit"), r.get("unit_en"),
                                       r.get("value_max")) for r in rows],
        t("col_qualifier", lg): [fmt.qualifier_word(r.get("qualifier"), lg)
                                 + (f" · {t('flag_implied', lg)}" if r.get("implied") else "") for r in rows],
        t("col_period", lg): [fmt.text(r.get("period"), lg) for r in rows],
        t("col_title", lg): [fmt.report_ref(r, lg) for r in rows],
        t("col_publisher", lg): [fmt.publisher(r, lg) for r in rows],
        t("col_date", lg): [fmt.published(r, lg) for r in rows],
        t("col_link", lg): [str(r["url"]) if not fmt.is_missing(r.get("url")) else "" for r in rows],
    })
    st.dataframe(out, hide_index=True, width="stretch",
                 column_config={t("col_link", lg): st.column_config.LinkColumn(
                     t("col_link", lg), display_text=t("src_open_link", lg))})


def download_figures(f, sel: Selection, total: int, lg: str) -> None:
    """Every figure matching the filters as CSV (utf-8-sig) or XLSX, formula-safe (dashboard/downloads.py).
    The file is made only when a button is clicked."""
    from dashboard import downloads

    def rows() -> pd.DataFrame:
        return downloads.figures_frame(queries.figures(f, sel, limit=max(total, 1)), lg)

    zh = lg == "zh"
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button("下载 CSV" if zh else "Download CSV", lambda: downloads.figures_csv_bytes(rows()),
                       file_name="figures.csv", mime=downloads.CSV_MIME, on_click="ignore", key="src_dl_csv",
                       icon=":material/download:")
    c2.download_button("下载 Excel" if zh else "Download Excel", lambda: downloads.figures_xlsx_bytes(rows()),
                       file_name="figures.xlsx", mime=downloads.XLSX_MIME, on_click="ignore", key="src_dl_xlsx",
                       icon=":material/download:")


def main() -> None:
    f = ui.filters()
    lg = f.lang
    ui.page_header("src_title", "src_intro")
    sel = Selection.from_query_params(st.query_params)
    if not sel.is_empty():
        with st.container(border=True):
            st.markdown(f"**{t('src_selected', lg)}**")
            if st.button(t("src_clear_selection", lg), icon=":material/close:"):
                ui.set_page_params()
                st.rerun()
        indicator = None
    else:
        opts = queries.indicator_options(f)
        labels = {r["indicator_key"]: f"{name(r, 'indicator', lg)}（{name(r, 'category', lg)}）"
                  if lg == "zh" else f"{name(r, 'indicator', lg)} ({name(r, 'category', lg)})"
                  for r in opts.to_dict("records")}
        ui.seed("src_indicator", "indicator", "")
        if st.session_state.get("src_indicator") not in labels:
            st.session_state["src_indicator"] = ""
        indicator = st.selectbox(t("src_filter_indicator", lg), [""] + list(labels), key="src_indicator", placeholder=t("choose", lg),
                                 format_func=lambda k: labels.get(k, t("all", lg))) or None
        sel = Selection(indicator=indicator)

    total = queries.figures_count(f, sel)
    pages = max(1, -(-total // PAGE_SIZE))
    ui.seed("src_page", "pg", 1, cast=int)
    if not 1 <= int(st.session_state.get("src_page") or 1) <= pages:
        st.session_state["src_page"] = 1
    page = 1
    if pages > 1:
        col, _ = st.columns([1, 4])
        page = int(col.number_input(f"{t('page', lg)} (1–{pages})", min_value=1, max_value=pages, step=1,
                                    key="src_page"))
    orders = list(queries.ORDERS)
    ui.seed("src_sort", "sort", "newest", valid=orders)
    order = st.selectbox(t("src_sort", lg), orders, key="src_sort", format_func=lambda o: t(f"src_sort_{o}", lg))
    kept = Selection.from_query_params(st.query_params).to_query_params()  # a chart click stays in the URL
    ui.set_page_params(indicator=indicator, pg=page if page > 1 else None,
                       sort=order if order != "newest" else None, **kept)
    df = queries.figures(f, sel, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, order=order)
    if ui.empty_note(df, lg):
        return
    first = (page - 1) * PAGE_SIZE + 1
    st.caption(t("src_showing", lg, total=total) + (" · " + t("rows_range", lg, first=first,
                                                              last=first + len(df) - 1, total=total)
                                                    if total > len(df) else ""))
    figures_table(df, lg)
    download_figures(f, sel, total, lg)

    st.markdown(f"#### {t('src_evidence', lg)}")
    rows = df.to_dict("records")
    if sel.fact_ids or len(rows) <= 6:
        for row in rows[:12]:
            ui.figure_card(row, lg)
    else:
        by_id = {r["fact_id"]: r for r in rows}
        pick = st.selectbox(t("src_pick_figure", lg), list(by_id), key="src_pick", placeholder=t("choose", lg),
                            format_func=lambda i: f"{i} · {name(by_id[i], 'indicator', lg)} · "
                                                  f"{fmt.region_label(by_id[i], lg)}")
        ui.figure_card(by_id[pick], lg)
    mentions_table(f, lg)


def mentions_table(f, lg: str) -> None:
    """Regions a report names without giving a figure: listed for completeness, never counted."""
    df = queries.region_mentions(f)
    if df.empty:
        return
    with st.expander(t("src_mentions", lg, n=df["region_code"].nunique())):
        st.caption(t("src_mentions_note", lg))
        st.dataframe(pd.DataFrame({
            t("col_region", lg): [name(r, "region", lg) for r in df.to_dict("records")],
            t("src_mention_role", lg): [t(f"mention_{r}", lg) for r in df["role"]],
            t("src_mention_about", lg): [fmt.text(v, lg) for v in df["note"]],
            t("col_report", lg): [fmt.report_ref(r, lg) for r in df.to_dict("records")],
            t("src_mention_offsets", lg): [f"{a}–{b}" for a, b in zip(df["char_start"], df["char_end"], strict=True)],
        }), hide_index=True, width="stretch")


main()
