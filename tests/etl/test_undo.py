"""Rolling back the newest batch in place (etl.pipeline.undo) gives exactly what a rebuild without it gives; any
other rollback goes through the rebuild."""

from __future__ import annotations

import duckdb
import pytest
from intake_support import TABLES, add, csv_bytes, synthetic_rows

from etl.intake import service
from etl.pipeline.build import build

COMPARED = [*TABLES, "mart_coverage", "load_event"]


def _dump(wh) -> dict:
    con = duckdb.connect(str(wh), read_only=True)
    try:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in COMPARED}
    finally:
        con.close()


@pytest.fixture
def rebuilds(monkeypatch):
    calls = []
    real = service.build

    def spy(*args, **kw):
        calls.append(kw.get("exclude"))
        return real(*args, **kw)

    monkeypatch.setattr(service, "build", spy)
    return calls


def test_the_newest_batch_is_undone_in_place_and_equals_a_rebuild(env, rebuilds, tmp_path):
    data, wh = env
    before = _dump(wh)
    bid = add(env, ("new.csv", csv_bytes(synthetic_rows()))).batches[0]["batch_id"]
    assert _dump(wh)["fact"] != before["fact"]
    service.rollback(bid, "tester", data, wh)
    assert rebuilds == []                                  # no rebuild: undone in one transaction
    undone = _dump(wh)
    rebuilt = tmp_path / "rebuilt.duckdb"
    build(data, rebuilt)                                   # data/ plus the log, which says rolled back
    assert undone == _dump(rebuilt)
    assert {t: v for t, v in undone.items() if t != "load_event"} == \
        {t: v for t, v in before.items() if t != "load_event"}
    assert [b["rolled_back"] for b in service.list_batches(data, wh)] == [True]


def test_an_older_batch_or_one_that_replaced_figures_is_rolled_back_by_the_rebuild(env, rebuilds, tmp_path):
    data, wh = env
    first = add(env, ("a.csv", csv_bytes(synthetic_rows(2)))).batches[0]["batch_id"]
    second = add(env, ("b.csv", csv_bytes(synthetic_rows(4, seed=8)[4:]))).batches[0]["batch_id"]
    service.rollback(first, "tester", data, wh)
    assert rebuilds == [(first,)]
    rows = synthetic_rows(2)
    changed = [r[:8] + [str(int(r[8].rstrip("多")) + 5)] + r[9:] for r in rows]
    third = add(env, ("c.csv", csv_bytes(changed)), accept_conflicts=False)
    assert third.loaded                                    # batch 1 is gone, so these are new again
    fourth = add(env, ("d.csv", csv_bytes(rows)), accept_conflicts=True)
    assert fourth.loaded and fourth.plans[0].counts()["changed"] > 0
    service.rollback(fourth.batches[0]["batch_id"], "tester", data, wh)
    assert rebuilds[-1] == (fourth.batches[0]["batch_id"],)
    assert second in {b["batch_id"] for b in service.list_batches(data, wh) if not b["rolled_back"]}
