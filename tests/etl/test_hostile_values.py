"""Hostile values and names (issue #13, items 2, 6, 11 and 15): each ends in a clear problem naming the row and
column, or is made harmless, never a traceback, a silent misreading or a stored control character."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time

import duckdb
import pytest
from intake_support import SYN_TITLE, add, csv_bytes, sha, synthetic_rows

from core.settings import PROJECT_ROOT
from etl.warehouse import archive


def _one(value: str | None = None, title: str | None = None) -> bytes:
    row = synthetic_rows(1)[0]
    if value is not None:
        row[8] = value
    if title is not None:
        row[0] = title
    return csv_bytes([row], encoding="utf-8")


def _problems(result) -> list[tuple[int | None, str | None, str]]:
    return [(p.row, p.column, p.code) for plan in result.plans for p in plan.problems]


def test_an_absurdly_large_chinese_numeral_is_a_clear_problem_not_an_overflow(env):
    data, wh = env
    before = sha(wh)
    result = add(env, ("big.csv", _one("十" + "亿" * 200)))
    assert result.verdict == "rejected"
    assert (2, "value", "msg_value_too_large") in _problems(result)
    assert sha(wh) == before


def test_an_integer_a_double_cannot_hold_is_refused_not_rounded_and_beyond_ten_to_the_18_too(env):
    """Issue #22, item 18: 123456789012345678 was stored as 123456789012345680 once the warning was confirmed, and
    1000000000000000001 (a float rounds it to 10¹⁸) only warned. Both are refused, warnings confirmed or not."""
    data, wh = env
    before = sha(wh)
    rounded = add(env, ("round.csv", _one("123456789012345678")), confirm_warnings=True)
    assert rounded.verdict == "rejected"
    assert _problems(rounded) == [(2, "value", "msg_value_not_exact")]
    problem = rounded.plans[0].problems[0]
    assert "123456789012345678" in problem.message_zh and "123456789012345680" in problem.message_en
    assert problem.hint_zh and problem.hint_en
    beyond = add(env, ("beyond.csv", _one("1000000000000000001")), confirm_warnings=True)
    assert beyond.verdict == "rejected" and _problems(beyond) == [(2, "value", "msg_value_too_large")]
    row = synthetic_rows(1)[0]
    row[8], row[9] = "12345678901234.57", "万个"                # × 10⁴ by the unit: 123456789012345700, not a DOUBLE
    by_unit = add(env, ("unit.csv", csv_bytes([row], encoding="utf-8")), confirm_warnings=True)
    assert _problems(by_unit) == [(2, "value", "msg_value_not_exact")]
    assert sha(wh) == before
    edge = add(env, ("edge.csv", _one(str(2 ** 53))), confirm_warnings=True, dry_run=True)   # the largest that holds
    assert edge.verdict == "load" and edge.plans[0].entries[0].fact["value"] == 2 ** 53
    wan = add(env, ("wan.csv", _one("1.1万")), confirm_warnings=True, dry_run=True)
    assert wan.plans[0].entries[0].fact["value"] == 11000                 # (1.1 × 10⁴ in floats is 11000.000000000002)


def test_a_thousands_separator_out_of_place_is_a_problem_and_a_right_one_is_read(env):
    result = add(env, ("sep.csv", _one("1,20")))
    assert result.verdict == "rejected"
    assert (2, "value", "msg_misplaced_thousands_separator") in _problems(result)
    assert add(env, ("sep2.csv", _one("12,34,567"))).verdict == "rejected"
    ok = add(env, ("sep3.csv", _one("1,200")), dry_run=True)
    assert ok.verdict == "load"
    assert ok.plans[0].entries[0].fact["value"] == 1200


def test_a_direction_override_or_a_huge_title_is_refused_by_column(env):
    data, wh = env
    bidi = add(env, ("bidi.csv", _one(title=SYN_TITLE + "\u202e" + "fdp.exe")))
    assert bidi.verdict == "rejected"
    assert (2, "report_title", "msg_control_character") in _problems(bidi)
    assert "U+202E" in bidi.plans[0].problems[0].message_en
    started = time.monotonic()
    huge = add(env, ("huge.csv", _one(title="长" * 100_000)))
    assert time.monotonic() - started < 10
    assert (2, "report_title", "msg_field_too_long") in _problems(huge)
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM dim_report WHERE length(title_zh) > 300 "
                           "OR title_zh LIKE '%' || chr(8238) || '%'").fetchone()[0] == 0
    finally:
        con.close()


def test_control_characters_in_a_file_name_never_reach_the_log_or_the_terminal(env):
    data, wh = env
    name = "evil\x1b[31m\u202e.csv"
    assert add(env, (name, csv_bytes(synthetic_rows()))).loaded
    logged = archive.read_log(data)[-1]["file_name"]
    assert "\x1b" not in logged and "\u202e" not in logged and logged.startswith("evil")
    out = subprocess.run([sys.executable, "-m", "etl", "batches", "--data", str(data)], cwd=PROJECT_ROOT,
                         env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "DJCX_WAREHOUSE": str(wh)},
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "evil" in out.stdout and "\x1b" not in out.stdout
    json.dumps(logged)


def test_the_warehouse_stays_readable_by_other_accounts_after_an_add(env):
    data, wh = env
    assert add(env, ("new.csv", csv_bytes(synthetic_rows()))).loaded
    assert stat.S_IMODE(wh.stat().st_mode) & 0o044 == 0o044, oct(wh.stat().st_mode)



@pytest.mark.parametrize("field, status_col, column", [("发布单位", "发布单位状态", "publisher_status"),
                                                      ("发布日期", "日期状态", "published_status")])
def test_a_status_of_confirmed_needs_its_value(env, field, status_col, column):
    """#22 item 2: a blank publisher (or date) with status confirmed loaded as confirmed; a blank is unknown."""
    from intake_support import ZH_HEADER

    rows = [[*r, "confirmed"] for r in synthetic_rows()]
    for r in rows:
        r[ZH_HEADER.index(field)] = ""
    res = add(env, ("status.csv", csv_bytes(rows, header=[*ZH_HEADER, status_col])))
    assert not res.loaded
    problems = [p for plan in res.plans for p in plan.problems]
    assert {p.column for p in problems} == {column}, problems
    assert all("为空" in p.message_zh and "unknown" in p.hint_en for p in problems)
