"""总览 Overview: headline figures (each with region, report, date), counts, figures by category, latest reports."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from core.labels import name, t
from dashboard import chart_specs, queries, ui
from dashboard import formatting as fmt


def card_html(row: dict, companion: dict | None, companion_key: str | None, lg: str) -> str:
    unit = fmt.unit_text(row.get("unit"), row.get("unit_en"), lg)
    number = fmt.value(row.get("value"), row.get("qualifier"), lg, None, None, row.get("value_max"))
    comp = ""
    if companion and companion_key:
        if companion_key == "card_coverage":
            v = fmt.short_value(companion["value"], companion.get("qualifier"), lg, percent=True)
            comp = t(companion_key, lg, rate=v)
        else:
            comp = t(companion_key, lg, n=fmt.value(companion["value"], companion.get("qualifier"), lg))
    more = int(row.get("n_regions") or 1) - 1
    meta = [f"{fmt.subject_label(row, lg)} · {fmt.year(row, lg)}",
            f"[{row.get('report_id')}] {fmt.report_title(row, lg)}",
            f"{fmt.publisher(row, lg)} · {fmt.published(row, lg, long=True)}"]
    if more > 0:
        meta.append(t("ov_more_regions", lg, n=more))
    e = html.escape
    unit_html = f"<span class='unit'>{e(unit)}</span>" if unit else ""
    return (f"<div class='djcx-card'><div class='label'>{e(name(row, 'indicator', lg))}</div>"
            f"<div class='value'>{e(number)}{unit_html}</div>"
            f"<div class='companion'>{e(comp) if comp else '&nbsp;'}</div>"
            f"<div class='meta'>{'<br>'.join(e(m) for m in meta)}</div></div>")


def headline_cards(f, lg: str) -> None:
    df = queries.headline_figures(f)
    if ui.empty_note(df, lg):
        return
    comps = queries.companion_figures(f)
    wording = {k: (c, w) for k, c, w in queries.HEADLINES}
    rows = df.to_dict("records")
    per_row = 3
    for start in range(0, len(rows), per_row):
        cols = st.columns(per_row, gap="medium")
        for col, row in zip(cols, rows[start:start + per_row], strict=False):
            comp_key, comp_word = wording.get(row["indicator_key"], (None, None))
            comp = None
            if comp_key:
                hit = comps[(comps["indicator_key"] == comp_key) & (comps["report_id"] == row["report_id"])
                            & (comps["region_code"] == row["region_code"])]
                comp = hit.iloc[0].to_dict() if len(hit) else None
            col.markdown(card_html(row, comp, comp_word, lg), unsafe_allow_html=True)
    years = sorted({int(r["ref_year"]) for r in rows if not fmt.is_missing(r.get("ref_year"))})
    undated = sum(fmt.is_missing(r.get("ref_year")) for r in rows)
    if len(years) > 1 or (years and undated):
        st.caption(t("ov_years_mixed", lg, years="、".join(map(str, years)) if lg == "zh" else ", ".join(map(str, years)),
                     n=undated))


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
        t("col_report", lg): [f"[{r['report_id']}] {fmt.report_title(r, lg)}" for r in df.to_dict("records")],
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
    st.subheader(t("ov_headline", lg))
    headline_cards(f, lg)
    st.subheader(t("ov_counts", lg))
    counts(f, lg)
    for spec in chart_specs.overview_charts(f):
        ui.chart(spec)
    st.subheader(t("ov_latest_reports", lg))
    latest_reports(f, lg)


main()
