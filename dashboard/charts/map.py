"""Bubbles on a plain longitude/latitude plane: fully offline, no boundary data, no national border.

Plotly's geo traces (Scattergeo, choropleth) download topojson from a CDN, so they are not used.
Bubbles sit on a light graticule with the provincial seats as faint orientation points.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import plotly.graph_objects as go

from core.labels import name, t
from dashboard import formatting as fmt
from dashboard.charts.common import customdata_for
from dashboard.charts.footnote import add_source_footnote
from dashboard.charts.ranking import unit_for, value_label
from dashboard.charts.style import GRID, INK, MUTED, RED, RED_LIGHT, SMALL_SIZE, apply_base

CHINA = {"lng": (73.0, 136.0), "lat": (17.0, 54.5)}
ASPECT = 1.2  # ≈ 1 / cos(34°): keeps mid-latitude China from looking stretched
MAX_BUBBLE, MIN_BUBBLE = 64, 14
re_tags = re.compile(r"<[^>]+>")


def _deg(v: float, pos: str, neg: str) -> str:
    return f"{abs(v):g}°{pos if v >= 0 else neg}"


PLOT_PX = (860, 520)          # the plot area the labels are placed for (the page's map at desktop width)
POSITIONS = ("top center", "bottom center", "middle right", "middle left", "top right", "top left",
             "bottom right", "bottom left")


def _text_px(text: str, size: int) -> tuple[float, float]:
    """Width and height in px of a label (<br> lines; a CJK character is 1 em, others about 0.6 em)."""
    lines = [re_tags.sub("", line) for line in text.split("<br>")]
    width = max(sum(size if ord(c) > 0x2E80 else size * 0.6 for c in line) for line in lines)
    return width + 4, len(lines) * size * 1.25


def place_labels(points: list[tuple[float, float, float]], texts: list[str], lng_range, lat_range,
                 size: int = SMALL_SIZE) -> list[str | None]:
    """A text position for each bubble (x, y, diameter in px) so that no two labels overlap and no label
    covers another bubble; None where no position is free (the label is left out, the hover still says it).
    Bubbles are placed in the order given (largest first), each taking the first free position."""
    lng_span, lat_span = lng_range[1] - lng_range[0], (lat_range[1] - lat_range[0]) * ASPECT
    scale = min(PLOT_PX[0] / lng_span, PLOT_PX[1] / lat_span)          # px per degree of longitude
    centers = [(x * scale, -y * scale * ASPECT, d / 2) for x, y, d in points]
    boxes: list[tuple[float, float, float, float]] = [(cx - r, cy - r, cx + r, cy + r) for cx, cy, r in centers]
    out: list[str | None] = []
    for i, ((cx, cy, r), text) in enumerate(zip(centers, texts, strict=True)):
        w, h = _text_px(text, size)
        chosen = None
        for pos in POSITIONS:
            vert, horiz = pos.split()
            x0 = {"center": cx - w / 2, "right": cx + r + 2, "left": cx - r - 2 - w}[horiz]
            y0 = {"top": cy - r - 2 - h, "bottom": cy + r + 2, "middle": cy - h / 2}[vert]
            box = (x0, y0, x0 + w, y0 + h)
            if not any(j != i and box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                       for j, b in enumerate(boxes)):
                chosen = pos
                boxes.append(box)
                break
        out.append(chosen)
    return out


def map_chart(df: pd.DataFrame, lang: str = "zh", seats: pd.DataFrame | None = None,
              sources: pd.DataFrame | None = None, focus: bool = False, title: str | None = None) -> go.Figure:
    """City and district bubbles sized by the indicator (area ∝ value)."""
    fig = go.Figure()
    rows = [] if df is None else [r for r in df.to_dict("records")
                                  if not fmt.is_missing(r.get("lng")) and not fmt.is_missing(r.get("lat"))]
    first = rows[0] if rows else {}
    title = title or t("map_title", lang, indicator=name(first, "indicator", lang) if rows else "")
    lng_range, lat_range = CHINA["lng"], CHINA["lat"]
    if focus and rows:
        xs, ys = [r["lng"] for r in rows], [r["lat"] for r in rows]
        pad = 3.0
        lng_range = (min(xs) - pad, max(xs) + pad)
        lat_range = (min(ys) - pad, max(ys) + pad)
    if seats is not None and not seats.empty:
        seats = seats[seats["lng"].between(lng_range[0] + 0.3, lng_range[1] - 0.3)
                      & seats["lat"].between(lat_range[0] + 0.3, lat_range[1] - 0.3)]
        # a bubble and its label (drawn above it) win over a faint seat: those seats are left out
        near = [any(abs(s["lng"] - r["lng"]) < 3 and -2.5 < s["lat"] - r["lat"] < 6 for r in rows)
                for s in seats.to_dict("records")]
        fig.add_trace(go.Scatter(
            x=seats["lng"], y=seats["lat"], mode="markers+text", hoverinfo="skip",
            text=["" if hide else (r["name_en"] if lang == "en" and r.get("name_en") else r["short_name_zh"])
                  for r, hide in zip(seats.to_dict("records"), near, strict=True)],
            textposition="bottom center", textfont={"size": SMALL_SIZE - 2, "color": "#B0B0B0"},
            marker={"size": [0 if hide else 4 for hide in near], "color": "#C8C8C8"}))
    values = [float(r["value"]) for r in rows if not fmt.is_missing(r.get("value"))]
    vmax = max(values or [1.0])
    sizes = [MIN_BUBBLE + (MAX_BUBBLE - MIN_BUBBLE) * math.sqrt(max(float(r["value"]), 0) / vmax) if vmax > 0
             else MIN_BUBBLE for r in rows]
    order = sorted(range(len(rows)), key=lambda i: -sizes[i])            # the largest bubbles label first
    labels = [f"{fmt.region_label(r, lang)}<br><b>{value_label(r, lang)}</b>" for r in rows]
    placed = place_labels([(rows[i]["lng"], rows[i]["lat"], sizes[i]) for i in order], [labels[i] for i in order],
                          lng_range, lat_range)
    position = dict(zip(order, placed, strict=True))
    hidden = sum(p is None for p in placed)
    fig.add_trace(go.Scatter(
        x=[r["lng"] for r in rows], y=[r["lat"] for r in rows], mode="markers+text",
        marker={"size": sizes, "sizemode": "diameter", "opacity": 0.78, "line": {"color": "white", "width": 1.5},
                "color": [RED_LIGHT if fmt.is_approximate(r.get("qualifier")) else RED for r in rows]},
        text=[lab if position[i] else "" for i, lab in enumerate(labels)],
        textposition=[position[i] or "top center" for i in range(len(rows))],
        textfont={"size": SMALL_SIZE, "color": INK, "shadow": "0 0 3px white, 0 0 2px white"},
        customdata=[customdata_for(r) for r in rows],
        hovertext=[f"<b>{fmt.region_label(r, lang)}</b><br>{name(r, 'indicator', lang)}: "
                   f"{value_label(r, lang)} {unit_for(r, lang)}" for r in rows],
        hoverinfo="text", cliponaxis=False))
    unit = unit_for(first, lang) if rows else "—"
    apply_base(fig, title, f"{t('unit_label', lang, unit=unit)} · {t('map_bubble_note', lang)}", height=660)
    step = 10 if lng_range[1] - lng_range[0] > 20 else 2
    xt = [v for v in range(int(lng_range[0]) // step * step, int(lng_range[1]) + step, step)]
    yt = [v for v in range(int(lat_range[0]) // step * step, int(lat_range[1]) + step, step)]
    fig.update_xaxes(range=list(lng_range), tickvals=xt, ticktext=[_deg(v, "E", "W") for v in xt],
                     showgrid=True, gridcolor=GRID, constrain="domain")
    fig.update_yaxes(range=list(lat_range), tickvals=yt, ticktext=[_deg(v, "N", "S") for v in yt],
                     showgrid=True, gridcolor=GRID, scaleanchor="x", scaleratio=ASPECT, constrain="domain",
                     tickfont={"size": SMALL_SIZE, "color": MUTED})
    notes = [t("map_note", lang)] + ([t("map_labels_hidden", lang, n=hidden)] if hidden else [])
    return add_source_footnote(fig, sources, lang, notes=notes)
