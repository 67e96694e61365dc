"""What an intake validates against: the warehouse's current catalogue, reports and facts.

Read from a DuckDB connection (a private copy of the warehouse, or the build's new file), so a
file added after another sees the first one's reports, indicators and figures.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import duckdb
from rapidfuzz import fuzz, process

from core.regions import RegionIndex
from core.text import normalize_name

_INDEX_CACHE: dict[tuple, RegionIndex] = {}   # the regions rarely change: build the index once per process
FACT_FIELDS = ["fact_id", "report_id", "region_code", "org_id", "indicator_key", "value", "value_max",
               "unit", "qualifier", "period", "batch_id"]


def fact_key(f: dict) -> tuple:
    """The identity of a figure: same report, region, organization, indicator and period."""
    return (f["report_id"], f["region_code"], f["org_id"], f["indicator_key"], f["period"])


def text_key(text: str) -> str:
    return normalize_name(text).casefold()


class FactStore:
    """The warehouse's existing figures, looked up by identity (``fact_key``) for the keys a file touches.

    The intake used to load every fact into Python (1.4 GB at 1M facts, 4.3 GB at 3M). ``prefetch`` sends the
    file's keys to DuckDB as a table and joins: one scan of the fact table, and only matching rows come back.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection | None, preloaded: dict[tuple, list[dict]] | None = None):
        self._con = con
        self._found: dict[tuple, list[dict]] = defaultdict(list, preloaded or {})
        self._asked: set[tuple] = set(preloaded or ())

    @property
    def con(self) -> duckdb.DuckDBPyConnection | None:
        """The warehouse connection the file is checked against (None for a store given its facts)."""
        return self._con

    def prefetch(self, keys) -> None:
        todo = sorted({k for k in keys if k not in self._asked}, key=repr)
        if not todo or self._con is None:
            self._asked.update(todo)
            return
        import pandas as pd

        frame = pd.DataFrame(todo, columns=["report_id", "region_code", "org_id", "indicator_key", "period"],
                             dtype=object)
        self._con.register("_wanted_keys", frame)
        try:
            cur = self._con.execute(f"""
                SELECT {', '.join('f.' + c for c in FACT_FIELDS)}
                FROM fact f JOIN _wanted_keys k
                  ON f.report_id = k.report_id AND f.region_code = k.region_code
                 AND f.indicator_key = k.indicator_key
                 AND f.org_id IS NOT DISTINCT FROM k.org_id AND f.period IS NOT DISTINCT FROM k.period
                ORDER BY f.fact_id""")
            names = [d[0] for d in cur.description]
            for row in cur.fetchall():
                f = dict(zip(names, row, strict=True))
                self._found[fact_key(f)].append(f)
        finally:
            self._con.unregister("_wanted_keys")
        self._asked.update(todo)

    def get(self, key: tuple, default=None):
        if key not in self._asked:
            self.prefetch([key])
        found = self._found.get(key)
        return found if found else default

    def __contains__(self, key: tuple) -> bool:
        return bool(self.get(key))


@dataclass
class Context:
    index: RegionIndex
    indicators: dict[str, dict]
    pairs: list[dict]
    reports: dict[str, dict]                   # report_id → row
    facts: FactStore                           # fact_key → existing facts, fetched for the keys a file touches
    prefectures: dict[str, int]                # province_code → number of prefecture-level regions
    by_name: dict[str, str] = field(default_factory=dict)
    by_synonym: dict[str, set[str]] = field(default_factory=dict)
    concept_names: dict[str, str] = field(default_factory=dict)   # concept_key → name_zh
    by_concept: dict[str, list[str]] = field(default_factory=dict)  # a concept's name → its canonical indicator
    reports_by_title: dict[str, dict] = field(default_factory=dict)

    def __post_init__(self):
        self.by_name, self.by_synonym = {}, defaultdict(set)
        for key, row in self.indicators.items():
            self.by_name[text_key(key)] = key
            self.by_name[text_key(row["name_zh"])] = key
            if row.get("name_en"):
                self.by_name.setdefault(text_key(row["name_en"]), key)
        for key, row in self.indicators.items():
            for syn in (row.get("synonyms") or "").split("|"):
                if syn.strip() and text_key(syn) not in self.by_name:
                    self.by_synonym[text_key(syn)].add(key)
        self.reports_by_title = {text_key(r["title_zh"]): r for r in self.reports.values()}

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, index: RegionIndex | None = None) -> Context:
        def records(sql: str) -> list[dict]:
            cur = con.execute(sql)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

        if index is None:
            stamp = con.execute("SELECT count(*), sum(hash(region_code || name_zh || coalesce(aliases, '') "
                                "|| coalesce(parent_code, ''))) FROM dim_region").fetchone()
            index = _INDEX_CACHE.get(stamp)
            if index is None:
                index = RegionIndex(records("SELECT * FROM dim_region ORDER BY region_code"))
                _INDEX_CACHE.clear()
                _INDEX_CACHE[stamp] = index
        indicators = {r["indicator_key"]: r for r in records("SELECT * FROM dim_indicator")}
        concepts = records("SELECT concept_key, name_zh, name_en FROM dim_concept")
        pairs = records("SELECT * FROM indicator_pair")
        reports = {r["report_id"]: r for r in records("SELECT * FROM dim_report")}
        facts = FactStore(con)
        prefectures = dict(con.execute("SELECT province_code, count(*) FROM dim_region "
                                       "WHERE level = 'prefecture' AND is_current GROUP BY ALL").fetchall())
        ctx = cls(index, indicators, pairs, reports, facts, prefectures)
        ctx.concept_names = {r["concept_key"]: r["name_zh"] for r in concepts}
        ctx.by_concept = _concept_names(indicators, concepts)
        return ctx

    # ------------------------------------------------------------------ indicators

    def match_indicator(self, text: str) -> tuple[str, list[str]]:
        """('ok', [key]) · ('ambiguous', keys sharing the synonym) · ('unknown', suggested keys)."""
        k = text_key(text)
        if k in self.by_name:
            return "ok", [self.by_name[k]]
        keys = sorted(self.by_synonym.get(k, ()))
        if len(keys) == 1:
            return "ok", keys
        if keys:
            return "ambiguous", keys
        keys = self.by_concept.get(k, [])     # the dashboard's concept name (物业服务企业党组织数): its indicator
        if keys:
            return ("ok" if len(keys) == 1 else "ambiguous"), keys
        return "unknown", self.suggest_indicators(text)

    def near_indicator(self, text: str, cutoff: float = 80) -> str | None:
        """The catalogue indicator whose name or synonym the text is a slip of (小区党组识数 → 小区党组织数),
        or None: a close edit distance, not a shared topic."""
        names = {text_key(n): key for key, row in self.indicators.items()
                 for n in [row["name_zh"], *(row.get("synonyms") or "").split("|")] if n.strip()}
        hit = process.extractOne(text_key(text), list(names), scorer=fuzz.ratio, score_cutoff=cutoff)
        return names[hit[0]] if hit else None

    def suggest_indicators(self, text: str, limit: int = 3) -> list[str]:
        """The nearest catalogue indicators by similarity to their names, synonyms and the name of the
        comparable concept each maps to (物业企业党组织覆盖率 finds the indicators of that concept)."""
        choices = {}
        for key, row in self.indicators.items():
            concept = self.concept_names.get(row.get("concept_key") or "", "")
            for name in [row["name_zh"], key, *(row.get("synonyms") or "").split("|"), concept]:
                if name:
                    choices.setdefault(text_key(name), key)
        out: list[str] = []
        for _name, _score, _ in process.extract(text_key(text), list(choices), scorer=fuzz.WRatio,
                                                limit=limit * 4, score_cutoff=50):
            key = choices[_name]
            if key not in out:
                out.append(key)
        return out[:limit]

    def indicator_label(self, key: str) -> str:
        """The indicator as analysts know it, by its Chinese name (never the internal key)."""
        row = self.indicators.get(key)
        return row["name_zh"] if row else key

    def indicator_label_en(self, key: str) -> str:
        """By its English name, else its Chinese one."""
        row = self.indicators.get(key)
        return (row.get("name_en") or row["name_zh"]) if row else key

    def pairs_for(self, key: str) -> list[dict]:
        return [p for p in self.pairs if key in (p["rate_key"], p["numerator_key"], p["denominator_key"])]

    def rate_pair(self, numerator_key: str) -> dict | None:
        for p in self.pairs:
            if p["numerator_key"] == numerator_key:
                return p
        return None

    # ------------------------------------------------------------------ reports

    def report_by_title(self, title: str) -> dict | None:
        return self.reports_by_title.get(text_key(title))


def canonical_indicator(indicators: dict[str, dict], concept: str | None, concept_name: str | None,
                        unit: str | None = None) -> str | None:
    """The catalogue indicator for a concept: the one keyed and mapped like the concept (its canonical
    indicator), else the one named like the concept, else the one that maps to it, or among several the one
    whose unit is the figure's; None when that still leaves a choice (``etl.extract.catalogue`` uses it too)."""
    if concept in indicators and indicators[concept].get("concept_key") == concept:
        return concept
    keys = [k for k, r in indicators.items() if r.get("concept_key") == concept]
    named = [k for k in keys if concept_name and indicators[k]["name_zh"] == concept_name]
    if len(named) == 1:
        return named[0]
    if len(keys) > 1 and unit:
        keys = [k for k in keys if indicators[k]["unit"] == unit] or keys
    return keys[0] if len(keys) == 1 else None


def _concept_names(indicators: dict[str, dict], concepts: list[dict]) -> dict[str, list[str]]:
    """Each concept's Chinese and English name → its canonical indicator, or the indicators that map to it
    when none is canonical (then a row naming it must say which)."""
    out: dict[str, list[str]] = {}
    for c in concepts:
        key = canonical_indicator(indicators, c["concept_key"], c["name_zh"])
        keys = [key] if key else sorted(k for k, r in indicators.items() if r.get("concept_key") == c["concept_key"])
        for name in (c["name_zh"], c.get("name_en")):
            if name and keys:
                out.setdefault(text_key(name), keys)
    return out
