"""The Sources page under every filter, and its table (issue #11, defects 1 and 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.settings import PROJECT_ROOT
from dashboard import queries
from dashboard.filters import Filters

APP = str(PROJECT_ROOT / "dashboard" / "app.py")


@pytest.mark.parametrize("params", [{"province": "370000"}, {"province": "350000", "city": "350400"},
                                    {"province": "320000"}, {"district": "510114"}, {"report": "003"},
                                    {"period": "2022"}, {"category": "组织覆盖"}])
def test_region_mentions_answer_under_every_filter(built_warehouse, monkeypatch, params):
    """queries.region_mentions raised "Ambiguous reference to column name province_code" under an area filter."""
    monkeypatch.setenv("DJCX_WAREHOUSE", str(built_warehouse))
    df = queries.region_mentions(Filters.from_query_params(params))
    if params.get("province") == "320000" or params.get("report") == "003":
        assert len(df) > 0 and set(df["report_id"]) == {"003"}


@pytest.mark.parametrize("params", [{"province": "370000"}, {"province": "350000", "city": "350400"},
                                    {"district": "510114"}])
def test_sources_page_under_an_area_filter_shows_no_error(built_warehouse, monkeypatch, params):
    monkeypatch.setenv("DJCX_WAREHOUSE", str(built_warehouse))
    monkeypatch.setenv("DJCX_DEBUG", "1")        # an error would raise, not hide behind the friendly box
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("app_pages/sources.py").run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])


def test_page_two_says_which_rows_it_shows(seed_warehouse: Path, monkeypatch):
    monkeypatch.setenv("DJCX_WAREHOUSE", str(seed_warehouse))
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.query_params["pg"] = "2"
    at.switch_page("app_pages/sources.py").run()
    captions = " ".join(c.value for c in at.caption)
    assert "第 51–60 行，共 60 行" in captions and "前 10 行" not in captions


def test_value_sort_is_by_number_across_pages(seed_warehouse: Path, monkeypatch):
    monkeypatch.setenv("DJCX_WAREHOUSE", str(seed_warehouse))
    first = queries.figures(Filters(), limit=50, offset=0, order="value_desc")
    second = queries.figures(Filters(), limit=50, offset=50, order="value_desc")
    values = list(first["value"]) + list(second["value"])
    assert values == sorted(values, reverse=True) and values[0] == 13_600_000_000


def test_a_report_without_a_link_shows_no_raw_none(seed_warehouse: Path, monkeypatch):
    monkeypatch.setenv("DJCX_WAREHOUSE", str(seed_warehouse))
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.switch_page("app_pages/sources.py").run()
    table = at.dataframe[0].value
    link = [c for c in table.columns if "链接" in c][0]
    assert not any(str(v) in ("None", "nan", "NaN") for v in table[link])


def test_csv_and_xlsx_write_the_same_numbers(seed_warehouse: Path, monkeypatch):
    """The CSV wrote 3.0 and False where the XLSX wrote 3 (issue #11, defect 3)."""
    import io

    import openpyxl

    from dashboard import downloads

    monkeypatch.setenv("DJCX_WAREHOUSE", str(seed_warehouse))
    df = queries.figures(Filters(report_id="000"), limit=50).drop(columns=["total"])
    text = downloads.figures_csv_bytes(df).decode("utf-8-sig")
    assert ",3.0," not in text and ",False," not in text and ",false," in text
    ws = openpyxl.load_workbook(io.BytesIO(downloads.figures_xlsx_bytes(df))).active
    header = [c.value for c in ws[1]]
    xlsx_value = ws.cell(row=2, column=header.index("value") + 1).value
    csv_value = text.splitlines()[1].split(",")[header.index("value")]
    assert str(xlsx_value) == csv_value and "." not in csv_value


def test_downloads_speak_the_page_language(seed_warehouse: Path, monkeypatch):
    """English mode wrote raw column names (fact_id, report_title_zh) and Chinese units (issue #11, defect 3)."""
    import io

    import pandas as pd

    from dashboard import downloads

    monkeypatch.setenv("DJCX_WAREHOUSE", str(seed_warehouse))
    raw = queries.figures(Filters(), limit=500)
    for lang, title, value in (("zh", "标题", "数值"), ("en", "Title", "Value")):
        frame = downloads.figures_frame(raw, lang)
        text = downloads.figures_csv_bytes(frame).decode("utf-8-sig")
        header = text.splitlines()[0].split(",")
        assert title in header and value in header
        assert not {"fact_id", "report_title_zh", "value", "indicator_zh"} & set(header)
        back = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        assert not back[value].str.endswith(".0").any()          # 5, not 5.0, also beside 16.5
        if lang == "en":
            cjk = lambda s: any("\u4e00" <= c <= "\u9fff" for c in s)  # noqa: E731
            assert not back["Unit"].map(cjk).any()
            assert not back["Title"].map(cjk).any() or raw["report_title_en"].isna().any()
