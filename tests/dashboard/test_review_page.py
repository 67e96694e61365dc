"""The 审核 Review page (AppTest): a report in → figures proposed and highlighted → edited → loaded through
the intake service → in the warehouse with the text's sha256, verified."""

from __future__ import annotations

import duckdb
import pytest
from auth_support import sign_in
from streamlit.testing.v1 import AppTest

from core.settings import PROJECT_ROOT
from etl.pipeline.build import build
from etl.verify import verify

PAGE = str(PROJECT_ROOT / "dashboard" / "app_pages" / "review.py")
REPORT = ("至2023年9月，某区登记在册的物业公司252家，行业内党员223人，其中18家公司组建了党支部。"
          "发布于2023年10月。").encode("gb18030")   # synthetic, in our own words


@pytest.fixture
def page_env(data_copy, tmp_path, monkeypatch, account_store):
    data = data_copy
    for f in (data / "figures").glob("1*.csv"):
        f.unlink()
    wh = tmp_path / "warehouse.duckdb"
    build(data, wh)
    monkeypatch.setenv("DJCX_DATA_DIR", str(data))
    monkeypatch.setenv("DJCX_WAREHOUSE", str(wh))
    return data, wh


def test_upload_review_edit_and_load(page_env):
    data, wh = page_env
    at = sign_in(AppTest.from_file(PAGE, default_timeout=90)).run()
    assert not at.exception
    at.file_uploader[0].set_value(("某区物业.txt", REPORT, "text/plain")).run()
    at.text_input(key="rev_title").set_value("某区物业行业党建（测试）").run()
    at.text_input(key="rev_province").set_value("四川省").run()
    at.text_input(key="rev_city").set_value("成都市").run()
    at.text_input(key="rev_district").set_value("新都区").run()
    at.text_input(key="rev_date").set_value("2023-10-25").run()
    assert not at.exception, at.exception
    html = " ".join(m.value for m in at.markdown)
    assert html.count("<mark id='c") == 3 and "252家" in html                 # every figure highlighted
    # edit: the first candidate (252 companies) is rejected; the second gets the catalogue's member indicator
    at.selectbox(key="rev_focus").set_value(0).run()
    at.checkbox(key="rev_acc_0").uncheck().run()
    at.button(key="rev_apply").click().run()
    at.selectbox(key="rev_focus").set_value(1).run()
    at.text_input(key="rev_ind_1").set_value("物业行业党员数").run()
    at.button(key="rev_apply").click().run()
    assert "djcx-rev-off" in " ".join(m.value for m in at.markdown)          # the rejected one shows it
    at.button(key="rev_load").click().run()
    assert not at.exception, at.exception
    assert any("已导入 2 个数字" in s.value for s in at.success), [e.value for e in at.error]
    con = duckdb.connect(str(wh), read_only=True)
    got = con.execute("SELECT f.value, f.indicator_key, r.sha256 FROM fact f JOIN dim_report r USING (report_id) "
                      "WHERE r.title_zh LIKE '%测试%' ORDER BY f.value").fetchall()
    con.close()
    assert [(v, k) for v, k, _ in got] == [(18.0, "property_company_party_org_count"),
                                          (223.0, "property_party_member_count")]
    checked, bad = verify(wh, [data / "sources"])
    mine = [m for m in bad if not m.fact_id.startswith(("0", "mention"))]
    assert mine == [] and got[0][2] is not None                              # verify covers them
