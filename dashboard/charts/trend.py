"""One concept over time: a line per region (and subject) through the years its figures refer to."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.labels import name, t
from dashboard import formatting as fmt
from dashboard.charts.common import customdata_for
from dashboard.charts.footnote import add_source_footnote
from dashboard.charts.style import RED, SMALL_SIZE, apply_base

PALETTE = [RED, "#1F5C99", "#C98A1B", "#2E8B57", "#7A3E9D", "#8C564B", "#5F6B6D", "#D62728"]


def trend_chart(df: pd.DataFrame, lang: str = "zh", sources: pd.DataFrame | None = None) -> go.Figure:
    """Years on the x axis (whole years only), values on the y axis; every point says its year and the
    footnote how many undated figures could not be placed."""
    rows = df.to_dict("records") if df is not None else []
    first = rows[0] if rows else {}
    fig = go.Figure()
    apply_base(fig, t("trend_title", lang, concept=name(first, "concept", lang)) if rows else "",
               t("unit_label", lang, unit=fmt.unit_text(first.get("unit"), first.get("unit_en"), lang) or "—"),
               height=460)
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(fmt.subject_label(r, lang), []).append(r)
    for i, (label, pts) in enumerate(sorted(groups.items())):
        fig.add_trace(go.Scatter(
            x=[int(p["ref_year"]) for p in pts], y=[float(p["value"]) for p in pts], name=label,
            mode="lines+markers+text", text=[fmt.short_value(p["value"], p.get("qualifier"), lang) for p in pts],
            textposition="top center", textfont={"size": SMALL_SIZE},
            line={"color": PALETTE[i % len(PALETTE)], "width": 2}, marker={"size": 9},
            customdata=[customdata_for({**p, "fact_ids": [p["fact_id"]]}) for p in pts],
            hovertext=[f"{label} · {fmt.year(p, lang)}: {fmt.short_value(p['value'], p.get('qualifier'), lang)}"
                       for p in pts], hoverinfo="text"))
    years = sorted({int(r["ref_year"]) for r in rows})
    if years:
        fig.update_xaxes(tickmode="array", tickvals=years, range=[years[0] - 0.6, years[-1] + 0.6])
    notes = []
    undated = int(first.get("n_undated") or 0) if rows else 0
    if undated:
        notes.append(t("trend_undated", lang, n=undated))
    return add_source_footnote(fig, sources, lang, notes=notes)
