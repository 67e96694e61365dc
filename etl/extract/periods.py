"""When a figure holds: the date or year the text gives near it, else the publication date, else unknown.

``time_phrases`` finds every time expression of a (cleaned) text: a date or year (截至2023年底, 2021年6月,
2019年), a relative one (今年以来, 去年底, 截至目前). A figure takes the nearest one before it in its sentence, then
in the sentence before (a date opening a paragraph governs it); what it finds is given as written, as the
period of the template, and ``core.dates.reference_date`` turns it into the date it refers to, as every write
does. Spans of time (三年来, 近年来, 2021—2023年) say how long, not when, and are not periods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.dates import reference_date

_Y = r"(?:19|20)\d{2}"
_TIME = re.compile(
    rf"(?P<p>(?:截至|截止|截止到|截至到|到|至|至今|自)?\s*)"
    rf"(?P<t>{_Y}\s*年\s*(?:\d{{1,2}}\s*月\s*(?:\d{{1,2}}\s*日)?|(?:上|下)半年|年?底|年?末|初|前|以来|度|全年)?"
    rf"(?:底|末|以来)?"
    rf"|{_Y}[-/.]\d{{1,2}}(?:[-/.]\d{{1,2}})?"
    rf"|(?:今年|去年|上年|本年)\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?(?:底|末|份)?"
    rf"|今年(?:以来|上半年|前三季度|一季度)?|去年(?:底|年底|以来)?|上年(?:底|末)?|本年|年内|目前|当前|现在|截至目前|至今)")
_SPAN = re.compile(rf"^(?:\s*[—–\-~～至到]\s*{_Y}|\s*年?来)")          # 2021—2023年, 2021年来: a span, not a date
_BASELINE = re.compile(r"(?:比|较|同比|与|和|相比|对比)\s*$")


@dataclass(frozen=True)
class TimePhrase:
    start: int
    end: int
    text: str            # as written: 截至2023年底


def time_phrases(text: str) -> list[TimePhrase]:
    out = []
    for m in _TIME.finditer(text):
        t = m.group("t")
        if not t:
            continue
        prev = text[m.start() - 1] if m.start() else ""
        if re.match(_Y, t) and (_SPAN.match(text[m.end():m.end() + 6]) or (prev and prev in "—–-~～")):
            continue
        if _BASELINE.search(text[max(0, m.start() - 3):m.start()]) or text[m.end():m.end() + 2] == "相比":
            continue                                 # 比2019年底净增: the baseline of a change, not the period
        out.append(TimePhrase(m.start(), m.end(), m.group(0).strip()))
    return out


@dataclass(frozen=True)
class Period:
    period: str | None          # as written near the figure, for the template's period column
    ref_date: str | None        # what it refers to (core.dates.reference_date)
    ref_year: int | None
    basis: str                  # stated | published | inferred | unknown
    reason: str


def period_of(phrases: list[TimePhrase], start: int, sentence: tuple[int, int], prev_sentence_start: int | None,
              published_on: str | None, published_status: str | None) -> Period:
    """The period of the figure at ``start`` whose sentence is ``sentence``: the nearest time phrase before it in
    the sentence (or right after it in the same sentence, as in 党员47.6万名（2016年底）), else the last one of
    the sentence before; else the publication date."""
    lo, hi = sentence
    before = [p for p in phrases if lo <= p.start and p.end <= start]
    chosen = before[-1] if before else None
    where = "sentence"
    if chosen is None and prev_sentence_start is not None:
        earlier = [p for p in phrases if prev_sentence_start <= p.start and p.end <= lo]
        if earlier and re.match(_Y, earlier[-1].text.lstrip("截至止到自 ")):
            chosen, where = earlier[-1], "sentence before"
    if chosen is not None:
        ref, basis = reference_date(chosen.text, published_on, published_status)
        if ref is None and re.search(r"目前|当前|现在|至今", chosen.text):
            return Period(chosen.text, None, None, "unknown", f"{where}: 「{chosen.text}」, no publication date")
        if basis in ("published", "inferred") and re.search(r"目前|当前|现在|至今", chosen.text):
            basis = "published"
        return Period(chosen.text, ref, int(ref[:4]) if ref else None, basis, f"{where}: 「{chosen.text}」")
    ref, basis = reference_date(None, published_on, published_status)
    if ref:
        return Period(None, ref, int(ref[:4]), basis, f"publication date {published_on}")
    # no publication date: the last year the text stated before the figure (a statistics release opens with it)
    earlier = [p for p in phrases if p.end <= start and re.match(_Y, p.text.lstrip("截至止到自 "))]
    if earlier:
        ref, _ = reference_date(earlier[-1].text, None, None)
        if ref:
            return Period(None, ref, int(ref[:4]), "inferred", f"earlier in the text: 「{earlier[-1].text}」")
    return Period(None, None, None, "unknown", "no date near the figure and no publication date")
