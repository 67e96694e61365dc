"""Verification of every fact's offsets against the user's copy of the reports."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from etl.cli import main
from etl.verify import span_holds_value, verify


def test_span_holds_value_reads_chinese_forms():
    assert span_holds_value("三届", 3)
    assert span_holds_value("136億元", 13_600_000_000)
    assert span_holds_value("7700多名", 7700)
    assert span_holds_value("1-2個", 1, 2)
    assert not span_holds_value("38個", 39)


def test_every_fact_of_all_17_reports_matches_the_sources(built_warehouse, sources):
    checked, bad = verify(built_warehouse, sources)
    assert checked >= 157 + 14
    assert bad == [], "\n".join(m.format() for m in bad)


def test_cli_verify_exit_codes(built_warehouse, sources, tmp_path, capsys):
    assert main(["verify", "--sources", *map(str, sources), "--warehouse", str(built_warehouse)]) == 0
    # A copy whose offsets are shifted must fail.
    broken = tmp_path / "w.duckdb"
    shutil.copy(built_warehouse, broken)
    con = duckdb.connect(str(broken))
    con.execute("UPDATE fact SET char_start = char_start + 40, char_end = char_end + 40 "
                "WHERE fact_id = (SELECT min(fact_id) FROM fact)")
    con.close()
    assert main(["verify", "--sources", *map(str, sources), "--warehouse", str(broken)]) == 1
    assert "MISMATCH" in capsys.readouterr().err


def test_altered_source_text_is_detected(built_warehouse, seeds, tmp_path):
    copy = tmp_path / "seeds"
    shutil.copytree(seeds, copy)
    victim = sorted(copy.glob("000_*.txt"))[0]
    victim.write_text(victim.read_text(encoding="utf-8") + " ", encoding="utf-8")
    _, bad = verify(built_warehouse, copy)
    assert any("no file with sha256" in m.reason for m in bad)


# ------------------------------------------------------------------ corruptions verify must catch (#9)

def _corrupt(built_warehouse, tmp_path, sql: str, params=()):
    broken = tmp_path / "broken.duckdb"
    shutil.copy(built_warehouse, broken)
    con = duckdb.connect(str(broken))
    con.execute(sql, list(params))
    con.close()
    return broken


def _reasons(warehouse, seeds, fact_id):
    _, bad = verify(warehouse, seeds)
    return [m for m in bad if m.fact_id == fact_id]


def test_a_span_on_another_number_with_the_same_value_fails(built_warehouse, seeds, tmp_path):
    # 000-04 is 26 项 (rules); 000-06 is 26 篇 (research reports): the same value, another thing counted
    broken = _corrupt(built_warehouse, tmp_path, """
        UPDATE fact SET char_start = o.char_start, char_end = o.char_end
        FROM (SELECT char_start, char_end FROM fact WHERE fact_id = '000-06') o WHERE fact_id = '000-04'""")
    (m,) = _reasons(broken, seeds, "000-04")
    assert "counts 篇" in m.reason and "项" in m.reason and m.file.startswith("000_")
    assert "000-04 (report 000, 000_" in m.format()


def test_a_wrong_qualifier_fails(built_warehouse, seeds, tmp_path):
    # 001-04 is written 90余 (more than 90); stored as exact it no longer holds
    broken = _corrupt(built_warehouse, tmp_path, "UPDATE fact SET qualifier = 'exact' WHERE fact_id = '001-04'")
    (m,) = _reasons(broken, seeds, "001-04")
    assert "more_than" in m.reason and "stored as exact" in m.reason


def test_a_widened_span_fails(built_warehouse, seeds, tmp_path):
    broken = _corrupt(built_warehouse, tmp_path,
                      "UPDATE fact SET char_end = char_start + 300 WHERE fact_id = '002-01'")
    (m,) = _reasons(broken, seeds, "002-01")
    assert "300 characters" in m.reason


def test_blank_offsets_fail_verify(built_warehouse, seeds, tmp_path):
    broken = _corrupt(built_warehouse, tmp_path,
                      "UPDATE fact SET char_start = NULL, char_end = NULL WHERE fact_id = '003-02'")
    (m,) = _reasons(broken, seeds, "003-02")
    assert m.reason.startswith("no offsets")


def test_blank_offsets_fail_the_build(data_copy, tmp_path):
    from core.issues import ValidationError
    from etl.pipeline.build import build

    fig = data_copy / "figures" / "003_jiangsu.csv"
    lines = fig.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    cells[header.index("char_start")] = cells[header.index("char_end")] = ""
    lines[2] = ",".join(cells)
    fig.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        build(data_copy, tmp_path / "w.duckdb")
    p = exc.value.problems[0]
    assert (p.file, p.row, p.column, p.code) == ("data/figures/003_jiangsu.csv", 3, "char_start", "msg_offsets_missing")


def test_facts_without_a_source_text_are_listed_as_unverifiable(built_warehouse, sources, tmp_path, capsys):
    broken = _corrupt(built_warehouse, tmp_path, "UPDATE dim_report SET sha256 = NULL WHERE report_id = '003'")
    assert main(["verify", "--sources", *map(str, sources), "--warehouse", str(broken)]) == 0
    out = capsys.readouterr().out
    assert "UNVERIFIABLE 003-01 (report 003)" in out and "3 facts cannot be verified" in out
