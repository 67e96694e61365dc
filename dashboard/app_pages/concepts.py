"""可比概念 Concepts: for each comparable concept, which regions have comparable figures (same concept, same
kind of subject), how many, and the years they refer to; whether a ranking can be drawn."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import subjects
from core.labels import name, t
from dashboard import queries, ui


def main() -> None:
    f = ui.filters()
    lg = f.lang
    ui.page_header("con_title", "con_intro")
    df = queries.concept_overview(f)
    if ui.empty_note(df, lg, "cmp_no_concepts"):
        return
    rows = df.to_dict("records")

    def years(r: dict) -> str:
        if pd.isna(r["year_min"]):
            return t("nd_date", lg)
        span = str(int(r["year_min"])) if r["year_min"] == r["year_max"] else f"{int(r['year_min'])}–{int(r['year_max'])}"
        return span + (f" (+{int(r['n_undated'])} {t('nd_date', lg)})" if r["n_undated"] else "")

    table = pd.DataFrame({
        t("con_col_concept", lg): [name(r, "concept", lg) for r in rows],
        t("con_col_kind", lg): [t(f"kind_{r['concept_kind']}", lg) for r in rows],
        t("con_col_subject", lg): [t(subjects.LABEL_KEY.get(r["subject_kind"], r["subject_kind"]), lg) for r in rows],
        t("con_col_regions", lg): [int(r["n_regions"]) for r in rows],
        t("con_col_names", lg): ["、".join(r["regions_zh"]) if lg == "zh" else ", ".join(r["regions_en"]) for r in rows],
        t("con_col_years", lg): [years(r) for r in rows],
        t("con_col_figures", lg): [int(r["n_figures"]) for r in rows],
        t("con_comparable", lg): [t("yes" if r["n_regions"] >= queries.MIN_TO_RANK else "no", lg) for r in rows],
    })
    st.dataframe(table, hide_index=True, width="stretch")


main()
