"""One file → a plan: every row checked, cross-row checks, and each figure classified as
new / changed / unchanged / rejected against the warehouse. Nothing is written here.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

from core.issues import Problem
from etl.template import plausibility
from etl.template.columns import REGION_COLUMNS, REQUIRED_COLUMNS
from etl.template.context import Context, fact_key, text_key
from etl.template.read import ZIP_MAGIC, Table, read_table
from etl.template.validate import Checked, Options, RowChecker

STATUSES = ("new", "changed", "unchanged", "rejected")


@dataclass
class Entry:
    row: int
    status: str                      # new | changed | unchanged | rejected
    fact: dict | None = None         # the figure as it would be stored (None when rejected)
    old: list[dict] = field(default_factory=list)   # existing figures with the same identity
    values: dict = field(default_factory=dict)      # the row as read


@dataclass
class Plan:
    file: str
    data: bytes
    table: Table | None
    file_problems: list[Problem] = field(default_factory=list)   # reject the whole file
    row_problems: list[Problem] = field(default_factory=list)    # reject their rows
    entries: list[Entry] = field(default_factory=list)
    reports: dict[str, dict] = field(default_factory=dict)      # new reports by report_id
    indicators: dict[str, dict] = field(default_factory=dict)   # new indicators by key
    skipped_rows: list[int] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)       # hold the file until confirmed (plausibility)
    notes: list[Problem] = field(default_factory=list)          # said, not held: how a guessed header was read

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def ext(self) -> str:
        return "xlsx" if self.data.startswith(ZIP_MAGIC) else "csv"

    @property
    def problems(self) -> list[Problem]:
        return self.file_problems + self.row_problems

    @property
    def rows_in(self) -> int:
        return len(self.table.rows) if self.table else 0

    def row_status(self) -> dict[int, str]:
        """Each source row's status; a row with a rate fact takes its most notable one."""
        order = ("rejected", "changed", "new", "unchanged")
        out: dict[int, str] = {}
        for e in self.entries:
            if e.row not in out or order.index(e.status) < order.index(out[e.row]):
                out[e.row] = e.status
        return out

    def rows(self, status: str) -> list[int]:
        return sorted(r for r, s in self.row_status().items() if s == status)

    def counts(self) -> dict[str, int]:
        st = self.row_status()
        return {s: sum(1 for v in st.values() if v == s) for s in STATUSES}

    def to_load(self, options: Options) -> list[Entry]:
        keep = ("new", "changed") if options.accept_conflicts else ("new",)
        return [e for e in self.entries if e.status in keep]

    def verdict(self, options: Options) -> str:
        """rejected | conflict | confirm | nothing | load."""
        if self.file_problems or not self.table:
            return "rejected"
        if self.row_problems and (not options.only_valid or not any(e.status != "rejected" for e in self.entries)):
            return "rejected"
        if any(e.status == "changed" for e in self.entries) and not options.accept_conflicts:
            return "conflict"
        if self.warnings and not options.confirm_warnings and self.to_load(options):
            return "confirm"
        return "load" if self.to_load(options) else "nothing"


def _same(a: dict, b: dict) -> bool:
    def eq(x, y):
        if x is None or y is None:
            return x is None and y is None
        return math.isclose(float(x), float(y), rel_tol=1e-9, abs_tol=1e-9)

    return (eq(a["value"], b["value"]) and eq(a["value_max"], b["value_max"])
            and a["qualifier"] == b["qualifier"] and a["unit"] == b["unit"])


def plan_file(data: bytes, name: str, ctx: Context, options: Options, skip_rows=()) -> Plan:
    table, read_problems = read_table(data, name)
    plan = Plan(name, data, table, notes=list(table.notes) if table else [])
    stray: dict[int, Problem] = {}          # a row's own reading problem (cells outside the headers)
    for p in read_problems:                 # one pass: no list scanned once per problem (issue #22, item 15)
        if table is None or p.row is None or p.row == 1:
            plan.file_problems.append(p)
        else:
            stray[p.row] = p
    if table is None or not set(REQUIRED_COLUMNS) <= set(table.columns) \
            or not set(REGION_COLUMNS) & set(table.columns):
        return plan
    checker = RowChecker(ctx, options, name)
    checked: list[Checked] = []
    for row, values in table.rows:
        if row in skip_rows:
            plan.skipped_rows.append(row)
            continue
        c = checker.check(row, values)
        if row in stray:
            c.problems.insert(0, stray[row])
        checked.append(c)
    _prefetch(checked, ctx)
    _cross_checks(checked, ctx, name)
    _classify(plan, checked, ctx)
    plan.warnings = plausibility.warnings(plan, ctx)
    if table.hidden_rows:       # figures nobody looking at the sheet would see: loaded only when confirmed
        plan.warnings.insert(0, Problem.of(name, table.hidden_rows[0], None, None, "msg_hidden_rows", "hint_hidden_rows",
                                           sheet=table.sheet, n=len(table.hidden_rows),
                                           rows="、".join(map(str, table.hidden_rows[:10]))))
    for hidden in table.hidden_sheets:   # the sheet a 数据 name points at is hidden: say which sheet was read instead
        plan.warnings.insert(0, Problem.of(name, None, None, None, "msg_hidden_data_sheet", "hint_hidden_data_sheet",
                                           hidden=hidden, sheet=table.sheet))
    return plan


def _prefetch(checked: list[Checked], ctx: Context) -> None:
    """Every existing figure the file's rows can meet, in one query: their own keys (conflicts) and the
    numerators and denominators of their rate pairs."""
    keys = set()
    for c in checked:
        for f in c.facts:
            rid, region, org, ind, period = fact_key(f)
            keys.add((rid, region, org, ind, period))
            for pair in ctx.pairs:
                if ind in (pair["numerator_key"], pair["denominator_key"]):
                    keys.update((rid, region, org, k, period) for k in (pair["numerator_key"], pair["denominator_key"])
                                if k)
    ctx.facts.prefetch(keys)


def _reject(c: Checked, problem: Problem) -> None:
    c.problems.append(problem)
    c.facts = []


def _cross_checks(checked: list[Checked], ctx: Context, file: str) -> None:
    reports: dict[str, tuple[int, dict]] = {}
    indicators: dict[str, tuple[int, dict]] = {}
    seen: dict[tuple, tuple[int, dict]] = {}
    for c in checked:
        if c.problems:
            continue
        r = c.report
        first = reports.setdefault(text_key(r["title_zh"]), (c.row, r))
        if first[1]["report_id"] != r["report_id"]:
            col = "publisher" if first[1].get("publisher") != r.get("publisher") else "published_on"
            _reject(c, Problem.of(file, c.row, col, c.values.get(col, ""), "msg_same_title_other_publisher",
                                  "hint_same_publisher_and_date", row=first[0]))
            continue
        if c.new_indicator:
            ni = c.new_indicator
            got = indicators.setdefault(ni["indicator_key"], (c.row, ni))
            if (got[1]["unit"], got[1]["category"]) != (ni["unit"], ni["category"]):
                _reject(c, Problem.of(file, c.row, "new_indicator_unit", ni["unit"], "msg_new_indicator_differs",
                                      "hint_make_rows_agree", row=got[0]))
                continue
        for f in c.facts:
            k = fact_key(f)
            if k in seen:
                prev_row, prev = seen[k]
                message, col = (("msg_duplicates_row", None) if _same(prev, f)
                                else ("msg_same_figure_other_value", "value"))
                _reject(c, Problem.of(file, c.row, col, c.values.get(col or "indicator", ""), message,
                                      "hint_delete_or_tell_apart", row=prev_row))
                break
            seen[k] = (c.row, f)
    _numerator_checks(checked, ctx, file)


def _numerator_checks(checked: list[Checked], ctx: Context, file: str) -> None:
    """A numerator above its denominator (indicator_pair), using the file's figures over existing ones."""
    mine = {fact_key(f): (c, f) for c in checked if not c.problems for f in c.facts}

    def lookup(key):
        if key in mine:
            return mine[key][1]["value"], mine[key][0]
        old = ctx.facts.get(key)
        return (old[0]["value"], None) if old else (None, None)

    done = set()
    for (rid, region, org, ind, period), (_c, _f) in list(mine.items()):
        for pair in ctx.pairs:
            group = (rid, region, org, period, pair["rate_key"])
            if ind not in (pair["numerator_key"], pair["denominator_key"]) or group in done:
                continue
            done.add(group)
            num, num_c = lookup((rid, region, org, pair["numerator_key"], period))
            if pair["denominator_from"] == "figure":
                den, den_c = lookup((rid, region, org, pair["denominator_key"], period))
                den_label = ctx.indicator_label(pair["denominator_key"])
                den_en = ctx.indicator_label_en(pair["denominator_key"])
            else:
                den, den_c = ctx.prefectures.get(ctx.index.get(region)["province_code"]), None
                den_label, den_en = "该省地级行政区数", "the province's prefecture-level regions"
            target = num_c or den_c
            if num is None or den is None or num <= den or target is None or target.problems:
                continue
            _reject(target, Problem.of(
                file, target.row, "value", target.values.get("value", ""), "msg_numerator_exceeds",
                "hint_check_both_values", num_label=ctx.indicator_label(pair["numerator_key"]),
                num_en=ctx.indicator_label_en(pair["numerator_key"]), num=f"{num:g}", den_label=den_label,
                den_en=den_en, den=f"{den:g}"))


def _classify(plan: Plan, checked: list[Checked], ctx: Context) -> None:
    for c in checked:
        if c.problems:
            plan.row_problems.extend(c.problems)
            plan.entries.append(Entry(c.row, "rejected", values=c.values))
            continue
        if not c.report["existing"]:
            plan.reports.setdefault(c.report["report_id"], c.report)
        if c.new_indicator:
            plan.indicators.setdefault(c.new_indicator["indicator_key"], c.new_indicator)
        for f in c.facts:
            old = ctx.facts.get(fact_key(f), [])
            status = "new" if not old else ("unchanged" if all(_same(o, f) for o in old) else "changed")
            plan.entries.append(Entry(c.row, status, f, list(old), c.values))
