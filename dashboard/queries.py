"""Every SQL the dashboard runs, over the warehouse views (v_facts, v_coverage via its mart, v_latest, v_region).

Each function takes a Filters object and returns a small, already aggregated DataFrame: the
work happens in DuckDB (designed for ~10M facts), tables come with LIMIT / OFFSET and a total.
Pages and chart builders never write SQL.
"""

from __future__ import annotations

import pandas as pd

from dashboard.db import run_query
from dashboard.filters import NO_PERIOD, Filters
from dashboard.i18n import CATEGORY_ORDER
from dashboard.selection import Selection
from dashboard.sql import LEVELS, QUALIFIER_AGG, category_sorted, in_list, where

# UI level -> (fact scope_level, dim_region level)
RANK_LIMIT = 60
MAP_LIMIT = 5000

# Headline cards: (indicator, companion indicator shown under the number, how to word it)
HEADLINES = [
    ("property_mgmt_area_count", "property_party_org_coverage_rate", "card_coverage"),
    ("red_site_demo_project_count", None, None),
    ("vanguard_member_count", "vanguard_team_count", "card_teams"),
    ("party_branch_count", None, None),
    ("in_service_member_count", None, None),
    ("brand_count", None, None),
]
COMPANIONS = {c for _, c, _ in HEADLINES if c}

# ------------------------------------------------------------------ filter options

def region_options(level: str, parent: str | None = None) -> pd.DataFrame:
    """Regions for a filter box (code, name_zh, name_en, n_facts), regions with data first.

    level: province | city | district; parent: the province (for cities) or the city, or for
    municipalities the province (for districts).
    """
    if level == "province":
        cond, params, count_col = "r.level = 'province'", [], "province_code"
    elif level == "city":
        cond, params, count_col = "r.level = 'prefecture' AND r.province_code = ?", [parent], "city_code"
    else:
        cond, params, count_col = "r.level = 'county' AND r.parent_code = ?", [parent], "region_code"
    sql = f"""
        SELECT r.region_code AS code, r.name_zh, r.name_en, coalesce(n.n, 0) AS n_facts
        FROM v_region r
        LEFT JOIN (SELECT {count_col} AS code, count(*) AS n FROM v_facts GROUP BY 1) n
               ON n.code = r.region_code
        WHERE {cond}
        ORDER BY (coalesce(n.n, 0) > 0) DESC, r.region_code"""
    return run_query(sql, params)


def region_info(code: str) -> pd.DataFrame:
    return run_query("SELECT region_code, name_zh, name_en, level, parent_code, province_code, city_code "
                     "FROM v_region WHERE region_code = ?", [code])


def category_options(f: Filters) -> pd.DataFrame:
    w, params = where(f, category=False)
    df = run_query(f"SELECT category, any_value(category_en) AS category_en, count(*) AS n "
                   f"FROM v_facts WHERE {w} GROUP BY category", params)
    return category_sorted(df)


def period_options(f: Filters) -> pd.DataFrame:
    """Stated periods (NO_PERIOD for figures without one) with counts."""
    w, params = where(f, period=False)
    return run_query(f"SELECT p AS period, n FROM (SELECT period AS p0, coalesce(period, '{NO_PERIOD}') AS p, "
                     f"count(*) AS n FROM v_facts WHERE {w} GROUP BY ALL) ORDER BY (p0 IS NULL), p0", params)


def report_options(f: Filters) -> pd.DataFrame:
    w, params = where(f, report=False)
    return run_query(f"""
        SELECT report_id, any_value(report_title_zh) AS report_title_zh,
               any_value(report_title_en) AS report_title_en, any_value(published_on) AS published_on,
               any_value(published_status) AS published_status, count(*) AS n
        FROM v_facts WHERE {w} GROUP BY report_id ORDER BY report_id""", params)


def indicator_options(f: Filters, rates: bool | None = None, level: str | None = None) -> pd.DataFrame:
    """Indicators present under the filters, with how many regions and figures each has."""
    w, params = where(f)
    if rates is not None:
        w += " AND is_rate = ?"
        params.append(rates)
    if level:
        w += " AND scope_level = ?"
        params.append(LEVELS[level][0])
    df = run_query(f"""
        SELECT indicator_key, any_value(indicator_zh) AS indicator_zh, any_value(indicator_en) AS indicator_en,
               any_value(category) AS category, any_value(category_en) AS category_en,
               any_value(unit) AS unit, any_value(unit_en) AS unit_en, bool_or(is_rate) AS is_rate,
               count(DISTINCT region_code) AS n_regions, count(*) AS n_figures
        FROM v_facts WHERE {w} GROUP BY indicator_key""", params)
    order = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    df = df.assign(_o=df["category"].map(order).fillna(99))
    return (df.sort_values(["_o", "category", "n_regions", "indicator_key"], ascending=[True, True, False, True])
            .drop(columns="_o").reset_index(drop=True))


# ------------------------------------------------------------------ overview

def overview_counts(f: Filters) -> dict[str, int]:
    w, params = where(f)
    df = run_query(f"""
        SELECT count(DISTINCT report_id) AS reports, count(DISTINCT region_code) AS regions,
               count(DISTINCT indicator_key) AS indicators, count(*) AS figures
        FROM v_facts WHERE {w}""", params)
    return {k: int(v) for k, v in df.iloc[0].items()}


def headline_figures(f: Filters, limit: int = 6) -> pd.DataFrame:
    """One card per indicator: the configured headline indicators first, then the newest others.

    Each row is the newest figure of its indicator (newest report, then fact id) with n_regions =
    how many regions have one. Aggregated with arg_max, not a window over every fact.
    """
    w, params = where(f)
    skip, skip_params = in_list(sorted(COMPANIONS))
    keys = [k for k, _, _ in HEADLINES]
    picked = run_query(f"""
        SELECT indicator_key,
               arg_max(fact_id, (coalesce(published_date, DATE '0001-01-01'), fact_id)) AS fact_id,
               count(DISTINCT region_code) AS n_regions,
               max(published_date) AS newest
        FROM v_facts WHERE {w} AND NOT is_rate AND indicator_key NOT IN {skip}
        GROUP BY indicator_key
        ORDER BY coalesce(list_position(?::VARCHAR[], indicator_key), 999), newest DESC NULLS LAST,
                 indicator_key
        LIMIT ?""", params + skip_params + [keys, limit])
    if picked.empty:
        return picked
    ids, id_params = in_list(picked["fact_id"])
    rows = run_query(f"SELECT * FROM v_facts WHERE fact_id IN {ids}", id_params)
    out = picked[["fact_id", "n_regions"]].merge(rows, on="fact_id", how="left")
    return out.reset_index(drop=True)


def companion_figures(f: Filters, report_ids: list[str] | None = None) -> pd.DataFrame:
    """The figures shown under a headline number (coverage rate, number of teams)."""
    w, params = where(f, category=False)
    keys, key_params = in_list(sorted(COMPANIONS))
    if report_ids is not None:
        reps, rep_params = in_list(sorted(set(report_ids)))
        w += f" AND report_id IN {reps}"
        params = params + rep_params
    return run_query(f"""SELECT report_id, region_code, org_id, indicator_key,
                                arg_max(value, (coalesce(published_date, DATE '0001-01-01'), fact_id)) AS value,
                                arg_max(value_max, (coalesce(published_date, DATE '0001-01-01'), fact_id)) AS value_max,
                                arg_max(qualifier, (coalesce(published_date, DATE '0001-01-01'), fact_id)) AS qualifier,
                                any_value(unit) AS unit, any_value(unit_en) AS unit_en
                         FROM v_facts WHERE {w} AND indicator_key IN {keys}
                         GROUP BY ALL""", params + key_params)


def latest_reports(f: Filters, limit: int = 8) -> pd.DataFrame:
    w, params = where(f)
    return run_query(f"""
        SELECT report_id, any_value(report_title_zh) AS report_title_zh,
               any_value(report_title_en) AS report_title_en, any_value(publisher) AS publisher, any_value(publisher_en) AS publisher_en,
               any_value(publisher_status) AS publisher_status, any_value(published_status) AS published_status,
               any_value(published_on) AS published_on, any_value(published_date) AS published_date,
               any_value(url) AS url, count(*) AS n_figures, count(DISTINCT region_code) AS n_regions,
               list(DISTINCT region_zh ORDER BY region_zh)[1:3] AS regions_zh,
               list(DISTINCT region_en ORDER BY region_en)[1:3] AS regions_en
        FROM v_facts WHERE {w}
        GROUP BY report_id ORDER BY any_value(published_date) DESC NULLS LAST, report_id DESC
        LIMIT ?""", params + [limit])


def figures_by_category(f: Filters) -> pd.DataFrame:
    w, params = where(f)
    df = run_query(f"""
        SELECT category, any_value(category_en) AS category_en, count(*) AS n_figures,
               count(DISTINCT indicator_key) AS n_indicators, list(DISTINCT report_id) AS report_ids
        FROM v_facts WHERE {w} GROUP BY category""", params)
    return category_sorted(df)


def reports(report_ids: list[str]) -> pd.DataFrame:
    """Title, publisher and date of the given reports (for chart footnotes)."""
    ids = sorted({str(r) for r in report_ids if r is not None})
    if not ids:
        return pd.DataFrame(columns=["report_id", "report_title_zh", "report_title_en", "publisher",
                                     "publisher_en", "publisher_status", "published_status", "published_on"])
    placeholders, params = in_list(ids)
    return run_query(f"""
        SELECT report_id, any_value(report_title_zh) AS report_title_zh,
               any_value(report_title_en) AS report_title_en, any_value(publisher) AS publisher, any_value(publisher_en) AS publisher_en,
               any_value(publisher_status) AS publisher_status, any_value(published_status) AS published_status,
               any_value(published_on) AS published_on
        FROM v_facts WHERE report_id IN {placeholders}
        GROUP BY report_id ORDER BY report_id""", params)


def region_mentions(f: Filters) -> pd.DataFrame:
    """Regions a report names without a figure for them (e.g. the ten Jiangsu cities of report 003).
    Never counted as data: shown beside the figures, not in rankings or maps."""
    w, params = where(f, category=False, period=False)
    return run_query(f"""
        WITH m AS (
            SELECT m.report_id, m.role, m.note, m.char_start, m.char_end, g.region_code,
                   g.name_zh AS region_zh, g.name_en AS region_en, g.province_code, g.city_code
            FROM region_mention m JOIN v_region g USING (region_code))
        SELECT m.*, r.title_zh AS report_title_zh, r.title_en AS report_title_en, r.sha256 AS source_sha256
        FROM m JOIN dim_report r USING (report_id)
        WHERE {w}
        ORDER BY report_id, region_code, char_start""", params)


# ------------------------------------------------------------------ coverage

def coverage(f: Filters, limit: int = 400) -> pd.DataFrame:
    """Every rate indicator by region: reported and computed rates, n/N, flags, and its source.

    ``scope_level`` / ``region_unnamed`` say when a city figure is filed under its province
    (城市未注明)."""
    w, params = where(f)
    return run_query(f"""
        SELECT * FROM mart_coverage WHERE {w}
        ORDER BY category, rate_key, region_code, report_id
        LIMIT ?""", params + [limit])


# ------------------------------------------------------------------ regions compared
# (dashboard/query_ranking.py; re-exported here so pages keep calling queries.*)

from dashboard.query_ranking import population_available, ranking, ranking_multi  # noqa: E402, F401

# ------------------------------------------------------------------ figures and sources

FIGURE_COLUMNS = """fact_id, report_id, report_title_zh, report_title_en, publisher, publisher_en, publisher_status,
    published_on, published_status, url, source_sha256, region_code, region_zh, region_en, region_level,
    scope_level, province_zh, province_en, city_zh, organization_zh, indicator_key, indicator_zh,
    indicator_en, category, category_en, is_rate, value, value_max, unit, unit_en, qualifier, implied,
    period, char_start, char_end, note"""


def _figures_where(f: Filters, sel: Selection | None) -> tuple[str, list]:
    w, params = where(f)
    if sel and sel.fact_ids:
        # explicit figures from a chart click: shown whatever the filters say
        ids, params = in_list(sel.fact_ids)
        return f"fact_id IN {ids}", params
    if sel:
        for col, v in (("indicator_key", sel.indicator), ("region_code", sel.region), ("category", sel.category)):
            if v:
                w += f" AND {col} = ?"
                params.append(v)
    return w, params


def figures_count(f: Filters, sel: Selection | None = None) -> int:
    w, params = _figures_where(f, sel)
    return int(run_query(f"SELECT count(*) AS n FROM v_facts WHERE {w}", params).iloc[0, 0])


def figures(f: Filters, sel: Selection | None = None, limit: int = 50, offset: int = 0) -> pd.DataFrame:
    """Figures with their report, newest report first (a top-N query); ``total`` = rows matching."""
    w, params = _figures_where(f, sel)
    df = run_query(f"""
        SELECT {FIGURE_COLUMNS}
        FROM v_facts WHERE {w}
        ORDER BY published_date DESC NULLS LAST, report_id, fact_id
        LIMIT ? OFFSET ?""", params + [limit, offset])
    df["total"] = figures_count(f, sel) if len(df) else 0
    return df


# ------------------------------------------------------------------ map

def map_points(f: Filters, indicator_key: str) -> pd.DataFrame:
    """City and district figures of one indicator per region, with coordinates; a city figure
    filed under its province (city not named) sits at the province seat."""
    w, params = where(f, t="v")
    return run_query(f"""
        SELECT v.region_code, any_value(v.region_zh) AS region_zh, any_value(v.region_en) AS region_en,
               any_value(v.region_level) AS region_level, any_value(v.scope_level) AS scope_level,
               any_value(v.indicator_zh) AS indicator_zh, any_value(v.indicator_en) AS indicator_en,
               any_value(v.unit) AS unit, any_value(v.unit_en) AS unit_en, bool_or(v.is_rate) AS is_rate,
               CASE WHEN bool_or(v.is_rate) THEN avg(v.value) ELSE sum(v.value) END AS value,
               CASE WHEN count(*) = 1 THEN any_value(v.value_max) END AS value_max,
               {QUALIFIER_AGG.replace('qualifier', 'v.qualifier')} AS qualifier,
               count(*) AS n_figures, list(v.fact_id ORDER BY v.fact_id)[1:50] AS fact_ids,
               list(DISTINCT v.report_id ORDER BY v.report_id) AS report_ids,
               any_value(r.lng) AS lng, any_value(r.lat) AS lat
        FROM v_latest v LEFT JOIN v_region r ON r.region_code = v.region_code
        WHERE {w} AND v.indicator_key = ? AND v.scope_level IN ('city', 'county')
        GROUP BY v.region_code
        ORDER BY value DESC NULLS LAST
        LIMIT ?""", params + [indicator_key, MAP_LIMIT])


def province_seats() -> pd.DataFrame:
    return run_query("SELECT region_code, name_zh, short_name_zh, name_en, lng, lat FROM v_region "
                     "WHERE level = 'province' AND lng IS NOT NULL ORDER BY region_code")
