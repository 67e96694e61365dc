"""Curated figure files (data/figures/*.csv): validate every row and normalize it into fact rows."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from etl.issues import Problem
from etl.numbers import QUALIFIERS, NumberFormatError, parse_quantity
from etl.reference import Reference, parse_bool, read_csv, sha256_file
from etl.text import normalize_name

FIGURE_COLUMNS = ["fact_id", "report_id", "region", "province", "scope_level", "organization",
                  "indicator_key", "value", "value_max", "unit", "qualifier", "implied", "period",
                  "char_start", "char_end", "note"]
REQUIRED = ["fact_id", "report_id", "region", "indicator_key", "value", "unit"]
SCOPE_LEVELS = {"province", "city", "county"}
LEVEL_OF_SCOPE = {"province": "province", "city": "prefecture", "county": "county"}
SCOPE_OF_LEVEL = {v: k for k, v in LEVEL_OF_SCOPE.items()}
FACT_COLUMNS = ["fact_id", "report_id", "region_code", "scope_level", "org_id", "organization",
                "indicator_key", "value", "value_max", "unit", "qualifier", "implied", "period",
                "char_start", "char_end", "note"]


def org_id(name: str, region_code: str | None) -> str:
    return hashlib.md5(f"{name}|{region_code or ''}".encode()).hexdigest()[:12]


def _int_or_none(text: str) -> int | None:
    t = str(text).strip()
    return int(t) if t.lstrip("-").isdigit() else None


def normalize_figures(df: pd.DataFrame, rel: str, ref: Reference, problems: list[Problem],
                      report_ids: set[str]) -> pd.DataFrame:
    """Validate a figures table; return fact rows. Problems are appended, never raised."""
    missing = [c for c in REQUIRED if c not in df.columns]
    for c in missing:
        problems.append(Problem(rel, 1, c, None, "缺少必需的列", "required column is missing",
                                f"在表头加入列 {c}", f"add the column {c} to the header"))
    if missing:
        return pd.DataFrame(columns=FACT_COLUMNS)
    df = df.reindex(columns=FIGURE_COLUMNS, fill_value="")
    indicators = ref.indicators.set_index("indicator_key")
    rows = []
    for i, r in df.iterrows():
        row = i + 2
        before = len(problems)

        def bad(col, msg_zh, msg_en, hint_zh="", hint_en="", row=row, r=r):
            problems.append(Problem(rel, row, col, r.get(col, ""), msg_zh, msg_en, hint_zh, hint_en))

        for col in REQUIRED:
            if not str(r[col]).strip():
                bad(col, "必填项为空", "required field is empty", f"填写 {col}", f"fill in {col}")
        if len(problems) > before:
            continue
        if r["report_id"] not in report_ids:
            bad("report_id", "报告编号不在 reports.csv 中", "report_id is not in reports.csv",
                "先在 data/reference/reports.csv 登记该报告", "register the report first")
        code = ref.index.resolve(normalize_name(r["region"]), province=r["province"] or None)
        if code is None:
            hints = [n for _, n, _ in ref.index.suggest(r["region"], limit=3)]
            bad("region", "无法识别的地区", "unknown region",
                f"是否指 {'、'.join(hints)}?" if hints else "请使用国家行政区划名称",
                f"did you mean {', '.join(hints)}?" if hints else "use an official region name")
        key = r["indicator_key"].strip()
        if key not in indicators.index:
            bad("indicator_key", "指标不在目录中", "indicator is not in the catalogue",
                "先在 data/reference/indicators.csv 中加入该指标",
                "add it to data/reference/indicators.csv first")
        try:
            q = parse_quantity(r["value"])
        except NumberFormatError:
            bad("value", "无法识别的数值", "value is not a number",
                "写成 707、7700多、1.2万、85% 等", "write e.g. 707, 7700多, 1.2万, 85%")
            q = None
        value_max = None
        if str(r["value_max"]).strip():
            try:
                value_max = parse_quantity(r["value_max"]).value
            except NumberFormatError:
                bad("value_max", "上限不是数值", "value_max is not a number")
        qualifier = r["qualifier"].strip() or (q.qualifier if q else "exact")
        if qualifier not in QUALIFIERS:
            bad("qualifier", "限定词无效", "invalid qualifier", "可选：" + " / ".join(QUALIFIERS),
                "use one of: " + " / ".join(QUALIFIERS))
        if q and q.value_max is not None and value_max is None:
            value_max = q.value_max
        if qualifier == "range" and value_max is None:
            bad("value_max", "区间缺少上限", "a range needs value_max", "填写区间上限", "fill in the upper bound")
        implied = parse_bool(r["implied"])
        if implied is None:
            bad("implied", "应为 true 或 false", "must be true or false")
        scope = r["scope_level"].strip()
        if scope and scope not in SCOPE_LEVELS:
            bad("scope_level", "范围层级无效", "invalid scope_level", "填 province / city / county",
                "use province / city / county")
        start, end = _int_or_none(r["char_start"]), _int_or_none(r["char_end"])
        if (r["char_start"] or r["char_end"]) and (start is None or end is None or not 0 <= start < end):
            bad("char_start", "字符位置无效", "invalid character offsets",
                "char_start 与 char_end 应为非负整数且 start < end", "use integers with start < end")
        if key in indicators.index and q is not None:
            unit = r["unit"].strip()
            if unit != indicators.at[key, "unit"]:
                bad("unit", f"单位应为 {indicators.at[key, 'unit']}",
                    f"unit must be {indicators.at[key, 'unit']}", "换算为基本单位", "convert to the base unit")
            if parse_bool(indicators.at[key, "is_rate"]) and not 0 <= q.value <= 100:
                bad("value", "比率应在 0–100 之间", "a rate must lie between 0 and 100")
        if len(problems) > before:
            continue
        level = ref.index.get(code)["level"]
        org = normalize_name(r["organization"]) if r["organization"].strip() else None
        rows.append({
            "fact_id": r["fact_id"].strip(), "report_id": r["report_id"].strip(), "region_code": code,
            "scope_level": scope or SCOPE_OF_LEVEL.get(level, "city"),
            "org_id": org_id(org, code) if org else None, "organization": org,
            "indicator_key": key, "value": q.value, "value_max": value_max, "unit": r["unit"].strip(),
            "qualifier": qualifier, "implied": implied, "period": r["period"].strip() or None,
            "char_start": start, "char_end": end, "note": r["note"].strip() or None,
            "source_row": row,
        })
    return pd.DataFrame(rows, columns=FACT_COLUMNS + ["source_row"])


def load_figure_files(data_dir: Path, ref: Reference, problems: list[Problem],
                      paths: list[Path] | None = None):
    """Curated figure files → (facts, {relpath: (sha256, rows_read, rows_loaded)}).

    ``paths`` defaults to every data/figures/*.csv; the build passes only the curated ones
    (analyst template files dropped there are loaded by ``etl.intake``).
    """
    report_ids = set(ref.reports["report_id"])
    if paths is None:
        paths = sorted((Path(data_dir) / "figures").glob("*.csv"))
    frames, files = [], {}
    for path in paths:
        rel = f"data/figures/{path.name}"
        try:
            df = read_csv(path)
        except (UnicodeDecodeError, pd.errors.ParserError) as exc:
            problems.append(Problem(rel, None, None, None, "无法读取文件", f"cannot read the file: {exc}",
                                    "另存为 UTF-8 编码的 CSV", "save it as UTF-8 CSV"))
            continue
        facts = normalize_figures(df, rel, ref, problems, report_ids)
        files[rel] = (sha256_file(path), len(df), len(facts))
        frames.append(facts.assign(source_rel=rel))
    facts = (pd.concat(frames, ignore_index=True) if frames
             else pd.DataFrame(columns=FACT_COLUMNS + ["source_row", "source_rel"]))
    dup = facts[facts["fact_id"].duplicated(keep=False)]
    for fid, grp in dup.groupby("fact_id"):
        problems.append(Problem(grp["source_rel"].iloc[-1], int(grp["source_row"].iloc[-1]), "fact_id", fid,
                                "fact_id 重复", "fact_id is used more than once", "每行使用唯一编号",
                                "use a unique id per row"))
    return facts, files
