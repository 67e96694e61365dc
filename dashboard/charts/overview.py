"""Overview chart: how many figures each category holds."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.labels import name, t
from dashboard.charts.common import scale_height
from dashboard.charts.footnote import add_source_footnote
from dashboard.charts.style import INK, RED, SMALL_SIZE, apply_base, bar_labels
from dashboard.selection import Selection


def category_chart(df: pd.DataFrame, lang: str = "zh", sources: pd.DataFrame | None = None) -> go.Figure:
    """Horizontal bars: figures per category, each labelled with its number (the indicators in the hover)."""
    fig = go.Figure()
    rows = [] if df is None else df.to_dict("records")
    labels = [name(r, "category", lang) for r in rows]
    counts = [int(r["n_figures"]) for r in rows]
    words = [t("cat_bar_label", lang, n=int(r["n_figures"]), k=int(r["n_indicators"])) for r in rows]
    texts = [f"{n}" for n in counts]      # the number on the bar (fits on a phone); the indicators in the hover
    shown, where = bar_labels(counts, texts, max(counts or [1]) * 1.45)
    fig.add_trace(go.Bar(
        x=counts, y=labels, orientation="h", marker={"color": RED}, width=0.62,
        text=shown, textposition=where, cliponaxis=False,
        textfont={"size": SMALL_SIZE + 1, "color": INK},
        insidetextanchor="end", insidetextfont={"color": "#FFFFFF"}, outsidetextfont={"color": INK}, constraintext="none",
        customdata=[Selection(category=r["category"]).encode() for r in rows],
        hovertext=[f"<b>{lab}</b><br>{tx}" for lab, tx in zip(labels, words, strict=True)], hoverinfo="text"))
    apply_base(fig, t("ov_by_category", lang), t("unit_label", lang, unit=t("count_unit", lang)),
               height=scale_height(len(rows), 40, base=150))
    fig.update_xaxes(range=[0, max(counts or [1]) * 1.45])
    fig.update_yaxes(autorange="reversed")
    return add_source_footnote(fig, sources, lang)
