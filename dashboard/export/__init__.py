"""Chart export for presenters: PNG / SVG / PDF images, a ZIP of a view, and a 16:9 PPTX deck.

Server-side rendering goes through kaleido on the system Chromium (one warm server per process);
the figures come from the dashboard's own pure builders (dashboard.chart_specs.charts_for_view), and
every export-time change is made on a copy of the figure. See docs/EXPORT.md.
"""

from .bundle import build_zip
from .deck import DeckMeta, build_deck
from .errors import ExportError, NoBrowserError, NoCJKFontError, NoDataError
from .fonts import FONT_FAMILY, cjk_families, require_cjk_font
from .images import Chart, chart_image
from .names import safe_filename
from .sizes import SIZES, get_size

__all__ = [
    "FONT_FAMILY",
    "SIZES",
    "Chart",
    "DeckMeta",
    "ExportError",
    "NoBrowserError",
    "NoCJKFontError",
    "NoDataError",
    "build_deck",
    "build_zip",
    "chart_image",
    "cjk_families",
    "get_size",
    "require_cjk_font",
    "safe_filename",
]
