"""One writer at a time, with a clear message (issue #12): a second add, rollback or build waits up to
DJCX_WRITE_WAIT seconds, then stops and names the write in progress, its user and since when; the warehouse
is untouched. And the size limit is a setting with a message that says the limit and how to raise it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest
from intake_support import add, csv_bytes, sha, synthetic_rows

from etl.intake import service
from etl.warehouse import archive

HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from etl.warehouse import archive
    with archive.lock(Path(sys.argv[1]), "add", "alice", wait=0):
        archive.note_holder(Path(sys.argv[1]), batch=1234)
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
""")


def _hold(data, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(data), str(seconds)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_writer_is_told_who_holds_the_warehouse(env, monkeypatch):
    data, wh = env
    archive.ensure(data)
    monkeypatch.setenv("DJCX_WRITE_WAIT", "0.5")
    before = sha(wh)
    proc = _hold(data, 20)
    try:
        t0 = time.monotonic()
        with pytest.raises(service.UsageError) as err:
            add(env, ("synthetic.csv", csv_bytes(synthetic_rows())))
        assert time.monotonic() - t0 < 5                              # it waited, then said so: no hang
        text = str(err.value)
        assert "另一项写入正在进行" in text and "批次 1234" in text and "alice" in text
        assert "Another write is in progress: an add (batch 1234) by alice since 20" in text
        with pytest.raises(service.UsageError, match="alice"):
            service.rollback(1001, "bob", data, wh)
        assert sha(wh) == before and not archive.batches(data)
    finally:
        proc.kill()
        proc.wait()
    result = add(env, ("synthetic.csv", csv_bytes(synthetic_rows())))   # the lock went with its holder
    assert result.loaded and archive.holder(data) == {}


def test_the_build_command_says_who_holds_it(env, monkeypatch):
    data, wh = env
    archive.ensure(data)
    proc = _hold(data, 20)
    try:
        res = subprocess.run([sys.executable, "-m", "etl", "build", "--data", str(data), "--warehouse", str(wh)],
                             capture_output=True, text=True, env={**__import__("os").environ, "DJCX_WRITE_WAIT": "0"},
                             timeout=120)
        assert res.returncode == 2 and "alice" in res.stderr and "Traceback" not in res.stderr
    finally:
        proc.kill()
        proc.wait()


def test_the_size_limit_is_a_setting_with_a_clear_message(env, monkeypatch):
    monkeypatch.setenv("DJCX_MAX_FILE_MB", "1")
    rows = synthetic_rows() * 4000                                     # about 1.3 MB of CSV
    data = csv_bytes(rows, encoding="utf-8")
    assert len(data) > 1_000_000
    result = add(env, ("big.csv", data))
    assert result.verdict == "rejected"
    (problem,) = result.plans[0].problems
    text = problem.format()
    assert "上限 1 MB" in text and "DJCX_MAX_FILE_MB" in text and f"{len(data) / 1e6:.1f} MB" in text
    monkeypatch.setenv("DJCX_MAX_FILE_MB", "5")
    assert add(env, ("big.csv", data), dry_run=True).plans[0].rows_in == len(rows)


def test_a_big_bad_file_gets_a_summary_not_a_line_per_row(env, tmp_path):
    """A 200k-row file with one bad column printed 200,004 lines to stderr (issue #12): the first problems, then
    one line per column and kind of problem with its count; the preview lists the first rows."""
    data, wh = env
    rows = [r[:8] + ["不是数字"] + r[9:] for r in synthetic_rows()] * 1500          # 12,000 rows, every value bad
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(rows))
    res = subprocess.run([sys.executable, "-m", "etl", "add", str(path), "--data", str(data), "--warehouse", str(wh),
                          "--dry-run"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    err = res.stderr.splitlines()
    assert len(err) < 60, len(err)
    assert any("12,000 行" in line and "数值" in line for line in err), err[-5:]
    assert len(res.stdout.splitlines()) < 45


def test_messages_name_indicators_by_their_names_not_their_keys(env):
    """Issue #12: "Messages name indicators by their names, never by internal ids" (小区党组织数, not
    community_party_org_count), in both languages."""
    rows = synthetic_rows(2)
    bad = [r[:8] + ["900"] + r[9:] if r[7] == "小区党组织数" else r for r in rows]       # numerator above denominator
    typo = [rows[0][:7] + ["物业管理区域树"] + rows[0][8:]]                                  # a near miss
    result = add(env, ("bad.csv", csv_bytes(bad + typo)), dry_run=True)
    problems = [p for plan in result.plans for p in plan.problems]
    assert problems
    text = " ".join(p.message_zh + p.message_en + p.hint_zh + p.hint_en for p in problems)
    assert "小区党组织数" in text and "物业管理区域数" in text
    assert "_count" not in text and "community_party" not in text and "property_mgmt" not in text
