"""#22 item 1: an analyst's batch is a draft until it is published. Viewers (the published audience: the big
screen, their exports, the command line's exports) never see a draft; analysts and administrators see it; a
publish and an unpublish are writes with their own log records, audit entries and permission rules."""

from __future__ import annotations

import duckdb
import pytest
from intake_support import add, csv_bytes, query, synthetic_rows

from core.auth import audit, store
from core.auth.guard import PermissionDenied
from core.auth.roles import LOCAL, Principal
from dashboard import db, queries
from dashboard.filters import Filters
from etl.intake import publish, service
from etl.intake.target import UsageError
from etl.pipeline.build import build
from etl.warehouse import checks

CITY = "连云港市"


@pytest.fixture
def wh_env(env, monkeypatch, account_store):
    monkeypatch.setenv("DJCX_WAREHOUSE", str(env[1]))
    monkeypatch.delenv("DJCX_PUBLISH", raising=False)
    db.close_all()
    yield env
    db.close_all()


def _who(name: str, role: str) -> Principal:
    if store.get(name) is None:
        store.add(name, role, "correct horse 1")
    return Principal(name, role, LOCAL, "127.0.0.1")


def _cities(aud: str) -> set[str]:
    with db.audience_scope(aud):
        df = queries.figures(Filters(), limit=10_000)
    return set(df["city_zh"].dropna()) if "city_zh" in df else set(df.get("region_zh", []))


def _seen(aud: str, sql: str) -> list[tuple]:
    with db.audience_scope(aud):
        return [tuple(r) for r in db.run_query(sql).itertuples(index=False)]


def _facts(aud: str) -> int:
    return _seen(aud, "SELECT count(*) FROM v_facts")[0][0]


def test_a_draft_is_seen_by_analysts_only_until_it_is_published(wh_env):
    data, wh = wh_env
    before = _facts("published")
    analyst, admin = _who("ana", "analyst"), _who("boss", "admin")
    res = service.add([service.Upload("new.csv", csv_bytes(synthetic_rows()))], None, analyst, data, wh)
    bid = res.batches[0]["batch_id"]
    assert res.batches[0]["state"] == "draft"
    n = res.batches[0]["facts_loaded"]
    assert n > 0
    # the viewers' figures, their headline counts, map and coverage are as before; the analysts' have the draft
    assert _facts("published") == before
    assert _facts("all") == before + n
    assert _seen("all", f"SELECT bool_and(is_draft) FROM v_facts WHERE batch_id = {bid}") == [(True,)]
    with db.audience_scope("published"):
        assert queries.overview_counts(Filters())["figures"] == before
        viewer_reports = set(queries.latest_reports(Filters(), limit=1000)["report_id"])
    with db.audience_scope("all"):
        assert queries.overview_counts(Filters())["figures"] == before + n
    draft_report = query(wh, f"SELECT DISTINCT report_id FROM fact WHERE batch_id = {bid}")[0][0]
    assert draft_report not in viewer_reports
    assert CITY not in {r[0] for r in _seen("published", "SELECT city_zh FROM v_latest")}
    assert CITY in {r[0] for r in _seen("all", "SELECT city_zh FROM v_latest")}

    with pytest.raises(PermissionDenied):
        publish.publish(bid, analyst, data, wh)                 # default: an administrator publishes
    assert _facts("published") == before
    done = publish.publish(bid, admin, data, wh)
    assert done["state"] == "published" and done["published_by"] == "boss"
    assert _facts("published") == before + n
    assert CITY in {r[0] for r in _seen("published", "SELECT city_zh FROM v_latest")}
    assert query(wh, f"SELECT state, published_by FROM load_batch WHERE batch_id = {bid}") == [("published", "boss")]

    publish.unpublish(bid, admin, data, wh)
    assert _facts("published") == before
    with pytest.raises(UsageError):
        publish.unpublish(bid, admin, data, wh)                 # already a draft: said, not done twice
    log = [(e["action"], e["batch_id"], e["outcome"], e["actor"]) for e in audit.entries()]
    assert ("publish", bid, "denied", "ana") in log
    assert ("publish", bid, "ok", "boss") in log and ("unpublish", bid, "ok", "boss") in log


def test_a_draft_that_replaces_a_figure_leaves_the_old_one_to_viewers(wh_env):
    data, wh = wh_env
    admin = _who("boss", "admin")
    first = service.add([service.Upload("a.csv", csv_bytes(synthetic_rows(1)))], None, admin, data, wh)
    publish.publish(first.batches[0]["batch_id"], admin, data, wh)
    old = _seen("published", f"SELECT value FROM v_facts WHERE city_zh = '{CITY}' ORDER BY ALL")
    changed = service.add([service.Upload("b.csv", csv_bytes(synthetic_rows(1, seed=9)))],
                          service.Options(accept_conflicts=True), admin, data, wh)
    bid = changed.batches[0]["batch_id"]
    new = _seen("all", f"SELECT value FROM v_facts WHERE city_zh = '{CITY}' ORDER BY ALL")
    assert new != old
    assert _seen("published", f"SELECT value FROM v_facts WHERE city_zh = '{CITY}' ORDER BY ALL") == old
    assert query(wh, f"SELECT count(*) FROM fact_held WHERE replaced_by = {bid}")[0][0] == len(old)
    publish.publish(bid, admin, data, wh)
    assert _seen("published", f"SELECT value FROM v_facts WHERE city_zh = '{CITY}' ORDER BY ALL") == new
    publish.unpublish(bid, admin, data, wh)
    assert _seen("published", f"SELECT value FROM v_facts WHERE city_zh = '{CITY}' ORDER BY ALL") == old


def test_the_viewers_coverage_mart_follows_publishing_and_equals_their_view(wh_env):
    data, wh = wh_env
    admin = _who("boss", "admin")
    # an area count and its Party organisations: a coverage rate derived for the draft's report
    bid = service.add([service.Upload("a.csv", csv_bytes(synthetic_rows(2)))], None, admin, data, wh
                      ).batches[0]["batch_id"]
    rid = query(wh, f"SELECT DISTINCT report_id FROM fact WHERE batch_id = {bid}")[0][0]
    rows = f"SELECT count(*) FROM {{}}.mart_coverage WHERE report_id = '{rid}'"

    def same_as_views():
        con = duckdb.connect(str(wh), read_only=True)
        try:
            for schema in ("main", "published"):
                diff = con.execute(f"SELECT (SELECT count(*) FROM (FROM {schema}.mart_coverage EXCEPT ALL "
                                   f"FROM {schema}.v_coverage)) + (SELECT count(*) FROM (FROM {schema}.v_coverage "
                                   f"EXCEPT ALL FROM {schema}.mart_coverage))").fetchall()[0][0]
                assert (schema, diff) == (schema, 0)
        finally:
            con.close()

    assert query(wh, rows.format("main"))[0][0] > 0 and query(wh, rows.format("published"))[0][0] == 0
    same_as_views()
    publish.publish(bid, admin, data, wh)
    assert query(wh, rows.format("published"))[0][0] == query(wh, rows.format("main"))[0][0] > 0
    same_as_views()
    publish.unpublish(bid, admin, data, wh)
    assert query(wh, rows.format("published"))[0][0] == 0
    same_as_views()


def test_a_rebuild_keeps_every_state(wh_env, tmp_path):
    data, wh = wh_env
    admin = _who("boss", "admin")
    a = service.add([service.Upload("a.csv", csv_bytes(synthetic_rows(1)))], None, admin, data, wh).batches[0]
    b = service.add([service.Upload("b.csv", csv_bytes(synthetic_rows(1, seed=9)))],
                    service.Options(accept_conflicts=True), admin, data, wh).batches[0]
    publish.publish(a["batch_id"], admin, data, wh)
    publish.publish(b["batch_id"], admin, data, wh)
    publish.unpublish(b["batch_id"], admin, data, wh)
    sql = ("SELECT batch_id, state, published_by FROM load_batch WHERE kind = 'add' ORDER BY 1")
    rebuilt = tmp_path / "rebuilt.duckdb"
    build(data, rebuilt)
    assert query(rebuilt, sql) == query(wh, sql) == [(a["batch_id"], "published", "boss"),
                                                       (b["batch_id"], "draft", None)]
    for t in ("fact", "fact_held", "load_event"):
        assert sorted(query(rebuilt, f"SELECT * FROM {t}"), key=repr) == sorted(query(wh, f"SELECT * FROM {t}"),
                                                                               key=repr)


def test_second_analyst_mode_lets_another_analyst_publish_but_not_the_uploader(wh_env, monkeypatch):
    data, wh = wh_env
    monkeypatch.setenv("DJCX_PUBLISH", "second_analyst")
    ana, ben, viewer = _who("ana", "analyst"), _who("ben", "analyst"), _who("vic", "viewer")
    bid = service.add([service.Upload("a.csv", csv_bytes(synthetic_rows(1)))], None, ana, data, wh
                      ).batches[0]["batch_id"]
    for who in (ana, viewer):
        with pytest.raises(PermissionDenied):
            publish.publish(bid, who, data, wh)
    assert publish.publish(bid, ben, data, wh)["published_by"] == "ben"


def test_auto_mode_publishes_every_load_at_once(wh_env, monkeypatch):
    data, wh = wh_env
    monkeypatch.setenv("DJCX_PUBLISH", "auto")
    before = _facts("published")
    res = add(wh_env, ("a.csv", csv_bytes(synthetic_rows(1))))
    assert res.batches[0]["state"] == "published"
    assert _facts("published") == before + res.batches[0]["facts_loaded"]


def test_an_unknown_setting_never_publishes_at_once(monkeypatch):
    from core import settings

    for value in ("autp", "yes", "1", "AUTO "):
        monkeypatch.setenv("DJCX_PUBLISH", value)
        assert settings.publish_mode() == ("auto" if value.strip().lower() == "auto" else "admin")


def test_a_build_batch_cannot_be_a_draft(built_warehouse, tmp_path):
    import shutil

    wh = tmp_path / "w.duckdb"
    shutil.copyfile(built_warehouse, wh)
    con = duckdb.connect(str(wh))
    try:
        con.execute("UPDATE load_batch SET state = 'draft' WHERE batch_id = 1")
        with pytest.raises(checks.ModelCheckError, match="state"):
            checks.check(con)
        con.execute("UPDATE load_batch SET state = 'hidden' WHERE batch_id = 1")
        with pytest.raises(checks.ModelCheckError, match="accepted_values"):
            checks.check(con)
    finally:
        con.close()


def test_the_audience_is_part_of_the_cache_key(wh_env):
    """A result cached for an analyst is never served to a viewer (the same SQL, the same data version)."""
    data, wh = wh_env
    service.add([service.Upload("a.csv", csv_bytes(synthetic_rows(1)))], None, _who("ana", "analyst"), data, wh)
    assert _facts("all") > _facts("published")
    assert _facts("published") < _facts("all")
