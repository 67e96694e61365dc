"""The build: headline figures, coverage, atomicity, idempotence, manifest."""

from __future__ import annotations

import hashlib

import duckdb
import pytest

from core.issues import ValidationError
from core.settings import DATA_DIR
from etl.pipeline.build import build

TABLES = ["dim_region", "dim_report", "dim_organization", "dim_indicator", "indicator_pair", "fact",
          "region_mention", "load_batch", "load_manifest"]


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _dump(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    finally:
        con.close()


@pytest.mark.parametrize("value, indicator_like", [
    (707, "property_mgmt_area"), (38, "red_site"), (294, "vanguard_member"), (609, "party_branch"),
])
def test_headline_figures_are_queryable_with_their_source(built_warehouse, value, indicator_like):
    con = duckdb.connect(str(built_warehouse), read_only=True)
    rows = con.execute("""SELECT report_id, char_start, char_end, publisher, source_sha256
                          FROM v_facts WHERE value = ? AND indicator_key LIKE ?""",
                       [value, f"%{indicator_like}%"]).fetchall()
    assert rows, f"{value} not found"
    report_id, start, end, _publisher, sha = rows[0]
    assert report_id and sha and 0 <= start < end


def test_approximate_members_are_stored_as_more_than(built_warehouse):
    con = duckdb.connect(str(built_warehouse), read_only=True)
    q = con.execute("SELECT qualifier FROM v_facts WHERE value = 7700").fetchall()
    assert q == [("more_than",)]


def test_coverage_view(built_warehouse):
    con = duckdb.connect(str(built_warehouse), read_only=True)
    rows = con.execute("""SELECT numerator, denominator, computed_rate, reported_rate, is_inconsistent
                          FROM v_coverage WHERE reported_rate IS NOT NULL AND numerator IS NOT NULL
                          ORDER BY denominator""").fetchall()
    assert (85, 85, 100.0, 100.0, False) in rows
    assert (707, 707, 100.0, 100.0, False) in rows
    # Jiangsu: 11 of 13 prefecture-level cities, the 13 from reference data: derived, not reported.
    derived = con.execute("""SELECT numerator, denominator, reported_rate, is_derived FROM v_coverage
                             WHERE region_code = '320000'""").fetchall()
    assert derived == [(11, 13, None, True)]


def test_unknown_city_stays_unknown(built_warehouse):
    con = duckdb.connect(str(built_warehouse), read_only=True)
    city = con.execute("SELECT city_code FROM dim_report WHERE report_id = '001'").fetchone()[0]
    assert city is None
    flags = con.execute("SELECT DISTINCT region_unnamed, region_level FROM v_facts WHERE report_id='001'").fetchall()
    assert flags == [(True, "province")]


def test_no_population_is_invented(built_warehouse):
    con = duckdb.connect(str(built_warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM dim_region WHERE population IS NOT NULL "
                       "AND population_source IS NULL").fetchone()[0] == 0


def test_build_is_idempotent(data_copy, tmp_path):
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    build(data_copy, a)
    build(data_copy, b)
    assert _dump(a) == _dump(b)
    build(data_copy, a)  # rebuilding over an existing file
    assert _dump(a) == _dump(b)


def test_broken_csv_leaves_the_warehouse_untouched(data_copy, tmp_path):
    wh = tmp_path / "warehouse.duckdb"
    build(data_copy, wh)
    before = _sha(wh)
    fig = sorted((data_copy / "figures").glob("*.csv"))[0]
    lines = fig.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    broken = lines[2].split(",")
    broken[header.index("value")] = "很多"
    lines[2] = ",".join(broken)
    fig.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        build(data_copy, wh)
    problem = exc.value.problems[0]
    assert (problem.file, problem.row, problem.column, problem.value) == (
        f"data/figures/{fig.name}", 3, "value", "很多")
    assert _sha(wh) == before
    left = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    assert left == ["warehouse.duckdb", "warehouse.manifest.json"], left   # no .tmp copy, no .wal left behind


def test_unknown_region_gets_a_suggestion(data_copy, tmp_path):
    fig = sorted((data_copy / "figures").glob("*.csv"))[0]
    text = fig.read_text(encoding="utf-8")
    fig.write_text(text.replace("淄博市", "淄搏市", 1), encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        build(data_copy, tmp_path / "w.duckdb")
    p = exc.value.problems[0]
    assert p.column == "region" and "淄博市" in p.hint_zh
    assert not (tmp_path / "w.duckdb").exists()


def test_manifest_lists_every_input_file(built_warehouse):
    con = duckdb.connect(str(built_warehouse), read_only=True)
    rows = dict(con.execute("SELECT file_path, rows_loaded FROM load_manifest").fetchall())
    assert "data/reference/regions.csv" in rows
    figure_files = [k for k in rows if k.startswith("data/figures/")]
    assert len(figure_files) == len(list((DATA_DIR / "figures").glob("*.csv"))) >= 17
    assert sum(rows[k] for k in figure_files) == con.execute("SELECT count(*) FROM fact").fetchone()[0]


def test_coverage_mart_equals_its_view(built_warehouse):
    con = duckdb.connect(str(built_warehouse), read_only=True)
    view = con.execute("SELECT * FROM v_coverage ORDER BY ALL").fetchall()
    mart = con.execute("SELECT * FROM mart_coverage ORDER BY ALL").fetchall()
    assert view and mart == view


def test_a_report_without_a_title_is_named_not_a_constraint_traceback(data_copy, tmp_path):
    """A curated report row with an empty title_zh ended the build in a DuckDB NOT NULL traceback."""
    import csv

    path = data_copy / "reference" / "reports.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[-1]["title_zh"] = ""
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(ValidationError) as exc:
        build(data_copy, tmp_path / "w.duckdb")
    (p,) = [p for p in exc.value.problems if p.column == "title_zh"]
    assert p.row == len(rows) + 1 and "标题" in p.message_zh
    assert not (tmp_path / "w.duckdb").exists()
