"""Warnings that hold a file back until someone confirms them (``Options.confirm_warnings``; the CLI's
``--confirm-warnings``; the Import page's checkbox): figures that load cleanly but are probably wrong.

- **Implausible values** (issue #13, item 7): above a bound for their unit (no count of Party members,
  organisations or places exceeds ``COUNT_BOUND``; no sum of money ``MONEY_BOUND`` yuan), or a thousand times
  the largest figure the warehouse already holds for the indicator.
- **Periods after the publication date** (issue #22, item 17): a figure whose period states a date after its
  report was published (2025 in a report of May 2024) is a target or a slip, not a figure of that report.
- **Likely duplicates** (item 9): a figure of a new report whose region, indicator, value and period a
  figure of another report already has, under a similar title: the same report loaded again under a slightly
  different title would be counted twice.

Both are found as set operations in DuckDB (one join each), not by looking up rows one by one.
"""

from __future__ import annotations

import pandas as pd
from rapidfuzz import fuzz

from core import dates
from core.issues import Problem
from etl.template.context import Context, text_key

COUNT_BOUND = 2e8          # more than China's Party members, people in a city, or places of any kind
MONEY_BOUND = 1e12         # yuan
INDICATOR_FACTOR = 1000    # × the largest figure already held for the indicator (when it holds three or more)
MIN_HELD = 3
SIMILAR_TITLE = 80         # rapidfuzz ratio of two titles, 0–100


def _new_facts(plan) -> list:
    return [e for e in plan.entries if e.status in ("new", "changed") and e.fact is not None]


def implausible(plan, ctx: Context) -> list[Problem]:
    entries = _new_facts(plan)
    if not entries:
        return []
    keys = sorted({e.fact["indicator_key"] for e in entries})
    held: dict[str, float] = {}
    con = ctx.facts.con
    if con is not None:
        rows = con.execute("SELECT indicator_key, max(coalesce(value_max, value)), count(*) FROM fact "
                           "WHERE indicator_key IN (SELECT unnest($k)) GROUP BY 1", {"k": keys}).fetchall()
        held = {k: float(m) for k, m, n in rows if m is not None and n >= MIN_HELD}
    out, seen = [], set()
    for e in entries:
        f = e.fact
        value = max(float(f["value"]), float(f.get("value_max") or 0))
        unit = f.get("unit") or ""
        bound, why = (MONEY_BOUND, "unit") if unit == "元" else (COUNT_BOUND, "unit") if unit != "%" else (None, "")
        if f["indicator_key"] in held and held[f["indicator_key"]] > 0:
            by_ind = held[f["indicator_key"]] * INDICATOR_FACTOR
            if bound is None or by_ind < bound:
                bound, why = by_ind, "indicator"
        if bound is not None and value > bound and e.row not in seen:
            seen.add(e.row)
            code = "msg_implausible_for_unit" if why == "unit" else "msg_implausible_for_indicator"
            out.append(Problem.of(plan.file, e.row, "value", e.values.get("value", ""), code, "hint_check_or_confirm",
                                  bound=f"{bound:,.0f}", unit=unit, held=f"{held.get(f['indicator_key'], 0):,.0f}",
                                  label=ctx.indicator_label(f["indicator_key"])))
    return out


def likely_duplicates(plan, ctx: Context) -> list[Problem]:
    entries = [e for e in _new_facts(plan) if e.fact["report_id"] in plan.reports]   # figures of new reports
    con = ctx.facts.con
    if not entries or con is None:
        return []
    frame = pd.DataFrame([(e.row, e.fact["report_id"], e.fact["region_code"], e.fact["indicator_key"],
                           float(e.fact["value"]), e.fact.get("period")) for e in entries],
                         columns=["row", "report_id", "region_code", "indicator_key", "value", "period"])
    frame["period"] = frame["period"].astype(object)
    con.register("_dup_candidates", frame)
    try:
        pairs = con.execute("""
            SELECT DISTINCT k.row, k.report_id, f.report_id
            FROM _dup_candidates k JOIN fact f
              ON f.region_code = k.region_code AND f.indicator_key = k.indicator_key AND f.value = k.value
             AND f.period IS NOT DISTINCT FROM k.period AND f.report_id <> k.report_id
            ORDER BY 1, 3""").fetchall()
    finally:
        con.unregister("_dup_candidates")
    out, seen = [], set()
    by_row = {e.row: e for e in entries}
    for row, new_id, old_id in pairs:
        old = ctx.reports.get(old_id)
        new_title = plan.reports[new_id]["title_zh"]
        if row in seen or old is None:
            continue
        score = fuzz.ratio(text_key(new_title), text_key(old["title_zh"]))
        if score >= SIMILAR_TITLE:
            seen.add(row)
            out.append(Problem.of(plan.file, row, "report_title", new_title, "msg_likely_duplicate_report",
                                  "hint_same_report_or_confirm", report=old_id, title=old["title_zh"],
                                  value=by_row[row].values.get("value", "")))
    return out


def after_publication(plan, ctx: Context) -> list[Problem]:
    out, seen = [], set()
    for e in _new_facts(plan):
        stated = dates.stated_date(e.fact.get("period"))
        report = plan.reports.get(e.fact["report_id"]) or ctx.reports.get(e.fact["report_id"]) or {}
        published = report.get("published_on") or ""
        if stated and published and dates.later(stated, published) and e.row not in seen:
            seen.add(e.row)
            out.append(Problem.of(plan.file, e.row, "period", e.values.get("period", ""),
                                  "msg_period_after_publication", "hint_period_after_publication",
                                  published=published, stated=stated))
    return out


def warnings(plan, ctx: Context) -> list[Problem]:
    return implausible(plan, ctx) + after_publication(plan, ctx) + likely_duplicates(plan, ctx)
