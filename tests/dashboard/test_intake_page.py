"""The 数据导入 Import page (AppTest): upload → preview → confirm → the figures are in the views the
other pages read, without a restart; then roll the batch back from the page.

The uploaded file is synthetic (report '测试报告（合成）'), generated here.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest
from auth_support import sign_in
from streamlit.testing.v1 import AppTest

from core.settings import PROJECT_ROOT
from etl.pipeline.build import build

PAGE = str(PROJECT_ROOT / "dashboard" / "app_pages" / "import_data.py")
SYN_TITLE = "测试报告（合成）"
HEADER = ["报告标题", "发布单位", "发布日期", "省", "市", "单位", "指标", "数值", "单位名", "备注"]
SQL = "SELECT region_zh, value FROM v_latest WHERE report_title_zh = ? ORDER BY region_zh"


def synthetic_gbk(bad: bool = False) -> bytes:
    rows = [[SYN_TITLE, "合成发布单位", "2024-05-01", "江苏省", city, "", "党支部数", str(40 + i), "个", "合成"]
            for i, city in enumerate(["连云港市", "宿迁市", "淮安市"])]
    if bad:
        rows[1][HEADER.index("数值")] = "不详"
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADER)
    w.writerows(rows)
    return buf.getvalue().encode("gbk")


@pytest.fixture
def page_env(data_copy, tmp_path, monkeypatch, account_store) -> tuple[Path, Path]:
    data = data_copy
    wh = tmp_path / "warehouse.duckdb"
    build(data, wh)
    monkeypatch.setenv("DJCX_DATA_DIR", str(data))
    monkeypatch.setenv("DJCX_WAREHOUSE", str(wh))
    return data, wh


def _page() -> AppTest:
    at = sign_in(AppTest.from_file(PAGE, default_timeout=60))
    at.run()
    assert not at.exception, at.exception
    return at


def test_templates_are_offered_for_download(page_env):
    at = _page()
    labels = [b.label for b in at.get("download_button")]
    assert any("CSV" in x for x in labels) and any("Excel" in x for x in labels)


def test_upload_preview_confirm_then_other_pages_see_it(page_env):
    from dashboard import db

    data, wh = page_env
    assert db.run_query(SQL, [SYN_TITLE], path=wh).empty         # what the other pages read, cached
    before = hashlib.sha256(wh.read_bytes()).hexdigest()
    at = _page()
    at.file_uploader[0].set_value(("新数据.csv", synthetic_gbk(), "text/csv")).run()
    assert not at.exception, at.exception
    assert any("可以导入" in s.value for s in at.success)
    preview = at.dataframe[-1].value
    assert list(preview.columns)[:3] == ["文件", "行", "导入后"]          # headers and status in zh (#22 item 12)
    assert list(preview["导入后"]) == ["新增"] * 3
    assert hashlib.sha256(wh.read_bytes()).hexdigest() == before  # previewing writes nothing

    at.button(key="imp_load").click().run()
    assert not at.exception, at.exception
    assert any("已导入 3 个数字" in s.value for s in at.success)
    assert any("已作为草稿导入（批次 1001）" in s.value and "管理员" in s.value for s in at.info)   # who publishes it
    with db.audience_scope("all"):                                   # the analysts' pages see the draft …
        got = db.run_query(SQL, [SYN_TITLE], path=wh)
    assert list(got["region_zh"]) == ["宿迁市", "淮安市", "连云港市"]
    assert db.run_query(SQL, [SYN_TITLE], path=wh).empty              # … the viewers' do not (#22 item 1)
    batches = at.dataframe[-1].value
    assert list(batches["batch"]) == [1001] and batches["state"].iloc[0] == "草稿"

    assert at.selectbox(key="imp_rb_pick").value is None           # nothing preselected to undo
    assert not any("没有新数据" in s.value for s in at.info)       # the loaded file is not previewed again
    assert len(at.file_uploader) == 1 and not at.file_uploader[0].value
    at.selectbox(key="imp_rb_pick").select(1001).run()
    at.checkbox(key="imp_rb_sure").check().run()
    at.button(key="imp_rb_go").click().run()
    assert not at.exception, at.exception
    assert any("已撤销批次 1001" in s.value for s in at.success)
    with db.audience_scope("all"):
        assert db.run_query(SQL, [SYN_TITLE], path=wh).empty


def test_a_bad_row_is_named_and_there_is_no_load_button(page_env):
    data, wh = page_env
    before = hashlib.sha256(wh.read_bytes()).hexdigest()
    at = _page()
    at.file_uploader[0].set_value(("bad.csv", synthetic_gbk(bad=True), "text/csv")).run()
    assert not at.exception, at.exception
    problems = at.dataframe[0].value
    assert problems[["行", "列", "数值"]].values.tolist() == [[3, "value", "不详"]]
    assert "imp_load" not in [b.key for b in at.button]
    at.checkbox(key="imp_only_valid").check().run()
    at.button(key="imp_load").click().run()
    assert any("已导入 2 个数字" in s.value for s in at.success)
    assert hashlib.sha256(wh.read_bytes()).hexdigest() != before


def test_messages_speak_the_readers_language_with_the_other_on_demand(page_env):
    """#22 item 12: 「5 行 rows — 新增 new 4」 and message_zh beside message_en in one table."""
    at = _page()
    at.file_uploader[0].set_value(("bad.csv", synthetic_gbk(bad=True), "text/csv")).run()
    assert not at.exception, at.exception
    banner = " ".join(e.value for kind in ("error", "warning", "success", "info") for e in getattr(at, kind))
    assert "csv：3 行 — 新增 2" in banner and " rows" not in banner and "new " not in banner and "rejected" not in banner
    zh = at.dataframe[0].value
    assert list(zh.columns) == ["文件", "行", "列", "数值", "问题", "怎么改"]
    assert not any(ch.isascii() and ch.isalpha() for ch in str(zh.iloc[0]["问题"]).replace("value", ""))
    en = at.dataframe[1].value                                         # inside the expander, the other language
    assert list(en.columns) == ["File", "Row", "Column", "Value", "Problem", "How to fix"]
    preview = at.dataframe[-1].value                 # the rows as they would load: status and problem in zh only
    assert list(preview.columns) == ["文件", "行", "导入后", "报告", "地区", "机构", "指标", "数值", "现有数值", "问题"]
    assert sorted(preview["导入后"]) == ["拒绝", "新增", "新增"]
    problem = preview.loc[preview["导入后"] == "拒绝", "问题"].iloc[0]
    assert problem and not any(ch.isascii() and ch.isalpha() for ch in problem.replace("value", ""))


def test_the_preview_table_in_english(page_env):
    at = sign_in(AppTest.from_file(PAGE, default_timeout=60))
    at.query_params["lang"] = "en"
    at.run()
    at.file_uploader[0].set_value(("bad.csv", synthetic_gbk(bad=True), "text/csv")).run()
    assert not at.exception, at.exception
    preview = at.dataframe[-1].value
    assert list(preview.columns)[:3] == ["File", "Row", "On load"]
    assert sorted(preview["On load"]) == ["new", "new", "rejected"]
    problem = preview.loc[preview["On load"] == "rejected", "Problem"].iloc[0]
    assert problem.startswith("value: value is not a number")     # the English message and fix, no zh beside them
    assert "/" not in problem.split("→")[0]
