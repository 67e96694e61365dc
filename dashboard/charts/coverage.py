"""Coverage: every rate indicator by region, reported and computed rates side by side, n/N, flags."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.labels import name, t
from dashboard import formatting as fmt
from dashboard.charts.common import scale_height, wrap
from dashboard.charts.footnote import add_source_footnote
from dashboard.charts.style import GOLD, GRID, INK, MUTED, RED, SMALL_SIZE, apply_base, legend_top
from dashboard.selection import Selection

SORTS = ("rate", "indicator", "region")
LABEL_X = 104  # where the n/N column starts, right of the 100% line
X_MAX = 150
MAX_ROWS = 40


def flag_keys(row) -> list[str]:
    share = ["flag_share"] if row.get("rate_kind") == "share" else []   # a share, not a coverage rate
    return share + [key for key, col in (("flag_inconsistent", "is_inconsistent"), ("flag_implied", "is_implied"),
                                 ("flag_approximate", "is_approximate"), ("flag_lower_bound", "is_lower_bound"),
                                 ("flag_derived", "is_derived"),
                                 ("flag_exceeds", "numerator_exceeds")) if bool(row.get(col))]


def n_over_d(row, lang: str) -> str:
    n, d = row.get("numerator"), row.get("denominator")
    if fmt.is_missing(n) or fmt.is_missing(d):
        return f"n/N {t('unknown', lang)}"
    return f"{fmt.number(n, lang)}/{fmt.number(d, lang)}"


def sort_rows(df: pd.DataFrame, sort: str, lang: str) -> pd.DataFrame:
    df = df.copy()
    df["_rate_name"] = [name(r, "rate", lang) for r in df.to_dict("records")]
    df["_region"] = [fmt.subject_label(r, lang) for r in df.to_dict("records")]   # 孝感市 · 孝感城区 ≠ 孝感市
    # the newest of several figures of one rate for one place and subject (by the year it refers to, then
    # the publication): marked, so 65.56% (2020) beside 50.53% says which is current
    same = ["rate_key", "region_code", "org_id"]
    by_date = df.assign(_y=pd.to_numeric(df["ref_year"], errors="coerce").fillna(-1),
                        _p=df["published_date"].astype(str)).sort_values(["_y", "_p"])
    groups = by_date.groupby(same, dropna=False)
    df["_newest"] = df.index.isin(groups.tail(1).index) & (groups["rate_key"].transform("size") > 1).reindex(df.index)
    if sort == "indicator":
        return df.sort_values(["category", "_rate_name", "_region"], kind="stable")
    if sort == "region":
        return df.sort_values(["province_code", "region_code", "_rate_name"], kind="stable")
    return df.sort_values(["rate", "_rate_name", "_region"], ascending=[False, True, True], kind="stable")


def coverage_chart(df: pd.DataFrame, lang: str = "zh", sort: str = "rate",
                   sources: pd.DataFrame | None = None, max_rows: int = MAX_ROWS, title: str | None = None) -> go.Figure:
    """Dot chart of rates (0–100%): filled dot = reported, ring = computed from n/N. Each row says its year;
    where one rate of one place appears more than once, the newest is marked.
    At most ``max_rows`` rows (after sorting); the footnote says how many more the table holds."""
    title = title or t("cov_chart_title", lang)
    fig = go.Figure()
    if df is None or df.empty:
        apply_base(fig, title, t("unit_label", lang, unit="%"), height=320)
        fig.add_annotation(text=t("cov_empty", lang), x=0.5, y=0.5, xref="paper", yref="paper",
                           showarrow=False, font={"color": MUTED})
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        return fig
    rows = sort_rows(df, sort if sort in SORTS else "rate", lang).to_dict("records")
    hidden = max(0, len(rows) - max_rows)
    rows = rows[:max_rows]
    labels = [f"<b>{wrap(r['_rate_name'], lang, 16, 34)}</b><br>{r['_region']} · {fmt.year(r, lang)}"
              f"{t('cov_newest_mark', lang) if r['_newest'] else ''}" for r in rows]
    # unique y keys even if the same indicator and region appear twice (two reports)
    ykeys = [f"{lab}<span style='display:none'>{i}</span>" if labels.count(lab) > 1 else lab
             for i, lab in enumerate(labels)]
    custom = [Selection(fact_ids=tuple(x for x in (r.get("rate_fact_id"), r.get("numerator_fact_id"),
                                                   r.get("denominator_fact_id")) if isinstance(x, str))).encode()
              for r in rows]
    hover = [_hover(r, lang) for r in rows]
    rate = [r["rate"] for r in rows]
    stems_x, stems_y = [], []  # one trace of None-separated segments (shapes are slow by the hundred)
    for y, v in zip(ykeys, rate, strict=True):
        if not fmt.is_missing(v):
            stems_x += [0, v, None]
            stems_y += [y, y, None]
    fig.add_trace(go.Scatter(x=stems_x, y=stems_y, mode="lines", line={"color": GRID, "width": 3},
                             hoverinfo="skip", showlegend=False))
    reported = [(y, r, c, h) for y, r, c, h in zip(ykeys, rows, custom, hover, strict=True)
                if not fmt.is_missing(r.get("reported_rate"))]
    computed = [(y, r, c, h) for y, r, c, h in zip(ykeys, rows, custom, hover, strict=True)
                if not fmt.is_missing(r.get("computed_rate"))]
    fig.add_trace(go.Scatter(
        x=[r["computed_rate"] for _, r, _, _ in computed], y=[y for y, *_ in computed], mode="markers",
        name=t("legend_computed", lang), customdata=[c for *_, c, _ in computed],
        hovertext=[h for *_, h in computed], hoverinfo="text",
        marker={"symbol": "circle-open", "size": 22, "color": INK, "line": {"width": 2}}))
    fig.add_trace(go.Scatter(
        x=[r["reported_rate"] for _, r, _, _ in reported], y=[y for y, *_ in reported], mode="markers",
        name=t("legend_reported", lang), customdata=[c for *_, c, _ in reported],
        hovertext=[h for *_, h in reported], hoverinfo="text",
        marker={"symbol": "circle", "size": 13, "color": RED}))
    texts = []
    for r in rows:
        flags = [t(k.replace("flag_", "flagshort_"), lang) for k in flag_keys(r)]
        rate_txt = fmt.short_value(r["rate"], "approx" if r.get("is_approximate") else "exact", lang, percent=True)
        flag_txt = f"<br><span style='color:{GOLD}'>{' · '.join(flags)}</span>" if flags else ""
        texts.append(f"<b>{rate_txt}</b>　{n_over_d(r, lang)}{flag_txt}")
    fig.add_trace(go.Scatter(x=[LABEL_X] * len(rows), y=ykeys, mode="text", text=texts,
                             textposition="middle right", textfont={"size": SMALL_SIZE + 1},
                             customdata=custom, hovertext=hover, hoverinfo="text", showlegend=False))
    apply_base(fig, title, f"{t('unit_label', lang, unit='%')} · {t('cov_intro', lang)}",
               height=scale_height(len(rows), 64, base=200))
    legend_top(fig)
    fig.update_xaxes(range=[-2, X_MAX], tickvals=[0, 25, 50, 75, 100],
                     ticktext=["0", "25%", "50%", "75%", "100%"], side="bottom")
    fig.add_vline(x=100, line={"color": "#CFCFCF", "width": 1, "dash": "dot"})
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array", categoryarray=ykeys)
    fig.update_layout(margin={"t": 118})
    notes = t("flags_legend", lang).split("\n")
    if hidden:
        notes.insert(0, t("cov_more_rows", lang, n=max_rows, hidden=hidden))
    return add_source_footnote(fig, sources, lang, notes=notes)


def _hover(r, lang: str) -> str:
    lines = [f"<b>{name(r, 'rate', lang)}</b>", fmt.region_label(r, lang)]
    if not fmt.is_missing(r.get("organization_zh")):
        lines.append(fmt.organization(r, lang))
    lines.append(f"{t('col_reported', lang)}: {fmt.short_value(r.get('reported_rate'), 'exact', lang, percent=True)}")
    lines.append(f"{t('col_computed', lang)}: {fmt.short_value(r.get('computed_rate'), 'exact', lang, percent=True)}"
                 f" ({n_over_d(r, lang)})")
    lines.append(f"{t('col_report', lang)}: [{r.get('report_id')}] {fmt.published(r, lang)}")
    flags = [t(k, lang) for k in flag_keys(r)]
    if flags:
        lines.append(" · ".join(flags))
    return "<br>".join(lines)
