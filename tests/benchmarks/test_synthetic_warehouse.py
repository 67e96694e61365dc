"""The benchmarks' synthetic warehouse is generated on the current models, passes every model check, and
the dashboard's queries answer on it (so the committed query benchmark can always be reproduced)."""

from __future__ import annotations

import duckdb

from benchmarks.synthetic import make_synthetic
from dashboard import db, queries
from dashboard.filters import Filters
from etl.warehouse import checks


def test_a_small_synthetic_warehouse_is_valid_and_queryable(built_warehouse, tmp_path, monkeypatch):
    out = tmp_path / "syn.duckdb"
    got = make_synthetic(out, facts=3000, cities=6, years=2, source=built_warehouse)
    assert got["facts"] == 3000
    con = duckdb.connect(str(out), read_only=True)
    try:
        assert checks.failures(con) == []
        assert con.execute("SELECT count(*) FROM v_facts WHERE is_synthetic").fetchone()[0] == 3000
    finally:
        con.close()
    real = duckdb.connect(str(built_warehouse), read_only=True)
    n_real = real.execute("SELECT count(*) FROM fact").fetchone()[0]
    real.close()
    monkeypatch.setenv("DJCX_WAREHOUSE", str(out))
    db.close_all()
    assert queries.overview_counts(Filters())["figures"] == 3000 + n_real
    assert len(queries.ranking(Filters(), "syn_i1", "prefecture", limit_no_data=0)) == 6
