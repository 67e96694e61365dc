"""Export-time layout for one chart, applied to a COPY of the dashboard's figure (never redrawn).

On the copy only: the size (16:9, 4:3, A4), the CJK font family, font sizes scaled to the page,
margins sized for the title block and the source footnote, the title pinned to the top-left
corner, and the footnote placed under the x axis. Traces, colours, axes, the unit in the
subtitle and the wording of the footnote stay the dashboard builder's.

The builders (dashboard/charts) already write a source footnote annotation and record its lines
in ``layout.meta["sources"]``; that annotation is taken off the copy and its lines are re-laid
for the export size, so there is exactly one footnote. A figure without one gets the chart's
``sources_text``.
"""

from __future__ import annotations

import html
from typing import Any

import plotly.graph_objects as go

from .fonts import export_font_family
from .measure import (
    LINE,
    bottom_axis_need,
    left_axis_need,
    legend_height,
    legend_on_top,
    plain_lines,
    top_axis_need,
    wrap,
)
from .sizes import Size

BASE_WIDTH, BASE_HEIGHT = 960, 540   # the layout size the dashboard's font sizes are made for
BASE_FONT, TITLE_FONT, SUBTITLE_FONT, FOOT_FONT = 14, 20, 13, 11
FOOT_COLOR = "#6E6E6E"
PAD = 18                              # px between the container edge and the title / footnote


def font_scale(size: Size) -> float:
    """1 up to the 16:9 layout; larger pages (A4 at 1754×1240) scale every font up."""
    return max(1.0, min(size.width / BASE_WIDTH, size.height / BASE_HEIGHT))


def _scale_fonts(node: Any, k: float) -> None:
    """Multiply every explicit font size (font, tickfont, textfont, title.font, …) by k, in place."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("font") and isinstance(value, dict) and isinstance(value.get("size"), int | float):
                value["size"] = round(value["size"] * k, 1)
            _scale_fonts(value, k)
    elif isinstance(node, list):
        for item in node:
            _scale_fonts(item, k)


def _is_footnote(ann: Any, first_line: str) -> bool:
    text = ann.text or ""
    return bool(first_line) and ann.yref == "paper" and (ann.y or 0) <= 0 and \
        first_line in html.unescape(text.replace("<br>", "\n"))


def take_builder_footnote(fig: go.Figure) -> list[str]:
    """Remove the builder's source footnote annotation from `fig` (a copy); return its lines."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    sources = [s for s in meta.get("sources") or [] if s]
    if not sources:
        return []
    first = sources[0][-40:]
    kept, lines = [], []
    for ann in fig.layout.annotations:
        if not lines and _is_footnote(ann, first):
            lines = html.unescape((ann.text or "").replace("<br>", "\n")).splitlines()
        else:
            kept.append(ann)
    fig.layout.annotations = kept
    return lines


def _title_text(fig: go.Figure, fallback: str | None) -> str:
    own = fig.layout.title.text if fig.layout.title is not None else None
    return own or (f"<b>{html.escape(fallback)}</b>" if fallback else "")


def prepare_figure(
    fig: go.Figure,
    size: Size,
    *,
    title: str | None = None,
    footnote: str | None = None,
    show_title: bool = True,
    show_footnote: bool = True,
) -> go.Figure:
    """A copy of `fig` laid out for `size`, with the CJK font stack, title block and footnote.

    `title` / `footnote` are used when the figure has none of its own. show_title and
    show_footnote are off for deck images: the slide carries both as text.
    """
    out = go.Figure(fig)   # a deep copy: the dashboard's figure is never touched
    k = font_scale(size)
    family = export_font_family()
    builder_lines = take_builder_footnote(out)
    if k != 1.0:
        spec = out.to_dict()
        _scale_fonts(spec, k)
        out = go.Figure(spec)
    base = float(out.layout.font.size or BASE_FONT * k)
    out.update_layout(width=size.width, height=size.height, autosize=False,
                      font={"family": family, "size": base}, paper_bgcolor=out.layout.paper_bgcolor or "white")
    out.layout.hoverlabel.font.family = family
    for axis in (out.layout.xaxis, out.layout.yaxis):   # long labels push margins instead of being cut
        if axis.automargin is None:
            axis.automargin = True
    pad = PAD * k
    left = max(left_axis_need(out, base) + pad, 2 * pad)
    right = 2 * pad
    plot_width = size.width - left - right

    # title block: title, subtitle (the unit), legend on top
    text = _title_text(fig, title) if show_title else ""
    title_px = float(out.layout.title.font.size or TITLE_FONT * k) if text else 0.0
    subtitle = out.layout.title.subtitle.text if show_title and out.layout.title.subtitle else ""
    sub_px = float(out.layout.title.subtitle.font.size or SUBTITLE_FONT * k) if subtitle else 0.0
    top = pad + (title_px * LINE if text else 0) + (sub_px * LINE + 4 * k if subtitle else 0) + (pad if text else 0)
    if legend_on_top(out):   # pin it under the title block, clear of an x axis drawn on top
        out.update_layout(legend={"yref": "container", "y": 1 - top / size.height, "yanchor": "top"})
        top += legend_height(out, plot_width, base)
    top += top_axis_need(out, base)
    out.update_layout(title={"text": text, "x": 0, "xref": "container", "xanchor": "left",
                             "y": 1, "yref": "container", "yanchor": "top", "automargin": False,
                             "pad": {"l": pad, "t": pad}, "font": {"family": family}})
    if not subtitle:
        out.layout.title.subtitle.text = ""

    # footnote under the x axis
    axis = bottom_axis_need(out, plot_width, base)
    bottom = axis + pad
    lines = builder_lines or ([footnote] if footnote else [])
    if show_footnote and lines:
        foot_px = FOOT_FONT * k
        wrapped = [w for line in lines for w in wrap(line, size.width - 2 * pad - 40 * k, foot_px)]
        bottom += len(wrapped) * foot_px * LINE + 12 * k
        out.add_annotation(
            text="<br>".join(html.escape(w, quote=False) for w in wrapped),
            xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
            xshift=-(left - pad), yshift=-(axis + 10 * k), align="left", showarrow=False,
            font={"family": family, "size": foot_px, "color": FOOT_COLOR},
        )
    out.update_layout(margin={"t": round(top), "b": round(bottom), "l": round(left), "r": round(right),
                              "pad": 0, "autoexpand": True})
    return out



def footnote_lines(fig: go.Figure, sources_text: str = "") -> list[str]:
    """The footnote of a chart as lines: the builder's (sources, then notes), else sources_text."""
    return take_builder_footnote(go.Figure(fig)) or [x for x in (sources_text or "").splitlines() if x]


def subtitle_text(fig: go.Figure) -> str:
    """The figure's subtitle (the dashboard puts the unit there) as plain text."""
    title = fig.layout.title
    text = title.subtitle.text if title is not None and title.subtitle is not None else ""
    return " / ".join(x for x in plain_lines(text or "") if x.strip())
