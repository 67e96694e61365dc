"""What the deck says besides the charts: the headline numbers, and speaker notes that give each
figure's *location* in its report (report id, character offsets, sha256), never the report's text.

Read through the dashboard's query functions, like the pages; no SQL here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dashboard.selection import Selection

from .deck import Headline, build_deck
from .images import Chart


def headlines(filters: Any, limit: int = 6) -> list[Headline]:
    """The overview's headline numbers under `filters`, each with its subject, year and report."""
    from core.labels import name
    from dashboard import formatting as fmt
    from dashboard import queries

    lg = filters.lang
    out = []
    for r in queries.headline_figures(filters, limit=limit).to_dict("records"):
        value = fmt.value(r.get("value"), r.get("qualifier"), lg, r.get("unit"), r.get("unit_en"), r.get("value_max"))
        out.append(Headline(name(r, "indicator", lg), value, f"{fmt.subject_label(r, lg)} · {fmt.year(r, lg)}",
                            fmt.report_ref(r, lg, 24) if fmt.is_hash_id(r.get("report_id")) else f"[{r.get('report_id')}]"))
    return out


def fact_ids(figure) -> list[str]:
    """Every fact id a chart's points carry in their customdata (f=…), in order, once each."""
    seen: dict[str, None] = {}
    for trace in figure.data:
        for item in trace.customdata if trace.customdata is not None else ():
            for fid in Selection.decode(item).fact_ids:
                seen.setdefault(fid, None)
    return list(seen)


def notes(filters: Any, charts: Sequence[Any], per_chart: int = 40) -> dict[str, list[str]]:
    """Speaker notes per chart key: one line per figure shown, saying where its evidence is."""
    from core.labels import name
    from dashboard import formatting as fmt
    from dashboard import queries

    lg = filters.lang
    zh = lg == "zh"
    out: dict[str, list[str]] = {}
    for chart in charts:
        ids = fact_ids(chart.figure)
        if not ids:
            out[chart.key] = ["本图为汇总，未逐项标注来源；来源见页脚。" if zh
                              else "This chart shows totals; its sources are in the footnote."]
            continue
        rows = queries.figures(filters.__class__(lang=lg), Selection(fact_ids=tuple(ids[:per_chart])),
                               limit=per_chart).to_dict("records")
        lines = []
        for r in sorted(rows, key=lambda r: ids.index(r["fact_id"]) if r["fact_id"] in ids else 0):
            value = fmt.value(r.get("value"), r.get("qualifier"), lg, r.get("unit"), r.get("unit_en"),
                              r.get("value_max"))
            if fmt.is_missing(r.get("char_start")):
                where = "原文位置未注明" if zh else "location in the report not recorded"
            else:
                sha = str(r.get("source_sha256") or "")[:12]
                where = (f"报告 [{r['report_id']}] 第 {int(r['char_start'])}–{int(r['char_end'])} 字符"
                         f"（sha256 {sha}…）" if zh else
                         f"report [{r['report_id']}], characters {int(r['char_start'])}–{int(r['char_end'])}"
                         f" (sha256 {sha}…)")
            lines.append(f"{r['fact_id']} · {name(r, 'indicator', lg)} · {fmt.subject_label(r, lg)} = {value}"
                         f" — {where}")
        if len(ids) > per_chart:
            lines.append(f"另有 {len(ids) - per_chart} 项" if zh else f"and {len(ids) - per_chart} more")
        out[chart.key] = lines
    return out


def deck_for(filters: Any, charts: Sequence[Any], meta: Any, progress: Any = None) -> bytes:
    """The presenter's deck for these charts under `filters`: title, headline numbers, chart slides
    (native charts where possible) with the figures' locations as speaker notes."""
    items = [c if isinstance(c, Chart) else Chart.of(c) for c in charts]
    return build_deck(items, meta, progress, headlines=headlines(filters), notes=notes(filters, items))
