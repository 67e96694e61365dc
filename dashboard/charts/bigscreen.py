"""A dashboard figure restyled for a meeting-room display (1920×1080 seen from across the room):
larger type, dark or light background, no modebar. Pure: a copy of the figure is returned, the
numbers, marks and the source footnote are unchanged."""

from __future__ import annotations

import copy

import plotly.graph_objects as go

THEMES = {
    "dark": {"bg": "#0B1426", "panel": "#111E36", "ink": "#F2F4F8", "muted": "#A9B4C8", "grid": "#26324A"},
    "light": {"bg": "#FFFFFF", "panel": "#FFFFFF", "ink": "#1A1A1A", "muted": "#5C5C5C", "grid": "#E3E3E3"},
}
SCALE = 1.35           # type size on the big screen relative to the page
NO_DATA_TILE = "#EEEEEE"                  # the tile map's no-data fill (charts/tilemap.py)
DARK_NO_DATA_TILE = "#2A3652"             # … on the dark screen: a dim tile, not a white one


def _bigger(font, scale: float, color: str | None = None) -> dict:
    out = {}
    size = getattr(font, "size", None) if font is not None else None
    if isinstance(size, int | float):
        out["size"] = round(size * scale)
    if color:
        out["color"] = color
    return out


def big_screen(fig: go.Figure, theme: str = "dark", height: int = 460) -> go.Figure:
    colors = THEMES.get(theme, THEMES["dark"])
    out = go.Figure(copy.deepcopy(fig))
    layout = out.layout
    out.update_layout(
        paper_bgcolor=colors["panel"], plot_bgcolor=colors["panel"], height=height,
        font={**_bigger(layout.font, SCALE), "color": colors["ink"]},
        title={"font": {**_bigger(layout.title.font, SCALE), "color": colors["ink"]},
               "subtitle": {"font": {**_bigger(layout.title.subtitle.font, SCALE), "color": colors["muted"]}}},
        hoverlabel={"bgcolor": colors["panel"], "font": {"color": colors["ink"]}},
    )
    out.for_each_xaxis(lambda ax: ax.update(gridcolor=colors["grid"],
                                            tickfont=_bigger(ax.tickfont, SCALE, colors["muted"])))
    out.for_each_yaxis(lambda ax: ax.update(gridcolor=colors["grid"],
                                            tickfont=_bigger(ax.tickfont, SCALE, colors["ink"])))
    for ann in layout.annotations or ():
        ann.font = {**_bigger(ann.font, 1.15), "color": colors["muted"]}
    if theme == "dark":
        _dim_empty_tiles(out, colors)
    for trace in out.data:
        tf = getattr(trace, "textfont", None)
        if tf is not None and trace.type in ("bar",):
            trace.textfont = {**_bigger(tf, SCALE), "color": colors["ink"]}
            trace.outsidetextfont = {"color": colors["ink"]}    # beside a bar: on the panel (dark on dark before)
    return out


def _dim_empty_tiles(fig: go.Figure, colors: dict) -> None:
    """On the dark screen a province without data is a dim tile with light text (white tiles glared), and the
    gaps between tiles are the panel's colour."""
    shapes = list(fig.layout.shapes or ())
    labels = next((tr for tr in fig.data if tr.type == "scatter" and tr.mode == "markers+text"
                   and tr.x is not None and len(tr.x) == len(shapes)), None)
    if not shapes or labels is None:
        return
    text_colors = list(labels.textfont.color) if isinstance(labels.textfont.color, list | tuple) else None
    for i, sh in enumerate(shapes):
        sh.line = {"color": colors["panel"], "width": 1}
        if sh.fillcolor == NO_DATA_TILE:
            sh.fillcolor = DARK_NO_DATA_TILE
            if text_colors is not None:
                text_colors[i] = colors["muted"]
    if text_colors is not None:
        labels.textfont.color = text_colors
