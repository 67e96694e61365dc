"""English names of organisations and subjects, where the catalogue has them (#22, item 13).

Reports name the bodies they count in Chinese only: 三明市直机关工委, 呼和浩特市物业行业, 非公企业. Most are a
place and a kind of body. ``data/reference/organization_terms.csv`` names the kinds in English; a name that
is a kind alone, or a place of the figure's own region (or its city or province) followed by a kind, has an
English name made of the two: Sanming Municipal Organs Work Committee. Anything else — a subdistrict, a
residential compound, a project — has no English name here, and the English UI shows it as written, marked
as the original name. Nothing is transliterated or guessed.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable

from core.settings import PROJECT_ROOT

TERMS_CSV = PROJECT_ROOT / "data" / "reference" / "organization_terms.csv"
_QUOTES = str.maketrans("", "", "“”\"'‘’「」")
_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "新区", "省", "市",
             "县", "区", "旗", "盟")


@functools.cache
def terms() -> dict[str, str]:
    with TERMS_CSV.open(encoding="utf-8", newline="") as fh:
        return {r["term_zh"].translate(_QUOTES): r["name_en"] for r in csv.DictReader(fh) if r["term_zh"]}


def _forms(zh: str) -> list[str]:
    """三明市 → [三明市, 三明]: the place as written and without its unit word."""
    out = [zh]
    for s in _SUFFIXES:
        if zh.endswith(s) and len(zh) - len(s) >= 2:
            out.append(zh[: -len(s)])
            break
    return out


def english(name_zh: str | None, places: Iterable[tuple[str | None, str | None]] = ()) -> str | None:
    """The English name of an organisation, or None when the catalogue cannot make one.

    ``places`` are (zh, en) names of the figure's region and the regions above it; a leading place must be
    one of them (the place a figure belongs to, not any place that happens to share a name)."""
    if not name_zh:
        return None
    name = str(name_zh).strip().translate(_QUOTES)
    table = terms()
    if name in table:
        en = table[name]
        return en[:1].upper() + en[1:]
    prefixes = sorted(((form, en) for zh, en in places if zh and en for form in _forms(str(zh))),
                      key=lambda p: -len(p[0]))
    for form, en in prefixes:
        if name.startswith(form) and name[len(form):] in table:
            return f"{en} {table[name[len(form):]]}"
    return None
