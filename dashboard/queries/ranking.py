"""Regions compared: one or more indicators ranked across the regions of a level (地区对比).

Regions of that level inside the filtered area without a figure come back with value NULL (无数据),
never 0. Aggregated in DuckDB over v_latest (newest figure per region × organization × indicator).
"""

from __future__ import annotations

import pandas as pd

from core import levels
from dashboard.db import run_query
from dashboard.filters import Filters
from dashboard.queries.sql import RATE_OR_SUM, in_list, qualifier_agg


def _ranking_sql(f: Filters, keys: list[str], level: str, per_capita: bool, limit_no_data: int
                 ) -> tuple[str, dict]:
    w = f.where(alias="v")
    keys_in, key_params = in_list(keys, "key")
    # one equality per indicator: DuckDB pushes it through v_latest's window (an IN list it does not)
    latest = " UNION ALL ".join(f"SELECT * FROM v_latest WHERE indicator_key = ${k}" for k in key_params)
    # The regions of the chosen level inside the filtered area (so missing ones show as 无数据).
    area = {"county": "region_code = $area", "prefecture": "(region_code = $area OR parent_code = $area)",
            "province": "province_code = $area", None: "TRUE"}[f.region_level]
    value = RATE_OR_SUM
    sql = f"""
        WITH latest AS (SELECT * FROM ({latest}) v WHERE {w.sql} AND v.scope_level = $level),
        kind AS (   -- one kind of subject per indicator: the one most regions report (never mixed)
            SELECT indicator_key, arg_max(subject_kind, (n, subject_kind)) AS subject_kind
            FROM (SELECT indicator_key, subject_kind, count(DISTINCT region_code) AS n FROM latest GROUP BY ALL)
            GROUP BY indicator_key
        ),
        vals AS (
            SELECT v.indicator_key, v.region_code, any_value(v.subject_kind) AS subject_kind,
                   any_value(v.region_zh) AS region_zh, any_value(v.region_en) AS region_en,
                   any_value(v.region_level) AS region_level, any_value(v.scope_level) AS scope_level,
                   {value} AS value,
                   CASE WHEN count(*) = 1 THEN any_value(v.value_max) END AS value_max,
                   {qualifier_agg('v.qualifier')} AS qualifier,
                   count(*) AS n_figures, count(DISTINCT v.org_id) AS n_orgs,
                   list(v.fact_id ORDER BY v.fact_id)[1:50] AS fact_ids,
                   list(DISTINCT v.report_id ORDER BY v.report_id) AS report_ids
            FROM latest v JOIN kind k ON k.indicator_key = v.indicator_key AND k.subject_kind = v.subject_kind
            GROUP BY v.indicator_key, v.region_code
        ),
        ind AS (
            SELECT indicator_key, any_value(indicator_zh) AS indicator_zh, any_value(indicator_en) AS indicator_en,
                   any_value(unit) AS unit, any_value(unit_en) AS unit_en, bool_or(is_rate) AS is_rate
            FROM v_facts WHERE indicator_key IN {keys_in} GROUP BY indicator_key
        ),
        scope_regions AS (
            SELECT region_code, name_zh, name_en, population FROM v_region
            WHERE level = $level AND is_current AND {area}
        ),
        grid AS (
            SELECT i.indicator_key, s.region_code, s.name_zh, s.name_en, s.population
            FROM ind i CROSS JOIN scope_regions s
        ),
        joined AS (
            SELECT coalesce(vals.indicator_key, g.indicator_key) AS indicator_key,
                   coalesce(vals.region_code, g.region_code) AS region_code,
                   coalesce(vals.region_zh, g.name_zh) AS region_zh,
                   coalesce(vals.region_en, g.name_en) AS region_en,
                   coalesce(vals.region_level, $level) AS region_level, vals.scope_level,
                   vals.value AS raw_value, vals.value_max, vals.qualifier, vals.n_figures, vals.n_orgs,
                   vals.subject_kind,
                   vals.fact_ids, vals.report_ids, p.population
            FROM vals
            FULL OUTER JOIN grid g ON g.indicator_key = vals.indicator_key AND g.region_code = vals.region_code
            LEFT JOIN (SELECT region_code, population FROM v_region) p
                   ON p.region_code = coalesce(vals.region_code, g.region_code)
        ),
        ranked AS (
            SELECT j.*, i.indicator_zh, i.indicator_en, i.unit, i.unit_en, i.is_rate,
                   CASE WHEN $per_capita AND NOT i.is_rate THEN
                        CASE WHEN j.population > 0 THEN j.raw_value / j.population * 10000 END
                        ELSE j.raw_value END AS value,
                   row_number() OVER (PARTITION BY j.indicator_key
                                      ORDER BY (j.raw_value IS NULL), j.raw_value DESC, j.region_code) AS rank,
                   count(*) FILTER (WHERE j.raw_value IS NULL) OVER (PARTITION BY j.indicator_key) AS n_no_data,
                   count(*) FILTER (WHERE j.raw_value IS NOT NULL) OVER (PARTITION BY j.indicator_key) AS n_with_data
            FROM joined j JOIN ind i USING (indicator_key)
        )
        SELECT * FROM ranked
        WHERE raw_value IS NOT NULL OR rank <= n_with_data + $limit_no_data
        ORDER BY list_position($keys::VARCHAR[], indicator_key), rank"""
    params = {**w.params, **key_params, "level": levels.normalize(level), "per_capita": per_capita,
              "limit_no_data": limit_no_data, "keys": keys}
    if f.region_level:
        params["area"] = f.region_code
    return sql, params


def ranking(f: Filters, indicator_key: str, level: str = "prefecture", per_capita: bool = False,
            limit_no_data: int = 40) -> pd.DataFrame:
    """One indicator across the regions of a level: value (newest figure per organization, summed;
    a rate is the newest one, never averaged), qualifier, figures and reports behind it. Regions of that level inside the
    filtered area without a figure come back with value NULL (无数据), at most ``limit_no_data``
    of them (``n_no_data`` says how many there are)."""
    return ranking_multi(f, [indicator_key], level, per_capita, limit_no_data)


def ranking_multi(f: Filters, keys: list[str], level: str = "prefecture", per_capita: bool = False,
                  limit_no_data: int = 40) -> pd.DataFrame:
    if not keys:
        return pd.DataFrame()
    sql, params = _ranking_sql(f, list(keys), level, per_capita, limit_no_data)
    return run_query(sql, params)


def population_available(f: Filters, level: str = "prefecture") -> int:
    """How many regions of the level inside the filtered area have a sourced population."""
    df = run_query("""
        SELECT count(*) AS n FROM v_region
        WHERE level = $level AND is_current AND population IS NOT NULL AND population_source IS NOT NULL
          AND ($code IS NULL OR region_code = $code OR parent_code = $code OR province_code = $code)""",
                   {"level": levels.normalize(level), "code": f.region_code})
    return int(df.iloc[0, 0])
