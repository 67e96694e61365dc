"""The look shared by every chart: 党建红 accent on white, CJK fonts, 16:9-friendly margins."""

from __future__ import annotations

import plotly.graph_objects as go

FONT_FAMILY = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"

RED = "#B8141B"          # 党建红, used sparingly for data marks
RED_LIGHT = "#E7A9AB"    # approximate values
RED_PALE = "#F6DEDF"
INK = "#262626"          # titles
TEXT = "#444444"         # labels
MUTED = "#8C8C8C"        # footnotes, context
GRID = "#EDEDED"
NO_DATA = "#B5B5B5"
GOLD = "#C08A00"         # flags
SERIES = [RED, "#5B5B5B", GOLD, "#7A8FA6", "#A35D5D", "#9AA39A"]

TITLE_SIZE = 20
BASE_SIZE = 14
SMALL_SIZE = 12
MARGIN = {"l": 24, "r": 32, "t": 88, "b": 40}
ROW_PX = 34             # per bar in horizontal bar charts
EXPORT_SIZE = (1920, 1080)   # pixels of the camera button's PNG
EXPORT_SCALE = 2             # laid out at 960×540, so the text reads on a slide as it does on the page


def apply_base(fig: go.Figure, title: str, subtitle: str = "", height: int | None = None) -> go.Figure:
    """Title (with the unit in the subtitle), fonts, white background, quiet axes."""
    fig.update_layout(
        title={"text": f"<b>{title}</b>", "x": 0, "xref": "paper", "xanchor": "left", "y": 0.98,
               "yref": "container", "yanchor": "top",
               "font": {"size": TITLE_SIZE, "color": INK, "family": FONT_FAMILY},
               "subtitle": {"text": subtitle, "font": {"size": SMALL_SIZE + 1, "color": MUTED}}},
        font={"family": FONT_FAMILY, "size": BASE_SIZE, "color": TEXT},
        paper_bgcolor="white", plot_bgcolor="white",
        margin=dict(MARGIN),
        hoverlabel={"font": {"family": FONT_FAMILY, "size": SMALL_SIZE + 1}, "bgcolor": "white",
                    "bordercolor": "#CCCCCC"},
        showlegend=False,
        separators=".,",
        clickmode="event+select",
        dragmode=False,
    )
    if height:
        fig.update_layout(height=height)
    fig.update_xaxes(showgrid=True, gridcolor=GRID, zeroline=False, showline=False, ticks="",
                     tickfont={"size": SMALL_SIZE, "color": MUTED}, automargin=True)
    fig.update_yaxes(showgrid=False, zeroline=False, showline=False, ticks="", automargin=True,
                     tickfont={"size": BASE_SIZE - 1, "color": TEXT})
    return fig


def image_config(title: str) -> dict:
    """Plotly config for st.plotly_chart: the camera button saves a 1920×1080 PNG for slides."""
    safe = "".join(c for c in title if c not in '\\/:*?"<>|').strip() or "chart"
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "width": EXPORT_SIZE[0] // EXPORT_SCALE,
                                 "height": EXPORT_SIZE[1] // EXPORT_SCALE, "scale": EXPORT_SCALE,
                                 "filename": safe},
        # the charts do not zoom or pan (dragmode off): only the camera stays, so the bar is one icon wide and
        # no longer sits on a long (English) title on a phone
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d", "zoomIn2d", "zoomOut2d", "zoom2d",
                                   "pan2d", "resetScale2d", "zoom3d", "pan3d", "resetCameraDefault3d",
                                   "hoverClosestCartesian", "hoverCompareCartesian", "toggleSpikelines"],
    }


def legend_top(fig: go.Figure) -> go.Figure:
    fig.update_layout(showlegend=True, legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0,
                                               "yanchor": "bottom", "font": {"size": SMALL_SIZE},
                                               "bgcolor": "rgba(0,0,0,0)"})
    return fig


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance of #RRGGBB."""
    h = hex_colour.lstrip("#")
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1–21); AA for normal text needs 4.5."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def label_on(fill: str) -> str:
    """The label colour for text inside a bar of ``fill``: white or ink, whichever reads better."""
    return "#FFFFFF" if contrast("#FFFFFF", fill) >= contrast(INK, fill) else INK


def text_px(text: str, size: float = SMALL_SIZE + 1) -> float:
    """A label's width in pixels, estimated: a CJK character is about one font size wide, anything else about 0.6."""
    return sum(size if ord(ch) > 0x2E80 else 0.6 * size for ch in str(text or ""))


# The narrowest plot area a bar chart is drawn in (a phone at 390 px, after its axis labels), in pixels.
NARROWEST_PLOT_PX = 180


def bar_labels(values, texts, axis_max: float, size: float = SMALL_SIZE + 1) -> tuple[list[str], list[str]]:
    """Each bar's label as drawn, and inside | outside: inside only where it fits in the bar even on the
    narrowest plot, else after the bar where it ends inside the plot; a label that fits neither way on one line
    breaks at its " · " into lines, after the bar (or in it) where those fit.

    Plotly's "auto" put a label that did not fit inside a short bar anyway, anchored at its end, so it ran left
    past the axis and its first digits were hidden under the axis labels ("17 · 未注明" read "7 · 未注明"); a
    long one-line label ("7700+ · 2017年（推断）") that fitted neither in nor after its bar did the same."""
    shown, where = [], []
    for v, tx in zip(values, texts, strict=True):
        bar_px = (float(v) / axis_max * NARROWEST_PLOT_PX) if v is not None and axis_max else 0.0
        one = str(tx or "")
        two = "<br>".join(one.split(" · "))
        label, place = one, "inside"            # fits nowhere: in the bar (never past the plot's right edge)
        for candidate, at in ((one, "inside"), (one, "outside"), (two, "outside"), (two, "inside")):
            need = max(text_px(line, size) for line in candidate.split("<br>")) + 16
            room = bar_px if at == "inside" else NARROWEST_PLOT_PX - bar_px   # after the bar: up to the edge
            if need <= room:
                label, place = candidate, at
                break
        shown.append(label)
        where.append(place if label else "outside")
    return shown, where


HATCH = {"fgcolor": RED, "fgopacity": 0.35, "size": 6}   # approximate bars: a faint hatch the label can sit on
