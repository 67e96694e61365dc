"""Which catalogue indicator (and comparable concept) a candidate's words name, if any, by the names and
synonyms of indicators and the names of concepts (similarity of the label, then of the phrase around the
figure). A match must agree in kind of unit (a % only for a rate). It is one vote among the concept cues
(``etl.extract.concepts``); below the threshold the candidate keeps its proposed label and no indicator.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from core.settings import DATA_DIR
from etl.template.context import canonical_indicator

THRESHOLD = 82
COUNTING = {"个", "家", "所", "座", "处", "幢", "栋", "支", "项"}


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass(frozen=True)
class Match:
    indicator: str | None
    concept: str | None
    score: float


class Catalogue:
    def __init__(self, indicators: list[dict], concepts: list[dict]):
        self.indicators = {r["indicator_key"]: r for r in indicators}
        self.concepts = {r["concept_key"]: r for r in concepts}
        self._names: list[str] = []
        self._keys: list[tuple[str | None, str | None]] = []     # (indicator, concept) per name
        for key, r in self.indicators.items():
            for name in [r["name_zh"], *(r.get("synonyms") or "").split("|")]:
                if name.strip():
                    self._names.append(name.strip())
                    self._keys.append((key, r.get("concept_key") or None))
        for key, r in self.concepts.items():
            self._names.append(r["name_zh"])
            self._keys.append((None, key))

    @classmethod
    def from_reference(cls, data_dir: Path = DATA_DIR) -> Catalogue:
        ref = Path(data_dir) / "reference"
        return cls(read_rows(ref / "indicators.csv"), read_rows(ref / "concepts.csv"))

    def _unit_ok(self, indicator: str | None, concept: str | None, unit: str | None) -> bool:
        want = (self.indicators[indicator]["unit"] if indicator else self.concepts[concept]["unit"]) if (
            indicator or concept) else None
        if not want or not unit:
            return True
        if (want == "%") != (unit == "%"):
            return False
        return want == unit or (want in COUNTING and unit in COUNTING) or {want, unit} <= {"人", "名"}

    def indicator_of(self, concept: str | None, unit: str | None = None) -> str | None:
        """The catalogue indicator for a concept (``etl.template.context.canonical_indicator``)."""
        name = self.concepts[concept]["name_zh"] if concept in self.concepts else None
        return canonical_indicator(self.indicators, concept, name, unit)

    def match(self, label: str, unit: str | None, context: str = "") -> Match:
        """By the names and synonyms of indicators (the label, then the phrase around the figure, by
        similarity: no loose containment of short words)."""
        label = (label or "").strip()
        named = self._by_name(label, unit, context) if len(label) >= 2 or context else None
        return named or Match(None, None, 0.0)

    def _by_name(self, label: str, unit: str | None, context: str) -> Match | None:
        hit = process.extractOne(label, self._names, scorer=fuzz.ratio, score_cutoff=THRESHOLD)
        if hit is None and context:   # the whole phrase around the figure against names of four characters or more
            hit = process.extractOne(context, [n if len(n) >= 4 else "\0" for n in self._names],
                                     scorer=fuzz.partial_ratio, score_cutoff=90)
        best = (hit[1], hit[2]) if hit else None
        if best is None:
            return None
        indicator, concept = self._keys[best[1]]
        if not self._unit_ok(indicator, concept, unit):
            return None
        return Match(indicator, concept, round(best[0], 1))
