"""A corpus of malformed analyst files, generated here: each is rejected with the expected row,
column and message, and the warehouse file is byte-identical afterwards.

All figures are synthetic (report '测试报告（合成）'); nothing here describes a real report.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook

from etl.cli import main
from etl.intake import service
from etl.warehouse.archive import archive_dir

SYN_TITLE = "测试报告（合成）"     # synthetic, for tests only
HEADER = ["report_title", "publisher", "published_on", "province", "city", "district", "organization",
          "indicator", "value", "unit", "qualifier", "period", "rate_percent", "note"]


def row(**over) -> dict:
    base = {"report_title": SYN_TITLE, "publisher": "合成发布单位", "published_on": "2024-05-01",
            "province": "江苏省", "city": "连云港市", "district": "", "organization": "", "indicator": "小区党组织数",
            "value": "120", "unit": "个", "qualifier": "", "period": "", "rate_percent": "", "note": "合成 synthetic"}
    base.update(over)
    return base


def good_rows() -> list[dict]:
    return [row(), row(indicator="物业管理区域数", value="150"),
            row(city="徐州市", indicator="党支部数", value="约300", qualifier="")]


def csv_bytes(rows: list[dict], header=HEADER, encoding="utf-8") -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        w.writerow([r.get(h, "") for h in header])
    return buf.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def with_rows(*changes: tuple[int, dict]) -> bytes:
    rows = good_rows()
    for i, over in changes:
        rows[i] = {**rows[i], **over}
    return csv_bytes(rows)


@dataclass
class Case:
    name: str
    data: bytes
    row: int | None
    column: str | None
    message: str           # a part of message_zh
    filename: str = "bad.csv"


def _cases() -> list[Case]:
    g = good_rows()
    header_only = csv_bytes([])
    no_value = csv_bytes(g, [h for h in HEADER if h != "value"])
    no_region = csv_bytes(g, [h for h in HEADER if h not in ("province", "city", "district")])
    extra = csv_bytes([{**r, "remarks": "x"} for r in g], HEADER + ["remarks"])
    dup_col = ("\r\n".join([",".join(HEADER + ["数值"])] + [",".join([r[h] for h in HEADER] + ["1"]) for r in g])
               ).encode()
    stray = csv_bytes(g).replace(b"\r\n", b",stray\r\n", 2).replace(b",stray", b"", 1)
    long_note = "说" * 300
    wrong_sheet = xlsx_bytes({"说明": [["这是说明页"], ["没有数据"]], "Sheet2": [HEADER, list(g[0].values())]})
    blank_top = xlsx_bytes({"数据": [[], HEADER, list(g[0].values())]})
    return [
        Case("empty file", b"", None, None, "文件为空"),
        Case("only whitespace and BOM", b"\xef\xbb\xbf \r\n\r\n", None, None, "文件为空"),
        Case("header only", header_only, None, None, "只有表头"),
        Case("binary garbage", bytes(range(256)) * 8, None, None, "不是文本文件"),
        Case("neither utf-8 nor gb18030", b"report_title,value\r\n\x81\x30\xff\xff,1\r\n", None, None,
             "无法识别的文字编码"),
        Case("utf-16", "报告标题,数值\r\n".encode("utf-16"), None, None, "UTF-16"),
        Case("bom but not utf-8", b"\xef\xbb\xbfreport_title\r\n\xc4\xe3", None, None, "标明为 UTF-8"),
        Case("old xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, None, None, ".xls", "old.xls"),
        Case("broken xlsx", b"PK\x03\x04" + b"garbage" * 50, None, None, "无法打开 Excel", "broken.xlsx"),
        Case("missing required column", no_value, 1, "value", "缺少必需的列"),
        Case("no region columns", no_region, 1, "province/city/district", "缺少地区列"),
        Case("unknown column", extra, 1, "remarks", "无法识别的列名"),
        Case("repeated column", dup_col, 1, "数值", "列重复"),
        Case("stray cells", stray, 2, None, "表头以外"),
        Case("unparseable value", with_rows((1, {"value": "很多"})), 3, "value", "无法识别的数值"),
        Case("negative value", with_rows((0, {"value": "-5"})), 2, "value", "不能为负"),
        Case("value with trailing text", with_rows((0, {"value": "12abc"})), 2, "value", "无法识别的数值"),
        Case("rate above 100", with_rows((0, {"indicator": "物业领域党组织覆盖率", "value": "120", "unit": "%"})), 2,
             "value", "0–100"),
        Case("rate_percent above 100", with_rows((0, {"rate_percent": "150"})), 2, "rate_percent", "0–100"),
        Case("numerator above denominator", with_rows((0, {"value": "200"})), 2, "value", "大于分母"),
        Case("unknown region with suggestion", with_rows((2, {"city": "淄搏", "province": ""})), 4, "city",
             "无法识别的地区"),
        Case("province and city disagree", with_rows((0, {"province": "山东省"})), 2, "city", "不属于"),
        Case("city and district disagree", with_rows((2, {"district": "海淀区"})), 4, "district", "不属于"),
        Case("ambiguous district", with_rows((2, {"city": "", "province": "", "district": "鼓楼区"})), 4,
             "district", "歧义"),
        Case("county in the city column", with_rows((0, {"city": "昆山市"})), 2, "city", "县级"),
        Case("unknown indicator", with_rows((1, {"indicator": "幸福指数"})), 3, "indicator", "指标不在目录中"),
        Case("ambiguous indicator synonym", with_rows((1, {"indicator": "督查"})), 3, "indicator", "歧义"),
        Case("month 13", with_rows((0, {"published_on": "2024-13-01"})), 2, "published_on", "日期"),
        Case("30 February", with_rows((0, {"published_on": "2023-02-30"})), 2, "published_on", "日期"),
        Case("future date", with_rows((0, {"published_on": "2999-01-01"})), 2, "published_on", "日期"),
        Case("date in words", with_rows((0, {"published_on": "去年"})), 2, "published_on", "日期"),
        Case("empty indicator", with_rows((1, {"indicator": ""})), 3, "indicator", "必填项为空"),
        Case("empty report title", with_rows((0, {"report_title": ""})), 2, "report_title", "必填项为空"),
        Case("no region in the row", with_rows((0, {"province": "", "city": ""})), 2, "province", "地区为空"),
        Case("duplicate rows", csv_bytes([g[0], g[1], g[0]]), 4, None, "重复"),
        Case("same figure, two values", csv_bytes([g[0], g[1], {**g[0], "value": "121"}]), 4, "value", "数值不同"),
        Case("qualifier contradicts wording", with_rows((2, {"qualifier": "exact"})), 4, "qualifier", "矛盾"),
        Case("invalid qualifier", with_rows((0, {"qualifier": "maybe"})), 2, "qualifier", "限定词无效"),
        Case("unit does not match", with_rows((0, {"unit": "元"})), 2, "unit", "单位与指标不符"),
        Case("percent on a count", with_rows((2, {"value": "85%"})), 4, "value", "单位 %"),
        Case("bad offsets", csv_bytes([{**g[0], "char_start": "10", "char_end": "5"}],
                                      HEADER + ["char_start", "char_end"]), 2, "char_end", "字符位置"),
        Case("bad url", csv_bytes([{**g[0], "url": "www.example"}], HEADER + ["url"]), 2, "url", "链接"),
        Case("note too long", with_rows((0, {"note": long_note})), 2, "note", "备注过长"),
        Case("unit in the organization column", with_rows((0, {"organization": "个"})), 2, "organization",
             "计量单位"),
        Case("same title, other publisher", with_rows((1, {"publisher": "另一家（合成）"})), 3, "publisher",
             "发布单位或日期不同"),
        Case("known title, wrong publisher", with_rows((0, {"report_title": "三明市直机关党建服务品牌五年成效",
                                                            "province": "福建省", "city": "三明市",
                                                            "publisher": "合成报社"})), 2, "publisher", "发布单位是"),
        Case("new indicator without category", csv_bytes([{**g[0], "indicator": "合成新指标",
                                                           "new_indicator_unit": "个"}],
                                                         HEADER + ["new_indicator_unit"]), 2,
             "new_indicator_category", "新指标缺少类别"),
        Case("rate for an indicator without pair", with_rows((2, {"rate_percent": "50"})), 4, "rate_percent",
             "没有配对"),
        Case("xlsx: wrong sheet first", wrong_sheet, 1, None, "读取的是第一个工作表", "wrong_sheet.xlsx"),
        Case("xlsx: header not in row 1", blank_top, 2, None, "第1行是空的", "blank_top.xlsx"),
    ]


CASES = _cases()


@pytest.fixture(scope="module")
def env(pristine, tmp_path_factory) -> tuple[Path, Path]:
    """One private copy for the whole corpus: rejected files write nothing (each test asserts the
    warehouse's sha256 is unchanged), but the intake may create its archive folder and lock."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(pristine[0], root / "data")
    shutil.copyfile(pristine[1], root / "warehouse.duckdb")
    return root / "data", root / "warehouse.duckdb"


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_the_corpus_is_large_and_varied():
    assert len(CASES) >= 30
    assert len({c.data for c in CASES}) == len(CASES)
    assert len({(c.row, c.column, c.message) for c in CASES}) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_file_is_rejected_with_row_column_message(case: Case, env):
    data_dir, wh = env
    before = _sha(wh)
    result = service.add([service.Upload(case.filename, case.data)], data_dir=data_dir, warehouse=wh)
    problems = [p for plan in result.plans for p in plan.problems]
    shown = "\n".join(p.format() for p in problems)
    assert result.verdict == "rejected" and result.exit_code == service.EXIT_REJECTED, shown
    assert any(p.row == case.row and p.column == case.column and case.message in p.message_zh
               for p in problems), f"expected row {case.row}, column {case.column}, '{case.message}' in:\n{shown}"
    for p in problems:
        assert p.file == case.filename and p.message_zh and p.message_en
        assert p.hint_zh or p.message_zh in ("文件为空", "文件为空（没有表头）", "只有表头，没有数据行")
    assert _sha(wh) == before
    assert not result.batches
    assert not (archive_dir(data_dir) / "batches.jsonl").exists()
    assert [p.name for p in wh.parent.iterdir() if ".tmp" in p.name] == []


def test_suggestions_name_the_closest_region(env):
    data_dir, wh = env
    data = with_rows((2, {"city": "淄搏", "province": ""}), (1, {"city": "连云巷市"}))
    result = service.add([service.Upload("typo.csv", data)], data_dir=data_dir, warehouse=wh, dry_run=True)
    hints = {p.row: p.hint_zh for p in result.plans[0].problems}
    assert "淄博市" in hints[4] and "连云港市" in hints[3]


def test_all_problems_are_collected_in_one_pass(env):
    data_dir, wh = env
    data = with_rows((0, {"value": "很多", "published_on": "2024-13-01"}), (1, {"indicator": "幸福指数"}),
                     (2, {"city": "淄搏"}))
    result = service.add([service.Upload("many.csv", data)], data_dir=data_dir, warehouse=wh)
    found = {(p.row, p.column) for p in result.plans[0].problems}
    assert {(2, "value"), (2, "published_on"), (3, "indicator"), (4, "city")} <= found


def test_cli_exit_code_for_a_rejected_file(env, tmp_path, capsys):
    data_dir, wh = env
    before = _sha(wh)
    f = tmp_path / "bad.csv"
    f.write_bytes(with_rows((1, {"value": "很多"})))
    code = main(["add", str(f), "--data", str(data_dir), "--warehouse", str(wh)])
    err = capsys.readouterr().err
    assert code == 1
    assert "bad.csv, 第3行 (row 3), 列 value" in err and "value is not a number" in err
    assert _sha(wh) == before
