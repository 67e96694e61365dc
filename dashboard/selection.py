"""What a click on a chart point points at, carried in the point's customdata and in the URL.

A point encodes either the exact figures behind it (fact ids) or, for aggregates too large to
list, the indicator / region / category it stands for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_FACT_IDS = 50
PARAMS = {"fact_ids": "facts", "indicator": "s_indicator", "region": "s_region", "category": "s_category"}


@dataclass(frozen=True)
class Selection:
    fact_ids: tuple[str, ...] = field(default_factory=tuple)
    indicator: str | None = None
    region: str | None = None
    category: str | None = None

    def is_empty(self) -> bool:
        return not (self.fact_ids or self.indicator or self.region or self.category)

    def encode(self) -> str:
        """Compact customdata string: f=id,id|i=key|r=code|c=category."""
        parts = []
        if self.fact_ids:
            parts.append("f=" + ",".join(self.fact_ids[:MAX_FACT_IDS]))
        for tag, v in (("i", self.indicator), ("r", self.region), ("c", self.category)):
            if v:
                parts.append(f"{tag}={v}")
        return "|".join(parts)

    @classmethod
    def decode(cls, text: Any) -> Selection:
        if isinstance(text, list | tuple):
            text = text[0] if text else ""
        got: dict[str, str] = {}
        for part in str(text or "").split("|"):
            tag, _, v = part.partition("=")
            if v:
                got[tag] = v
        ids = tuple(x for x in got.get("f", "").split(",") if x)[:MAX_FACT_IDS]
        return cls(ids, got.get("i"), got.get("r"), got.get("c"))

    def merge(self, other: Selection) -> Selection:
        """Several clicked points: the union of their figures, and what they have in common."""
        if self.is_empty():
            return other
        if other.is_empty():
            return self
        ids = tuple(dict.fromkeys(self.fact_ids + other.fact_ids))[:MAX_FACT_IDS]

        def common(a, b):
            return a if a == b else None

        return Selection(ids, common(self.indicator, other.indicator), common(self.region, other.region),
                         common(self.category, other.category))

    def to_query_params(self) -> dict[str, str]:
        out = {}
        if self.fact_ids:
            out["facts"] = ",".join(self.fact_ids)
        for attr in ("indicator", "region", "category"):
            if getattr(self, attr):
                out[PARAMS[attr]] = getattr(self, attr)
        return out

    @classmethod
    def from_query_params(cls, params: Any) -> Selection:
        def one(k):
            v = params.get(k)
            if isinstance(v, list | tuple):
                v = v[-1] if v else None
            return str(v)[:80] if v else None

        ids = tuple(x.strip() for x in (one("facts") or "").split(",") if x.strip())[:MAX_FACT_IDS]
        return cls(ids, one(PARAMS["indicator"]), one(PARAMS["region"]), one(PARAMS["category"]))


def from_points(points: list[dict]) -> Selection:
    """The union of what the clicked points stand for."""
    sel = Selection()
    for p in points or []:
        cd = p.get("customdata")
        if isinstance(cd, list | tuple):
            cd = next((c for c in cd if isinstance(c, str) and "=" in c), None)
        if cd:
            sel = sel.merge(Selection.decode(cd))
    return sel
