"""``etl verify --sources DIR``: every fact's offsets point at its figure in the source text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from core import location, units
from core.numbers import find_quantities
from core.sources import SourceLibrary
from core.text import strip_pinyin_annotations, to_simplified


@dataclass(frozen=True)
class Mismatch:
    fact_id: str
    report_id: str
    reason: str
    file: str | None = None      # the report's source file

    def format(self) -> str:
        where = f"report {self.report_id}" + (f", {self.file}" if self.file else "")
        return f"{self.fact_id} ({where}): {self.reason}"


MAX_SPAN = 40          # characters: a span holds the figure, not a sentence
CONTEXT = 4            # characters either side read for a qualifier written just outside the span (千万元以上)
# measure words that count the same kind of thing (5家企业 is 5个企业); any other pair must match exactly
COUNTING_WORDS = {"个", "家", "所", "座", "处", "幢", "栋"}
CLASSIFIERS = COUNTING_WORDS | {"支"}     # what the generic 个 may be written for (58个突击队 = 58支)


def _clean(text: str) -> str:
    return to_simplified(strip_pinyin_annotations(text))


def span_holds_value(span: str, value: float, value_max: float | None = None) -> bool:
    """True when a quantity read from ``span`` equals ``value`` (and ``value_max`` for ranges)."""
    return _matching(find_quantities(_clean(span)), value, value_max) is not None


def _matching(quantities, value: float, value_max: float | None):
    for q in quantities:
        if abs(q.value - value) < 1e-6 and (value_max is None or q.value_max == value_max):
            return q
    return None


def _units_agree(written: str | None, stored: str | None, after: str = "") -> bool:
    """The span's measure word agrees with the stored unit: the same (after aliases: 名 is 人), two
    counting words (5家 = 5个), or the generic 个 before a noun that is the unit (7个步骤 in 步)."""
    if not written or not stored or written == stored:
        return True
    if len(stored) > 1 and stored.startswith(written):      # 平方米, 人次: the parser reads one character
        return True
    if written == "个" and (after.startswith(stored) or stored in CLASSIFIERS):   # 个 stands in for 支, 家 …
        return True
    return units.same_kind(written, stored) or (written in COUNTING_WORDS and stored in COUNTING_WORDS)


_CLAUSE_END = re.compile(r"[，。；！？、,;!?\n]")
_QUALIFIER_WORDS = {"至少": "at_least", "不少于": "at_least", "不低于": "at_least", "超过": "more_than",
                    "逾": "more_than", "超": "more_than", "多于": "more_than", "约": "approx", "大约": "approx",
                    "近": "approx", "将近": "approx"}
_PEOPLE = re.compile(r"^(?:居民|党员|群众|职工|干部|农民工|人口|学生|业主)")     # 230多万居民: people, counted in 人
_HALF = re.compile(r"一半")


def _clause_qualifiers(text: str, start: int) -> set[str]:
    """Qualifiers written earlier in the span's clause (每年至少为全体党员讲1次 → at_least)."""
    head = _clean(text[max(0, start - 30):start])
    head = _CLAUSE_END.split(head)[-1]
    return {q for w, q in _QUALIFIER_WORDS.items() if w in head}


def check_fact(text: str, start: int, end: int, value: float, value_max: float | None, unit: str | None,
               qualifier: str, implied: bool) -> str | None:
    """Why the span does not hold the stored figure, or None when it does: the value, the unit it is
    counted in (26项 is not 26篇), the qualifier (90余 is not exact) and a span no wider than the figure."""
    if end - start > MAX_SPAN:
        return f"span {start}-{end} is {end - start} characters: wider than a figure ({MAX_SPAN} at most)"
    span = _clean(text[start:end])
    if unit == "%" and abs(value - 50) < 1e-9 and _HALF.search(span):
        return None                                  # 超过一半: half, more than half (qualifier in the words)
    q = _matching(find_quantities(span), value, value_max)
    if q is None:
        return f"text at {start}-{end} does not hold the value {value:g}"
    rest = span[span.find(q.unit) if q.unit and q.unit in span else len(span):]
    if unit == "人" and _PEOPLE.match(rest):
        pass
    elif q.unit == "部" and rest.startswith("部门") and unit == "个":
        pass                                         # 10部门: ten departments
    elif not _units_agree(q.unit, unit, _clean(text[end:end + 4])):
        return f"text at {start}-{end} counts {q.unit}, the figure is stored in {unit}"
    if implied:
        return None      # the qualifier of an implied figure comes from wording (全部), not the number
    around = _clean(text[max(0, start - CONTEXT):min(len(text), end + CONTEXT)])
    wide = _matching(find_quantities(around), value, value_max)
    written = {q.qualifier, wide.qualifier if wide else q.qualifier}
    if q.qualifier == "exact":
        written |= _clause_qualifiers(text, start) | {q2 for w, q2 in _QUALIFIER_WORDS.items() if span.startswith(w)}
    if qualifier not in written:
        return f"text at {start}-{end} reads as {'/'.join(sorted(written))}, the figure is stored as {qualifier}"
    return None


def unverifiable(warehouse: Path) -> list[tuple[str, str]]:
    """(fact_id, report_id) of every fact whose report registers no source text: nothing to check it
    against (analyst data typed from elsewhere). The dashboard marks these figures."""
    con = location.parse(warehouse).connect(read_only=True)
    try:
        return con.execute("""SELECT f.fact_id, f.report_id FROM fact f JOIN dim_report r USING (report_id)
                              WHERE r.sha256 IS NULL ORDER BY f.fact_id""").fetchall()
    finally:
        con.close()



def verify(warehouse: Path, sources) -> tuple[int, list[Mismatch]]:
    """Returns (facts checked, mismatches). Facts without offsets, or whose report registers no
    sha256 (analyst data), cannot be checked and are skipped; see ``unverifiable``."""
    library = SourceLibrary(sources)
    con = location.parse(warehouse).connect(read_only=True)
    try:
        facts = con.execute("""
            SELECT f.fact_id, f.report_id, r.sha256, r.source_file, f.value, f.value_max,
                   f.char_start, f.char_end, f.unit, f.qualifier, f.implied
            FROM fact f JOIN dim_report r USING (report_id)
            WHERE r.sha256 IS NOT NULL ORDER BY f.fact_id""").fetchall()
        mentions = con.execute("""
            SELECT m.report_id, m.char_start, m.char_end, r.sha256, g.short_name_zh, g.name_zh
            FROM region_mention m JOIN dim_report r USING (report_id)
            JOIN dim_region g USING (region_code)
            WHERE r.sha256 IS NOT NULL""").fetchall()
    finally:
        con.close()
    bad: list[Mismatch] = []
    for fact_id, report_id, sha, source_file, value, value_max, start, end, unit, qualifier, implied in facts:
        if start is None or end is None:
            bad.append(Mismatch(fact_id, report_id, "no offsets: a figure of a report with a source text "
                                                    "must point at its characters", source_file))
            continue
        text = library.text(sha) if sha else None
        if text is None:
            bad.append(Mismatch(fact_id, report_id, f"no file with sha256 {sha} in the source folders", source_file))
            continue
        if end > len(text):
            bad.append(Mismatch(fact_id, report_id, f"offsets {start}-{end} beyond the text ({len(text)} chars)",
                                source_file))
            continue
        reason = check_fact(text, start, end, value, value_max, unit, qualifier, implied)
        if reason:
            bad.append(Mismatch(fact_id, report_id, reason, source_file))
    for report_id, start, end, sha, short, full in mentions:
        text = library.text(sha)
        span = to_simplified(text[start:end]) if text else ""
        if short not in span and full not in span:
            bad.append(Mismatch(f"mention:{full}", report_id, f"text at {start}-{end} does not name {full}"))
    return len(facts) + len(mentions), bad
