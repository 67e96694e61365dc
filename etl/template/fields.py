"""Cell values that stand alone: dates, units, generated keys and ids, text as written."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata

from core.numbers import UNIT_ALIASES

MULTIPLIERS = {"百": 100, "千": 1000, "万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_DATE = re.compile(r"(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?)?\s*年?")


def parse_date(text: str, today: dt.date | None = None) -> str:
    """'2023/3/21', '2023年3月', '2023' → '2023-03-21', '2023-03', '2023'. ValueError if malformed."""
    if today is None:
        return _parse_date_today(text, dt.date.today())
    return _parse_date(text, today)


@functools.lru_cache(maxsize=4096)
def _parse_date_today(text: str, today: dt.date) -> str:
    return _parse_date(text, today)


def _parse_date(text: str, today: dt.date) -> str:
    t = unicodedata.normalize("NFKC", text).strip()
    m = _DATE.fullmatch(t)
    if not m:
        raise ValueError(t)
    y, mo, d = int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None
    date = dt.date(y, mo or 1, d or 1)          # raises ValueError for 2023-02-30 and month 13
    if y < 1921 or date > (today or dt.date.today()):
        raise ValueError(t)
    return f"{y:04d}" + (f"-{mo:02d}" if mo else "") + (f"-{d:02d}" if d else "")


def parse_unit(text: str) -> tuple[float, str]:
    """'万元' → (10000, '元'); '名' → (1, '人'); '%' → (1, '%')."""
    t = unicodedata.normalize("NFKC", text).strip()
    mult = 1.0
    while len(t) > 1 and t[0] in MULTIPLIERS:
        mult *= MULTIPLIERS[t[0]]
        t = t[1:]
    return mult, UNIT_ALIASES.get(t, t)


def new_indicator_key(name: str) -> str:
    return "x_" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]


def report_id_for(title: str, publisher: str, published_on: str) -> str:
    return "a" + hashlib.sha256(f"{title}|{publisher}|{published_on}".encode()).hexdigest()[:10]


def as_written(text: str) -> str:
    """Titles and publishers are stored as the analyst wrote them, only whitespace tidied."""
    return re.sub(r"\s+", " ", str(text or "").replace("\u3000", " ")).strip()
