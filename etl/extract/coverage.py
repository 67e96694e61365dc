"""n-of-N statements: which count is the whole and which the part, and the rate they make.

    (synthetic examples, in our own words)
    某区120个小区中已有90个成立业委会，占75%       N = 120, n = 90, stated rate 75 = 90/120 → consistent
    共有40家物业公司，其中22家建了党支部，覆盖率55%   N = 40, n = 22, 55 = 22/40 → consistent
    建成18个，占应建数20个的90%                   n = 18, N = 20 (after 占), 90 = 18/20
    全区80个小区均已建立党组织                     N = 80, n implied = N (均已): coverage 100 %

Every pairing is proposed with the rate computed from it and, where the report states a rate, whether the two
agree (within half a point, as reports round); the analyst confirms it in review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PART = re.compile(r"(其中|中|当中|内|里)(?:有|已有|已|共|共有)?[，,]?\s*$")    # 118个小区中 | 其中
_OF = re.compile(r"占(?:应(?:成立|建|组建)数?|总数|全部|全市|全区|全省)?\s*$")
_ALL = re.compile(r"(?:已|均|都)?(?:全部|全面|均已|100%|百分之百)(?:建立|成立|组建|实现|覆盖|建有)|实现(?:了)?.{0,8}全覆盖|全覆盖")
TOLERANCE = 0.6


@dataclass
class Pairing:
    links: dict = field(default_factory=dict)      # numerator / denominator / rate_of → index of the other figure
    computed_rate: float | None = None
    rate_check: str | None = None                  # consistent | inconsistent | None (nothing to check)
    implied_full: bool = False                     # 全部建立: the part equals the whole
    reason: str = ""


def pair(text: str, figures: list, sentence_of) -> list[Pairing]:
    """One Pairing per figure (``figures``: objects with clean_start, clean_end, value, unit, in text order;
    ``sentence_of(i)``: the (start, end) of figure i's sentence)."""
    out = [Pairing() for _ in figures]
    counts = [i for i, f in enumerate(figures) if f.unit != "%"]
    for i, f in enumerate(figures):
        lo, hi = sentence_of(i)
        if f.unit == "%":
            _rate(text, figures, i, lo, out)
            continue
        after = text[f.clean_end:min(hi, f.clean_end + 24)]
        if _ALL.search(after[:16]):
            out[i].implied_full = True
            out[i].reason = "全部: every one of them"
        # 118个小区中 … 91个 / 35家物业服务公司，其中19家
        nxt = [j for j in counts if j > i and lo <= figures[j].clean_start < hi]
        for j in nxt[:2]:
            between = text[f.clean_end:figures[j].clean_start]
            g = figures[j]
            if (_PART.search(between) or "其中" in between) and g.value <= f.value and _same_kind(f, g):
                out[i].links["part"] = j
                out[j].links["denominator"] = i
                out[j].computed_rate = round(100 * g.value / f.value, 2) if f.value else None
                out[j].reason = f"part of the {f.value:g} before it"
                break
        # 27个，占应成立数30个的90%
        before = text[max(lo, f.clean_start - 12):f.clean_start]
        if _OF.search(before):
            prev = [j for j in counts if j < i and figures[j].clean_start >= lo]
            if prev and figures[prev[-1]].value <= f.value:
                j = prev[-1]
                out[j].links["denominator"] = i
                out[i].links["part"] = j
                out[j].computed_rate = round(100 * figures[j].value / f.value, 2) if f.value else None
                out[j].reason = f"占 … {f.value:g}: part of it"
    return out


def _rate(text: str, figures: list, i: int, lo: int, out: list[Pairing]) -> None:
    f = figures[i]
    prev = [j for j in range(i) if figures[j].unit != "%" and figures[j].clean_start >= lo - 40]
    if not prev:
        return
    # the part nearest before the rate, and its whole if the sentence pairs them
    for j in reversed(prev):
        whole = out[j].links.get("denominator")
        if whole is not None:
            computed = out[j].computed_rate
            out[i].links.update(rate_of=j, numerator=j, denominator=whole)
            out[i].computed_rate = computed
            out[i].rate_check = _check(computed, f.value)
            out[i].reason = f"{figures[j].value:g} of {figures[whole].value:g}"
            return
    j = prev[-1]
    out[i].links["rate_of"] = j
    if out[j].implied_full and abs(f.value - 100) < TOLERANCE:
        out[i].rate_check = "consistent"
        out[i].reason = "全部 with 100%"


def _check(computed: float | None, stated: float) -> str | None:
    if computed is None:
        return None
    return "consistent" if abs(computed - stated) <= TOLERANCE else "inconsistent"


def _same_kind(a, b) -> bool:
    people = {"人", "名", "位"}
    return (a.unit in people) == (b.unit in people)
