"""Every SQL the dashboard runs, over the warehouse views (v_facts, v_coverage via its mart, v_latest,
v_region), one module per concern. Pages call these functions and build no SQL.

Each function takes a ``Filters`` object (which owns the WHERE clause and its named parameters) and
returns a small, already aggregated DataFrame: the work happens in DuckDB (designed for ~10M facts),
tables come with LIMIT / OFFSET and a total.
"""

from dashboard.queries.concepts import (
    MIN_TO_RANK,
    concept_overview,
    concept_ranking,
    concept_story,
    concept_trend,
)
from dashboard.queries.coverage import coverage
from dashboard.queries.figures import FIGURE_COLUMNS, ORDERS, figures, figures_count, region_mentions
from dashboard.queries.map import MAP_LIMIT, map_points, province_seats, province_tiles
from dashboard.queries.options import (
    category_options,
    filter_names,
    filter_words,
    indicator_options,
    period_options,
    region_info,
    region_options,
    report_options,
)
from dashboard.queries.overview import (
    COMPANIONS,
    HEADLINES,
    companion_figures,
    data_as_of,
    data_version,
    draft_batches,
    figures_by_category,
    headline_figures,
    latest_reports,
    overview_counts,
    reports,
)
from dashboard.queries.ranking import population_available, ranking, ranking_multi

__all__ = ["COMPANIONS", "FIGURE_COLUMNS", "HEADLINES", "MAP_LIMIT", "MIN_TO_RANK", "ORDERS", "category_options", "data_version",
           "companion_figures", "concept_overview", "concept_story", "data_as_of", "draft_batches", "concept_ranking", "concept_trend",
           "coverage", "figures", "figures_by_category", "figures_count", "filter_names",
           "filter_words", "headline_figures", "indicator_options", "latest_reports", "map_points",
           "overview_counts", "period_options", "population_available", "province_seats", "province_tiles", "ranking",
           "ranking_multi", "region_info", "region_mentions", "region_options", "report_options", "reports"]
