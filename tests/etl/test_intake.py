"""Analyst intake: GBK and XLSX files, preview, conflicts, only-valid, archive, rollback, replay.

Every test works on a private copy of data/ and its own warehouse in a temp folder. All figures
are synthetic, generated here (report '测试报告（合成）'), except the template's example row, which
is the curated figure 000-08 already in data/.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import duckdb
import pytest
from intake_support import (
    NEW_CITIES,
    SYN_TITLE,
    ZH_HEADER,
    add,
    csv_bytes,
    query,
    sha,
    synthetic_rows,
)
from openpyxl import Workbook, load_workbook

from etl.template.files import (
    SCHEMA_DIR,
    schema_markdown,
    table_schema,
    template_csv_bytes,
    template_xlsx_bytes,
)
from etl.warehouse.archive import archive_dir

# ------------------------------------------------------------------ the acceptance cases


def test_gbk_file_with_a_new_report_and_new_cities_loads_and_shows_in_the_views(env):
    data, wh = env
    body = csv_bytes(synthetic_rows())
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")                    # really GBK, not UTF-8
    stat_before = wh.stat()
    result = add(env, ("新报告_gbk.csv", body))
    assert result.verdict == "load" and result.exit_code == 0, [p.format() for p in result.plans[0].problems]
    [batch] = result.batches
    assert batch["batch_id"] == 1001 and batch["facts_loaded"] == 8 and batch["rows_new"] == 8
    cities = {r[0] for r in query(wh, "SELECT DISTINCT region_zh FROM v_facts WHERE report_title_zh = ?", [SYN_TITLE])}
    assert cities == {c for _, c in NEW_CITIES}
    latest = query(wh, "SELECT region_zh, value, qualifier FROM v_latest WHERE indicator_key = "
                       "'community_party_org_count' AND report_title_zh = ? ORDER BY region_zh", [SYN_TITLE])
    assert len(latest) == 4 and all(q == "more_than" for _, _, q in latest)
    report = query(wh, "SELECT report_id, publisher, publisher_status, published_on, published_status, province_code "
                       "FROM dim_report WHERE title_zh = ?", [SYN_TITLE])
    rid = "a" + hashlib.sha256(f"{SYN_TITLE}|合成发布单位|2024-05-01".encode()).hexdigest()[:10]
    assert report == [(rid, "合成发布单位", "confirmed", "2024-05-01", "confirmed", "320000")]
    assert query(wh, "SELECT kind, source_file, loaded_by, rows_in, rows_loaded FROM load_batch WHERE batch_id = 1001") \
        == [("add", "新报告_gbk.csv", "tester", 8, 8)]
    archived = archive_dir(data) / f"{hashlib.sha256(body).hexdigest()}.csv"
    assert archived.read_bytes() == body
    stat_after = wh.stat()
    assert (stat_after.st_mtime_ns, stat_after.st_size) != (stat_before.st_mtime_ns, stat_before.st_size)


def test_a_file_with_one_bad_row_names_it_and_writes_nothing(env):
    data, wh = env
    rows = synthetic_rows()
    rows[5][ZH_HEADER.index("数值")] = "好几百"
    before = sha(wh)
    result = add(env, ("one_bad.csv", csv_bytes(rows)))
    assert result.verdict == "rejected" and result.exit_code == 1
    [problem] = result.plans[0].problems
    assert (problem.file, problem.row, problem.column, problem.value) == ("one_bad.csv", 7, "value", "好几百")
    assert "第7行" in problem.format() and "列 value" in problem.format()
    assert sha(wh) == before and not (archive_dir(data) / "batches.jsonl").exists()


# ------------------------------------------------------------------ encodings and formats


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_encodings_give_the_same_figures(env, encoding):
    rows = synthetic_rows(2)
    org = "鼓楼区合成党建服务中心" + ("𠀀" if encoding != "gbk" else "")   # 𠀀 exists in GB18030, not GBK
    rows[0][ZH_HEADER.index("单位")] = org
    result = add(env, ("enc.csv", csv_bytes(rows, encoding=encoding)))
    assert result.verdict == "load", [p.format() for p in result.plans[0].problems]
    got = query(env[1], "SELECT organization_zh FROM v_facts WHERE batch_id = 1001 ORDER BY fact_id")
    assert got[0][0] == rows[0][ZH_HEADER.index("单位")]


def test_gbk_round_trip_through_the_export(env):
    from dashboard.downloads import figures_csv_bytes

    rows = synthetic_rows(1)
    add(env, ("rt.csv", csv_bytes(rows)))
    con = duckdb.connect(str(env[1]), read_only=True)
    df = con.execute("SELECT report_title_zh, region_zh, organization_zh, value FROM v_facts WHERE batch_id = 1001 "
                     "ORDER BY fact_id").df()
    con.close()
    text = figures_csv_bytes(df).decode("utf-8-sig")
    assert SYN_TITLE in text and "连云港市合成单位" in text
    assert text.encode("gbk").decode("gbk") == text     # every character survives GBK and back


def test_xlsx_with_a_data_sheet_numbers_percent_and_dates(env):
    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["本页是说明，数据在「数据」页"])
    ws = wb.create_sheet("数据")
    ws.append(ZH_HEADER)
    ws.append([SYN_TITLE, "合成发布单位", dt.datetime(2024, 5, 1), "江苏省", "连云港市", None, None, "物业管理区域数",
               150, "个", None, 2023, None, "合成"])
    ws.append([SYN_TITLE, "合成发布单位", dt.datetime(2024, 5, 1), "江苏省", "连云港市", None, None, "小区党组织数",
               120.0, "个", None, 2023, 0.8, "合成"])
    ws.cell(3, ZH_HEADER.index("比率") + 1).number_format = "0%"
    buf = io.BytesIO()
    wb.save(buf)
    result = add(env, ("figures.xlsx", buf.getvalue()))
    assert result.verdict == "load", [p.format() for p in result.plans[0].problems]
    assert result.plans[0].table.sheet == "数据"
    got = query(env[1], "SELECT indicator_key, value, unit, period FROM v_facts WHERE batch_id = 1001 ORDER BY ALL")
    assert got == [("community_party_org_count", 120.0, "个", "2023"), ("property_mgmt_area_count", 150.0, "个", "2023"),
                   ("property_party_org_coverage_rate", 80.0, "%", "2023")]
    assert query(env[1], "SELECT published_on FROM dim_report WHERE title_zh = ?", [SYN_TITLE]) == [("2024-05-01",)]
    assert (archive_dir(env[0]) / f"{hashlib.sha256(buf.getvalue()).hexdigest()}.xlsx").exists()


def test_written_forms_are_normalized_with_the_qualifier(env):
    forms = [("1.2万", 12000, "exact"), ("7700多", 7700, "more_than"), ("90余", 90, "more_than"),
             ("约300", 300, "approx"), ("十二", 12, "exact"), ("至少5", 5, "at_least")]
    rows = []
    for i, (text, _, _) in enumerate(forms):
        rows.append([SYN_TITLE, "", "", "江苏省", "徐州市", "", "", "志愿服务活动次数", text, "", "", f"P{i}", "", ""])
    result = add(env, ("forms.csv", csv_bytes(rows)))
    assert result.verdict == "load", [p.format() for p in result.plans[0].problems]
    got = query(env[1], "SELECT period, value, qualifier FROM fact WHERE batch_id = 1001 ORDER BY period")
    assert got == [(f"P{i}", float(v), q) for i, (_, v, q) in enumerate(forms)]
    status = query(env[1], "SELECT publisher_status, published_status, publisher, published_on FROM dim_report "
                           "WHERE title_zh = ?", [SYN_TITLE])
    assert status == [("unknown", "unknown", None, None)]


# ------------------------------------------------------------------ templates


def test_committed_schema_files_match_the_generator():
    assert (SCHEMA_DIR / "template.csv").read_bytes() == template_csv_bytes()
    assert json.loads((SCHEMA_DIR / "schema.json").read_text(encoding="utf-8")) == table_schema()
    assert (SCHEMA_DIR / "schema.md").read_text(encoding="utf-8") == schema_markdown()
    committed = load_workbook(SCHEMA_DIR / "template.xlsx")
    fresh = load_workbook(io.BytesIO(template_xlsx_bytes()))
    assert committed.sheetnames == fresh.sheetnames == ["数据", "说明"]
    for name in fresh.sheetnames:
        assert [[c.value for c in r] for r in committed[name].iter_rows()] == \
               [[c.value for c in r] for r in fresh[name].iter_rows()]


@pytest.mark.parametrize("name, body", [("template.csv", template_csv_bytes()), ("template.xlsx", template_xlsx_bytes())])
def test_the_templates_example_row_is_the_curated_figure(env, name, body):
    result = add(env, (name, body))
    assert result.verdict == "nothing" and result.exit_code == 0
    assert result.plans[0].counts() == {"new": 0, "changed": 0, "unchanged": 1, "rejected": 0}
    assert [o["fact_id"] for o in result.plans[0].entries[0].old] == ["000-08"]


# ------------------------------------------------------------------ indicator names (issue #22, item 10)


def test_a_row_naming_a_dashboard_concept_loads_with_its_canonical_indicator(env):
    """物业服务企业党组织数 is the concept's name on the dashboard, not an indicator's name or synonym."""
    data, wh = env
    names = ["物业服务企业党组织数", "Party organisations in property companies"]   # the concept's zh and en names
    rows = [[*r[:7], name, "12", "个", *r[10:]] for r, name in zip(synthetic_rows(4)[::2], names, strict=False)]
    result = add(env, ("concept_names.csv", csv_bytes(rows)))
    assert result.verdict == "load", [p.format() for p in result.plans[0].problems]
    loaded = query(wh, "SELECT indicator_key FROM fact WHERE batch_id = 1001 ORDER BY indicator_key")
    assert loaded == [("property_company_party_org_count",)] * 2
