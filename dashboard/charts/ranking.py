"""Regions ranked on one indicator; small multiples for several. Missing regions read 无数据, never 0."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import levels
from core.labels import name, t
from dashboard import formatting as fmt
from dashboard.charts.common import as_list, customdata_for, scale_height, wrap
from dashboard.charts.footnote import add_source_footnote
from dashboard.charts.style import (
    HATCH,
    INK,
    NO_DATA,
    RED,
    RED_LIGHT,
    ROW_PX,
    SMALL_SIZE,
    apply_base,
    bar_labels,
    label_on,
)


def unit_for(row, lang: str, per_capita: bool = False) -> str:
    unit = fmt.unit_text(row.get("unit"), row.get("unit_en"), lang)
    if per_capita and not row.get("is_rate"):
        return t("per_capita_unit", lang, unit=unit)
    return unit


def value_label(row, lang: str, per_capita: bool = False) -> str:
    v = row.get("value")
    if fmt.is_missing(v):
        if per_capita and not fmt.is_missing(row.get("raw_value")):
            return t("no_population", lang)
        return t("no_data", lang)
    if per_capita and not row.get("is_rate"):
        return fmt.value(round(float(v), 2), row.get("qualifier"), lang)
    return fmt.short_value(v, row.get("qualifier"), lang, row.get("value_max"), percent=bool(row.get("is_rate")))


def _bar_colors(rows: list[dict]) -> tuple[list[str], list[str]]:
    colors, patterns = [], []
    for r in rows:
        approx = fmt.is_approximate(r.get("qualifier"))
        colors.append(RED_LIGHT if approx else RED)
        patterns.append("/" if approx else "")
    return colors, patterns


def ranking_chart(df: pd.DataFrame, lang: str = "zh", level: str = levels.PREFECTURE, per_capita: bool = False,
                  sources: pd.DataFrame | None = None, title: str | None = None) -> go.Figure:
    """Horizontal bars, highest first; regions without a figure listed at the bottom as 无数据."""
    fig = go.Figure()
    rows = df.to_dict("records") if df is not None else []
    first = rows[0] if rows else {}
    level_txt = t(levels.LABEL_KEY[levels.normalize(level) or levels.PREFECTURE], lang)
    title = title or t("rank_title", lang, indicator=name(first, "indicator", lang) if rows else "", level=level_txt)
    unit = unit_for(first, lang, per_capita) if rows else ""
    apply_base(fig, title, t("unit_label", lang, unit=unit or "—"),
               height=scale_height(len(rows), ROW_PX, base=150, minimum=230))
    if not rows:
        return add_source_footnote(fig, sources, lang)
    labels = [fmt.region_label(r, lang) for r in rows]
    has = [not fmt.is_missing(r.get("value")) for r in rows]
    colors, patterns = _bar_colors(rows)
    vals = [float(r["value"]) if h else None for r, h in zip(rows, has, strict=True)]
    vmax = max([v for v in vals if v is not None] or [1.0])
    texts = [value_label(r, lang, per_capita) if h else "" for r, h in zip(rows, has, strict=True)]
    shown, where = bar_labels(vals, texts, vmax * 1.22)
    fig.add_trace(go.Bar(
        x=vals, y=labels, orientation="h", marker={"color": colors, "pattern": {"shape": patterns, **HATCH}},
        text=shown, textposition=where, cliponaxis=False, textfont={"size": SMALL_SIZE + 1, "color": INK},
        insidetextanchor="end", insidetextfont={"color": [label_on(c) for c in colors]}, outsidetextfont={"color": INK},
        constraintext="none",
        customdata=[customdata_for(r) for r in rows],
        hovertext=[_hover(r, lang, per_capita) for r in rows], hoverinfo="text",
        width=0.66 if len(rows) > 3 else 0.4))
    missing = [(lab, value_label(r, lang, per_capita)) for lab, r, h in zip(labels, rows, has, strict=True) if not h]
    if missing:
        fig.add_trace(go.Scatter(x=[0] * len(missing), y=[m[0] for m in missing], mode="text",
                                 text=[m[1] for m in missing], textposition="middle right",
                                 textfont={"size": SMALL_SIZE, "color": NO_DATA}, hoverinfo="skip",
                                 unselected={"textfont": {"color": NO_DATA}}))
    fig.update_xaxes(range=[0, vmax * 1.22], rangemode="tozero", showticklabels=True)
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array", categoryarray=labels)
    notes = _notes(rows, lang, missing)
    return add_source_footnote(fig, sources, lang, notes=notes)


def _notes(rows: list[dict], lang: str, missing: list) -> list[str]:
    notes = []
    shown_missing = len(missing)
    total_missing = int(rows[0].get("n_no_data") or 0) if rows else 0
    if total_missing > shown_missing:
        notes.append(t("no_data_note", lang, n=total_missing - shown_missing))
    if any(fmt.is_approximate(r.get("qualifier")) for r in rows):
        notes.append(t("approx_note", lang))
    return notes


def _hover(r: dict, lang: str, per_capita: bool) -> str:
    lines = [f"<b>{fmt.region_label(r, lang)}</b>", name(r, "indicator", lang),
             f"{t('col_value', lang)}: {value_label(r, lang, per_capita)} {unit_for(r, lang, per_capita)}"]
    if per_capita and not fmt.is_missing(r.get("raw_value")):
        lines.append(fmt.value(r.get("raw_value"), r.get("qualifier"), lang, r.get("unit"), r.get("unit_en")))
    n = r.get("n_figures")
    if not fmt.is_missing(n):
        ids = ", ".join(str(x) for x in as_list(r.get("fact_ids"))[:6])
        lines.append(f"{t('col_figures', lang)}: {int(n)} ({ids})")
    return "<br>".join(lines)


def small_multiples(df: pd.DataFrame, lang: str = "zh", level: str = levels.PREFECTURE, cols: int = 3,
                    sources: pd.DataFrame | None = None, max_regions: int = 20) -> go.Figure:
    """One small bar panel per indicator, the same regions in every panel (无数据 where missing)."""
    title = t("multiples_title", lang, level=t(levels.LABEL_KEY[levels.normalize(level) or levels.PREFECTURE], lang))
    if df is None or df.empty:
        fig = go.Figure()
        apply_base(fig, title, "", height=320)
        return add_source_footnote(fig, sources, lang)
    keys = list(dict.fromkeys(df["indicator_key"]))
    data = df[df["value"].notna()]
    order = (data.groupby("region_code")["indicator_key"].nunique().rename("n").reset_index()
             .sort_values(["n", "region_code"], ascending=[False, True]))
    regions = order["region_code"].tolist()[:max_regions]
    label_of = {r["region_code"]: fmt.region_label(r, lang) for r in df.to_dict("records")}
    labels = [label_of[c] for c in regions]
    cols = max(1, min(cols, len(keys)))
    nrows = math.ceil(len(keys) / cols)
    titles = []
    for k in keys:
        r0 = df[df["indicator_key"] == k].iloc[0].to_dict()
        titles.append(f"{wrap(name(r0, 'indicator', lang), lang, 14, 30)}（{unit_for(r0, lang) or '—'}）"
                      if lang == "zh" else f"{wrap(name(r0, 'indicator', lang), lang, 14, 30)} ({unit_for(r0, lang)})")
    fig = make_subplots(rows=nrows, cols=cols, subplot_titles=titles, shared_yaxes=True,
                        horizontal_spacing=0.06, vertical_spacing=min(0.35 / nrows + 0.06, 0.3))
    for i, k in enumerate(keys):
        sub = df[df["indicator_key"] == k].set_index("region_code")
        rows = [sub.loc[c].to_dict() | {"region_code": c} if c in sub.index else {} for c in regions]
        has = [bool(r) and not fmt.is_missing(r.get("value")) for r in rows]
        colors, patterns = _bar_colors(rows)
        vals = [float(r["value"]) if h else None for r, h in zip(rows, has, strict=True)]
        vmax = max([v for v in vals if v is not None] or [1.0])
        rr, cc = i // cols + 1, i % cols + 1
        fig.add_trace(go.Bar(
            x=vals, y=labels, orientation="h", marker={"color": colors, "pattern": {"shape": patterns, **HATCH}},
            text=[value_label(r, lang) if h else "" for r, h in zip(rows, has, strict=True)],
            textposition="outside", cliponaxis=False, textfont={"size": SMALL_SIZE},
            customdata=[customdata_for(r | {"indicator_key": k}) if r else "" for r in rows],
            hovertext=[_hover(r, lang, False) if h else "" for r, h in zip(rows, has, strict=True)],
            hoverinfo="text", width=0.6), row=rr, col=cc)
        miss = [lab for lab, h in zip(labels, has, strict=True) if not h]
        if miss:
            fig.add_trace(go.Scatter(x=[0] * len(miss), y=miss, mode="text", text=[t("no_data", lang)] * len(miss),
                                     textposition="middle right", textfont={"size": SMALL_SIZE - 1, "color": NO_DATA},
                                     hoverinfo="skip"), row=rr, col=cc)
        fig.update_xaxes(range=[0, vmax * 1.45], showticklabels=False, row=rr, col=cc)
    height = 150 + nrows * (70 + 30 * len(regions))
    apply_base(fig, title, t("latest_note", lang), height=height)
    fig.update_layout(margin={"t": 116})
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array", categoryarray=labels)
    fig.update_annotations(font={"size": SMALL_SIZE + 1, "color": INK})  # the panel titles
    return add_source_footnote(fig, sources, lang)
