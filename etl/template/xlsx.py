"""Read an analyst's XLSX safely: a file is inspected before it is opened, and refused with the reason when it
would take too long, too much memory, or say something it does not show.

Before openpyxl opens it, the zip is checked (members, uncompressed size, compression ratio: a zip bomb), and
no XML part may declare a DTD or an entity ("billion laughs"; openpyxl also parses through defusedxml), and
every worksheet's XML is scanned once with regular expressions (in C, not cell by cell in Python), counting
its cells against ``MAX_CELLS``, finding the far corner of the cells that hold something (a value written at
XFD1048576 would make the sheet 17 billion cells), formulas saved without their result, and merged cells.
Only then is the workbook loaded, and only the rectangle that holds values is read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
import zlib
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from openpyxl.utils.cell import coordinate_from_string, get_column_letter, range_boundaries

from core.issues import Problem

MAX_MEMBERS = 2_000
MAX_UNCOMPRESSED = 150_000_000     # bytes of all members together, unpacked
MAX_RATIO = 150                    # unpacked / packed, for a member of more than 1 MB
MAX_CELLS = 500_000                # cells in all sheets (≈ 35,000 rows of the template's 14 columns)
MAX_SECONDS = 30.0                 # for the inspection; the load after it is bounded by the cells


class Refused(Exception):
    def __init__(self, message: str, row: int | None = None, **fmt):
        super().__init__(message)
        self.message, self.row, self.fmt = message, row, fmt


@dataclass
class SheetScan:
    cells: int = 0
    max_row: int = 0                  # of the cells that hold a value or a formula
    max_col: int = 0
    far: str = ""                     # the farthest such cell
    header_cells: int = 0             # cells of row 1 (the header) that hold a value
    formulas_without_value: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _check_zip(zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise Refused("msg_xlsx_too_many_parts", n=len(infos))
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise Refused("msg_xlsx_unpacks_too_big", mb=round(total / 1e6), limit=round(MAX_UNCOMPRESSED / 1e6))
    for i in infos:
        if i.file_size > 1_000_000 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise Refused("msg_xlsx_zip_bomb", part=i.filename, ratio=round(i.file_size / max(i.compress_size, 1)))


_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3}[0-9]+(?::[A-Z]{1,3}[0-9]+)?)"')
_HAS_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]|<(?:\w+:)?is\b")      # (an empty <v></v> is no saved result)
_HAS_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)


def _check_prolog(zf: zipfile.ZipFile, name: str) -> None:
    """No DTD and no entity in any XML part: a workbook never has one; entity expansion ("billion laughs")
    needs one. (openpyxl parses through defusedxml as well.)"""
    with zf.open(name) as f:
        head = f.read(65536)
    if _DTD.search(head):
        raise Refused("msg_xlsx_xml_entities", kind=f"<!DOCTYPE> in {name}")


def _scan_sheet(zf: zipfile.ZipFile, name: str, budget: list[int], deadline: float) -> SheetScan:
    """Cells counted in C (a regular expression over the part's bytes) before any is looked at one by one."""
    scan = SheetScan()
    data = zf.read(name)          # its unpacked size is bounded by _check_zip
    scan.cells = len(_CELL_TAG.findall(data))
    budget[0] -= scan.cells
    if budget[0] < 0:
        raise Refused("msg_xlsx_too_many_cells", limit=f"{MAX_CELLS:,}")
    for i, m in enumerate(_CELL.finditer(data)):
        body = m.group(2) or b""
        ref = _REF.search(m.group(1))
        if ref is None:
            continue
        has_value, has_formula = bool(_HAS_VALUE.search(body)), bool(_HAS_FORMULA.search(body))
        cell = f"{ref.group(1).decode()}{int(ref.group(2))}"
        if has_value or has_formula:
            r, c = int(ref.group(2)), _col_index(ref.group(1).decode())
            if r > scan.max_row or c > scan.max_col:
                scan.far = cell          # the cell that pushed the corner out last
            scan.max_row, scan.max_col = max(scan.max_row, r), max(scan.max_col, c)
            scan.header_cells += r == 1 and has_value
        if has_formula and not has_value:
            scan.formulas_without_value.append(cell)
        if i % 20000 == 0 and time.monotonic() > deadline:
            raise Refused("msg_xlsx_too_slow", s=round(MAX_SECONDS))
    scan.merged = [m.group(1).decode() for m in _MERGE.finditer(data)]
    return scan


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its worksheet part, from the workbook and its relationships (both small, parsed safely)."""
    from defusedxml.ElementTree import fromstring

    try:
        book = fromstring(zf.read("xl/workbook.xml"), forbid_dtd=True)
        rels = fromstring(zf.read("xl/_rels/workbook.xml.rels"), forbid_dtd=True)
    except KeyError:
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for el in book.iter():
        if _local(el.tag) == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            target = targets.get(rid, "")
            out[el.get("name", "")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return out


def inspect(data: bytes) -> dict[str, SheetScan]:
    """Every worksheet's scan, by sheet name; Refused when the file is unsafe to open."""
    deadline = time.monotonic() + MAX_SECONDS
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            _check_zip(zf)
            for name in zf.namelist():
                if name.endswith((".xml", ".rels", ".vml")):
                    _check_prolog(zf, name)
            budget = [MAX_CELLS]
            parts = _sheet_parts(zf)
            names = set(zf.namelist())
            for name in names:     # worksheets not named by the workbook count against the budget too
                if name.startswith("xl/worksheets/") and name.endswith(".xml") and name not in parts.values():
                    parts[f"\0{name}"] = name
            return {sheet: _scan_sheet(zf, part, budget, deadline) for sheet, part in parts.items() if part in names}
    except DefusedXmlException as exc:
        raise Refused("msg_xlsx_xml_entities", kind=type(exc).__name__) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error, RuntimeError,
            NotImplementedError, ValueError, UnicodeError) as exc:     # damaged, encrypted, unknown compression
        raise Refused("msg_cannot_open_excel", error=type(exc).__name__) from exc
    except SyntaxError as exc:     # ElementTree's ParseError: XML that is not well formed
        raise Refused("msg_cannot_open_excel", error="XML " + type(exc).__name__) from exc


def check_sheet(scan: SheetScan, columns_used: int) -> None:
    """Refuse what would mislead on the chosen sheet: a value far outside the table, a formula with no saved
    result, a merged cell in the data."""
    if scan.max_row * max(scan.max_col, 1) > MAX_CELLS:
        raise Refused("msg_xlsx_far_cell", cell=scan.far, rows=f"{scan.max_row:,}", cols=scan.max_col)
    if scan.formulas_without_value:
        ref = scan.formulas_without_value[0]
        raise Refused("msg_xlsx_formula_without_value", row=coordinate_from_string(ref)[1], cell=ref,
                      n=len(scan.formulas_without_value))
    for ref in scan.merged:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if min_col <= max(columns_used, 1) and (max_row > min_row or max_col > min_col):
            raise Refused("msg_xlsx_merged_cell", row=min_row, cells=ref,
                          first=f"{get_column_letter(min_col)}{min_row}")


def cell_text(cell) -> str:
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


def refusal(file: str, exc: Refused) -> Problem:
    hint = "hint_save_as" if exc.message == "msg_cannot_open_excel" else "hint_" + exc.message[4:]
    return Problem.of(file, exc.row, None, None, exc.message, hint, **exc.fmt)
