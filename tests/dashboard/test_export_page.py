"""The 导出 Export page (Streamlit AppTest): the current view's charts, the page options from the
URL, the download buttons, and a clear message instead of tofu when no Chinese font exists."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.settings import PROJECT_ROOT
from dashboard.export import fonts

PAGE = str(PROJECT_ROOT / "dashboard" / "app_pages" / "export.py")


@pytest.fixture
def page(built_warehouse: Path, monkeypatch):
    monkeypatch.setenv("DJCX_WAREHOUSE", str(built_warehouse))
    return AppTest.from_file(PAGE, default_timeout=90)   # the page warms up the session's kaleido server


def labels(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_offers_the_deck_the_zip_and_each_chart(page: AppTest):
    page.query_params["view"] = "all"
    page.run()
    assert not page.exception and not page.error
    got = labels(page)
    assert got[:3] == ["下载演示文稿（PPTX，16:9）", "下载全部图表（ZIP，PNG）", "打印本页（PDF，A4 横向）"]
    assert len(got) > 4 and all(label == "下载 PNG" for label in got[3:])


def test_uses_the_filters_and_page_options_from_the_url(page: AppTest):
    page.query_params.update({"view": "coverage", "level": "province", "sort": "region", "lang": "en"})
    page.run()
    assert not page.exception
    assert any("Coverage" in m.value or "coverage" in m.value for m in page.markdown)
    assert labels(page)[0] == "Download the deck (PPTX, 16:9)"


def test_compare_with_nothing_comparable_offers_no_league_table(page: AppTest):
    # before concepts, this drew Jiangsu "first of 31 provinces" on a figure only it reports
    page.query_params.update({"view": "compare", "level": "province", "lang": "en"})
    page.run()
    assert not page.exception
    assert not any("ranking by Province" in m.value for m in page.markdown)


def test_preview_renders_the_export_png(page: AppTest):
    page.query_params["view"] = "coverage"
    page.run()
    page.toggle(key="exp_preview").set_value(True).run()
    from dashboard import chart_specs
    from dashboard.filters import Filters

    n = len(chart_specs.charts_for_view("coverage", Filters()))   # one preview per chart (rates, shares, others)
    assert not page.exception and n >= 1 and len(page.get("image")) == n


def test_no_chinese_font_means_a_message_not_tofu(page: AppTest, monkeypatch):
    monkeypatch.setattr(fonts, "cjk_families", lambda: ())
    page.run()
    assert not page.exception
    assert any("fonts-noto-cjk" in e.value for e in page.error)
    assert labels(page) == []
