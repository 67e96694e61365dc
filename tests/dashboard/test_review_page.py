"""The 审核 Review page (AppTest): a report in → its details proposed from the text with their basis → figures
proposed (uncertain first, unticked) → a concept picked from the suggestions, place set for the whole report →
loaded in one click through the intake service → in the warehouse with the text's sha256, verified; no second
load of the same figures; the queue lists what is left."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from auth_support import sign_in
from streamlit.testing.v1 import AppTest

from core.regions import RegionIndex
from core.settings import PROJECT_ROOT
from dashboard import review_grid
from etl.pipeline.build import build
from etl.verify import verify

PAGE = str(PROJECT_ROOT / "dashboard" / "app_pages" / "review.py")
# synthetic, in our own words
REPORT = ("新都区物业行业党建见成效（测试）\n2023-10-25 10:00 来源：测试日报\n"
          "截至2023年9月，成都市新都区登记在册的物业服务企业252家，其中18家物业服务企业组建了党支部，"
          "覆盖率达7%。辖区还有三个示范点。").encode("gb18030")


@pytest.fixture
def page_env(data_copy, tmp_path, monkeypatch, account_store):
    data = data_copy
    for f in (data / "figures").glob("*.csv"):
        if not f.name.startswith("0"):
            f.unlink()
    wh = tmp_path / "warehouse.duckdb"
    build(data, wh)
    monkeypatch.setenv("DJCX_DATA_DIR", str(data))
    monkeypatch.setenv("DJCX_WAREHOUSE", str(wh))
    return data, wh


def _upload(at: AppTest) -> AppTest:
    at.file_uploader[0].set_value(("新都区物业.txt", REPORT, "text/plain")).run()
    assert not at.exception, at.exception
    return at


def test_details_are_proposed_from_the_text_with_their_basis(page_env):
    at = _upload(sign_in(AppTest.from_file(PAGE, default_timeout=90)).run())
    assert at.text_input(key="rev_title").value.startswith("新都区物业行业党建")
    assert at.text_input(key="rev_date").value == "2023-10-25"
    assert at.text_input(key="rev_publisher").value == "测试日报"
    assert at.text_input(key="rev_place").value == "四川省 成都市 新都区"
    captions = " ".join(c.value for c in at.caption)
    assert "依据：原文电头日期" in captions and "依据：原文「来源」行" in captions   # each detail says where it came from
    assert "dateline" not in captions                                      # in the user's language


def test_uncertain_figures_come_first_unticked_and_a_concept_is_picked_from_the_suggestions(page_env):
    data, wh = page_env
    at = _upload(sign_in(AppTest.from_file(PAGE, default_timeout=90)).run())
    rows: pd.DataFrame = at.session_state["rev_rows"]
    flags = list(rows["uncertain"])
    assert flags == sorted(flags, reverse=True)                            # the uncertain first
    assert all(not a for a, u in zip(rows["accept"], rows["uncertain"], strict=True) if u)   # and unticked
    confident = rows[~rows["uncertain"]]
    assert set(confident["concept"]) >= {"property_company_count", "property_company_party_org_count"}
    # the focus starts on an uncertain figure; its suggestions are a radio of at most five concepts (plus none)
    radio = at.radio[0]
    assert 1 <= len(radio.options) <= 6
    # a new indicator is never proposed silently: a ticked figure naming nothing blocks the load, with a word
    focus = at.selectbox(key="rev_focus").value
    rows.loc[focus, ["accept", "concept", "indicator"]] = [True, "", ""]
    at.session_state["rev_rows"] = rows
    at.run()
    assert at.warning and "还没有说明统计的是什么" in at.warning[0].value
    assert at.button(key="rev_load").disabled


def test_load_in_one_click_then_no_second_load(page_env):
    data, wh = page_env
    at = _upload(sign_in(AppTest.from_file(PAGE, default_timeout=90)).run())
    n = int(at.session_state["rev_rows"]["accept"].sum())
    assert n >= 2 and not at.button(key="rev_load").disabled
    at.button(key="rev_load").click().run()                               # the one click
    assert not at.exception, at.exception
    assert any(f"已导入 {n} 个数字" in s.value for s in at.success), [e.value for e in at.error]
    assert not [b for b in at.button if b.key == "rev_load"]               # no second load of the same figures
    con = duckdb.connect(str(wh), read_only=True)
    got = con.execute("SELECT f.value, f.indicator_key, f.region_code, r.sha256, r.published_on FROM fact f "
                      "JOIN dim_report r USING (report_id) WHERE r.title_zh LIKE '%测试%' ORDER BY f.value").fetchall()
    con.close()
    assert (18.0, "property_company_party_org_count", "510114") in {(v, k, c) for v, k, c, _, _ in got}
    assert (252.0, "property_company_count", "510114") in {(v, k, c) for v, k, c, _, _ in got}
    assert got[0][3] and got[0][4] == "2023-10-25"
    checked, bad = verify(wh, [data / "sources"])
    assert [m for m in bad if not m.fact_id.startswith(("0", "mention"))] == []   # verify covers them
    at.run()
    assert any(f"已导入 {n} 个数字" in s.value for s in at.success)          # still says what was loaded


def test_the_whole_report_is_set_in_one_step(page_env):
    at = _upload(sign_in(AppTest.from_file(PAGE, default_timeout=90)).run())
    at.selectbox(key="rev_w_kind").set_value("organisation").run()
    at.text_input(key="rev_w_org").set_value("新都区物业行业党委").run()
    at.text_input(key="rev_w_period").set_value("2023年9月").run()
    at.button(key="rev_w_apply").click().run()
    rows = at.session_state["rev_rows"]
    assert set(rows["subject_kind"]) == {"organisation"} and set(rows["organization"]) == {"新都区物业行业党委"}
    assert set(rows["period"]) == {"2023年9月"}


def test_the_queue_lists_library_reports_not_loaded_yet(page_env):
    at = _upload(sign_in(AppTest.from_file(PAGE, default_timeout=90)).run())
    at.button(key="rev_load").click().run()
    assert any("已导入" in s.value for s in at.success), [e.value for e in at.error]
    at2 = sign_in(AppTest.from_file(PAGE, default_timeout=90)).run()      # a new visit: the loaded one is gone
    shown = " ".join(str(df.value.to_dict()) for df in at2.dataframe)
    assert "新都区物业" not in shown


def test_the_grid_speaks_the_users_language():
    from etl.extract.catalogue import Catalogue

    concepts = Catalogue.from_reference().concepts
    index = RegionIndex.from_csv()
    rows = pd.DataFrame([{"accept": True, "text": "18家", "value": "18", "unit": "家", "qualifier": "more_than",
                          "concept": "property_company_party_org_count", "indicator": "", "new_indicator": "",
                          "subject_kind": "region", "organization": "", "region_code": "510114", "period": "",
                          "confidence": 0.9}])
    zh = review_grid.to_display(rows, concepts, index, "zh")
    en = review_grid.to_display(rows, concepts, index, "en")
    assert zh.at[0, "subject_kind"] == "全域" and en.at[0, "subject_kind"] == "area as a whole"
    assert zh.at[0, "concept"] == "物业服务企业党组织数" and "Party organisations" in en.at[0, "concept"]
    assert zh.at[0, "region"] == "四川省 成都市 新都区" and zh.at[0, "qualifier"] != "more_than"
    back = review_grid.from_display(en.assign(region="成都市武侯区"), rows, concepts, index, "en")
    assert back.at[0, "subject_kind"] == "region" and back.at[0, "concept"] == "property_company_party_org_count"
    assert back.at[0, "qualifier"] == "more_than" and back.at[0, "region_code"] == index.resolve("成都市武侯区")


