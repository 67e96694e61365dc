"""``RegionIndex``: region names (full, short, Traditional, pinyin) → GB/T 2260 codes.

Built once from ``data/reference/regions.csv`` (see ``etl.tools.reference_regions``); lookups are dict
lookups. Matching is on a normalised key: NFKC, Traditional → Simplified, pinyin annotations
removed, whitespace/apostrophes/hyphens/dots dropped, case-folded (so ``Xi'an`` = ``xian``).

Resolution order for ``resolve(name, province)``:

1. exact full names (``name_zh``); if none match, 2. short names and aliases;
2. candidates outside ``province`` are discarded (``province`` is a name or a code of a province,
   or of any region that contains the candidates, e.g. a prefecture); when today's units of that name all
   lie outside it, the past units of that name inside it are the candidates (重庆市's 江北区 of 2024, while
   宁波市's 江北区 is a unit of today);
3. one candidate left → its code; several → the highest level (province > prefecture > county) if
   exactly one candidate sits at that level; otherwise ``None`` (ambiguous).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd
from pypinyin import lazy_pinyin
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from core.place_names import short_name
from core.settings import DATA_DIR
from core.text import normalize_name, strip_pinyin_annotations

DEFAULT_CSV = DATA_DIR / "reference" / "regions.csv"
LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2}
_DROP = re.compile(r"[\s'’‘`\-–·.]+")
_CODE = re.compile(r"^\d{2}(?:\d{4})?$")
_HAN = re.compile("[\u3400-\u9fff]")
_LATIN = re.compile("^[a-zü]+$")


def name_key(name: object) -> str:
    """Normalised lookup key for a region name in any supported form."""
    if name is None or (isinstance(name, float) and name != name):
        return ""
    return _name_key(str(name))


@functools.lru_cache(maxsize=200_000)
def _name_key(name: str) -> str:
    s = normalize_name(strip_pinyin_annotations(name))
    return _DROP.sub("", s).casefold()


class RegionIndex:
    """Name → code index over the regions table."""

    def __init__(self, regions: pd.DataFrame | Iterable[Mapping[str, object]]):
        records = regions.to_dict("records") if isinstance(regions, pd.DataFrame) else list(regions)
        self._rows: dict[str, dict[str, str]] = {}
        for rec in records:
            row = {k: "" if v is None or (isinstance(v, float) and v != v) else str(v) for k, v in rec.items()}
            self._rows[row["region_code"]] = row
        self._resolved: dict[tuple, str | None] = {}
        self._full: dict[str, list[str]] = defaultdict(list)
        self._other: dict[str, list[str]] = defaultdict(list)
        self._ancestors: dict[str, frozenset[str]] = {}
        self._keys_by_code: dict[str, list[str]] = {}
        choices: list[tuple[str, str]] = []  # (choice key, code) for fuzzy matching
        pinyin: list[tuple[str, str]] = []  # the Latin (pinyin / English) subset
        for code in sorted(self._rows):
            row = self._rows[code]
            full = name_key(row["name_zh"])
            self._full[full].append(code)
            names = [row.get("short_name_zh", ""), row.get("name_en", ""),
                     *row.get("aliases", "").split("|")]
            keys = {full}
            for key in map(name_key, names):
                if key and key not in keys:
                    keys.add(key)
                    self._other[key].append(code)
            self._keys_by_code[code] = sorted(keys)
            if self.is_current(code):   # suggestions name today's units only
                choices.extend((k, code) for k in sorted(keys))
                pinyin.extend((k, code) for k in sorted(keys) if _LATIN.match(k))
            self._ancestors[code] = self._walk_up(code)
        self._choice_keys = [k for k, _ in choices]
        self._choice_codes = [c for _, c in choices]
        self._pinyin_keys = [k for k, _ in pinyin]
        self._pinyin_codes = [c for _, c in pinyin]

    @classmethod
    def from_csv(cls, path: str | Path = DEFAULT_CSV) -> RegionIndex:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        return cls(df)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, code: object) -> bool:
        return str(code) in self._rows

    def _walk_up(self, code: str) -> frozenset[str]:
        seen: list[str] = []
        cur = self._rows[code].get("parent_code", "")
        while cur and cur in self._rows and cur not in seen:
            seen.append(cur)
            cur = self._rows[cur].get("parent_code", "")
        return frozenset(seen)

    def label(self, code: str) -> str:
        """The name, with its parent's when other units share it: 城区（晋城市）."""
        row = self._rows[code]
        if len(self._full.get(name_key(row["name_zh"]), [])) > 1 and row.get("parent_code") in self._rows:
            return f"{row['name_zh']}（{self._rows[row['parent_code']]['name_zh']}）"
        return row["name_zh"]

    def current_codes(self) -> list[str]:
        return [c for c in self._rows if self.is_current(c)]

    def all_codes(self) -> list[str]:
        """Every unit's code, today's and past ones."""
        return list(self._rows)

    def ancestors(self, code: str) -> frozenset[str]:
        """Every unit above ``code`` (its parent, the parent's parent …)."""
        return self._ancestors.get(str(code), frozenset())

    def get(self, code: object) -> dict[str, str] | None:
        """The row for ``code`` as a dict (a copy), or ``None``."""
        row = self._rows.get(str(code).strip())
        return dict(row) if row is not None else None

    def is_current(self, code: str) -> bool:
        """Whether the unit exists today (tables without the column count every unit as current)."""
        return self._rows[code].get("is_current", "true").lower() != "false"

    def current(self, code: object) -> str | None:
        """Today's unit for ``code``: itself, or the unit a past one rolls up to (户县 → 鄠邑区); None
        when a past unit has no single successor."""
        row = self._rows.get(str(code).strip())
        if row is None:
            return None
        return row["region_code"] if self.is_current(row["region_code"]) else (row.get("successor_code") or None)

    def candidates(self, name: object) -> list[str]:
        """Codes whose full name matches ``name``; failing that, whose short name/alias matches. Units of
        today come first: a past unit is a candidate only when no current one carries the name."""
        found = self._named(name)
        now = [c for c in found if self.is_current(c)]
        return list(now or found)

    def _named(self, name: object) -> list[str]:
        """Every code, today's or past, whose full name (failing that, short name or alias) matches."""
        key = name_key(name)
        if not key:
            return []
        return self._full.get(key) or self._other.get(key) or []

    def _within(self, name: object, scope: str) -> list[str]:
        """``candidates`` inside ``scope``; failing that, the past units of that name inside it."""
        inside = [c for c in self.candidates(name) if c == scope or scope in self._ancestors[c]]
        return inside or [c for c in self._named(name) if not self.is_current(c)
                          and (c == scope or scope in self._ancestors[c])]

    def is_ambiguous(self, name: object) -> bool:
        """True when more than one region carries this name (before any disambiguation)."""
        return len(self.candidates(name)) > 1

    def _scope(self, province: object) -> str | None:
        """Code of the region that ``province`` names (province first, then any level)."""
        text = str(province).strip()
        if _CODE.match(text):
            code = text if len(text) == 6 else text + "0000"
            return code if code in self._rows else None
        cands = self.candidates(text)
        provinces = [c for c in cands if self._rows[c]["level"] == "province"]
        if len(provinces) == 1:
            return provinces[0]
        return self._pick(cands)

    def _pick(self, codes: list[str]) -> str | None:
        if not codes:
            return None
        if len(codes) == 1:
            return codes[0]
        if not any(self.is_current(c) for c in codes) and len({self.current(c) for c in codes}) == 1 \
                and self.current(codes[0]):
            # one past unit under several codes over the years (户县 610125 and its older code): the latest
            return max(codes, key=lambda c: (self._rows[c].get("valid_to", ""), c))
        best = min(LEVEL_RANK.get(self._rows[c]["level"], 9) for c in codes)
        top = [c for c in codes if LEVEL_RANK.get(self._rows[c]["level"], 9) == best]
        return top[0] if len(top) == 1 else None

    def resolve(self, name: object, province: object = None) -> str | None:
        """Code for ``name``; ``province`` (name or code) narrows ambiguous names. ``None`` if unsure.

        A name written with its parent in front (台州市黄岩区, 晋城市城区, 山东省济南市) resolves within
        that parent. A past unit's name gives the past unit (户县); ``current`` rolls it up.
        (Answers are kept per index: a large file names the same few places on every row.)"""
        try:
            key = (name, province)
            return self._resolved[key]
        except KeyError:
            found = self._resolved[key] = self._resolve(name, province)
            return found
        except TypeError:                          # an unhashable argument: not cached
            return self._resolve(name, province)

    def _resolve(self, name: object, province: object = None) -> str | None:
        cands = self.candidates(name)
        if not cands:
            return self._resolve_prefixed(name, province)
        if province is not None and str(province).strip() and not (
            isinstance(province, float) and province != province
        ):
            scope = self._scope(province)
            if scope is None:
                return None
            cands = self._within(name, scope)
        return self._pick(cands)

    def _resolve_prefixed(self, name: object, province: object = None) -> str | None:
        text = normalize_name(strip_pinyin_annotations(str(name or "")))
        for cut in range(len(text) - 2, 1, -1):           # the longest parent first
            head, tail = text[:cut], text[cut:]
            if not self._full.get(name_key(head)):        # the parent must be written in full (台州市, 山东省)
                continue
            parent = self.resolve(head, province)
            if parent is None:
                continue
            cands = [c for c in self._within(tail, parent) if c != parent]
            if not cands:   # the child may itself carry a parent prefix (山东省济南市历下区)
                inner = self._resolve_prefixed(tail, parent)
                cands = [inner] if inner else []
            found = self._pick(cands)
            if found:
                return found
        return None

    def _best_by_code(self, key: str, keys: list[str], codes: list[str], n: int) -> dict[str, float]:
        best: dict[str, float] = {}
        for _choice, score, idx in process.extract(key, keys, scorer=Levenshtein.normalized_similarity, limit=n):
            code = codes[idx]
            best[code] = max(best.get(code, 0.0), score * 100)
        return best

    def _direct(self, key: str, code: str) -> float:
        return max(Levenshtein.normalized_similarity(key, k) * 100 for k in self._keys_by_code[code])

    def suggest(self, name: object, limit: int = 3) -> list[tuple[str, str, float]]:
        """Closest regions by fuzzy match over names and aliases: ``[(code, name_zh, score 0–100)]``.

        Levenshtein similarity (a wrong character costs one edit) over every name and alias; for a
        Chinese query the pinyin of its short form is also compared with the regions' pinyin, so
        homophone typos (黄言区 → 黄岩区, 连运港 → 连云港市) score high. Ties go to the higher
        level, then the lower code.
        """
        key = name_key(name)
        if not key or limit <= 0:
            return []
        n = max(limit * 8, 24)
        best = self._best_by_code(key, self._choice_keys, self._choice_codes, n)
        if _HAN.search(key):
            spelled = "".join(lazy_pinyin(short_name(key), v_to_u=True)).casefold()
            by_sound = self._best_by_code(spelled, self._pinyin_keys, self._pinyin_codes, n)
            for code, pin in by_sound.items():
                direct = best[code] if code in best else self._direct(key, code)
                best[code] = max(direct, 0.9 * pin + 0.1 * direct)
        ranked = sorted(
            best.items(),
            key=lambda kv: (-round(kv[1], 1), LEVEL_RANK.get(self._rows[kv[0]]["level"], 9), kv[0]),
        )
        return [(code, self._rows[code]["name_zh"], round(score, 1)) for code, score in ranked[:limit]]
