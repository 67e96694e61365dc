"""覆盖率 Coverage: every rate indicator by region, reported vs computed, n/N labels, flags; sortable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.labels import name, t
from dashboard import chart_specs, queries, ui
from dashboard import formatting as fmt
from dashboard.charts.coverage import SORTS, flag_keys, n_over_d

SORT_LABELS = {"rate": "sort_rate", "indicator": "sort_indicator", "region": "sort_region"}


def details(df: pd.DataFrame, lg: str) -> None:
    rows = df.to_dict("records")
    pct = lambda v: fmt.short_value(v, "exact", lg, percent=True)  # noqa: E731
    table = pd.DataFrame({
        t("col_indicator", lg): [name(r, "rate", lg) for r in rows],
        t("col_region", lg): [fmt.region_label(r, lg) for r in rows],
        t("col_organization", lg): [fmt.organization(r, lg) for r in rows],
        t("col_reported", lg): [pct(r.get("reported_rate")) for r in rows],
        t("col_computed", lg): [pct(r.get("computed_rate")) for r in rows],
        t("col_n_over_d", lg): [n_over_d(r, lg) for r in rows],
        t("col_flags", lg): [" · ".join(t(k, lg) for k in flag_keys(r)) or "—" for r in rows],
        t("col_report", lg): [f"[{r['report_id']}] {fmt.published(r, lg)}" for r in rows],
        t("col_period", lg): [fmt.text(r.get("period"), lg) for r in rows],
    })
    st.dataframe(table, hide_index=True, width="stretch")


def main() -> None:
    f = ui.filters()
    lg = f.lang
    ui.page_header("nav_coverage", "cov_page_intro")
    ui.seed("cov_sort", "sort", "rate", valid=SORTS)
    sort = st.segmented_control(t("cov_sort", lg), list(SORTS), key="cov_sort", required=True,
                                format_func=lambda s: t(SORT_LABELS[s], lg))
    sort = sort if sort in SORTS else "rate"
    ui.set_page_params(sort=None if sort == "rate" else sort)
    df = queries.coverage(f)
    if ui.empty_note(df, lg, "cov_empty"):
        return
    for spec in chart_specs.coverage_charts(f, sort=sort):
        ui.chart(spec)
    with st.expander(t("cov_table", lg), expanded=False):
        details(df, lg)


main()
