"""Read an analyst's CSV or XLSX (bytes) into rows of text keyed by template column.

CSV: UTF-8 (with or without BOM) is tried strictly first, then GB18030 (a superset of GBK, what
Excel and WPS write on Chinese Windows). Anything else is rejected with a message saying how to
re-save the file. XLSX: the sheet named 数据 / data, else the first sheet. The file type is taken
from the bytes (an XLSX renamed to .csv still reads), not from the name.

Row numbers are the rows the analyst sees in Excel: the header is row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field

from etl.intake.columns import map_header
from etl.issues import Problem

MAX_BYTES = 20_000_000
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SHEET_NAMES = ("数据", "data")
SAVE_AS_ZH = "在 Excel/WPS 中“另存为” CSV UTF-8（逗号分隔）或 Excel 工作簿 .xlsx"
SAVE_AS_EN = "in Excel/WPS use Save As → CSV UTF-8 (comma delimited) or Excel workbook .xlsx"


@dataclass
class Table:
    file: str                                   # the name the analyst knows the file by
    kind: str                                   # csv | xlsx
    encoding: str | None = None                 # csv only: utf-8 | utf-8-sig | gb18030
    sheet: str | None = None                    # xlsx only
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)   # (excel row, {key: text})


def _reject(file: str, msg_zh: str, msg_en: str, row: int | None = None, hint: bool = True) -> Problem:
    return Problem(file, row, None, None, msg_zh, msg_en, SAVE_AS_ZH if hint else "", SAVE_AS_EN if hint else "")


def decode(data: bytes, file: str) -> tuple[str | None, str | None, Problem | None]:
    """bytes → (text, encoding) or a Problem. Strict UTF-8 first, then GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, None, _reject(file, "文件是 UTF-16 编码（Excel 的“Unicode 文本”）", "the file is UTF-16 "
                                   "encoded (Excel's 'Unicode text')")
    if b"\x00" in data[:65536]:
        return None, None, _reject(file, "不是文本文件，也不是 Excel 文件（含二进制数据）",
                                   "not a text or Excel file (binary content)")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig", None
        except UnicodeDecodeError as exc:
            return None, None, _reject(file, f"文件标明为 UTF-8，但第 {exc.start} 字节处不是 UTF-8",
                                       f"the file is marked UTF-8 but byte {exc.start} is not UTF-8")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding, None
        except UnicodeDecodeError:
            continue
    return None, None, _reject(file, "无法识别的文字编码：既不是 UTF-8，也不是 GB18030/GBK",
                               "unknown text encoding: neither UTF-8 nor GB18030/GBK")


def _control_char_row(text: str) -> int | None:
    """First line (1-based) holding control characters — binary data that happened to decode."""
    for n, line in enumerate(text.split("\n"), start=1):
        if any(unicodedata.category(ch) in ("Cc", "Co", "Cs") and ch not in "\t\r" for ch in line):
            return n
    return None


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _build(table: Table, records: list[tuple[int, list[str]]], problems: list[Problem]) -> Table | None:
    if not records:
        problems.append(_reject(table.file, "文件为空（没有表头）", "the file is empty (no header row)",
                                hint=False))
        return None
    header_row, header = records[0]
    keys, header_problems = map_header(header, table.file, header_row)
    problems.extend(header_problems)
    table.columns = [k for k in keys if k]
    for row, cells in records[1:]:
        if not any(str(c).strip() for c in cells):
            continue
        extra = [c for i, c in enumerate(cells)
                 if (i >= len(header) or not str(header[i]).strip()) and str(c).strip()]
        if extra:
            problems.append(Problem(table.file, row, None, extra[0], "该行有表头以外的内容（多出的单元格或空表头列）",
                                    "the row has cells outside the header's columns",
                                    "删除多余的单元格，或补上列名", "remove the stray cells or name the column"))
        table.rows.append((row, {k: str(cells[i]).strip() if i < len(cells) else ""
                                 for i, k in enumerate(keys) if k}))
    if not table.rows and not header_problems:
        problems.append(_reject(table.file, "只有表头，没有数据行", "only a header row, no data rows", hint=False))
    return table


def read_csv_bytes(data: bytes, file: str, problems: list[Problem]) -> Table | None:
    text, encoding, problem = decode(data, file)
    if problem:
        problems.append(problem)
        return None
    if not text.strip():
        problems.append(_reject(file, "文件为空", "the file is empty", hint=False))
        return None
    bad_line = _control_char_row(text)
    if bad_line is not None:
        problems.append(_reject(file, "文件含控制字符，可能不是 CSV 文本", "the file contains control "
                                "characters; it is probably not CSV text", row=bad_line))
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]))
    try:
        records = [(n, cells) for n, cells in enumerate(reader, start=1)]
    except csv.Error as exc:
        problems.append(_reject(file, f"CSV 格式错误：{exc}", f"malformed CSV: {exc}", row=reader.line_num))
        return None
    return _build(Table(file, "csv", encoding=encoding), records, problems)


def _cell_text(cell) -> str:
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, int | float):
        if "%" in str(cell.number_format or ""):
            v = v * 100
        text = str(int(v)) if float(v).is_integer() else f"{v:.10f}".rstrip("0").rstrip(".")
        return text + ("%" if "%" in str(cell.number_format or "") else "")
    return str(v)


def read_xlsx_bytes(data: bytes, file: str, problems: list[Problem]) -> Table | None:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        problems.append(_reject(file, f"无法打开 Excel 文件（{type(exc).__name__}）",
                                f"cannot open the Excel file ({type(exc).__name__})"))
        return None
    named = [ws for ws in wb.worksheets if ws.title.strip().lower() in SHEET_NAMES]
    ws = named[0] if named else wb.worksheets[0]
    records = []
    for cells in ws.iter_rows():
        texts = [_cell_text(c) for c in cells]
        if records or any(t.strip() for t in texts):
            records.append((cells[0].row, texts))
    if records and records[0][0] != 1:
        problems.append(Problem(file, records[0][0], None, None, f"工作表「{ws.title}」的第1行是空的；表头应在第1行",
                                f"row 1 of sheet '{ws.title}' is empty; the header belongs in row 1",
                                "删除表头上方的空行", "delete the empty rows above the header"))
        return None
    n_before = len(problems)
    table = _build(Table(file, "xlsx", sheet=ws.title), records, problems)
    if table is not None and not named and len(wb.worksheets) > 1 and len(problems) > n_before:
        names = "、".join(w.title for w in wb.worksheets)
        problems.append(Problem(file, 1, None, ws.title, f"读取的是第一个工作表「{ws.title}」（共有：{names}），其表头不对",
                                f"read the first sheet '{ws.title}' (sheets: {names}); its header is wrong",
                                "把数据所在的工作表命名为「数据」或 data，或移到第一个",
                                "name the data sheet 数据 or data, or move it first"))
    return table


def read_table(data: bytes, file: str) -> tuple[Table | None, list[Problem]]:
    """Bytes of a CSV or XLSX file → (Table, problems). Table is None when nothing could be read."""
    problems: list[Problem] = []
    if len(data) > MAX_BYTES:
        problems.append(_reject(file, f"文件过大（{len(data) // 1_000_000} MB，上限 20 MB）",
                                f"file too large ({len(data) // 1_000_000} MB; limit 20 MB)",
                                hint=False))
        return None, problems
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        problems.append(_reject(file, "文件为空", "the file is empty", hint=False))
        return None, problems
    if data.startswith(OLE_MAGIC):
        problems.append(_reject(file, "旧版 Excel 97-2003 (.xls) 文件不受支持",
                                "old Excel 97-2003 (.xls) files are not supported"))
        return None, problems
    if data.startswith(ZIP_MAGIC):
        return read_xlsx_bytes(data, file, problems), problems
    return read_csv_bytes(data, file, problems), problems
