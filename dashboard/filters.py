"""The sidebar filters, and their round trip through URL query parameters (a link reproduces the view)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

LANGS = ("zh", "en")
NO_PERIOD = "none"  # period filter value meaning "no period stated"

# Filters field -> URL query parameter
PARAM_NAMES = {"province": "province", "city": "city", "district": "district", "category": "category",
               "period": "period", "report_id": "report", "lang": "lang"}

_REGION = re.compile(r"^\d{6}$")
_REPORT = re.compile(r"^[\w.-]{1,40}$")


def _text(value: Any, limit: int = 80) -> str | None:
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if value is None:
        return None
    s = str(value).strip()
    return s[:limit] if s else None


@dataclass(frozen=True)
class Filters:
    province: str | None = None   # GB/T 2260 code of the province
    city: str | None = None       # code of the prefecture-level city
    district: str | None = None   # code of the county-level district
    category: str | None = None   # dim_indicator.category (Chinese key, e.g. 组织覆盖)
    period: str | None = None     # a fact period as stated, or NO_PERIOD
    report_id: str | None = None
    lang: str = "zh"

    def to_query_params(self) -> dict[str, str]:
        """Non-empty fields as query parameters; lang=zh is the default and is left out."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or (f.name == "lang" and value == "zh"):
                continue
            out[PARAM_NAMES[f.name]] = str(value)
        return out

    @classmethod
    def from_query_params(cls, params: Mapping[str, Any]) -> Filters:
        """Parse query parameters, silently dropping malformed values."""
        get = {name: _text(params.get(param)) for name, param in PARAM_NAMES.items()}
        lang = get["lang"] if get["lang"] in LANGS else "zh"
        regions = {k: (v if v and _REGION.match(v) else None) for k, v in get.items()
                   if k in ("province", "city", "district")}
        report = get["report_id"] if get["report_id"] and _REPORT.match(get["report_id"]) else None
        return cls(regions["province"], regions["city"], regions["district"], get["category"],
                   get["period"], report, lang)

    def with_(self, **changes: Any) -> Filters:
        return replace(self, **changes)

    @property
    def region_code(self) -> str | None:
        """The most specific region chosen."""
        return self.district or self.city or self.province

    def key(self) -> tuple:
        return tuple(asdict(self).values())

    def is_filtered(self) -> bool:
        """Whether anything other than the language narrows the view."""
        return any(v is not None for k, v in asdict(self).items() if k != "lang")
