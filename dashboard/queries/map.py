"""The map page: one indicator's city and district figures at their seats."""

from __future__ import annotations

import pandas as pd

from dashboard.db import run_query
from dashboard.filters import Filters
from dashboard.queries.sql import RATE_OR_SUM, qualifier_agg

MAP_LIMIT = 5000


def map_points(f: Filters, indicator_key: str) -> pd.DataFrame:
    """City and district figures of one indicator per region, with coordinates; a city figure
    filed under its province (city not named) sits at the province seat."""
    w = f.where(alias="v")
    return run_query(f"""
        SELECT v.region_code, any_value(v.region_zh) AS region_zh, any_value(v.region_en) AS region_en,
               any_value(v.region_level) AS region_level, any_value(v.scope_level) AS scope_level,
               any_value(v.indicator_zh) AS indicator_zh, any_value(v.indicator_en) AS indicator_en,
               any_value(v.unit) AS unit, any_value(v.unit_en) AS unit_en, bool_or(v.is_rate) AS is_rate,
               {RATE_OR_SUM} AS value,
               CASE WHEN count(*) = 1 THEN any_value(v.value_max) END AS value_max,
               {qualifier_agg('v.qualifier')} AS qualifier,
               count(*) AS n_figures, list(v.fact_id ORDER BY v.fact_id)[1:50] AS fact_ids,
               list(DISTINCT v.report_id ORDER BY v.report_id) AS report_ids,
               any_value(r.lng) AS lng, any_value(r.lat) AS lat
        FROM v_latest v LEFT JOIN v_region r ON r.region_code = v.region_code
        WHERE {w.sql} AND v.indicator_key = $indicator AND v.scope_level IN ('prefecture', 'county')
        GROUP BY v.region_code
        ORDER BY value DESC NULLS LAST
        LIMIT $limit""", {**w.params, "indicator": indicator_key, "limit": MAP_LIMIT})


def province_seats() -> pd.DataFrame:
    return run_query("SELECT region_code, name_zh, short_name_zh, name_en, lng, lat FROM v_region "
                     "WHERE level = 'province' AND is_current AND lng IS NOT NULL ORDER BY region_code")


def province_tiles(f: Filters) -> pd.DataFrame:
    """Per province: how many figures and regions have data under the filters (the area filter aside, so
    every province keeps its tile)."""
    w = f.where(area=False)
    return run_query(f"""
        SELECT p.region_code AS province_code, p.short_name_zh, p.name_en,
               coalesce(n.n_figures, 0) AS n_figures, coalesce(n.n_regions, 0) AS n_regions,
               coalesce(n.report_ids, []) AS report_ids
        FROM v_region p
        LEFT JOIN (SELECT province_code, count(*) AS n_figures, count(DISTINCT region_code) AS n_regions,
                          list(DISTINCT report_id ORDER BY report_id) AS report_ids
                   FROM v_facts WHERE {w.sql} GROUP BY province_code) n ON n.province_code = p.region_code
        WHERE p.level = 'province' AND p.is_current
        ORDER BY p.region_code""", w.params)
