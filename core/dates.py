"""Dates as reports give them: whole or partial (2017-10, 2022)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata


def partial_date_start(text: str) -> str | None:
    """'2017-10' → '2017-10-01'; '2022' → '2022-01-01'; '' → None. Raises ValueError if malformed."""
    t = (text or "").strip()
    if not t:
        return None
    parts = t.split("-")
    if not (1 <= len(parts) <= 3) or not all(p.isdigit() for p in parts):
        raise ValueError(t)
    y, m, d = int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
    return dt.date(y, m, d).strftime("%Y-%m-%d")


# ------------------------------------------------------------------ the date a figure refers to

_YEAR = r"((?:19|20)\d{2})"
_STATED = [   # (pattern, how the match becomes an ISO date)
    (re.compile(_YEAR + r"\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"), lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"),
    (re.compile(_YEAR + r"\s*[-/.年]\s*(\d{1,2})\s*月?"), lambda m: f"{m[1]}-{int(m[2]):02d}"),
    (re.compile(_YEAR + r"\s*年?\s*(?:底|末|年底|年末)"), lambda m: f"{m[1]}-12"),
    (re.compile(_YEAR + r"\s*年?\s*上半年"), lambda m: f"{m[1]}-06"),
    (re.compile(_YEAR + r"\s*年?\s*(?:下半年|全年)"), lambda m: f"{m[1]}-12"),
    (re.compile(_YEAR), lambda m: m[1]),
]


def stated_date(period: str | None) -> str | None:
    """The date a period states itself (2099 → '2099', 2023年底 → '2023-12'), None when it states none."""
    ref, basis = reference_date(period, None, None)
    return ref if basis == "stated" else None


def later(a: str, b: str) -> bool:
    """Whether every day of the partial ISO date ``a`` comes after every day of ``b``: compared at the coarser
    precision ('2024-12' after '2024-05-01'; '2024' not after '2024-05-01')."""
    n = min(len(a), len(b))
    return a[:n] > b[:n]


# relative periods: (pattern, years back from the publication year, month or None)
_RELATIVE = [
    (re.compile(r"今年上半年|本年上半年"), 0, 6),
    (re.compile(r"去年底|去年年底|上年底|去年末"), 1, 12),
    (re.compile(r"去年|上年|上一年"), 1, None),
    (re.compile(r"今年|本年|年内"), 0, None),
]


def reference_date(period: str | None, published_on: str | None, published_status: str | None
                   ) -> tuple[str | None, str]:
    """(the date a figure refers to, its basis): stated in the period (截至2023年3月, 2019年底) → stated;
    a relative period (今年上半年) resolved against the publication date → stated when that date is
    confirmed, inferred when it is itself inferred; else the publication date → published / inferred;
    else (None, unknown). Never a guess beyond that."""
    text = unicodedata.normalize("NFKC", period or "").strip()
    for pattern, fmt in _STATED:
        m = pattern.search(text)
        if m:
            return fmt(m), "stated"
    pub = (published_on or "").strip()
    pub_year = pub[:4] if re.fullmatch(r"\d{4}(-\d{2}){0,2}", pub) else ""
    confirmed = (published_status or "") == "confirmed"
    if text and pub_year:
        m = re.search(r"(今年|本年|去年|上年)\s*(\d{1,2})\s*月", text)
        if m and 1 <= int(m.group(2)) <= 12:      # 今年6月底: the year from the publication date, the month stated
            year = str(int(pub_year) - (1 if m.group(1) in ("去年", "上年") else 0))
            return f"{year}-{int(m.group(2)):02d}", ("stated" if confirmed else "inferred")
        for pattern, back, month in _RELATIVE:
            if pattern.search(text):
                year = str(int(pub_year) - back)
                return (f"{year}-{month:02d}" if month else year), ("stated" if confirmed else "inferred")
    if pub_year:
        return pub, ("published" if confirmed else "inferred")
    return None, "unknown"
