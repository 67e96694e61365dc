"""总览 Overview: headline figures (each with region, report, date), counts, figures by category, latest reports."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from core.labels import t
from dashboard import cards, chart_specs, queries, ui
from dashboard import formatting as fmt
from dashboard.selection import Selection
from dashboard.story import story_lines


def story(f, lg: str) -> None:
    """要点: for each headline concept, how the regions with comparable figures stand (dashboard/story.py)."""
    rows = queries.concept_story(f).to_dict("records")
    if not rows:
        return
    ids = tuple(sorted({r["top_fact"] for r in rows} | {r["low_fact"] for r in rows}))
    facts = {r["fact_id"]: r for r in queries.figures(f, Selection(fact_ids=ids), limit=len(ids)).to_dict("records")}
    st.subheader(t("ov_story", lg))
    items = []
    for line in story_lines(rows, facts, lg):
        mark = " class='below'" if line.below_target else ""
        items.append(f"<li{mark}><b>{html.escape(line.concept)}</b>{'：' if lg == 'zh' else ': '}"
                     f"{html.escape(line.text)}</li>")
    st.markdown(f"<ul class='djcx-story'>{''.join(items)}</ul>", unsafe_allow_html=True)
    st.caption(t("ov_story_note", lg))


def headline_cards(f, lg: str) -> None:
    rows = cards.headline_rows(f)
    if ui.empty_note(pd.DataFrame(rows), lg):
        return
    per_row = 3
    for start in range(0, len(rows), per_row):
        cols = st.columns(per_row, gap="medium")
        for col, (row, comp, word) in zip(cols, rows[start:start + per_row], strict=False):
            col.markdown(cards.card_html(row, comp, word, lg), unsafe_allow_html=True)
    note = cards.years_note([r for r, _, _ in rows], lg)
    if note:
        st.caption(note)


def counts(f, lg: str) -> None:
    c = queries.overview_counts(f)
    cols = st.columns(4)
    for col, key in zip(cols, ("reports", "regions", "indicators", "figures"), strict=True):
        col.metric(t(f"ov_{key}", lg), f"{c[key]:,}", border=True)


def latest_reports(f, lg: str) -> None:
    df = queries.latest_reports(f, limit=8)
    if ui.empty_note(df, lg):
        return
    table = pd.DataFrame({
        t("col_report", lg): [fmt.report_ref(r, lg) for r in df.to_dict("records")],
        t("col_publisher", lg): [fmt.publisher(r, lg) for r in df.to_dict("records")],
        t("col_date", lg): [fmt.published(r, lg) for r in df.to_dict("records")],
        t("col_region", lg): ["、".join(r["regions_zh"]) if lg == "zh" else ", ".join(r["regions_en"])
                              for r in df.to_dict("records")],
        t("col_figures", lg): df["n_figures"].astype(int),
    })
    st.dataframe(table, hide_index=True, width="stretch")


def main() -> None:
    f = ui.filters()
    lg = f.lang
    ui.set_page_params()
    ui.page_header("ov_title", "ov_intro")
    story(f, lg)
    st.subheader(t("ov_headline", lg))
    headline_cards(f, lg)
    st.subheader(t("ov_counts", lg))
    counts(f, lg)
    for spec in chart_specs.overview_charts(f):
        ui.chart(spec)
    st.subheader(t("ov_latest_reports", lg))
    latest_reports(f, lg)


main()
