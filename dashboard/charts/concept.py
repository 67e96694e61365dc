"""One concept, one kind of subject: each region's (and subject's) newest figure, with its year."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.labels import name, present, t
from dashboard import formatting as fmt
from dashboard.charts.common import customdata_for, scale_height
from dashboard.charts.footnote import add_source_footnote
from dashboard.charts.style import (
    HATCH,
    INK,
    RED,
    RED_LIGHT,
    ROW_PX,
    SMALL_SIZE,
    apply_base,
    bar_labels,
    label_on,
)


def concept_chart(df: pd.DataFrame, lang: str = "zh", sources: pd.DataFrame | None = None) -> go.Figure:
    """Horizontal bars, highest first, each labelled with its value and year; the footnote says when the
    years differ. The caller draws it only when at least two regions qualify."""
    rows = df.to_dict("records") if df is not None else []
    first = rows[0] if rows else {}
    fig = go.Figure()
    title = t("concept_rank_title", lang, concept=name(first, "concept", lang),
              subject=t(f"subject_{first.get('subject_kind', 'region')}", lang)) if rows else ""
    unit = fmt.unit_text(first.get("unit"), first.get("unit_en"), lang) if rows else ""
    apply_base(fig, title, t("unit_label", lang, unit=unit or "—"),
               height=scale_height(len(rows), ROW_PX, base=150, minimum=230))
    if not rows:
        return add_source_footnote(fig, sources, lang)
    labels = [fmt.subject_label(r, lang) for r in rows]
    approx = [fmt.is_approximate(r.get("qualifier")) for r in rows]
    percent = first.get("unit") == "%"
    target = first.get("concept_target") if percent and present(first.get("concept_target")) else None
    below = [target is not None and float(r["value"]) < float(target) for r in rows]
    text = [f"{fmt.short_value(r['value'], r.get('qualifier'), lang, r.get('value_max'), percent=percent)}"
            f" · {fmt.year(r, lang)}" + (f" · {t('below_target', lang)}" if b else "") for r, b in zip(rows, below, strict=True)]
    shown, where = bar_labels([float(r["value"]) for r in rows], text, _axis_max(rows, target))
    fig.add_trace(go.Bar(
        x=[float(r["value"]) for r in rows], y=labels, orientation="h",
        marker={"color": [RED_LIGHT if a else RED for a in approx],
                "pattern": {"shape": ["/" if a else "" for a in approx], **HATCH}},
        text=shown, textposition=where,
        cliponaxis=False, textfont={"size": SMALL_SIZE + 1, "color": INK},
        insidetextanchor="end", insidetextfont={"color": [label_on(RED_LIGHT if a else RED) for a in approx]},
        outsidetextfont={"color": INK}, constraintext="none",
        customdata=[customdata_for({**r, "fact_ids": [r["fact_id"]]}) for r in rows],
        hovertext=[f"<b>{lab}</b><br>{name(r, 'indicator', lang)}<br>{tx}<br>[{r['report_id']}]"
                   for lab, r, tx in zip(labels, rows, text, strict=True)], hoverinfo="text",
        width=0.66 if len(rows) > 3 else 0.4))
    fig.update_xaxes(range=[0, _axis_max(rows, target)], rangemode="tozero")
    if target is not None:      # the line leaders measure against; bars below it say so in their label
        fig.add_vline(x=float(target), line={"color": INK, "width": 1.5, "dash": "dash"},
                      annotation={"text": t("target_line", lang, target=f"{float(target):g}"), "yanchor": "bottom",
                                  "font": {"size": SMALL_SIZE, "color": INK}}, annotation_position="top")
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array", categoryarray=labels)
    notes = [n for n in (fmt.year_span(rows, lang),) if n]
    if any(approx):
        notes.append(t("approx_note", lang))
    if target is not None:
        notes.append(t("target_note", lang, target=f"{float(target):g}", n=sum(below), total=len(rows)))
    return add_source_footnote(fig, sources, lang, notes=notes)


def _axis_max(rows: list[dict], target) -> float:
    vmax = max([float(r["value"]) for r in rows] + ([float(target)] if target is not None else [])) or 1.0
    return vmax * 1.3
