"""Bubbles on a plain longitude/latitude plane: fully offline, no boundary data, no national border.

Plotly's geo traces (Scattergeo, choropleth) download topojson from a CDN, so they are not used.
Bubbles sit on a light graticule with the provincial seats as faint orientation points.
"""

from __future__ import annotations

import math

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


def _deg(v: float, pos: str, neg: str) -> str:
    return f"{abs(v):g}°{pos if v >= 0 else neg}"


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
    fig.add_trace(go.Scatter(
        x=[r["lng"] for r in rows], y=[r["lat"] for r in rows], mode="markers+text",
        marker={"size": sizes, "sizemode": "diameter", "opacity": 0.78, "line": {"color": "white", "width": 1.5},
                "color": [RED_LIGHT if fmt.is_approximate(r.get("qualifier")) else RED for r in rows]},
        text=[f"{fmt.region_label(r, lang)}<br><b>{value_label(r, lang)}</b>" for r in rows],
        textposition="top center",
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
    return add_source_footnote(fig, sources, lang, notes=[t("map_note", lang)])
