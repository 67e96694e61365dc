"""What the analyst sees before anything is written: one line per figure (or rejected row)."""

from __future__ import annotations

import unicodedata

import pandas as pd

from core import labels
from core.numbers import format_value
from etl.template.plan import Plan

STATUS_ZH = {s: labels.t(f"status_{s}", "zh") + " " + labels.t(f"status_{s}", "en")
             for s in ("new", "changed", "unchanged", "rejected")}
PREVIEW_COLUMNS = ["file", "row", "status", "report", "region", "organization", "indicator", "value",
                   "existing", "problem"]
VERDICT_ZH = {
    v: labels.both(f"verdict_{v}") for v in ("load", "nothing", "conflict", "confirm", "rejected")
}


def _value(f: dict) -> str:
    return format_value(f["value"], f["qualifier"], f["value_max"], f["unit"]) + (
        f" {f['unit']}" if f["unit"] not in ("%", None) else "")


PREVIEW_ROWS = 30       # rows and problems a preview lists; the rest are counted and summarised by column


def _status(status: str, lang: str | None) -> str:
    return STATUS_ZH[status] if lang is None else labels.t(f"status_{status}", lang)


def _problem(p, lang: str | None) -> str:
    if lang is None:        # the command line: both languages
        return f"{p.column or ''}: {p.message_zh} / {p.message_en}" + (f" → {p.hint_zh}" if p.hint_zh else "")
    hint = p.hint_zh if lang == "zh" else p.hint_en
    return f"{p.column or ''}: {p.message_zh if lang == 'zh' else p.message_en}" + (f" → {hint}" if hint else "")


def _name(row: dict, lang: str | None) -> str:
    return (row.get("name_en") or row["name_zh"]) if lang == "en" else row["name_zh"]


def preview_frame(plans: list[Plan], ctx=None, limit: int | None = None, lang: str | None = None) -> pd.DataFrame:
    """The rows as they would load (status, resolved region and indicator, value, problems); the first
    ``limit`` rows when given (counts come from ``Plan.counts``, never from this frame). In one language
    when ``lang`` is given (the pages), else status and problems in both (the command line)."""
    rows = []
    new_mark = labels.t("preview_new_indicator", "zh") if lang is None else labels.t("preview_new_one", lang)
    for plan in plans:
        if limit is not None and len(rows) >= limit:
            break
        problems: dict[int, list[str]] = {}
        for p in plan.row_problems:
            problems.setdefault(p.row, []).append(_problem(p, lang))
        entries = sorted(plan.entries, key=lambda e: (e.row, e.fact is None or e.fact.get("suffix", "")))
        for e in entries[:None if limit is None else limit - len(rows)]:
            v = e.values
            region = "/".join(x for x in (v.get("province"), v.get("city"), v.get("district")) if x)
            if e.fact and ctx is not None:      # show what the names resolved to (連雲港 → 连云港市)
                region = _name(ctx.index.get(e.fact["region_code"]), lang) + f" {e.fact['region_code']}"
            indicator = v.get("indicator", "")
            if e.fact and ctx is not None and e.fact["indicator_key"] in ctx.indicators:
                indicator = _name(ctx.indicators[e.fact["indicator_key"]], lang)
            elif e.fact and e.fact["indicator_key"] in plan.indicators:
                indicator = _name(plan.indicators[e.fact["indicator_key"]], lang) + new_mark
            rows.append({
                "file": plan.file, "row": e.row, "status": _status(e.status, lang),
                "report": v.get("report_title", ""), "region": region, "organization": v.get("organization", ""),
                "indicator": indicator, "value": _value(e.fact) if e.fact else v.get("value", ""),
                "existing": "; ".join(_value(o) for o in e.old) if e.status == "changed" else "",
                "problem": " | ".join(problems.get(e.row, [])),
            })
    return pd.DataFrame(rows, columns=PREVIEW_COLUMNS)


def problem_summary(plans: list[Plan], lang: str = "zh") -> list[str]:
    """The problems grouped by file, column and message, largest group first, with their count and the first
    rows: one line per kind of problem however many rows have it."""
    groups: dict[tuple, list[int | None]] = {}
    first: dict[tuple, object] = {}
    for plan in plans:
        for p in plan.problems:
            key = (p.file, p.column or "", p.code or p.message_zh)
            groups.setdefault(key, []).append(p.row)
            first.setdefault(key, p)
    out = []
    for key, rows in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        p = first[key]
        shown = [str(r) for r in rows if r is not None][:5]
        more = "…" if len(rows) > len(shown) else ""
        message = p.message_zh if lang == "zh" else p.message_en
        out.append(labels.t("preview_problem_group", lang, file=p.file, column=p.column or "—", message=message,
                            n=f"{len(rows):,}", rows="、".join(shown) + more if lang == "zh" else ", ".join(shown) + more))
    return out


def problems_frame(plans: list[Plan]) -> pd.DataFrame:
    cols = ["file", "row", "column", "value", "message_zh", "message_en", "hint_zh", "hint_en"]
    return pd.DataFrame([p.as_dict() for plan in plans for p in plan.problems], columns=cols)


def warnings_frame(plans: list[Plan]) -> pd.DataFrame:
    """What holds the files back until confirmed (implausible values, likely duplicates)."""
    cols = ["file", "row", "column", "value", "message_zh", "message_en", "hint_zh", "hint_en"]
    return pd.DataFrame([p.as_dict() for plan in plans for p in plan.warnings], columns=cols)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _fit(s: str, n: int) -> str:
    s = str(s)
    while _width(s) > n:
        s = s[:-2] + "…"
    return s + " " * (n - _width(s))


def render_text(df: pd.DataFrame, columns=("row", "status", "region", "indicator", "value", "existing"),
                widths=(5, 16, 18, 26, 16, 16)) -> str:
    """A fixed-width table for the terminal (CJK characters count double)."""
    lines = ["  ".join(_fit(c, w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for _, r in df.iterrows():
        lines.append("  ".join(_fit(r[c], w) for c, w in zip(columns, widths, strict=True)).rstrip())
    return "\n".join(lines)


def summary_line(plan: Plan, verdict: str) -> str:
    c = plan.counts()
    return labels.t("preview_summary", "zh", file=plan.file, rows=plan.rows_in, verdict=VERDICT_ZH[verdict], **c)
