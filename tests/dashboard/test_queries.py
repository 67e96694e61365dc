"""dashboard.queries over the real warehouse: the headline figures, regions without data as NULL
(never 0), the filters in SQL, paging, the map's unnamed city, and the cache following the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard import db, queries
from dashboard.filters import NO_PERIOD, Filters
from dashboard.selection import Selection

FUJIAN, SANMING, ANHUI, SHANDONG = "350000", "350400", "340000", "370000"


@pytest.fixture(autouse=True)
def warehouse(seed_warehouse: Path, monkeypatch) -> Path:
    monkeypatch.setenv("DJCX_WAREHOUSE", str(seed_warehouse))
    return seed_warehouse


def test_runs_outside_streamlit_and_reports_status(warehouse: Path, tmp_path: Path):
    assert db.warehouse_status() == db.STATUS_OK
    assert db.warehouse_status(tmp_path / "missing.duckdb") == db.STATUS_MISSING
    (tmp_path / "zero.duckdb").write_bytes(b"")
    assert db.warehouse_status(tmp_path / "zero.duckdb") == db.STATUS_INVALID
    with pytest.raises(db.WarehouseUnavailable):
        db.run_query("SELECT 1", path=tmp_path / "missing.duckdb")


def test_headline_figures():
    df = queries.headline_figures(Filters()).set_index("indicator_key")
    assert df.loc["property_mgmt_area_count", "value"] == 707
    assert df.loc["red_site_demo_project_count", "value"] == 38
    assert df.loc["vanguard_member_count", "value"] == 294
    assert df.loc["party_branch_count", "value"] == 609
    assert (df.loc["in_service_member_count", ["value", "qualifier"]] == [7700, "more_than"]).all()
    assert list(df.index[:4]) == [k for k, _, _ in queries.HEADLINES][:4]
    comps = queries.companion_figures(Filters()).set_index("indicator_key")
    assert comps.loc["property_party_org_coverage_rate", "value"] == 100
    assert comps.loc["vanguard_team_count", "value"] == 12


def test_counts_follow_every_filter():
    assert queries.overview_counts(Filters()) == {"reports": 5, "regions": 5, "indicators": 60, "figures": 60}
    assert queries.overview_counts(Filters(province=FUJIAN))["figures"] == 28
    assert queries.overview_counts(Filters(province=SHANDONG, city="370300"))["figures"] == 9
    assert queries.overview_counts(Filters(district="370302"))["figures"] == 0
    assert queries.overview_counts(Filters(category="组织覆盖"))["figures"] == 8
    assert queries.overview_counts(Filters(period="今年上半年"))["figures"] == 3
    assert queries.overview_counts(Filters(period=NO_PERIOD))["figures"] == 54
    assert queries.overview_counts(Filters(report_id="004"))["reports"] == 1


def test_ranking_lists_regions_without_data_as_null_not_zero():
    df = queries.ranking(Filters(province=FUJIAN), "party_branch_count", "city")
    assert len(df) == 9  # every prefecture of Fujian
    top = df.iloc[0]
    assert top["region_code"] == SANMING and top["value"] == 609 and list(top["fact_ids"]) == ["002-01"]
    rest = df.iloc[1:]
    assert rest["value"].isna().all() and not (df["value"] == 0).any()
    assert (df["n_no_data"] == 8).all()


def test_ranking_nationwide_keeps_only_regions_with_data_when_asked():
    df = queries.ranking(Filters(), "property_mgmt_area_count", "city", limit_no_data=0)
    assert len(df) == 1
    row = df.iloc[0]
    assert row["region_code"] == ANHUI and row["region_level"] == "province" and row["scope_level"] == "prefecture"
    assert row["n_no_data"] > 300


def test_ranking_multi_and_per_capita_without_population():
    keys = ["party_branch_count", "in_service_member_count"]
    df = queries.ranking_multi(Filters(province=FUJIAN), keys, "city", per_capita=True, limit_no_data=0)
    assert set(df["indicator_key"]) == set(keys)
    assert df["value"].isna().all() and df["raw_value"].notna().all()  # no population: no per-capita value
    assert queries.population_available(Filters(), "city") == 0


def test_coverage_rows_and_flags():
    df = queries.coverage(Filters()).set_index("rate_key")
    prop = df.loc["property_party_org_coverage_rate"]
    assert (prop["numerator"], prop["denominator"], prop["reported_rate"]) == (707, 707, 100)
    assert prop["scope_level"] == "prefecture" and prop["region_level"] == "province"
    assert bool(df.loc["city_bureau_first_tier_rate", "is_derived"])
    assert bool(df.loc["study_participation_rate", "is_implied"])
    assert queries.coverage(Filters(province=SHANDONG)).empty


def test_figures_paging_and_selection():
    page1 = queries.figures(Filters(), limit=10)
    page6 = queries.figures(Filters(), limit=10, offset=50)
    assert len(page1) == 10 and len(page6) == 10 and set(page1["total"]) == {60}
    assert not set(page1["fact_id"]) & set(page6["fact_id"])
    picked = queries.figures(Filters(province=SHANDONG), Selection(fact_ids=("002-03", "001-05")))
    assert set(picked["fact_id"]) == {"002-03", "001-05"}  # a click shows its figures whatever the filters
    by_ind = queries.figures(Filters(), Selection(indicator="party_branch_count", region=SANMING))
    assert list(by_ind["fact_id"]) == ["002-01"]
    assert by_ind.iloc[0]["url"] is None or pd.isna(by_ind.iloc[0]["url"])


def test_map_points_put_the_unnamed_city_at_the_province_seat():
    df = queries.map_points(Filters(), "vanguard_member_count")
    row = df.iloc[0]
    assert row["region_code"] == ANHUI and row["scope_level"] == "prefecture" and row["value"] == 294
    assert 115 < row["lng"] < 119 and 30 < row["lat"] < 33
    assert len(queries.province_seats()) >= 31


def test_options_for_the_sidebar():
    prov = queries.region_options("province")
    assert list(prov["code"][:4]) == ["320000", "340000", "350000", "370000"]  # regions with data first
    cities = queries.region_options("city", SHANDONG)
    assert cities.iloc[0]["n_facts"] > 0 and len(cities) >= 16
    assert len(queries.region_options("district", "370300")) > 3
    assert list(queries.category_options(Filters())["category"])[:2] == ["组织覆盖", "队伍建设"]
    assert NO_PERIOD in set(queries.period_options(Filters())["period"])
    assert list(queries.report_options(Filters())["report_id"]) == ["000", "001", "002", "003", "004"]


def test_cache_follows_the_warehouse_file(warehouse: Path, tmp_path: Path, monkeypatch):
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(warehouse, path)
    monkeypatch.setenv("DJCX_WAREHOUSE", str(path))
    assert queries.overview_counts(Filters())["figures"] == 60
    import duckdb

    db.close_all()
    con = duckdb.connect(str(path))
    con.execute("DELETE FROM fact WHERE report_id = '004'")
    con.execute("CHECKPOINT")
    con.close()
    assert queries.overview_counts(Filters())["figures"] == 48  # new mtime/size: no stale cache
