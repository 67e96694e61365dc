"""Figures and their sources (指标与来源), and the regions a report names without a figure."""

from __future__ import annotations

import pandas as pd

from dashboard.db import run_query
from dashboard.filters import Filters, Where
from dashboard.queries.sql import in_list
from dashboard.selection import Selection

FIGURE_COLUMNS = """fact_id, report_id, report_title_zh, report_title_en, publisher, publisher_en, publisher_status,
    published_on, published_status, url, source_sha256, region_code, region_zh, region_en, region_level,
    scope_level, province_zh, province_en, city_zh, city_en, organization_zh, indicator_key, indicator_zh,
    indicator_en, category, category_en, is_rate, value, value_max, unit, unit_en, qualifier, implied,
    period, char_start, char_end, note, subject_kind, subject_zh, reporting_body, concept_key, concept_zh,
    concept_en, ref_date, ref_year, ref_date_basis, region_stated_zh"""


def _figures_where(f: Filters, sel: Selection | None) -> Where:
    if sel and sel.fact_ids:
        # explicit figures from a chart click: shown whatever the filters say
        ids, params = in_list(sel.fact_ids, "id")
        return Where(f"fact_id IN {ids}", params)
    w = f.where()
    if sel:
        for col, v in (("indicator_key", sel.indicator), ("region_code", sel.region), ("category", sel.category)):
            if v:
                w = w.and_(f"{col} = $s_{col}", **{f"s_{col}": v})
    return w


def figures_count(f: Filters, sel: Selection | None = None) -> int:
    w = _figures_where(f, sel)
    return int(run_query(f"SELECT count(*) AS n FROM v_facts WHERE {w.sql}", w.params).iloc[0, 0])


ORDERS = {   # how the figures table can be sorted, across all its pages (not a page's formatted strings)
    "newest": "published_date DESC NULLS LAST, report_id, fact_id",
    "value_desc": "value DESC, fact_id",
    "value_asc": "value ASC, fact_id",
    "indicator": "indicator_zh, value DESC, fact_id",
}


def figures(f: Filters, sel: Selection | None = None, limit: int = 50, offset: int = 0,
            order: str = "newest") -> pd.DataFrame:
    """Figures with their report, newest report first (or ``order``, see ORDERS): a top-N query;
    ``total`` = rows matching."""
    w = _figures_where(f, sel)
    df = run_query(f"""
        SELECT {FIGURE_COLUMNS}
        FROM v_facts WHERE {w.sql}
        ORDER BY {ORDERS.get(order, ORDERS["newest"])}
        LIMIT $limit OFFSET $offset""", {**w.params, "limit": limit, "offset": offset})
    df["total"] = figures_count(f, sel) if len(df) else 0
    return df


def region_mentions(f: Filters) -> pd.DataFrame:
    """Regions a report names without a figure for them (e.g. the ten Jiangsu cities of report 003).
    Never counted as data: shown beside the figures, not in rankings or maps."""
    w = f.where(category=False, period=False, alias="m")
    return run_query(f"""
        WITH m AS (
            SELECT m.report_id, m.role, m.note, m.char_start, m.char_end, g.region_code,
                   g.name_zh AS region_zh, g.name_en AS region_en, g.province_code, g.city_code
            FROM region_mention m JOIN v_region g USING (region_code))
        SELECT m.*, r.title_zh AS report_title_zh, r.title_en AS report_title_en, r.sha256 AS source_sha256
        FROM m JOIN dim_report r USING (report_id)
        WHERE {w.sql}
        ORDER BY m.report_id, m.region_code, m.char_start""", w.params)
