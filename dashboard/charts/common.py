"""Small helpers the chart builders share."""

from __future__ import annotations

import textwrap
from typing import Any

from dashboard.selection import Selection


def wrap(text: str, lang: str, width_zh: int = 14, width_en: int = 30) -> str:
    """Break a long label into lines joined by <br> (CJK by characters, English by words)."""
    text = str(text)
    if lang == "en" or text.isascii():
        return "<br>".join(textwrap.wrap(text, width_en)) or text
    return "<br>".join(text[i:i + width_zh] for i in range(0, len(text), width_zh))


def as_list(v: Any) -> list:
    if v is None:
        return []
    if isinstance(v, float) and v != v:
        return []
    if hasattr(v, "tolist"):
        v = v.tolist()
    return [x for x in v if x is not None] if isinstance(v, list | tuple) else [v]


def customdata_for(row: Any, indicator_col: str = "indicator_key") -> str:
    """What a click on this row's mark should open: its figures, else its indicator and region."""
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    ids = tuple(str(x) for x in as_list(get("fact_ids")))
    if ids:
        return Selection(fact_ids=ids).encode()
    return Selection(indicator=get(indicator_col), region=get("region_code")).encode()




def scale_height(n_rows: int, row_px: int, base: int = 170, minimum: int = 320, maximum: int = 2400) -> int:
    return int(max(minimum, min(maximum, base + row_px * max(n_rows, 1))))
