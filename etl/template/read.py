"""Read an analyst's CSV or XLSX (bytes) into rows of text keyed by template column.

CSV: UTF-8 (with or without BOM) is tried strictly first, then GB18030 (a superset of GBK, what
Excel and WPS write on Chinese Windows). Anything else is rejected with a message saying how to
re-save the file. XLSX (``etl.template.xlsx`` inspects it first): the visible sheet named 数据 / data, else the first visible
sheet; a hidden sheet is never read. The file type is taken
from the bytes (an XLSX renamed to .csv still reads), not from the name.

Row numbers are the rows the analyst sees in Excel: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from core import settings
from core.issues import Problem
from etl.template import xlsx
from etl.template.columns import KEYS, map_header, unit_header_reading

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SHEET_NAMES = ("数据", "data")
MAX_COLUMNS = 200       # named header cells; the template has 24. More is no analyst's table (issue #22, item 15)


@dataclass
class Table:
    file: str                                   # the name the analyst knows the file by
    kind: str                                   # csv | xlsx
    encoding: str | None = None                 # csv only: utf-8 | utf-8-sig | gb18030 | big5
    sheet: str | None = None                    # xlsx only
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)   # (excel row, {key: text})
    hidden_rows: list[int] = field(default_factory=list)                   # xlsx: rows hidden in the sheet
    hidden_sheets: list[str] = field(default_factory=list)   # xlsx: hidden sheets named 数据 / data, not read
    notes: list[Problem] = field(default_factory=list)       # how the header was read, when it was a guess


def _reject(file: str, message: str, /, row: int | None = None, hint: bool = True, **fmt) -> Problem:
    """A whole-file problem; ``hint`` adds how to save the file right (Excel/WPS "Save As")."""
    return Problem.of(file, row, None, None, message, "hint_save_as" if hint else None, **fmt)


def _wide_encoding(head: bytes) -> str | None:
    """'utf-32' or 'utf-16' when the bytes are text in that encoding without a byte-order mark (the zero bytes of
    ASCII characters sit at regular places), else None (binary data)."""
    for name, encodings in (("utf-32", ("utf-32-le", "utf-32-be")), ("utf-16", ("utf-16-le", "utf-16-be"))):
        size = 4 if name == "utf-32" else 2
        body = head[: len(head) - len(head) % size]
        for enc in encodings:
            try:
                text = body.decode(enc)
            except UnicodeDecodeError:
                continue
            if text and "\x00" not in text and _CONTROL.search(text) is None and any(c in text for c in ",\t;"):
                return name
    return None


def _gb_or_big5(data: bytes) -> tuple[str, str] | None:
    """Text in GB18030 (GBK) or Big5, the two legacy encodings of Chinese: the one that decodes, and when both
    do, the one charset-normalizer finds likelier (Traditional reports are often Big5)."""
    decoded = {}
    for enc in ("gb18030", "big5"):
        try:
            decoded[enc] = data.decode(enc)
        except UnicodeDecodeError:
            continue
    if len(decoded) == 2:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000], cp_isolation=["gb18030", "big5"]).best()
        pick = "big5" if best is not None and best.encoding == "big5" else "gb18030"
        return decoded[pick], pick
    return next(((t, e) for e, t in decoded.items()), None)


def decode(data: bytes, file: str) -> tuple[str | None, str | None, Problem | None]:
    """bytes → (text, encoding) or a Problem. Strict UTF-8 first, then GB18030 or Big5; UTF-16 and UTF-32
    (with or without a byte-order mark) are named, so the analyst knows to save as UTF-8."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return None, None, _reject(file, "msg_the_file_is_utf_32")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, None, _reject(file, 'msg_the_file_is_utf_16_encoded_excels')
    if b"\x00" in data[:65536]:
        wide = _wide_encoding(data[:65536])
        if wide == "utf-32":
            return None, None, _reject(file, "msg_the_file_is_utf_32")
        if wide == "utf-16":
            return None, None, _reject(file, 'msg_the_file_is_utf_16_encoded_excels')
        return None, None, _reject(file, 'msg_not_a_text_or_excel_file_binary')
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig", None
        except UnicodeDecodeError as exc:
            return None, None, _reject(file, "msg_bom_but_not_utf8", byte=exc.start)
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    found = _gb_or_big5(data)
    if found is not None:
        return found[0], found[1], None
    return None, None, _reject(file, 'msg_unknown_text_encoding_neither_utf_8_nor')


# Unicode categories Cc (control, but tab, CR and LF), Co (private use) and Cs (surrogates), as one pattern
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff"
                      "\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def _control_char_row(text: str) -> int | None:
    """First line (1-based) holding control characters — binary data that happened to decode.
    (One regular-expression search over the whole text, not a category lookup per character.)"""
    m = _CONTROL.search(text)
    return None if m is None else text.count("\n", 0, m.start()) + 1


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _too_wide(file: str, named: int, row: int = 1) -> Problem:
    return Problem.of(file, row, None, None, "msg_too_many_columns", "hint_too_many_columns", file=file,
                      n=f"{named:,}", limit=MAX_COLUMNS, template=len(KEYS))


def _build(table: Table, records: list[tuple[int, list[str]]], problems: list[Problem]) -> Table | None:
    if not records:
        problems.append(_reject(table.file, 'msg_the_file_is_empty_no_header_row', hint=False))
        return None
    header_row, header = records[0]
    named = sum(1 for c in header if str(c).strip())
    if named > MAX_COLUMNS:         # refused before any header cell is matched: one problem, not thousands
        problems.append(_too_wide(table.file, named, header_row))
        return None
    keys, header_problems = map_header(header, table.file, header_row)
    problems.extend(header_problems)
    as_unit = unit_header_reading(keys, header, lambda i: (cells[i] if i < len(cells) else "" for _, cells in records[1:]))
    if as_unit is not None:         # 单位 holding 个/人/%: the unit, not the organisation (issue #22, item 9)
        keys[as_unit] = "unit"
        table.notes.append(Problem.of(table.file, header_row, header[as_unit], None, "msg_unit_header_read_as_unit",
                                      "hint_unit_header_read_as_unit", column=header[as_unit]))
    table.columns = [k for k in keys if k]
    for row, cells in records[1:]:
        if not any(str(c).strip() for c in cells):
            continue
        extra = [c for i, c in enumerate(cells)
                 if (i >= len(header) or not str(header[i]).strip()) and str(c).strip()]
        if extra:
            problems.append(Problem.of(table.file, row, None, extra[0], 'msg_the_row_has_cells_outside_the_headers', 'hint_remove_the_stray_cells_or_name_the'))
        table.rows.append((row, {k: str(cells[i]).strip() if i < len(cells) else ""
                                 for i, k in enumerate(keys) if k}))
    if not table.rows and not header_problems:
        problems.append(_reject(table.file, 'msg_only_a_header_row_no_data_rows', hint=False))
    return table


def read_csv_bytes(data: bytes, file: str, problems: list[Problem]) -> Table | None:
    text, encoding, problem = decode(data, file)
    if problem:
        problems.append(problem)
        return None
    if not text.strip():
        problems.append(_reject(file, 'msg_the_file_is_empty', hint=False))
        return None
    bad_line = _control_char_row(text)
    if bad_line is not None:
        problems.append(_reject(file, 'msg_the_file_contains_control_characters_it_is', row=bad_line))
        return None
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = [(n, cells) for n, cells in enumerate(reader, start=1)]
    except csv.Error as exc:
        problems.append(_reject(file, 'msg_malformed_csv_exc', row=reader.line_num, exc=exc))
        return None
    swallowed = _swallowed_rows(records, delimiter)
    if swallowed:
        problems.append(Problem.of(file, swallowed, None, None, "msg_unclosed_quote", "hint_unclosed_quote"))
        return None
    return _build(Table(file, "csv", encoding=encoding), records, problems)


def _swallowed_rows(records: list[tuple[int, list[str]]], delimiter: str) -> int | None:
    """A quote opened in a cell and never closed makes the reader take the following lines as that cell's text,
    so their rows vanish without a word. A cell whose later lines look like rows of the file (as many delimiters
    as the header has columns, less one) is that; the problem names the row where the quote opened."""
    if not records:
        return None
    width = len(records[0][1])
    for n, cells in records[1:]:
        for cell in cells:
            if "\n" not in cell:
                continue
            lines = cell.replace("\r\n", "\n").split("\n")[1:]
            if any(line.count(delimiter) >= max(width - 1, 1) - 1 for line in lines if line.strip()):
                return n
    return None


def read_xlsx_bytes(data: bytes, file: str, problems: list[Problem]) -> Table | None:
    """The data sheet of an XLSX, after ``etl.template.xlsx`` has found it safe to open and honest to read."""
    import openpyxl
    try:
        scans = xlsx.inspect(data)
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except xlsx.Refused as exc:
        problems.append(xlsx.refusal(file, exc))
        return None
    except Exception as exc:   # noqa: BLE001 - a third-party parser on a damaged file: whatever it raises, say so
        problems.append(_reject(file, "msg_cannot_open_excel", error=type(exc).__name__))
        return None
    if not wb.worksheets:
        problems.append(_reject(file, "msg_cannot_open_excel", error="no worksheet"))
        return None
    try:
        return _read_sheet(wb, scans, file, problems)
    except Exception as exc:   # noqa: BLE001 - openpyxl reads cells lazily: a damaged one fails here, say so
        problems.append(_reject(file, "msg_cannot_open_excel", error=type(exc).__name__))
        return None


def _read_sheet(wb, scans: dict, file: str, problems: list[Problem]) -> Table | None:
    visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    if not visible:                                 # never a hidden sheet the analyst cannot see (#22, item 16)
        problems.append(Problem.of(file, None, None, None, "msg_no_visible_sheet", "hint_no_visible_sheet",
                                   names="、".join(w.title for w in wb.worksheets)))
        return None
    named = [ws for ws in visible if ws.title.strip().lower() in SHEET_NAMES]
    ws = named[0] if named else visible[0]
    hidden_named = [w.title for w in wb.worksheets if w.sheet_state != "visible"
                    and w.title.strip().lower() in SHEET_NAMES]
    scan = scans.get(ws.title, xlsx.SheetScan())
    if scan.header_cells > MAX_COLUMNS:             # known from the scan: no row of the sheet is read
        problems.append(_too_wide(file, scan.header_cells))
        return None
    try:
        xlsx.check_sheet(scan, scan.max_col)
    except xlsx.Refused as exc:
        problems.append(xlsx.refusal(file, exc))
        return None
    records, hidden = [], []
    rows = ws.iter_rows(max_row=scan.max_row, max_col=scan.max_col) if scan.max_row and scan.max_col else ()
    for cells in rows:                              # only the rectangle that holds values
        texts = [xlsx.cell_text(c) for c in cells]
        if records or any(t.strip() for t in texts):
            records.append((cells[0].row, texts))
            if ws.row_dimensions[cells[0].row].hidden and any(t.strip() for t in texts):
                hidden.append(cells[0].row)
    if records and records[0][0] != 1:
        problems.append(Problem.of(file, records[0][0], None, None, "msg_sheet_row1_empty", "hint_delete_rows_above_header",
                                   sheet=ws.title))
        return None
    n_before = len(problems)
    table = _build(Table(file, "xlsx", sheet=ws.title, hidden_rows=hidden, hidden_sheets=hidden_named), records,
                   problems)                        # hidden rows and a hidden 数据 sheet: warnings
    if table is not None and not named and len(wb.worksheets) > 1 and len(problems) > n_before:
        names = "、".join(w.title for w in wb.worksheets)
        problems.append(Problem.of(file, 1, None, ws.title, "msg_first_sheet_wrong_header", "hint_name_the_data_sheet",
                                   sheet=ws.title, names=names))
    return table


def read_table(data: bytes, file: str) -> tuple[Table | None, list[Problem]]:
    """Bytes of a CSV or XLSX file → (Table, problems). Table is None when nothing could be read."""
    problems: list[Problem] = []
    limit_mb = settings.max_file_mb()
    if len(data) > limit_mb * 1_000_000:
        problems.append(Problem.of(file, None, None, None, "msg_file_too_large", "hint_file_too_large",
                                   mb=round(len(data) / 1_000_000, 1), limit=f"{limit_mb:g}"))
        return None, problems
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        problems.append(_reject(file, 'msg_the_file_is_empty', hint=False))
        return None, problems
    if data.startswith(OLE_MAGIC):
        problems.append(_reject(file, 'msg_old_excel_97_2003_xls_files_are'))
        return None, problems
    if data.startswith(ZIP_MAGIC):
        return read_xlsx_bytes(data, file, problems), problems
    return read_csv_bytes(data, file, problems), problems
