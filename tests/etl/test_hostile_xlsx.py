"""Hostile XLSX files (issue #13, items 3, 4 and 12): a far cell, a zip bomb, too many cells, entity expansion,
a formula saved without its result, a merged cell. Each is refused with its reason, in a child process that
must finish within 10 s and 1 GB, with no traceback; the warehouse is never touched."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from intake_support import ZH_HEADER, add, sha, synthetic_rows

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bounded import read_bounded  # noqa: E402


def _book(edit=None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(ZH_HEADER)
    for r in synthetic_rows(2):
        ws.append(r)
    if edit:
        edit(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _replace_part(body: bytes, part: str, new: bytes, level: int = 6) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(body))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, new if info.filename == part else src.read(info.filename))
    return out.getvalue()


def _sheet_xml(cells: str, head: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{head}<worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>').encode()


def test_the_plain_book_loads(env):
    result = add(env, ("ok.xlsx", _book()), dry_run=True)
    assert result.verdict == "load"


def test_a_far_cell_is_refused_naming_it(tmp_path, env):
    data, wh = env
    before = sha(wh)
    body = _book(lambda ws: ws.cell(row=1048576, column=16384, value="x"))     # XFD1048576
    out = read_bounded(body, "far.xlsx", tmp_path)
    assert out.clean and out.codes == ["msg_xlsx_far_cell"], out
    result = add(env, ("far.xlsx", body))
    assert result.verdict == "rejected" and "XFD1048576" in result.plans[0].problems[0].message_zh
    assert sha(wh) == before


def test_a_zip_bomb_and_too_many_cells_are_refused_before_opening(tmp_path):
    bomb = _replace_part(_book(), "xl/worksheets/sheet1.xml", _sheet_xml("", " " * 0) + b" " * 60_000_000, 9)
    out = read_bounded(bomb, "bomb.xlsx", tmp_path)
    assert out.clean and out.codes == ["msg_xlsx_zip_bomb"], out
    row = "".join(f'<c r="{c}{{r}}"><v>1</v></c>' for c in "ABCDEFGHIJ")
    many = "".join(f'<row r="{r}">' + row.replace("{r}", str(r)) + "</row>" for r in range(1, 110_001))
    out = read_bounded(_replace_part(_book(), "xl/worksheets/sheet1.xml", _sheet_xml(many), 1), "many.xlsx",
                       tmp_path)
    assert out.clean and out.codes == ["msg_xlsx_too_many_cells"], out


def test_entity_expansion_is_refused_not_a_parse_error(tmp_path):
    laughs = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
    body = _replace_part(_book(), "xl/worksheets/sheet1.xml",
                         _sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>', laughs))
    out = read_bounded(body, "laughs.xlsx", tmp_path)
    assert out.clean and out.codes == ["msg_xlsx_xml_entities"], out
    shared = _replace_part(_book(), "xl/workbook.xml", b'<?xml version="1.0"?>' + laughs.encode() + b"<workbook/>")
    out = read_bounded(shared, "laughs2.xlsx", tmp_path)
    assert out.clean and out.codes == ["msg_xlsx_xml_entities"], out


def test_a_formula_without_its_result_and_a_merged_cell_are_named_not_called_empty(tmp_path):
    formula = _book(lambda ws: ws.__setitem__("I3", "=100+1"))              # openpyxl saves no result
    out = read_bounded(formula, "formula.xlsx", tmp_path)
    assert out.clean and out.codes == ["msg_xlsx_formula_without_value"] and out.rows_named == [3], out
    merged = _book(lambda ws: ws.merge_cells("I2:I3"))
    out = read_bounded(merged, "merged.xlsx", tmp_path)
    assert out.clean and out.codes == ["msg_xlsx_merged_cell"] and out.rows_named == [2], out
