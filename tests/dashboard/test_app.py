"""The Streamlit app (AppTest): every page renders, each filter changes what is shown, the language
switch changes the labels, the URL reproduces the view, and a missing or empty warehouse gives a
friendly message instead of a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from core.settings import PROJECT_ROOT
from etl.warehouse import definitions

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
PAGES = ["app_pages/overview.py", "app_pages/coverage.py", "app_pages/compare.py", "app_pages/sources.py",
         "app_pages/map.py"]
TIMEOUT = 90


@pytest.fixture
def app(seed_warehouse: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("DJCX_WAREHOUSE", str(seed_warehouse))
    monkeypatch.setenv("DJCX_DEBUG", "1")  # let a page's exception reach AppTest instead of the friendly box
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def texts(at: AppTest) -> str:
    """Everything readable on the page: markdown, captions, metrics, headings, alerts."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [f"{m.label} {m.value}" for m in at.metric] + [s.value for s in at.subheader]
    parts += [e.value for kind in ("info", "warning", "error", "success") for e in getattr(at, kind)]
    # as read: user text is sent with its Markdown characters escaped (core.text.md_escape)
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|~:$>])", r"\1", "\n".join(str(p) for p in parts)).replace("\u2060", "")


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(app: AppTest, page: str):
    app.run()
    ok(app.switch_page(page).run())
    assert "<h1>" in texts(app)


def test_overview_headline_figures(app: AppTest):
    ok(app.run())
    shown = texts(app)
    for number in ("707", "38", "294", "609", "7700+"):
        assert f">{number}<" in shown
    assert "覆盖率 100%" in shown and "共 12 支队伍" in shown
    assert "城市未注明" in shown and "未注明" in shown  # 001 names no city and no date
    assert metrics(app) == {"报告": "5", "地区": "5", "指标": "60", "数据项": "60"}


@pytest.mark.parametrize("key,value,expected", [
    ("flt_province", "350000", {"报告": "1", "数据项": "28"}),
    ("flt_category", "组织覆盖", {"数据项": "8"}),
    ("flt_period", "今年上半年", {"数据项": "3"}),
    ("flt_report", "004", {"报告": "1", "数据项": "12"}),
])
def test_each_filter_changes_the_view_and_the_url(app: AppTest, key: str, value: str, expected: dict):
    ok(app.run())
    before = metrics(app)
    ok(app.selectbox(key=key).set_value(value).run())
    after = metrics(app)
    assert after != before
    assert {k: after[k] for k in expected} == expected
    assert value in app.query_params.values()


def test_city_and_district_filters(app: AppTest):
    app.run()
    ok(app.selectbox(key="flt_province").set_value("370000").run())
    assert metrics(app)["数据项"] == "21"
    ok(app.selectbox(key="flt_city").set_value("370300").run())  # 淄博市
    assert metrics(app)["数据项"] == "9"
    box = app.selectbox(key="flt_district")
    assert len(box.options) > 1 and box.options[0] == "全部"
    ok(box.select_index(1).run())
    assert app.query_params.get("district", "").startswith("3703")
    assert "当前筛选条件下没有数据" in texts(app)  # no district figures: said so, not zero


def test_filters_come_from_the_url(app: AppTest):
    app.query_params.update({"province": "340000", "category": "队伍建设"})
    ok(app.run())
    assert app.selectbox(key="flt_province").value == "340000"
    assert metrics(app)["数据项"] == "2"  # 294 members in 12 teams
    app.query_params["province"] = "999999"  # a code that does not exist is dropped, not an error
    ok(app.run())


def test_language_switch_changes_the_labels(app: AppTest):
    ok(app.run())
    assert "党建成效总览" in texts(app)
    ok(app.segmented_control(key="flt_lang").set_value("en").run())
    shown = texts(app)
    assert "Party-building outcomes at a glance" in shown and "党建成效总览" not in shown
    assert set(metrics(app)) == {"Reports", "Regions", "Indicators", "Figures"}
    assert "city not named" in shown and "Property management areas" in shown
    assert app.query_params.get("lang") == "en"
    assert app.selectbox(key="flt_province").label == "Province"


def test_english_from_the_url_on_every_page(app: AppTest):
    app.query_params["lang"] = "en"
    app.run()
    for page in PAGES:
        ok(app.switch_page(page).run())
        heads = [m.value for m in app.markdown if "djcx-pagehead" in m.value]
        assert heads and not any("\u4e00" <= ch <= "\u9fff" for ch in heads[0]), heads


def test_coverage_sort_is_kept_in_the_url(app: AppTest):
    app.run()
    ok(app.switch_page("app_pages/coverage.py").run())
    ok(app.segmented_control(key="cov_sort").set_value("region").run())
    assert app.query_params.get("sort") == "region"


def test_compare_per_capita_disabled_with_a_reason(app: AppTest):
    app.run()
    ok(app.switch_page("app_pages/compare.py").run())
    toggle = app.toggle(key="cmp_pc")
    assert toggle.proto.disabled and toggle.value is False
    assert "均无有出处的人口数据" in texts(app)
    ok(app.segmented_control(key="cmp_mode").set_value("category").run())
    assert app.query_params.get("mode") == "category"


def test_compare_province_shows_missing_cities_as_no_data(app: AppTest):
    app.query_params["province"] = "350000"  # filters are read from the URL when a session starts
    app.run()
    app.query_params["indicator"] = "party_branch_count"  # page parameters when the page opens
    ok(app.switch_page("app_pages/compare.py").run())
    table = app.dataframe[0].value
    values = list(table[table.columns[3]])
    assert "609" in values and "无数据" in values and "0" not in values


def test_sources_page_shows_clicked_figures_with_evidence(app: AppTest, seeds: Path, monkeypatch):
    monkeypatch.setenv("DJCX_SOURCES_DIR", str(seeds))
    app.run()
    app.query_params["facts"] = "002-03"  # what a chart click's link carries
    ok(app.switch_page("app_pages/sources.py").run())
    shown = texts(app)
    assert "在职党员数" in shown and "7700+人" in shown
    assert "<mark>" in shown  # the figure highlighted in the user's own copy of the report


def test_sources_page_without_source_texts_says_so(app: AppTest, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DJCX_SOURCES_DIR", str(tmp_path))
    app.run()
    app.query_params["facts"] = "001-05"
    ok(app.switch_page("app_pages/sources.py").run())
    assert "本机未找到该报告的原文" in texts(app)


def test_missing_warehouse_gives_the_build_command(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DJCX_WAREHOUSE", str(tmp_path / "nope.duckdb"))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    shown = texts(at)
    assert "尚未生成数据仓库" in shown and "python -m etl build" in shown and "make run" in shown


def test_empty_warehouse_gives_a_friendly_message(tmp_path: Path, monkeypatch):
    path = tmp_path / "empty.duckdb"
    con = duckdb.connect(str(path))
    definitions.create(con)
    con.close()
    monkeypatch.setenv("DJCX_WAREHOUSE", str(path))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert "The warehouse holds no figures yet" in texts(at) and "python -m etl build" in texts(at)


def test_a_failing_page_shows_no_traceback(app: AppTest, monkeypatch):
    monkeypatch.delenv("DJCX_DEBUG")
    from dashboard import queries

    def boom(*a, **k):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(queries, "headline_figures", boom)
    app.run()
    assert not app.exception
    assert any("页面暂时无法显示" in e.value for e in app.error)
    assert "secret internals" not in texts(app)


def test_compare_small_multiples_from_the_url(app: AppTest):
    app.query_params["province"] = "350000"
    app.run()  # AppTest opens the default page first; a shared link would open compare directly
    app.query_params.update({"indicator": "party_branch_count", "more": "in_service_member_count,brand_count"})
    ok(app.switch_page("app_pages/compare.py").run())
    assert app.multiselect(key="cmp_more").value == ["in_service_member_count", "brand_count"]
    ok(app.selectbox(key="cmp_indicator").set_value("brand_count").run())  # now also among "more"
    assert app.multiselect(key="cmp_more").value == ["in_service_member_count"]
    assert app.query_params.get("more") == "in_service_member_count"


def test_evidence_from_the_damaged_report_drops_pinyin_glosses_but_keeps_the_figure(
        built_warehouse, seeds, monkeypatch):
    from dashboard import queries, ui
    from dashboard.filters import Filters

    monkeypatch.setenv("DJCX_SOURCES_DIR", str(seeds))
    monkeypatch.setenv("DJCX_WAREHOUSE", str(built_warehouse))
    row = queries.figures(Filters(report_id="001"), limit=50)
    row = row[row["value"] == 294].iloc[0].to_dict()
    html = ui.evidence_html(row)
    assert "<mark>294" in html
    assert not re.search(r"\((?:[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*)\)", html)


def test_regions_named_without_figures_are_listed_not_counted(app: AppTest):
    app.switch_page("app_pages/sources.py")
    app.query_params["report"] = "003"
    ok(app.run())
    assert "报告点名但未给出数字的地区（10 个）" in [e.label for e in app.expander]
    table = app.dataframe[-1].value
    assert set(table["提及方式"]) == {"会议地点", "介绍其做法"}
    assert "连云港市" in set(table["地区"]) and "南京市" not in set(table["地区"])
