"""Fuzz targets (Hypothesis) over the number parser and the CSV and XLSX readers, run by tests/etl/test_fuzz.py
in a child process so that its peak memory can be measured. Every input must end in a value or a clean
rejection: never another exception, never longer than the deadline."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.numbers import NumberFormatError, parse_quantity
from etl.template.read import MAX_COLUMNS, read_table

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
COMMON = settings(max_examples=EXAMPLES, deadline=dt.timedelta(seconds=10), derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
HEADER = "报告标题,发布单位,发布日期,省,市,区县,单位,指标,数值,单位名,限定,期间,比率,备注"
PIECES = ["1,20", "十亿亿亿亿亿", "1e23", "7700多", "约", "-", "万", "億", "%", "\u202e", "\x00", '"', '""', ",", "\r\n",
          "\n", "１２３", "1,234,567", "0x1F", "=SUM(1)", "@", "NaN", "inf", "99999999999999999999", "至", "~", "余",
          "江苏省", "徐州市", "物业管理区域数", "2023", "合成", " ", "\t", ";", "\ufeff", "\ud7ff", "𠀀"]
text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=12).map("".join)


@COMMON
@given(text)
def fuzz_numbers(s: str) -> None:
    try:
        q = parse_quantity(s)
    except NumberFormatError:
        return
    assert q.value == q.value and abs(q.value) < 1e19       # a number, never NaN or astronomically large


def _check(data: bytes, name: str) -> None:
    table, problems = read_table(data, name)
    assert table is not None or problems                  # a reason whenever nothing could be read
    for p in problems:
        assert p.message_zh and p.message_en


@COMMON
@given(st.lists(st.lists(text, min_size=0, max_size=16), max_size=8), st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def fuzz_csv(rows: list[list[str]], encoding: str) -> None:
    body = HEADER + "\r\n" + "\r\n".join(",".join(r) for r in rows)
    _check(body.encode(encoding, errors="replace"), "fuzz.csv")


@COMMON
@given(st.integers(0, 30_000), st.text(st.characters(whitelist_categories=("L", "N", "Zs")), max_size=6),
       st.sampled_from(["utf-8", "gb18030"]))
def fuzz_wide_header(n: int, name: str, encoding: str) -> None:
    """Headers with many columns (issue #22, item 15): past the limit, one problem that says so, at once."""
    body = HEADER + "".join(f",{name}{i}" for i in range(n)) + "\r\n合成报告,合成单位,2024-05-01,江苏省,徐州市,,,物业管理区域数,12"
    table, problems = read_table(body.encode(encoding), "wide.csv")
    if len(HEADER.split(",")) + n > MAX_COLUMNS:
        assert table is None and [p.code for p in problems] == ["msg_too_many_columns"]
    else:
        assert table is not None and len(problems) <= n


@COMMON
@given(st.binary(max_size=4096))
def fuzz_bytes(data: bytes) -> None:
    _check(data, "fuzz.bin")


def _book() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in (HEADER.split(","), ["合成报告", "合成单位", "2024-05-01", "江苏省", "徐州市", "", "", "物业管理区域数", "12"]):
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


BOOK = _book()
PARTS = zipfile.ZipFile(io.BytesIO(BOOK)).namelist()


@COMMON
@given(st.sampled_from(PARTS), st.integers(0, 4000), st.binary(min_size=1, max_size=64), st.booleans())
def fuzz_xlsx(part: str, at: int, insert: bytes, replace: bool) -> None:
    """A real workbook with one part damaged: bytes inserted or overwritten at a position."""
    src = zipfile.ZipFile(io.BytesIO(BOOK))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            body = src.read(name)
            if name == part:
                i = min(at, len(body))
                body = body[:i] + insert + body[i + (len(insert) if replace else 0):]
            dst.writestr(name, body)
    _check(out.getvalue(), "fuzz.xlsx")


@COMMON
@given(st.binary(min_size=1, max_size=2048), st.integers(0, 40_000))
def fuzz_xlsx_bytes(noise: bytes, at: int) -> None:
    """The zip container itself damaged."""
    i = min(at, len(BOOK))
    _check(BOOK[:i] + noise + BOOK[i + len(noise):], "fuzz2.xlsx")


TARGETS = [fuzz_numbers, fuzz_csv, fuzz_wide_header, fuzz_bytes, fuzz_xlsx, fuzz_xlsx_bytes]
