"""Which catalogue indicator (and comparable concept) a candidate's words name, if any.

Matches the label the extractor proposes (the words that say what is counted) against every indicator's
name and synonyms and every concept's name: containment first (the label holds a synonym, or the reverse),
then similarity. A match must agree in kind of unit (a % only for a rate). Below the threshold the
candidate keeps its proposed label and no indicator: the analyst decides in review.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from core.settings import DATA_DIR

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

    def concept_by_cues(self, context: str, unit: str | None) -> str | None:
        """The concept whose cue (a pattern kept in concepts.csv) the words around a figure carry, among
        those whose unit fits; the most specific (longest match) wins."""
        best = None
        for key, r in self.concepts.items():
            cue = r.get("cues") or ""
            if not cue or not self._unit_ok(None, key, unit):
                continue
            m = re.search(cue, context)
            if m and (best is None or len(m.group(0)) > best[0]):
                best = (len(m.group(0)), key)
        return best[1] if best else None

    def indicator_of(self, concept: str | None, unit: str | None = None) -> str | None:
        """The catalogue indicator for a concept: the one that maps to it, or among several the one whose
        unit is the figure's; None when that still leaves a choice."""
        keys = [k for k, r in self.indicators.items() if r.get("concept_key") == concept]
        if len(keys) > 1 and unit:
            keys = [k for k in keys if self.indicators[k]["unit"] == unit] or keys
        return keys[0] if len(keys) == 1 else None

    def match(self, label: str, unit: str | None, context: str = "") -> Match:
        """By the names and synonyms of indicators (the label, then the phrase around the figure, by
        similarity: no loose containment of short words), else by the concept cues in ``context``."""
        label = (label or "").strip()
        named = self._by_name(label, unit, context) if len(label) >= 2 or context else None
        if named and named.indicator:
            return named
        concept = self.concept_by_cues(context or label, unit)
        if concept:
            return Match(self.indicator_of(concept, unit), concept, 90.0)
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
