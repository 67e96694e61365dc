"""Dates as reports give them: whole or partial (2017-10, 2022)."""

from __future__ import annotations

import datetime as dt


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
