"""Helpers shared by the intake tests: synthetic analyst files (made by code, tests only),
table dumps, and a one-call ``add``. The fixtures ``pristine`` and ``env`` live in conftest.py."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import duckdb

from etl.intake import service
from etl.template.files import template_csv_bytes
from etl.template.validate import Options

SYN_TITLE = "测试报告（合成）"   # synthetic report, tests only
TABLES = ["dim_region", "dim_report", "dim_organization", "dim_concept", "dim_indicator", "indicator_pair", "fact",
          "region_mention", "load_batch", "load_manifest"]
ZH_HEADER = ["报告标题", "发布单位", "发布日期", "省", "市", "区县", "单位", "指标", "数值", "单位名", "限定", "期间", "比率",
             "备注"]
NEW_CITIES = [("江苏省", "连云港市"), ("江苏省", "徐州市"), ("江苏省", "宿迁市"), ("江苏省", "淮安市")]


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def dump(p: Path) -> dict:
    con = duckdb.connect(str(p), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    finally:
        con.close()


def query(p: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(p), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def synthetic_rows(n_cities: int = 4, seed: int = 7) -> list[list[str]]:
    """Clearly synthetic figures (counts derived from the seed) for cities with no data yet."""
    rows = []
    for i, (prov, city) in enumerate(NEW_CITIES[:n_cities]):
        areas = 100 + seed * (i + 1)
        rows.append([SYN_TITLE, "合成发布单位", "2024-05-01", prov, city, "", f"{city}合成单位", "物业管理区域数",
                     str(areas), "个", "", "2023", "", "合成 synthetic"])
        rows.append([SYN_TITLE, "合成发布单位", "2024-05-01", prov, city, "", f"{city}合成单位", "小区党组织数",
                     f"{areas - i}多", "个", "", "2023", "", "合成 synthetic"])
    return rows


def csv_bytes(rows, header=ZH_HEADER, encoding="gbk") -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


def add(env, *files: tuple[str, bytes], **kw) -> service.AddResult:
    data, wh = env
    opts = Options(**{k: kw.pop(k) for k in ("only_valid", "accept_conflicts", "new_indicators", "confirm_warnings") if k in kw})
    return service.add([service.Upload(n, b) for n, b in files], opts, "tester", data, wh, **kw)


def template_row(value: str) -> bytes:
    lines = template_csv_bytes().decode("utf-8-sig").splitlines()
    cells = next(csv.reader([lines[1]]))
    cells[lines[0].split(",").index("value")] = value
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows([lines[0].split(","), cells])
    return buf.getvalue().encode("utf-8")
