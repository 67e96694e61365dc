"""When a figure holds (etl.extract.periods): phrasings of the kinds reports use, in our own words."""

from __future__ import annotations

import pytest

from etl.extract.candidates import Reader
from etl.extract.documents import read_document


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader.from_reference()


def _year(reader, text: str, figure: str) -> tuple[int | None, str]:
    rows = [r for r in reader.read(read_document(text.encode("utf-8"), "t.txt")).rows if r["text"] == figure]
    return rows[0]["ref_year"], rows[0]["period_basis"]


def test_a_stated_date_near_the_figure(reader):
    assert _year(reader, "截至2021年6月，全市党员30万名。", "30万名") == (2021, "stated")


def test_a_baseline_is_not_the_period(reader):
    assert _year(reader, "截至2021年6月，全市党员30万名，比2019年底净增1万名。", "1万名")[0] == 2021


def test_this_years_month_takes_the_publication_year(reader):
    text = "测试报告\n2023-08-02 来源：测试日报\n截至今年6月底，全省已组建业主委员会500个。"
    assert _year(reader, text, "500个") == (2023, "stated")


def test_a_span_of_years_is_not_a_date(reader):
    text = "测试报告\n2025-09-10 来源：测试日报\n三年行动方案（2025—2027年）提出，建成示范项目60个。"
    assert _year(reader, text, "60个") == (2025, "published")


def test_no_publication_date_takes_the_year_stated_earlier_as_an_inference(reader):
    text = "截至2016年底，全市党员4万名。各级组织不断加强。\n党的基层组织2000个。"
    assert _year(reader, text, "2000个") == (2016, "inferred")
