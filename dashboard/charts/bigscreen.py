"""A dashboard figure restyled for a meeting-room display (1920×1080 seen from across the room):
larger type, dark or light background, no modebar. Pure: a copy of the figure is returned, the
numbers and marks are unchanged; the source footnote says its first report and how many more, and its notes,
in type read across a room (the page's footnote lists up to four reports at 12–13 px)."""

from __future__ import annotations

import copy

import plotly.graph_objects as go

from core.labels import t
from dashboard.charts.style import text_px

THEMES = {
    "dark": {"bg": "#0B1426", "panel": "#111E36", "ink": "#F2F4F8", "muted": "#A9B4C8", "grid": "#26324A"},
    "light": {"bg": "#FFFFFF", "panel": "#FFFFFF", "ink": "#1A1A1A", "muted": "#5C5C5C", "grid": "#E3E3E3"},
}
SCALE = 1.35           # type size on the big screen relative to the page
FOOTNOTE_PX = 18       # the source footnote on the big screen (13 px on the page)
FOOTNOTE_LINE_PX = 24
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


def big_screen(fig: go.Figure, theme: str = "dark", height: int = 460, lang: str = "zh",
               width: int | None = None) -> go.Figure:
    """``width``: about how wide the figure is drawn, in pixels; a title longer than that breaks into lines."""
    colors = THEMES.get(theme, THEMES["dark"])
    out = go.Figure(copy.deepcopy(fig))
    layout = out.layout
    title_font = _bigger(layout.title.font, SCALE)
    if width and layout.title.text and title_font.get("size"):
        # a title too long for the figure: smaller type, down to the page's own size, then a second line
        plain = layout.title.text.replace("<b>", "").replace("</b>", "")
        need = text_px(plain, title_font["size"])
        if need > width - 40:
            title_font["size"] = max(layout.title.font.size, int(title_font["size"] * (width - 40) / need))
            wrapped = _wrap(layout.title.text, title_font["size"], width - 40)
            if wrapped != layout.title.text:
                out.layout.title.text = wrapped
                extra = wrapped.count("<br>")
                out.layout.margin.t = (layout.margin.t or 80) + round(title_font["size"] * 1.3 * extra)
    out.update_layout(
        paper_bgcolor=colors["panel"], plot_bgcolor=colors["panel"], height=height,
        font={**_bigger(layout.font, SCALE), "color": colors["ink"]},
        title={"font": {**title_font, "color": colors["ink"]},
               "subtitle": {"font": {**_bigger(layout.title.subtitle.font, SCALE), "color": colors["muted"]}}},
        hoverlabel={"bgcolor": colors["panel"], "font": {"color": colors["ink"]}},
    )
    out.for_each_xaxis(lambda ax: ax.update(gridcolor=colors["grid"],
                                            tickfont=_bigger(ax.tickfont, SCALE, colors["muted"])))
    out.for_each_yaxis(lambda ax: ax.update(gridcolor=colors["grid"],
                                            tickfont=_bigger(ax.tickfont, SCALE, colors["ink"])))
    for ann in layout.annotations or ():
        if not _restate_footnote(out, ann, lang, colors):
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


def _restate_footnote(fig: go.Figure, ann, lang: str, colors: dict) -> bool:
    """The builder's source footnote (``layout.meta``, charts/footnote.py) as the big screen shows it: the first
    report's line, how many more reports, and the notes, at FOOTNOTE_PX. False when ``ann`` is not it."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    lines, notes = list(meta.get("sources") or []), list(meta.get("notes") or [])
    first = lines[0] if lines and len(lines) > len(notes) else None
    if not first or ann.yref != "paper" or not (ann.text or "").startswith(_escape(first)[:40]):
        return False
    more = int(meta.get("n_reports") or 1) - 1
    shown = [first] + ([("　　" if lang == "zh" else "        ") + t("more_sources", lang, n=more)] if more else [])
    shown += notes
    ann.text = "<br>".join(_escape(x) for x in shown)
    ann.font = {"size": FOOTNOTE_PX, "color": colors["muted"]}
    ann.yshift = -46
    fig.update_layout(margin={"b": 60 + FOOTNOTE_LINE_PX * len(shown)})
    return True


def _escape(s: str) -> str:
    return s.replace("<", "&lt;").replace(">", "&gt;")


def _wrap(title: str, size: float, room: float) -> str:
    """``title`` in lines that fit ``room`` pixels at ``size``: broken after a colon first, then between words
    (characters where there are no spaces); a bold <b>…</b> title stays bold on every line."""
    bold = title.startswith("<b>") and title.endswith("</b>")
    plain = title[3:-4] if bold else title
    if text_px(plain, size) <= room or "<br>" in plain:
        return title
    parts = [plain]
    for sep in ("：", ": "):
        if sep in plain:
            head, tail = plain.split(sep, 1)
            parts = [head + sep.strip(), tail.strip()]
            break
    lines = []
    for part in parts:
        words = part.split(" ") if " " in part else list(part)
        joiner = " " if " " in part else ""
        line = ""
        for w in words:
            trial = f"{line}{joiner}{w}" if line else w
            if line and text_px(trial, size) > room:
                lines.append(line)
                line = w
            else:
                line = trial
        lines.append(line)
    return "<br>".join(f"<b>{x}</b>" if bold else x for x in lines)
