"""Estimates of how much room text and axes need, so export margins are set before rendering.

Plotly annotations can only be placed relative to the plot area, so the footnote is placed a
measured number of pixels below it; these estimates err on the generous side.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata

import plotly.graph_objects as go

LINE = 1.35   # line height, in em
CARTESIAN = {"bar", "scatter", "scattergl", "box", "violin", "histogram", "heatmap", "waterfall", "funnel"}


def char_em(ch: str) -> float:
    """Approximate advance width of one character in em (CJK and full-width: 1, Latin: ~0.56)."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch.isspace():
        return 0.3
    if ch in "il.,:;'|!()[]·":
        return 0.32
    return 0.6 if ch.isupper() or ch.isdigit() else 0.55


_TAG = re.compile(r"<[^>]*>")
_HIDDEN = re.compile(r"<span[^>]*display:\s*none[^>]*>.*?</span>", re.S)


def plain_lines(label: str) -> list[str]:
    """The visible lines of a plotly label: <br> splits lines, tags and hidden spans dropped."""
    label = _HIDDEN.sub("", str(label))
    return [html.unescape(_TAG.sub("", part)) for part in re.split(r"<br\s*/?>", label)]


def text_px(text: str, font_px: float) -> float:
    """Estimated width of the widest line of `text` (plotly label markup understood)."""
    return max(sum(char_em(c) for c in line) * font_px for line in plain_lines(text))


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def wrap(text: str, max_px: float, font_px: float) -> list[str]:
    """Greedy wrap of mixed Chinese/Latin text to lines no wider than max_px (estimated).
    Breaks between CJK characters anywhere, and at spaces in Latin runs."""
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line, width = "", 0.0
        for ch in para:
            w = char_em(ch) * font_px
            if width + w > max_px and line:
                cut = _break_point(line)
                lines.append(line[:cut].rstrip())
                line = line[cut:].lstrip()
                width = text_px(line, font_px)
            line += ch
            width += w
        lines.append(line.rstrip())
    return lines


def _break_point(line: str) -> int:
    """Where to break `line` so that Latin words stay whole (fall back to a hard break)."""
    if _wide(line[-1]):
        return len(line)
    for i in range(len(line) - 1, max(0, len(line) - 30), -1):
        if line[i] == " " or _wide(line[i]):
            return i + 1
    return len(line)


def has_cartesian(fig: go.Figure) -> bool:
    return any(t.type in CARTESIAN for t in fig.data)


def category_labels(fig: go.Figure, letter: str) -> list[str]:
    """Distinct string values on the x or y axis of cartesian traces (category tick labels)."""
    labels: list[str] = []
    for trace in fig.data:
        if trace.type not in CARTESIAN:
            continue
        values = getattr(trace, letter, None)
        try:
            items = list(values) if values is not None else []
        except TypeError:
            continue
        if items and all(isinstance(v, str) for v in items[:50]):
            labels.extend(items)
    return list(dict.fromkeys(labels))


def axis_title(fig: go.Figure, name: str) -> str:
    axis = getattr(fig.layout, name, None)
    return (axis.title.text or "") if axis is not None and axis.title is not None else ""


def _tick_px(fig: go.Figure, name: str, default: float) -> float:
    axis = getattr(fig.layout, name, None)
    size = axis.tickfont.size if axis is not None and axis.tickfont is not None else None
    return float(size or default)


def bottom_axis_need(fig: go.Figure, plot_width: float, base_px: float) -> float:
    """px the bottom x axis needs below the plot: tick labels (rotated if crowded) and axis title."""
    if not has_cartesian(fig) or fig.layout.xaxis.visible is False or fig.layout.xaxis.side == "top":
        return 0.0
    font = _tick_px(fig, "xaxis", base_px)
    need = font * LINE + 6
    labels = category_labels(fig, "x")
    if labels and fig.layout.xaxis.showticklabels is not False:
        longest = max(text_px(s, font) for s in labels)
        slot = plot_width / len(labels)
        if longest > slot * 0.95:   # plotly tries 0°, then 30°, then 90° (autotickangles)
            fits_30 = slot * math.sin(math.radians(30)) >= font * LINE
            angle = 30 if fits_30 else 90
            need = max(need, longest * math.sin(math.radians(angle))
                       + font * LINE * math.cos(math.radians(angle)) + 8)
    if axis_title(fig, "xaxis"):
        need += base_px * LINE + 10
    return need


def top_axis_need(fig: go.Figure, base_px: float) -> float:
    """px an x axis drawn on top (side="top") needs above the plot."""
    if not has_cartesian(fig) or fig.layout.xaxis.visible is False or fig.layout.xaxis.side != "top":
        return 0.0
    need = _tick_px(fig, "xaxis", base_px) * LINE + 6
    return need + (base_px * LINE + 10 if axis_title(fig, "xaxis") else 0.0)


def left_axis_need(fig: go.Figure, base_px: float) -> float:
    """px the left y axis needs: its tick labels (category names of horizontal bars) and title."""
    if not has_cartesian(fig) or fig.layout.yaxis.visible is False:
        return 0.0
    font = _tick_px(fig, "yaxis", base_px)
    labels = category_labels(fig, "y")
    longest = max((text_px(s, font) for s in labels), default=font * 3.5)
    title = base_px * LINE + 10 if axis_title(fig, "yaxis") else 0.0
    return longest + 10 + title


def legend_on_top(fig: go.Figure) -> bool:
    legend = fig.layout.legend
    if fig.layout.showlegend is False or legend is None or legend.orientation != "h" or legend.y is None:
        return False
    return legend.y > 1 or (legend.y >= 1 and legend.yanchor == "bottom")


def legend_height(fig: go.Figure, plot_width: float, base_px: float) -> float:
    """Height of a horizontal legend above the plot: rows of (symbol + name) items."""
    font = float((fig.layout.legend.font.size if fig.layout.legend.font else None) or base_px)
    names = [t.name or "" for t in fig.data if t.showlegend is not False and (t.name or "")]
    width = sum(text_px(n, font) + 46 for n in names) + text_px(fig.layout.legend.title.text or "", font)
    rows = max(1, math.ceil(width / max(plot_width, 1)))
    return rows * font * 1.6 + 6
