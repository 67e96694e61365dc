"""What the filter boxes and page pickers offer, and the names that put the filters into words."""

from __future__ import annotations

import pandas as pd

from core import levels
from core.labels import CATEGORY_ORDER
from dashboard.db import run_query
from dashboard.filters import NO_PERIOD, Filters
from dashboard.queries.sql import category_sorted

# a filter box's level -> (its condition on v_region, the v_facts column counted for it)
_BOX = {
    levels.PROVINCE: ("r.level = 'province'", "province_code"),
    levels.PREFECTURE: ("r.level = 'prefecture' AND r.province_code = $parent", "city_code"),
    levels.COUNTY: ("r.level = 'county' AND r.parent_code = $parent", "region_code"),
}


def region_options(level: str, parent: str | None = None) -> pd.DataFrame:
    """Regions for a filter box (code, name_zh, name_en, n_facts), regions with data first.

    level: province | prefecture | county (or the box's name: city, district); parent: the province (for
    prefectures) or the prefecture, or for municipalities the province (for counties).
    """
    level = levels.normalize(level)
    cond, count_col = _BOX[level]
    params = {} if level == levels.PROVINCE else {"parent": parent}
    return run_query(f"""
        SELECT r.region_code AS code, r.name_zh, r.name_en, coalesce(n.n, 0) AS n_facts
        FROM v_region r
        LEFT JOIN (SELECT {count_col} AS code, count(*) AS n FROM v_facts GROUP BY 1) n
               ON n.code = r.region_code
        WHERE {cond} AND r.is_current
        ORDER BY (coalesce(n.n, 0) > 0) DESC, r.region_code""", params)


def region_info(code: str) -> pd.DataFrame:
    return run_query("SELECT region_code, name_zh, name_en, level, parent_code, province_code, city_code "
                     "FROM v_region WHERE region_code = $code", {"code": code})


def category_options(f: Filters) -> pd.DataFrame:
    w = f.where(category=False)
    df = run_query(f"SELECT category, any_value(category_en) AS category_en, count(*) AS n "
                   f"FROM v_facts WHERE {w.sql} GROUP BY category", w.params)
    return category_sorted(df)


def period_options(f: Filters) -> pd.DataFrame:
    """Stated periods (NO_PERIOD for figures without one) with counts."""
    w = f.where(period=False)
    return run_query(f"""SELECT p AS period, n FROM (
                             SELECT period AS p0, coalesce(period, '{NO_PERIOD}') AS p, count(*) AS n
                             FROM v_facts WHERE {w.sql} GROUP BY ALL)
                         ORDER BY (p0 IS NULL), p0""", w.params)


def report_options(f: Filters) -> pd.DataFrame:
    w = f.where(report=False)
    return run_query(f"""
        SELECT report_id, any_value(report_title_zh) AS report_title_zh,
               any_value(report_title_en) AS report_title_en, any_value(published_on) AS published_on,
               any_value(published_status) AS published_status, count(*) AS n
        FROM v_facts WHERE {w.sql} GROUP BY report_id ORDER BY report_id""", w.params)


def indicator_options(f: Filters, rates: bool | None = None, level: str | None = None) -> pd.DataFrame:
    """Indicators present under the filters, with how many regions and figures each has."""
    w = f.where()
    if rates is not None:
        w = w.and_("is_rate = $rates", rates=rates)
    if level:
        w = w.and_("scope_level = $level", level=levels.normalize(level))
    df = run_query(f"""
        SELECT indicator_key, any_value(indicator_zh) AS indicator_zh, any_value(indicator_en) AS indicator_en,
               any_value(category) AS category, any_value(category_en) AS category_en,
               any_value(unit) AS unit, any_value(unit_en) AS unit_en, bool_or(is_rate) AS is_rate,
               count(DISTINCT region_code) AS n_regions, count(*) AS n_figures
        FROM v_facts WHERE {w.sql} GROUP BY indicator_key""", w.params)
    order = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    df = df.assign(_o=df["category"].map(order).fillna(99))
    return (df.sort_values(["_o", "category", "n_regions", "indicator_key"], ascending=[True, True, False, True])
            .drop(columns="_o").reset_index(drop=True))


def filter_names(f: Filters) -> dict[str, dict]:
    """The rows that name each active filter's value (regions, category, report), for ``Filters.words``."""
    out: dict[str, dict] = {}
    for field in ("province", "city", "district"):
        code = getattr(f, field)
        if code:
            info = region_info(code)
            if len(info):
                out[field] = info.iloc[0].to_dict()
    if f.category:
        cats = category_options(Filters(lang=f.lang))
        hit = cats[cats["category"] == f.category]
        if len(hit):
            out["category"] = hit.iloc[0].to_dict()
    if f.report_id:
        reps = report_options(Filters(lang=f.lang))
        hit = reps[reps["report_id"] == f.report_id]
        if len(hit):
            out["report_id"] = hit.iloc[0].to_dict()
    return out


def filter_words(f: Filters, labelled: bool = False) -> list[str]:
    """The active filters in words, named from the warehouse (see ``Filters.words``)."""
    return f.words(f.lang, filter_names(f), labelled=labelled)
