"""DuckLake with a real PostgreSQL catalog: the same build, adds, rollback and dashboard queries as on a file;
two writers at once both land; a reader during a write sees the before or the after state, never a mix."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from core import location
from core.settings import PROJECT_ROOT
from etl.intake import service
from etl.pipeline.build import build
from etl.warehouse import archive

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "etl"))
from intake_support import SYN_TITLE, csv_bytes, synthetic_rows  # noqa: E402


def _scalar(lake: str, sql: str):
    con = location.parse(lake).connect(read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def _cases():
    from dashboard import queries as q
    from dashboard.filters import Filters

    every = Filters()
    key = q.indicator_options(every)["indicator_key"].iloc[0]
    return {
        "overview_counts": lambda: q.overview_counts(every),
        "headline_figures": lambda: q.headline_figures(every),
        "latest_reports": lambda: q.latest_reports(every),
        "coverage": lambda: q.coverage(every),
        "ranking": lambda: q.ranking(every, key, "city"),
        "figures": lambda: q.figures(every),
        "figures_count": lambda: q.figures_count(every),
        "map_points": lambda: q.map_points(every, key),
        "indicator_options": lambda: q.indicator_options(every),
        "period_options": lambda: q.period_options(every),
        "region_options": lambda: q.region_options("province"),
        "report_options": lambda: q.report_options(every),
        "figures_by_category": lambda: q.figures_by_category(every),
        "province_tiles": lambda: q.province_tiles(every),
        "concept_overview": lambda: q.concept_overview(every),
        "concept_story": lambda: q.concept_story(every),
    }


def _answers(monkeypatch, where: str) -> dict:
    from dashboard import db

    monkeypatch.setenv("DJCX_WAREHOUSE", where)
    db.close_all()
    out = {}
    for name, call in _cases().items():
        res = call()
        out[name] = res.reset_index(drop=True) if isinstance(res, pd.DataFrame) else res
    db.close_all()
    return out


def test_dashboard_queries_answer_the_same_on_a_file_and_on_a_lake(built_warehouse, built_lake, monkeypatch):
    on_file = _answers(monkeypatch, str(built_warehouse))
    on_lake = _answers(monkeypatch, built_lake)
    assert len(on_file["figures"]) > 0
    for name, expected in on_file.items():
        if isinstance(expected, pd.DataFrame):
            pd.testing.assert_frame_equal(on_lake[name], expected, check_dtype=False, obj=name)
        else:
            assert on_lake[name] == expected, name


def _add_cli(data: Path, lake: str, name: str, body: bytes, who: str) -> subprocess.Popen:
    f = data.parent / name
    f.write_bytes(body)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.Popen([sys.executable, "-m", "etl", "add", str(f), "--data", str(data), "--warehouse", lake,
                             "--who", who], cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _years_rows(first: int, years: int, seed: int) -> list[list[str]]:
    rows = []
    for y in range(first, first + years):
        for r in synthetic_rows(seed=seed):
            rows.append([r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], str(y), r[12], r[13]])
    return rows


def test_two_writers_at_once_on_one_lake_both_land(new_lake, data_copy):
    lake = new_lake()
    build(data_copy, lake)
    before = _scalar(lake, "SELECT count(*) FROM fact")
    a = _add_cli(data_copy, lake, "a.csv", csv_bytes(_years_rows(2001, 3, 3)), "writer-a")
    b = _add_cli(data_copy, lake, "b.csv", csv_bytes(_years_rows(2011, 3, 5)), "writer-b")
    outs = [p.communicate(timeout=180) for p in (a, b)]
    assert (a.returncode, b.returncode) == (0, 0), outs
    after = _scalar(lake, "SELECT count(*) FROM fact")
    assert after == before + 2 * 3 * 8
    ids = sorted(r["batch_id"] for r in service.list_batches(data_copy, lake))
    assert len(ids) == 2 and ids[0] != ids[1]
    assert sorted(_scalar(lake, "SELECT list(batch_id ORDER BY batch_id) FROM load_batch WHERE kind = 'add'")) == ids
    assert {r["who"] for r in archive.batches(data_copy)} == {"writer-a", "writer-b"}


def test_a_reader_during_a_write_sees_the_before_or_the_after_state(new_lake, data_copy, monkeypatch):
    from dashboard import db

    lake = new_lake()
    build(data_copy, lake)
    monkeypatch.setenv("DJCX_WAREHOUSE", lake)
    db.close_all()
    before = _scalar(lake, "SELECT count(*) FROM fact")
    first_version = db.signature().version
    writer = _add_cli(data_copy, lake, "big.csv", csv_bytes(_years_rows(1990, 20, 7)), "writer")
    seen, committed_at = [], None
    reader = location.parse(lake).connect(read_only=True)
    try:
        while writer.poll() is None:
            n, mart = reader.execute("SELECT (SELECT count(*) FROM fact), (SELECT count(*) FROM mart_coverage)"
                                     ).fetchone()
            seen.append((n, mart))
            time.sleep(0.02)
        committed_at = time.monotonic()
        seen.append(reader.execute("SELECT (SELECT count(*) FROM fact), (SELECT count(*) FROM mart_coverage)"
                                   ).fetchone())
    finally:
        reader.close()
    assert writer.returncode == 0, writer.communicate()
    after = before + 20 * 8
    assert len(seen) > 5
    assert {n for n, _ in seen} <= {before, after}, sorted({n for n, _ in seen})
    assert seen[-1][0] == after
    marts = {n: {m for k, m in seen if k == n} for n in (before, after)}
    assert all(len(v) <= 1 for v in marts.values()), marts   # fact and mart change together, in one snapshot
    # the dashboard sees the commit within 5 s, without a restart
    while db.signature() is None or db.signature().version == first_version:
        assert time.monotonic() - committed_at < 5
        time.sleep(0.1)
    with db.audience_scope("all"):         # (the add is a draft: analysts see it, viewers not yet)
        assert db.run_query("SELECT count(*) AS n FROM fact")["n"].iloc[0] == after
    assert db.run_query("SELECT count(*) AS n FROM fact")["n"].iloc[0] == before
    db.close_all()


def test_rollback_and_verify_on_a_lake(new_lake, data_copy):
    lake = new_lake()
    build(data_copy, lake)
    before = _scalar(lake, "SELECT count(*) FROM fact")
    done = service.add([service.Upload("s.csv", csv_bytes(synthetic_rows()))], None, "tester", data_copy, lake)
    assert done.verdict == "load"
    bid = done.batches[0]["batch_id"]
    assert _scalar(lake, f"SELECT count(*) FROM fact WHERE batch_id = {bid}") == 8
    assert _scalar(lake, f"SELECT count(*) FROM dim_report WHERE title_zh = '{SYN_TITLE}'") == 1
    service.rollback(bid, "tester", data_copy, lake)
    assert _scalar(lake, "SELECT count(*) FROM fact") == before
    assert [b["rolled_back"] for b in service.list_batches(data_copy, lake)] == [True]
    assert _scalar(lake, "SELECT count(*) FROM load_event WHERE event = 'rollback'") == 1
    # time travel: the snapshot before the rollback still holds the batch
    snaps = _scalar(lake, "SELECT list(snapshot_id ORDER BY snapshot_id) FROM wh.snapshots()")
    assert _scalar(lake, f"SELECT count(*) FROM fact AT (VERSION => {snaps[-2]}) WHERE batch_id = {bid}") == 8


def test_a_malformed_lake_string_or_missing_extension_is_a_clear_error():
    with pytest.raises(location.LocationError, match="DuckLake"):
        location.parse("ducklake:x (DATA_PATH 'a'").connect()
    with pytest.raises(location.LocationError, match="not installed"):
        location.extension_file("no_such_extension")


def test_a_draft_on_a_lake_is_hidden_from_viewers_until_published(new_lake, data_copy, monkeypatch):
    """The schema published lives in the lake too: a viewer's query never sees a draft (#22 item 1)."""
    from dashboard import db
    from etl.intake import publish

    lake = new_lake()
    build(data_copy, lake)
    monkeypatch.setenv("DJCX_WAREHOUSE", lake)
    monkeypatch.delenv("DJCX_PUBLISH", raising=False)
    db.close_all()
    count = "SELECT count(*) AS n FROM v_facts"
    with db.audience_scope("published"):
        before = int(db.run_query(count)["n"].iloc[0])
    bid = service.add([service.Upload("s.csv", csv_bytes(synthetic_rows()))], None, "tester", data_copy, lake
                      ).batches[0]["batch_id"]
    db._lake_seen.clear()
    with db.audience_scope("published"):
        assert int(db.run_query(count)["n"].iloc[0]) == before
    with db.audience_scope("all"):
        assert int(db.run_query(count)["n"].iloc[0]) == before + 8
    publish.publish(bid, "tester", data_copy, lake)
    db._lake_seen.clear()
    with db.audience_scope("published"):
        assert int(db.run_query(count)["n"].iloc[0]) == before + 8
    db.close_all()
