"""The source footnote under every chart: report, publisher, date (未注明 / n.d. when unknown)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.labels import t
from dashboard import formatting as fmt
from dashboard.charts.style import MUTED, SMALL_SIZE

MAX_LINES = 4
LINE_PX = 17


def sources_lines(sources: pd.DataFrame | None, lang: str = "zh", max_lines: int = MAX_LINES,
                  short: bool = True) -> list[str]:
    """One line per report: [001] 标题 · 发布者 · 日期; the rest summarized."""
    if sources is None or sources.empty:
        return []
    rows = sources.drop_duplicates("report_id").sort_values("report_id")
    chars = (26 if lang == "zh" else 56) if short else None
    mark = f" · {t('pub_draft_mark', lang)}"      # a report with figures not yet published (analysts only)
    lines = [fmt.source_line(r, lang, title_chars=chars) + (mark if _is_draft(r) else "")
             for r in rows.to_dict("records")]
    if len(lines) > max_lines:
        rest = len(lines) - (max_lines - 1)
        lines = lines[: max_lines - 1] + [t("more_sources", lang, n=rest)]
    return lines


def sources_text(sources: pd.DataFrame | None, lang: str = "zh") -> str:
    """The footnote as plain text (for captions, PPTX notes)."""
    lines = sources_lines(sources, lang, max_lines=50, short=False)
    if not lines:
        return ""
    if lang == "zh":
        return f"{t('sources', lang)}：" + "；".join(lines)
    return f"{t('sources', lang)}: " + "; ".join(lines)


def add_source_footnote(fig: go.Figure, sources: pd.DataFrame | None, lang: str = "zh",
                        notes: list[str] | None = None) -> go.Figure:
    """Write the sources (and any notes) under the plot and make room for them."""
    lines = [f"{t('source', lang)}{'：' if lang == 'zh' else ': '}{line}" if i == 0 else
             ("　　" if lang == "zh" else "        ") + line
             for i, line in enumerate(sources_lines(sources, lang))]
    notes = list(notes or [])
    if sources is not None and not sources.empty and any(_is_draft(r) for r in sources.to_dict("records")):
        notes.append(t("pub_draft_note", lang))
    lines += notes
    if not lines:
        return fig
    text = "<br>".join(_escape(line) for line in lines)
    fig.add_annotation(text=text, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                       yshift=-34, showarrow=False, align="left",
                       font={"size": SMALL_SIZE - 1, "color": MUTED})
    margin_b = 46 + LINE_PX * len(lines)
    fig.update_layout(margin={"b": margin_b})
    if fig.layout.height:
        fig.update_layout(height=fig.layout.height + LINE_PX * len(lines))
    n_reports = 0 if sources is None or sources.empty else int(sources["report_id"].nunique())
    fig.layout.meta = {**(fig.layout.meta or {}), "sources": lines, "notes": notes,
                       "n_reports": n_reports}
    return fig


def _escape(s: str) -> str:
    return s.replace("<", "&lt;").replace(">", "&gt;")


def _is_draft(row: dict) -> bool:
    v = row.get("has_draft")
    return v is not None and not pd.isna(v) and bool(v)
