"""Verification of every fact's offsets against the user's copy of the reports."""

from __future__ import annotations

import shutil

import duckdb

from etl.cli import main
from etl.verify import span_holds_value, verify


def test_span_holds_value_reads_chinese_forms():
    assert span_holds_value("三届", 3)
    assert span_holds_value("136億元", 13_600_000_000)
    assert span_holds_value("7700多名", 7700)
    assert span_holds_value("1-2個", 1, 2)
    assert not span_holds_value("38個", 39)


def test_every_fact_matches_the_sources(built_warehouse, seeds):
    checked, bad = verify(built_warehouse, seeds)
    assert checked >= 50
    assert bad == [], "\n".join(m.format() for m in bad)


def test_cli_verify_exit_codes(built_warehouse, seeds, tmp_path, capsys):
    assert main(["verify", "--sources", str(seeds), "--warehouse", str(built_warehouse)]) == 0
    # A copy whose offsets are shifted must fail.
    broken = tmp_path / "w.duckdb"
    shutil.copy(built_warehouse, broken)
    con = duckdb.connect(str(broken))
    con.execute("UPDATE fact SET char_start = char_start + 40, char_end = char_end + 40 "
                "WHERE fact_id = (SELECT min(fact_id) FROM fact)")
    con.close()
    assert main(["verify", "--sources", str(seeds), "--warehouse", str(broken)]) == 1
    assert "MISMATCH" in capsys.readouterr().err


def test_altered_source_text_is_detected(built_warehouse, seeds, tmp_path):
    copy = tmp_path / "seeds"
    shutil.copytree(seeds, copy)
    victim = sorted(copy.glob("000_*.txt"))[0]
    victim.write_text(victim.read_text(encoding="utf-8") + " ", encoding="utf-8")
    _, bad = verify(built_warehouse, copy)
    assert any("no file with sha256" in m.reason for m in bad)
