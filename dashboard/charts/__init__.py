"""Pure chart builders: DataFrame (from dashboard.queries) → plotly Figure, with title, unit,
source footnote and CJK fonts. They never touch the warehouse, so exports can reuse them."""

from dashboard.charts.concept import concept_chart
from dashboard.charts.coverage import coverage_chart
from dashboard.charts.footnote import add_source_footnote, sources_text
from dashboard.charts.map import map_chart
from dashboard.charts.overview import category_chart
from dashboard.charts.ranking import ranking_chart, small_multiples
from dashboard.charts.style import FONT_FAMILY, image_config
from dashboard.charts.tilemap import tile_map
from dashboard.charts.trend import trend_chart

__all__ = ["FONT_FAMILY", "tile_map", "trend_chart", "add_source_footnote", "category_chart", "concept_chart", "coverage_chart", "image_config",
           "map_chart", "ranking_chart", "small_multiples", "sources_text"]
