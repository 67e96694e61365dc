"""Reference tables: regions, reports, indicators, indicator pairs. Read, validate, normalize."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.issues import Problem
from etl.regions import RegionIndex
from etl.text import normalize_name

REFERENCE_COLUMNS = {
    "regions.csv": ["region_code", "name_zh", "short_name_zh", "name_en", "level", "parent_code",
                    "province_code", "lng", "lat", "population", "population_year",
                    "population_source", "aliases", "source"],
    "reports.csv": ["report_id", "source_file", "sha256", "title_zh", "title_en", "title_is_original",
                    "publisher", "publisher_en", "publisher_status", "published_on", "published_status",
                    "published_note", "url", "province", "city", "organization", "script", "damaged",
                    "source"],
    "indicators.csv": ["indicator_key", "name_zh", "name_en", "unit", "unit_en", "category",
                       "category_en", "description", "synonyms", "is_rate", "source"],
    "indicator_pairs.csv": ["rate_key", "numerator_key", "denominator_key", "denominator_from",
                            "source"],
}
CATEGORIES = {"组织覆盖", "队伍建设", "阵地建设", "品牌创建", "制度机制", "服务成效", "业务成效"}
STATUSES = {"confirmed", "inferred", "unknown"}
DENOMINATOR_SOURCES = {"figure", "reference:prefecture_count"}


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


def partial_date_start(text: str) -> str | None:
    """'2017-10' → '2017-10-01'; '2022' → '2022-01-01'; '' → None. Raises ValueError if malformed."""
    t = (text or "").strip()
    if not t:
        return None
    parts = t.split("-")
    if not (1 <= len(parts) <= 3) or not all(p.isdigit() for p in parts):
        raise ValueError(t)
    y, m, d = int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
    return pd.Timestamp(year=y, month=m, day=d).strftime("%Y-%m-%d")


@dataclass
class Reference:
    regions: pd.DataFrame
    reports: pd.DataFrame
    indicators: pd.DataFrame
    pairs: pd.DataFrame
    index: RegionIndex
    files: dict[str, tuple[str, int]]   # relative path → (sha256, rows)


def _check_columns(df: pd.DataFrame, name: str, rel: str, problems: list[Problem]) -> bool:
    missing = [c for c in REFERENCE_COLUMNS[name] if c not in df.columns]
    for c in missing:
        problems.append(Problem(rel, 1, c, None, "缺少必需的列", "required column is missing",
                                f"在表头加入列 {c}", f"add the column {c} to the header"))
    return not missing


def load_reference(data_dir: Path, problems: list[Problem]) -> Reference | None:
    ref_dir = data_dir / "reference"
    frames, files = {}, {}
    for name in REFERENCE_COLUMNS:
        path = ref_dir / name
        rel = f"data/reference/{name}"
        if not path.exists():
            problems.append(Problem(rel, None, None, None, "文件不存在", "file is missing",
                                    "从仓库恢复该文件", "restore the file from the repository"))
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
    indicators = _validate_indicators(frames["indicators.csv"], problems)
    pairs = _validate_pairs(frames["indicator_pairs.csv"], set(indicators["indicator_key"]), problems)
    return Reference(regions, reports, indicators, pairs, index, files)


def _validate_reports(df: pd.DataFrame, index: RegionIndex, problems: list[Problem]) -> pd.DataFrame:
    rel = "data/reference/reports.csv"
    out = df.copy()
    out["province_code"], out["city_code"], out["published_date"] = None, None, None
    seen = set()
    for i, r in df.iterrows():
        row = i + 2
        if r["report_id"] in seen or not r["report_id"]:
            problems.append(Problem(rel, row, "report_id", r["report_id"], "报告编号为空或重复",
                                    "report_id is empty or repeated", "每份报告用唯一编号",
                                    "give each report a unique id"))
        seen.add(r["report_id"])
        for col in ("publisher_status", "published_status"):
            if r[col] not in STATUSES:
                problems.append(Problem(rel, row, col, r[col], "状态值无效", "invalid status",
                                        "填 confirmed / inferred / unknown",
                                        "use confirmed / inferred / unknown"))
        try:
            out.at[i, "published_date"] = partial_date_start(r["published_on"])
        except ValueError:
            problems.append(Problem(rel, row, "published_on", r["published_on"], "日期格式错误",
                                    "malformed date", "写成 2023-03-21、2017-10 或 2022",
                                    "write 2023-03-21, 2017-10 or 2022"))
        for col, target in (("province", "province_code"), ("city", "city_code")):
            if r[col]:
                code = index.resolve(normalize_name(r[col]), province=r["province"] or None)
                if code is None:
                    problems.append(_unknown_region(rel, row, col, r[col], index))
                out.at[i, target] = code
        for col in ("title_is_original", "damaged"):
            if parse_bool(r[col]) is None:
                problems.append(Problem(rel, row, col, r[col], "应为 true 或 false",
                                        "must be true or false"))
    return out


def _unknown_region(rel: str, row: int, col: str, value: str, index: RegionIndex) -> Problem:
    hints = [name for _, name, _ in index.suggest(value, limit=3)]
    hint_zh = f"是否指 {'、'.join(hints)}?" if hints else "请使用国家行政区划名称"
    hint_en = f"did you mean {', '.join(hints)}?" if hints else "use an official region name"
    return Problem(rel, row, col, value, "无法识别的地区", "unknown region", hint_zh, hint_en)


def _validate_indicators(df: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    rel = "data/reference/indicators.csv"
    seen = set()
    for i, r in df.iterrows():
        row = i + 2
        if not r["indicator_key"] or r["indicator_key"] in seen:
            problems.append(Problem(rel, row, "indicator_key", r["indicator_key"],
                                    "指标键为空或重复", "indicator_key is empty or repeated"))
        seen.add(r["indicator_key"])
        if r["category"] not in CATEGORIES:
            problems.append(Problem(rel, row, "category", r["category"], "未知的类别", "unknown category",
                                    "可选：" + "、".join(sorted(CATEGORIES)),
                                    "use one of the seven categories"))
        for col in ("name_zh", "name_en", "unit"):
            if not r[col].strip():
                problems.append(Problem(rel, row, col, "", "必填项为空", "required field is empty"))
        if parse_bool(r["is_rate"]) is None:
            problems.append(Problem(rel, row, "is_rate", r["is_rate"], "应为 true 或 false",
                                    "must be true or false"))
        elif parse_bool(r["is_rate"]) and r["unit"] != "%":
            problems.append(Problem(rel, row, "unit", r["unit"], "比率指标的单位应为 %",
                                    "a rate indicator's unit must be %"))
    return df


def _validate_pairs(df: pd.DataFrame, keys: set[str], problems: list[Problem]) -> pd.DataFrame:
    rel = "data/reference/indicator_pairs.csv"
    for i, r in df.iterrows():
        row = i + 2
        for col in ("rate_key", "numerator_key") + (("denominator_key",) if r["denominator_from"] == "figure" else ()):
            if r[col] not in keys:
                problems.append(Problem(rel, row, col, r[col], "指标不在目录中",
                                        "indicator is not in the catalogue",
                                        "先在 indicators.csv 中加入该指标", "add it to indicators.csv first"))
        if r["denominator_from"] not in DENOMINATOR_SOURCES:
            problems.append(Problem(rel, row, "denominator_from", r["denominator_from"],
                                    "分母来源无效", "invalid denominator source",
                                    "填 figure 或 reference:prefecture_count",
                                    "use figure or reference:prefecture_count"))
    return df
