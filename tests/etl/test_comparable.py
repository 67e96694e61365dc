"""Figures that can be compared (issue #9): subjects, reference dates, concepts, honest comparison."""

from __future__ import annotations

import duckdb
import pytest
from intake_support import add, csv_bytes

from core.dates import reference_date


@pytest.fixture(autouse=True)
def _published_at_once(monkeypatch):
    """These tests compare what viewers see; the files they load are published at once (a one-person setup).
    Drafts have their own tests (test_publish.py)."""
    monkeypatch.setenv("DJCX_PUBLISH", "auto")


def _rows(warehouse, sql, params=None):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cur = con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()


def _fact(warehouse, fact_id):
    (row,) = _rows(warehouse, "SELECT * FROM v_facts WHERE fact_id = ?", [fact_id])
    return row


@pytest.mark.parametrize("fact_id", ["002-01", "002-03"])   # 609 branches, 7700+ members
def test_the_organs_figures_carry_the_organs_as_subject(built_warehouse, fact_id):
    f = _fact(built_warehouse, fact_id)
    assert (f["region_zh"], f["subject_kind"], f["subject_zh"]) == ("三明市", "government_organs", "市直机关")


def test_report_004_is_its_provincial_organs_not_jinans(built_warehouse):
    rows = _rows(built_warehouse, "SELECT DISTINCT region_zh, scope_level, subject_kind, subject_zh FROM v_facts "
                                  "WHERE report_id = '004'")
    assert rows == [{"region_zh": "山东省", "scope_level": "province", "subject_kind": "organisation",
                     "subject_zh": "山东省直机关后勤服务保障中心党委"}]
    # 济南 has figures of its own (a corpus report about the city), but none of them is report 004's
    assert _rows(built_warehouse, "SELECT * FROM v_facts WHERE region_zh = '济南市' AND report_id = '004'") == []


def test_industry_figures_are_the_citys_and_the_bureaus(built_warehouse):
    for fid in ("002-23", "002-24"):   # 590多 cadres in two batches: sent by the 经信委
        f = _fact(built_warehouse, fid)
        assert (f["subject_kind"], f["subject_zh"]) == ("organisation", "三明市经信委")
    for fid in ("002-25", "002-27", "002-28"):   # 436 projects, 136亿元, 79: the city's industry
        f = _fact(built_warehouse, fid)
        assert (f["subject_kind"], f["subject_zh"], f["organization_zh"]) == ("region", "三明市", None)
    f = _fact(built_warehouse, "003-03")         # 11 cities' 城管局, not the 行业党委
    assert (f["subject_kind"], f["subject_zh"]) == ("sector", "各设区市城管局")


def test_every_figure_has_a_reference_date_and_its_basis(built_warehouse):
    rows = _rows(built_warehouse, "SELECT fact_id, ref_date, ref_year, ref_date_basis FROM fact")
    assert rows and all(r["ref_date_basis"] in ("stated", "published", "inferred", "unknown") for r in rows)
    by_id = {r["fact_id"]: r for r in rows}
    assert (by_id["003-03"]["ref_date"], by_id["003-03"]["ref_date_basis"]) == ("2019-12", "stated")
    assert (by_id["000-01"]["ref_date"], by_id["000-01"]["ref_date_basis"]) == ("2023-03-21", "published")
    assert (by_id["002-25"]["ref_date"], by_id["002-25"]["ref_date_basis"]) == ("2017-06", "inferred")  # 今年上半年
    assert (by_id["001-05"]["ref_date"], by_id["001-05"]["ref_date_basis"]) == (None, "unknown")


@pytest.mark.parametrize(("period", "published", "status", "expected"), [
    ("截至2023年3月", "2023-05-01", "confirmed", ("2023-03", "stated")),
    ("2019年底", None, "unknown", ("2019-12", "stated")),
    ("今年上半年", "2017-10", "confirmed", ("2017-06", "stated")),
    ("今年上半年", "2017-10", "inferred", ("2017-06", "inferred")),
    ("今年上半年", None, "unknown", (None, "unknown")),          # relative, and no date to resolve it
    ("去年", "2021-03-02", "confirmed", ("2020", "stated")),
    (None, "2020-10-19", "confirmed", ("2020-10-19", "published")),
    ("疫情期间", "2022", "inferred", ("2022", "inferred")),
    (None, None, "unknown", (None, "unknown")),
])
def test_reference_date_rules(period, published, status, expected):
    assert reference_date(period, published, status) == expected


def test_every_indicator_maps_to_at_most_one_existing_concept(built_warehouse):
    bad = _rows(built_warehouse, """SELECT i.indicator_key FROM dim_indicator i
                                    LEFT JOIN dim_concept k USING (concept_key)
                                    WHERE i.concept_key IS NOT NULL AND k.concept_key IS NULL""")
    assert bad == []
    kinds = {r["concept_key"]: r["kind"] for r in _rows(built_warehouse, "SELECT * FROM dim_concept")}
    assert kinds["owners_committee_party_share"] == "share" and kinds["property_complaint_growth"] == "growth"


def test_comparison_within_one_concept_and_one_kind_of_subject(env, monkeypatch):
    from dashboard import chart_specs, db, queries
    from dashboard.filters import Filters

    data, wh = env
    rows = [["合成比较报告", "合成发布单位", "2024-05-01", "江苏省", city, "", "", "物业管理区域数", str(n), "", "", "",
             "", "合成"] for city, n in (("徐州市", 300), ("宿迁市", 120))]
    assert add(env, ("two.csv", csv_bytes(rows))).loaded
    monkeypatch.setenv("DJCX_WAREHOUSE", str(wh))
    db.close_all()
    over = queries.concept_overview(Filters())
    row = over[(over["concept_key"] == "residential_area_count") & (over["subject_kind"] == "region")].iloc[0]
    assert "徐州市" in list(row["regions_zh"]) and "安徽省" in list(row["regions_zh"])   # with 安徽省's 707
    df = queries.concept_ranking(Filters(province="320000"), "residential_area_count", "region", "prefecture")
    assert list(df["region_zh"]) == ["徐州市", "宿迁市"] and list(df["ref_year"]) == [2024, 2024]
    (spec,) = chart_specs.concept_charts(Filters(province="320000"), "residential_area_count", "region")
    text = " ".join(str(t) for tr in spec.figure.data for t in (tr.text or []))
    assert "300" in text and "2024年" in text
    # the same concept about organisations is a different comparison: one region there, no ranking
    organs = chart_specs.concept_charts(Filters(), "organ_party_branch_count", "government_organs")
    for spec in organs:
        text = str(spec.figure.to_plotly_json()["data"])
        assert "徐州市" not in text and "宿迁市" not in text


def test_rates_of_several_organisations_are_never_averaged(env, monkeypatch):
    from dashboard import db, queries
    from dashboard.filters import Filters

    data, wh = env
    rows = [["合成比率报告甲", "合成发布单位", "2022-01-01", "江苏省", "徐州市", "", "合成单位甲", "物业领域党组织覆盖率", "60%",
             "", "", "", "", "合成"],
            ["合成比率报告乙", "合成发布单位", "2023-01-01", "江苏省", "徐州市", "", "合成单位乙", "物业领域党组织覆盖率", "90%",
             "", "", "", "", "合成"]]
    assert add(env, ("rates.csv", csv_bytes(rows))).loaded
    monkeypatch.setenv("DJCX_WAREHOUSE", str(wh))
    db.close_all()
    df = queries.ranking(Filters(province="320000"), "property_party_org_coverage_rate", "prefecture")
    xuzhou = df[df["region_zh"] == "徐州市"].iloc[0]
    assert xuzhou["value"] == 90 and xuzhou["n_figures"] == 2        # the newest, not (60 + 90) / 2


def test_overview_cards_say_the_year_and_that_years_differ(built_warehouse, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from core.settings import PROJECT_ROOT

    monkeypatch.setenv("DJCX_WAREHOUSE", str(built_warehouse))
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard" / "app.py"), default_timeout=90).run()
    html = " ".join(m.value for m in at.markdown)
    assert "三明市 · 市直机关 · 2017年（推断）" in html
    assert any("年份不同" in c.value for c in at.caption)


def test_indicator_rankings_never_mix_kinds_of_subject(env, monkeypatch):
    from dashboard import db, queries
    from dashboard.filters import Filters

    data, wh = env
    row = ["合成混合报告", "合成发布单位", "2024-05-01", "江苏省"]
    rows = [row + ["徐州市", "", "", "物业管理区域数", "300", "", "", "", "", "合成"],            # the city as a whole
            row + ["宿迁市", "", "", "物业管理区域数", "120", "", "", "", "", "合成"],
            row + ["淮安市", "", "合成物业公司", "物业管理区域数", "999", "", "", "", "", "合成"]]  # one company's
    assert add(env, ("mixed.csv", csv_bytes(rows))).loaded
    monkeypatch.setenv("DJCX_WAREHOUSE", str(wh))
    db.close_all()
    df = queries.ranking(Filters(province="320000"), "property_mgmt_area_count", "prefecture", limit_no_data=0)
    assert list(df["region_zh"]) == ["徐州市", "宿迁市"] and set(df["subject_kind"]) == {"region"}


def test_a_concept_over_the_years(env, monkeypatch):
    """The trend view (issue #11): a line per region through the years its figures refer to."""
    from dashboard import chart_specs, db
    from dashboard.filters import Filters

    data, wh = env
    rows = [[f"合成趋势报告{y}", "合成发布单位", f"{y}-06-01", "江苏省", "徐州市", "", "", "物业管理区域数", str(v),
             "", "", "", "", "合成"] for y, v in ((2022, 300), (2023, 340))]
    result = add(env, ("trend.csv", csv_bytes(rows)), accept_conflicts=True)
    assert result.loaded, [p.format() for plan in result.plans for p in plan.problems]
    monkeypatch.setenv("DJCX_WAREHOUSE", str(wh))
    db.close_all()
    (spec,) = chart_specs.trend_charts(Filters(province="320000"), "residential_area_count", "region", "prefecture")
    (line,) = [tr for tr in spec.figure.data if tr.name == "徐州市"]
    assert list(line.x) == [2022, 2023] and list(line.y) == [300.0, 340.0]
    assert list(spec.figure.layout.xaxis.tickvals) == [2022, 2023]


def test_compare_opens_on_a_rate_across_five_places_before_a_wider_count(env, monkeypatch):
    """Compare's default view is the concept with the most places, by preference a coverage rate (#20)."""
    from dashboard import db, queries
    from dashboard.filters import Filters

    data, wh = env
    cities = ("徐州市", "宿迁市", "淮安市", "盐城市", "泰州市")
    rows = [["合成比较报告", "合成发布单位", "2024-05-01", "江苏省", city, "", "", "物业服务企业党组织覆盖率", str(60 + i),
             "", "", "", "", "合成"] for i, city in enumerate(cities)]
    rows += [["合成比较报告", "合成发布单位", "2024-05-01", "江苏省", city, "", "", "物业管理区域数", str(100 + i),
              "", "", "", "", "合成"] for i, city in enumerate((*cities, "南通市", "常州市"))]
    assert add(env, ("rates.csv", csv_bytes(rows))).loaded
    monkeypatch.setenv("DJCX_WAREHOUSE", str(wh))
    db.close_all()
    over = queries.concept_overview(Filters(province="320000"), "prefecture")
    assert over.iloc[0]["concept_key"] == "property_company_party_org_coverage" and over.iloc[0]["n_regions"] == 5
    assert over.iloc[1]["concept_key"] == "residential_area_count" and over.iloc[1]["n_regions"] == 7
