"""One Filters object owns the URL form, the WHERE clause with its parameters, and the words (zh/en)."""

from __future__ import annotations

import pytest

from dashboard.filters import NO_PERIOD, Filters

NAMES = {
    "province": {"name_zh": "山东省", "name_en": "Shandong"},
    "city": {"name_zh": "济南市", "name_en": "Jinan"},
    "category": {"category": "组织覆盖", "category_en": "Organisational coverage"},
    "report_id": {"report_title_zh": "某报告", "report_title_en": "A report"},
}

# input URL → (where SQL, params, words zh, labelled words en)
CASES = [
    ({}, "TRUE", {}, [], []),
    ({"province": "370000"}, "TRUE AND province_code = $f_province", {"f_province": "370000"},
     ["山东省"], ["Province: Shandong"]),
    ({"province": "370000", "city": "370100"}, "TRUE AND city_code = $f_city", {"f_city": "370100"},
     ["山东省 · 济南市"], ["Province: Shandong", "City: Jinan"]),
    ({"district": "370102"}, "TRUE AND region_code = $f_district", {"f_district": "370102"},
     ["370102"], ["District: 370102"]),
    ({"category": "组织覆盖"}, "TRUE AND category = $f_category", {"f_category": "组织覆盖"},
     ["组织覆盖"], ["Category: Organisational coverage"]),
    ({"period": "2023"}, "TRUE AND period = $f_period", {"f_period": "2023"}, ["2023"], ["Period: 2023"]),
    ({"period": NO_PERIOD}, "TRUE AND period IS NULL", {}, ["未注明期间"], ["Period: No period stated"]),
    ({"report": "004"}, "TRUE AND report_id = $f_report", {"f_report": "004"}, ["报告 004"],
     ["Report: [004] A report"]),
    ({"province": "abc", "report": "x" * 60, "lang": "fr"}, "TRUE", {}, [], []),   # malformed: dropped
]


@pytest.mark.parametrize(("query", "sql", "params", "zh", "en"), CASES)
def test_url_to_where_params_and_words(query, sql, params, zh, en):
    f = Filters.from_query_params(query)
    w = f.where()
    assert (w.sql, w.params) == (sql, params)
    assert f.words("zh", NAMES) == zh
    assert f.words("en", NAMES, labelled=True) == en
    assert Filters.from_query_params(f.to_query_params()) == f          # the URL round trip


def test_alias_and_left_out_parts():
    f = Filters(province="370000", category="组织覆盖", period="2023", report_id="004")
    w = f.where(alias="v", category=False, report=False)
    assert w.sql == "TRUE AND v.province_code = $f_province AND v.period = $f_period"
    assert w.and_("v.indicator_key = $k", k="x").params == {"f_province": "370000", "f_period": "2023", "k": "x"}
    with pytest.raises(ValueError, match="used twice"):
        w.and_("x = $f_period", f_period="1")


def test_region_level_is_the_one_vocabulary():
    assert Filters(province="370000").region_level == "province"
    assert Filters(province="370000", city="370100").region_level == "prefecture"
    assert Filters(district="370102").region_level == "county"
    assert Filters().region_level is None
