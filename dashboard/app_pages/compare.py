"""地区对比 Compare regions: ranking of an indicator (or a whole category) at province / city / district
level, small multiples, a table, and a per-capita switch that is only on where sourced populations exist."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import levels, subjects
from core.labels import name, t
from dashboard import chart_specs, queries, ui
from dashboard import formatting as fmt
from dashboard.charts.common import as_list
from dashboard.charts.ranking import unit_for, value_label

MODES = ("concept", "indicator", "category")


def _sanitize(key: str, options: list, default=None) -> None:
    if st.session_state.get(key) not in options:
        st.session_state[key] = default if default in options else (options[0] if options else None)


def table(df: pd.DataFrame, lg: str, per_capita: bool) -> None:
    rows = df.to_dict("records")
    out = pd.DataFrame({
        t("col_indicator", lg): [name(r, "indicator", lg) for r in rows],
        t("col_rank", lg): [int(r["rank"]) if not fmt.is_missing(r.get("value")) else None for r in rows],
        t("col_region", lg): [fmt.region_label(r, lg) for r in rows],
        t("col_value", lg): [value_label(r, lg, per_capita) for r in rows],
        t("unit", lg): [unit_for(r, lg, per_capita) for r in rows],
        t("col_figures", lg): [", ".join(as_list(r.get("fact_ids"))) or "—" for r in rows],
    })
    st.dataframe(out, hide_index=True, width="stretch")


def per_capita_toggle(f, lg: str, level: str) -> bool:
    """Per 10,000 people: on only where sourced populations exist (none yet, so it says why)."""
    n_pop = queries.population_available(f, level)
    ui.seed("cmp_pc", "pc", False, cast=lambda s: s == "1")
    if n_pop == 0:
        st.session_state["cmp_pc"] = False
    per_capita = st.toggle(t("per_capita", lg), key="cmp_pc", disabled=n_pop == 0,
                           help=t("per_capita_off", lg) if n_pop == 0 else None)
    if n_pop == 0:
        st.caption(f":material/info: {t('per_capita_off', lg)}")
    return per_capita


def concept_mode(f, lg: str, level: str) -> None:
    """One concept, one kind of subject; a ranking only where two regions or more qualify."""
    overview = queries.concept_overview(f, level)
    if overview.empty:
        st.info(t("cmp_no_concepts", lg), icon=":material/filter_alt_off:")
        ui.set_page_params(mode="concept", level=levels.FIELD[level])
        return
    best = overview.groupby("concept_key", sort=False)["n_regions"].max()
    labels = {r["concept_key"]: t("cmp_concept_option", lg, concept=name(r, "concept", lg), n=int(best[r["concept_key"]]))
              for r in overview.drop_duplicates("concept_key").to_dict("records")}
    keys = list(labels)
    ui.seed("cmp_concept", "concept", keys[0])
    _sanitize("cmp_concept", keys, keys[0])
    c1, c2 = st.columns([2, 1])
    concept = c1.selectbox(t("cmp_concept", lg), keys, key="cmp_concept", placeholder=t("choose", lg), format_func=labels.get)
    kinds = list(overview[overview["concept_key"] == concept]["subject_kind"])
    ui.seed("cmp_kind", "kind", kinds[0])
    _sanitize("cmp_kind", kinds, kinds[0])
    kind = c2.selectbox(t("cmp_subject_kind", lg), kinds, key="cmp_kind",
                        format_func=lambda k: t(subjects.LABEL_KEY.get(k, k), lg))
    per_capita_toggle(f, lg, level)   # no sourced population yet: disabled, with the reason
    ui.set_page_params(mode="concept", level=levels.FIELD[level], concept=concept, kind=kind)
    ranking, trend = st.tabs([t("tab_ranking", lg), t("tab_trend", lg)])
    with ranking:
        specs = chart_specs.concept_charts(f, concept, kind, level)
        if specs:
            ui.chart(specs[0])
        else:
            df = queries.concept_ranking(f, concept, kind, level)
            st.info(t("cmp_nothing_yet", lg, n=int(df["n_regions"].iloc[0]) if len(df) else 0),
                    icon=":material/info:")
            for row in df.head(6).to_dict("records"):
                ui.figure_card(row, lg, evidence=False)
    with trend:
        specs = chart_specs.trend_charts(f, concept, kind, level)
        if specs:
            ui.chart(specs[0], key=f"chart-{specs[0].key}")
        else:
            st.info(t("trend_none", lg), icon=":material/info:")


def main() -> None:
    f = ui.filters()
    lg = f.lang
    ui.page_header("cmp_title", "cmp_intro")
    # links made before concepts existed carry an indicator or a category and no mode: they keep working
    implied = "indicator" if ui.param("indicator") else ("category" if ui.param("cat_pick") else "concept")
    ui.seed("cmp_mode", "mode", implied, valid=MODES)
    # the URL says province / city / district; the code says province / prefecture / county
    ui.seed("cmp_level", "level", levels.PREFECTURE, valid=levels.LEVELS, cast=levels.LEVEL_OF_FIELD.get)
    c1, c2 = st.columns([1, 1])
    mode = c1.segmented_control(t("cmp_mode", lg), list(MODES), key="cmp_mode", required=True,
                                format_func=lambda m: t(f"cmp_mode_{m}", lg))
    level = c2.segmented_control(t("cmp_level", lg), list(levels.LEVELS), key="cmp_level", required=True,
                                 format_func=lambda v: t(levels.LABEL_KEY[v], lg))
    mode = mode if mode in MODES else "concept"
    level = level if level in levels.LEVELS else levels.PREFECTURE
    if level == levels.PROVINCE:
        st.caption(t("level_note_province", lg))
    if mode == "concept":
        concept_mode(f, lg, level)
        return

    opts = queries.indicator_options(f, level=level)
    if ui.empty_note(opts, lg, "cmp_empty"):
        ui.set_page_params(mode=mode, level=levels.FIELD[level])
        return
    labels = {r["indicator_key"]: name(r, "indicator", lg) for r in opts.to_dict("records")}
    keys = list(labels)
    indicator = category = None
    more: list[str] = []
    if mode == "indicator":
        ui.seed("cmp_indicator", "indicator", chart_specs.default_indicator(f, level, opts))
        _sanitize("cmp_indicator", keys, chart_specs.default_indicator(f, level, opts))
        indicator = st.selectbox(t("cmp_indicator", lg), keys, key="cmp_indicator", placeholder=t("choose", lg), format_func=labels.get)
        ui.seed("cmp_more", "more", [], cast=lambda s: [k for k in s.split(",") if k])
        st.session_state["cmp_more"] = [k for k in st.session_state.get("cmp_more") or []
                                        if k in keys and k != indicator]
        more = st.multiselect(t("cmp_more", lg), [k for k in keys if k != indicator], key="cmp_more",
                              format_func=labels.get, max_selections=8, placeholder=t("cmp_more_ph", lg))
    else:
        cats = queries.category_options(f)
        cat_keys = list(cats["category"])
        cat_labels = {r["category"]: name(r, "category", lg) for r in cats.to_dict("records")}
        ui.seed("cmp_cat", "cat_pick", f.category or (cat_keys[0] if cat_keys else None))
        _sanitize("cmp_cat", cat_keys, f.category)
        category = st.selectbox(t("cmp_category", lg), cat_keys, key="cmp_cat", placeholder=t("choose", lg), format_func=cat_labels.get)

    per_capita = per_capita_toggle(f, lg, level)
    ui.set_page_params(mode=mode, level=levels.FIELD[level], indicator=indicator, more=",".join(more) if more else None,
                       cat_pick=category, pc="1" if per_capita else None)

    specs = chart_specs.compare_charts(f, indicator=indicator, level=level, per_capita=per_capita, more=more,
                                 category=category)
    ranking = [s for s in specs if "multiples" not in s.key]
    multiples = [s for s in specs if "multiples" in s.key]
    names = ([t("tab_chart", lg)] if ranking else []) + ([t("tab_multiples", lg)] if multiples else []) \
        + [t("tab_table", lg)]
    tabs = st.tabs(names)
    i = 0
    if ranking:
        with tabs[i]:
            ui.chart(ranking[0])
            st.caption(t("no_data_shown", lg))
        i += 1
    if multiples:
        with tabs[i]:
            ui.chart(multiples[0])
        i += 1
    with tabs[i]:
        keys_for_table = [indicator] if indicator else list(queries.indicator_options(
            f.with_(category=category), level=level)["indicator_key"])[:chart_specs.MAX_MULTIPLES]
        df = queries.ranking_multi(f, keys_for_table + [k for k in more if k not in keys_for_table], level,
                                   per_capita, chart_specs.no_data_limit(f, level))
        table(df, lg, per_capita)


main()
