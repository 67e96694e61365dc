"""Reference tables: regions, reports, indicators, indicator pairs. Read, validate, normalize."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core import units
from core.dates import partial_date_start
from core.issues import Problem, unknown_region
from core.regions import RegionIndex
from core.text import normalize_name

REFERENCE_COLUMNS = {
    "regions.csv": ["region_code", "name_zh", "short_name_zh", "name_en", "level", "parent_code",
                    "province_code", "lng", "lat", "population", "population_year",
                    "population_source", "aliases", "source", "is_current", "successor_code", "valid_to"],
    "reports.csv": ["report_id", "source_file", "sha256", "title_zh", "title_en", "title_is_original",
                    "publisher", "publisher_en", "publisher_status", "published_on", "published_status",
                    "published_note", "url", "province", "city", "organization", "script", "damaged",
                    "source"],
    "indicators.csv": ["indicator_key", "name_zh", "name_en", "unit", "unit_en", "category",
                       "category_en", "description", "synonyms", "is_rate", "source", "concept_key", "concept_note"],
    "concepts.csv": ["concept_key", "name_zh", "name_en", "kind", "unit", "target", "numerator_concept",
                     "denominator_concept", "definition_zh", "definition_en", "source"],
    "indicator_pairs.csv": ["rate_key", "numerator_key", "denominator_key", "denominator_from",
                            "source"],
}
CATEGORIES = {"组织覆盖", "队伍建设", "阵地建设", "品牌创建", "制度机制", "服务成效", "业务成效"}
STATUSES = {"confirmed", "inferred", "unknown"}
DENOMINATOR_SOURCES = {"figure", "reference:prefecture_count"}
# what a concept measures: counts and amounts add up; coverage, share and growth are rates of their own
# kinds (a growth rate or a share is never a coverage rate)
CONCEPT_KINDS = {"count", "amount", "coverage", "share", "growth", "duration", "frequency"}
RATE_KINDS = {"coverage", "share", "growth"}
COUNTING_WORDS = units.COUNTING   # 72家企业 are 72个企业; 58个突击队, 58支 (core.units)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def read_csv(path: Path) -> pd.DataFrame:
    """Every cell as text; empty cells as ''. BOM tolerated."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def parse_bool(text: str) -> bool | None:
    t = str(text).strip().lower()
    if t in ("true", "1", "yes", "y", "是", "t"):
        return True
    if t in ("false", "0", "no", "n", "否", "f", ""):
        return False
    return None


@dataclass
class Reference:
    regions: pd.DataFrame
    reports: pd.DataFrame
    indicators: pd.DataFrame
    pairs: pd.DataFrame
    index: RegionIndex
    files: dict[str, tuple[str, int]]   # relative path → (sha256, rows)
    concepts: pd.DataFrame


def _check_columns(df: pd.DataFrame, name: str, rel: str, problems: list[Problem]) -> bool:
    missing = [c for c in REFERENCE_COLUMNS[name] if c not in df.columns]
    for c in missing:
        problems.append(Problem.of(rel, 1, c, None, 'msg_required_column_is_missing', 'hint_add_the_column_c_to_the_header', c=c))
    return not missing


def load_reference(data_dir: Path, problems: list[Problem]) -> Reference | None:
    ref_dir = data_dir / "reference"
    frames, files = {}, {}
    for name in REFERENCE_COLUMNS:
        path = ref_dir / name
        rel = f"data/reference/{name}"
        if not path.exists():
            problems.append(Problem.of(rel, None, None, None, 'msg_file_is_missing', 'hint_restore_the_file_from_the_repository'))
            continue
        df = read_csv(path)
        files[rel] = (sha256_file(path), len(df))
        if _check_columns(df, name, rel, problems):
            frames[name] = df
    if len(frames) < len(REFERENCE_COLUMNS):
        return None

    regions = frames["regions.csv"]
    index = RegionIndex(regions)
    reports = _validate_reports(frames["reports.csv"], index, problems)
    concepts = _validate_concepts(frames["concepts.csv"], problems)
    indicators = _validate_indicators(frames["indicators.csv"], problems)
    _check_concept_mapping(indicators, concepts, problems)
    pairs = _validate_pairs(frames["indicator_pairs.csv"], set(indicators["indicator_key"]), problems)
    return Reference(regions, reports, indicators, pairs, index, files, concepts)


def _validate_reports(df: pd.DataFrame, index: RegionIndex, problems: list[Problem]) -> pd.DataFrame:
    rel = "data/reference/reports.csv"
    out = df.copy()
    out["province_code"], out["city_code"], out["published_date"] = None, None, None
    seen = set()
    for i, r in df.iterrows():
        row = i + 2
        if r["report_id"] in seen or not r["report_id"]:
            problems.append(Problem.of(rel, row, "report_id", r["report_id"], 'msg_report_id_is_empty_or_repeated', 'hint_give_each_report_a_unique_id'))
        seen.add(r["report_id"])
        if not str(r["title_zh"] or "").strip():
            problems.append(Problem.of(rel, row, "title_zh", r["title_zh"], 'msg_report_title_is_empty',
                                       'hint_write_the_report_title'))
        for col in ("publisher_status", "published_status"):
            if r[col] not in STATUSES:
                problems.append(Problem.of(rel, row, col, r[col], 'msg_invalid_status', 'hint_use_confirmed_inferred_unknown'))
        try:
            out.at[i, "published_date"] = partial_date_start(r["published_on"])
        except ValueError:
            problems.append(Problem.of(rel, row, "published_on", r["published_on"], 'msg_malformed_date', 'hint_write_2023_03_21_2017_10_or'))
        for col, target in (("province", "province_code"), ("city", "city_code")):
            if r[col]:
                code = index.resolve(normalize_name(r[col]), province=r["province"] or None)
                if code is None:
                    problems.append(_unknown_region(rel, row, col, r[col], index))
                out.at[i, target] = code
        for col in ("title_is_original", "damaged"):
            if parse_bool(r[col]) is None:
                problems.append(Problem.of(rel, row, col, r[col], 'msg_must_be_true_or_false'))
    return out


def _unknown_region(rel: str, row: int, col: str, value: str, index: RegionIndex) -> Problem:
    hints = [index.label(c) for c, _, _ in index.suggest(value, limit=3)]
    return unknown_region(rel, row, col, value, hints)


def _validate_indicators(df: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    rel = "data/reference/indicators.csv"
    seen = set()
    for i, r in df.iterrows():
        row = i + 2
        if not r["indicator_key"] or r["indicator_key"] in seen:
            problems.append(Problem.of(rel, row, "indicator_key", r["indicator_key"], 'msg_indicator_key_is_empty_or_repeated'))
        seen.add(r["indicator_key"])
        if r["category"] not in CATEGORIES:
            problems.append(Problem.of(rel, row, "category", r["category"], "msg_unknown_category", "hint_one_of_categories",
                                       choices="、".join(sorted(CATEGORIES))))
        for col in ("name_zh", "name_en", "unit"):
            if not r[col].strip():
                problems.append(Problem.of(rel, row, col, "", 'msg_required_field_is_empty'))
        if parse_bool(r["is_rate"]) is None:
            problems.append(Problem.of(rel, row, "is_rate", r["is_rate"], 'msg_must_be_true_or_false'))
        elif parse_bool(r["is_rate"]) and r["unit"] != "%":
            problems.append(Problem.of(rel, row, "unit", r["unit"], 'msg_a_rate_indicators_unit_must_be'))
    return df


def _validate_pairs(df: pd.DataFrame, keys: set[str], problems: list[Problem]) -> pd.DataFrame:
    rel = "data/reference/indicator_pairs.csv"
    for i, r in df.iterrows():
        row = i + 2
        for col in ("rate_key", "numerator_key") + (("denominator_key",) if r["denominator_from"] == "figure" else ()):
            if r[col] not in keys:
                problems.append(Problem.of(rel, row, col, r[col], 'msg_indicator_is_not_in_the_catalogue', 'hint_add_it_to_indicators_csv_first'))
        if r["denominator_from"] not in DENOMINATOR_SOURCES:
            problems.append(Problem.of(rel, row, "denominator_from", r["denominator_from"], 'msg_invalid_denominator_source', 'hint_use_figure_or_reference_prefecture_count'))
    return df


def _validate_concepts(df: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    rel = "data/reference/concepts.csv"
    keys = set(df["concept_key"])
    seen: set[str] = set()
    for i, r in df.iterrows():
        row = i + 2
        if not r["concept_key"] or r["concept_key"] in seen:
            problems.append(Problem.of(rel, row, "concept_key", r["concept_key"], "msg_concept_key_repeated"))
        seen.add(r["concept_key"])
        if r["kind"] not in CONCEPT_KINDS:
            problems.append(Problem.of(rel, row, "kind", r["kind"], "msg_invalid_concept_kind", "hint_one_of",
                                       choices=" / ".join(sorted(CONCEPT_KINDS))))
        if (r["kind"] in RATE_KINDS) != (r["unit"] == "%"):
            problems.append(Problem.of(rel, row, "unit", r["unit"], "msg_concept_unit_kind"))
        if r["target"]:
            try:
                value = float(r["target"])
            except ValueError:
                value = None
            if value is None or not (r["kind"] in RATE_KINDS and 0 < value <= 100):
                problems.append(Problem.of(rel, row, "target", r["target"], "msg_invalid_concept_target",
                                           "hint_concept_target"))
        for col in ("numerator_concept", "denominator_concept"):
            if r[col] and r[col] not in keys:
                problems.append(Problem.of(rel, row, col, r[col], "msg_unknown_concept"))
    return df


def _check_concept_mapping(indicators: pd.DataFrame, concepts: pd.DataFrame, problems: list[Problem]) -> None:
    """Every indicator maps to at most one concept, and only to one in the catalogue, with the same unit."""
    rel = "data/reference/indicators.csv"
    unit = dict(zip(concepts["concept_key"], concepts["unit"], strict=True))
    for i, r in indicators.iterrows():
        key = r["concept_key"]
        if not key:
            continue
        if key not in unit:
            problems.append(Problem.of(rel, i + 2, "concept_key", key, "msg_unknown_concept"))
        elif not units.same_kind(unit[key], r["unit"]):
            problems.append(Problem.of(rel, i + 2, "concept_key", key, "msg_concept_unit_differs",
                                       unit=unit[key]))
