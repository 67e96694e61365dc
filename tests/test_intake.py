"""Analyst intake: GBK and XLSX files, preview, conflicts, only-valid, archive, rollback, replay.

Every test works on a private copy of data/ and its own warehouse in a temp folder. All figures
are synthetic, generated here (report '测试报告（合成）'), except the template's example row, which
is the curated figure 000-08 already in data/.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook, load_workbook

from etl import DATA_DIR
from etl.build import build
from etl.intake import service
from etl.intake.archive import archive_dir, batches
from etl.intake.template import (
    SCHEMA_DIR,
    schema_markdown,
    table_schema,
    template_csv_bytes,
    template_xlsx_bytes,
)
from etl.intake.validate import Options
from etl.issues import ValidationError

SYN_TITLE = "测试报告（合成）"   # synthetic report, tests only
TABLES = ["dim_region", "dim_report", "dim_organization", "dim_indicator", "indicator_pair", "fact",
          "region_mention", "load_batch", "load_manifest"]
ZH_HEADER = ["报告标题", "发布单位", "发布日期", "省", "市", "区县", "单位", "指标", "数值", "单位名", "限定", "期间", "比率",
             "备注"]
NEW_CITIES = [("江苏省", "连云港市"), ("江苏省", "徐州市"), ("江苏省", "宿迁市"), ("江苏省", "淮安市")]


# ------------------------------------------------------------------ helpers


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("pristine")
    data = root / "data"
    for sub in ("reference", "figures", "mentions"):
        shutil.copytree(DATA_DIR / sub, data / sub)
    build(data, root / "warehouse.duckdb")
    return data, root / "warehouse.duckdb"


@pytest.fixture
def env(pristine, tmp_path) -> tuple[Path, Path]:
    data, wh = tmp_path / "data", tmp_path / "warehouse.duckdb"
    shutil.copytree(pristine[0], data)
    shutil.copyfile(pristine[1], wh)
    return data, wh


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def dump(p: Path) -> dict:
    con = duckdb.connect(str(p), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    finally:
        con.close()


def query(p: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(p), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def synthetic_rows(n_cities: int = 4, seed: int = 7) -> list[list[str]]:
    """Clearly synthetic figures (counts derived from the seed) for cities with no data yet."""
    rows = []
    for i, (prov, city) in enumerate(NEW_CITIES[:n_cities]):
        areas = 100 + seed * (i + 1)
        rows.append([SYN_TITLE, "合成发布单位", "2024-05-01", prov, city, "", f"{city}合成单位", "物业管理区域数",
                     str(areas), "个", "", "2023", "", "合成 synthetic"])
        rows.append([SYN_TITLE, "合成发布单位", "2024-05-01", prov, city, "", f"{city}合成单位", "小区党组织数",
                     f"{areas - i}多", "个", "", "2023", "", "合成 synthetic"])
    return rows


def csv_bytes(rows, header=ZH_HEADER, encoding="gbk") -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


def add(env, *files: tuple[str, bytes], **kw) -> service.AddResult:
    data, wh = env
    opts = Options(**{k: kw.pop(k) for k in ("only_valid", "accept_conflicts", "new_indicators") if k in kw})
    return service.add([service.Upload(n, b) for n, b in files], opts, "tester", data, wh, **kw)


def template_row(value: str) -> bytes:
    lines = template_csv_bytes().decode("utf-8-sig").splitlines()
    cells = next(csv.reader([lines[1]]))
    cells[lines[0].split(",").index("value")] = value
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows([lines[0].split(","), cells])
    return buf.getvalue().encode("utf-8")


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


# ------------------------------------------------------------------ conflicts, only-valid, rollback, replay


def test_a_conflict_is_shown_and_replaced_only_when_confirmed(env):
    data, wh = env
    original = dump(wh)
    before = sha(wh)
    result = add(env, ("conflict.csv", template_row("18")))
    assert result.verdict == "conflict" and result.exit_code == service.EXIT_CONFLICT
    [entry] = result.plans[0].entries
    assert entry.status == "changed" and entry.old[0]["value"] == 17 and entry.fact["value"] == 18
    assert sha(wh) == before

    result = add(env, ("conflict.csv", template_row("18")), accept_conflicts=True)
    assert result.verdict == "load" and result.loaded
    assert query(wh, "SELECT count(*) FROM fact WHERE fact_id = '000-08'") == [(0,)]
    assert query(wh, "SELECT value, batch_id FROM fact WHERE report_id = '000' AND indicator_key = "
                     "'practice_adopted_count'") == [(18.0, 1001)]
    note = json.loads(query(wh, "SELECT note FROM load_batch WHERE batch_id = 1001")[0][0])
    assert note["options"]["accept_conflicts"] is True and note["replaced"] == ["000-08"]
    assert batches(data)[0]["options"]["accept_conflicts"] is True

    rebuilt = wh.with_name("rebuilt.duckdb")
    build(data, rebuilt)
    assert dump(rebuilt) == dump(wh)
    service.rollback(1001, "tester", data, wh)
    assert dump(wh) == original


def test_only_valid_loads_the_valid_rows_and_records_the_choice(env):
    data, wh = env
    rows = synthetic_rows()
    rows[2][ZH_HEADER.index("数值")] = "不详"
    assert add(env, ("part.csv", csv_bytes(rows))).verdict == "rejected"
    result = add(env, ("part.csv", csv_bytes(rows)), only_valid=True)
    assert result.verdict == "load"
    [b] = result.batches
    assert b["rows_rejected"] == 1 and b["rejected_rows"] == [4] and b["options"]["only_valid"] is True
    assert query(wh, "SELECT rows_in, rows_loaded, rows_rejected, only_valid FROM load_batch WHERE batch_id = 1001") \
        == [(8, 7, 1, True)]
    rebuilt = wh.with_name("rebuilt.duckdb")
    build(data, rebuilt)
    assert dump(rebuilt) == dump(wh)


def test_rollback_restores_the_exact_previous_state(env):
    data, wh = env
    state0 = dump(wh)
    add(env, ("a.csv", csv_bytes(synthetic_rows(2))))
    state1 = dump(wh)
    rows_b = [[SYN_TITLE, "合成发布单位", "2024-05-01", "福建省", "福州市", "鼓楼区", "", "党支部数", "42", "个", "", "",
               "", "合成"]]
    add(env, ("b.csv", csv_bytes(rows_b)))
    assert dump(wh) != state1
    service.rollback(1002, "tester", data, wh)
    assert dump(wh) == state1
    service.rollback(1001, "tester", data, wh)
    assert dump(wh) == state0
    assert [(b["batch_id"], b["rolled_back"]) for b in batches(data)] == [(1001, True), (1002, True)]
    build(data, wh)                      # rebuilds leave rolled-back batches out
    assert dump(wh) == state0
    with pytest.raises(service.UsageError):
        service.rollback(1001, "tester", data, wh)
    with pytest.raises(service.UsageError):
        service.rollback(999, "tester", data, wh)


def test_rebuild_replays_the_archive_deterministically(env):
    data, wh = env
    add(env, ("a.csv", csv_bytes(synthetic_rows(3))))
    add(env, ("c.csv", template_row("18")), accept_conflicts=True)
    incremental = dump(wh)
    one, two = wh.with_name("one.duckdb"), wh.with_name("two.duckdb")
    build(data, one)
    build(data, two)
    assert dump(one) == dump(two) == incremental
    assert build(data, wh).counts["batches_replayed"] == 2


def test_replay_fails_loudly_when_an_archived_file_is_altered(env):
    data, wh = env
    result = add(env, ("a.csv", csv_bytes(synthetic_rows(1))))
    path = archive_dir(data) / result.batches[0]["archive"]
    path.write_bytes(path.read_bytes() + b"\r\n")
    before = sha(wh)
    with pytest.raises(ValidationError) as exc:
        build(data, wh)
    assert "batch 1001" in exc.value.problems[0].file and "sha256" in exc.value.report()
    assert sha(wh) == before


def test_adding_the_same_file_twice_adds_nothing_the_second_time(env):
    body = csv_bytes(synthetic_rows(1))
    assert add(env, ("x.csv", body)).loaded
    again = add(env, ("x.csv", body))
    assert again.verdict == "nothing" and not again.loaded and again.exit_code == 0
    assert len(batches(env[0])) == 1


def test_several_files_load_together_or_not_at_all(env):
    data, wh = env
    before = sha(wh)
    good = csv_bytes(synthetic_rows(2))
    bad = csv_bytes([[SYN_TITLE, "", "", "江苏省", "宿迁市", "", "", "党支部数", "很多", "个", "", "", "", ""]])
    result = add(env, ("good.csv", good), ("bad.csv", bad))
    assert result.verdicts == ["load", "rejected"] and not result.loaded and sha(wh) == before
    result = add(env, ("good.csv", good), ("second.csv", csv_bytes(synthetic_rows(4)[4:])))
    assert [b["batch_id"] for b in result.batches] == [1001, 1002]


def test_dry_run_writes_nothing(env):
    data, wh = env
    before = sha(wh)
    result = add(env, ("x.csv", csv_bytes(synthetic_rows())), dry_run=True)
    assert result.verdict == "load" and not result.loaded
    assert sha(wh) == before and not archive_dir(data).exists()


def test_a_failed_replace_leaves_warehouse_and_log_as_they_were(env, monkeypatch):
    data, wh = env
    add(env, ("a.csv", csv_bytes(synthetic_rows(1))))
    before, log_before = sha(wh), (archive_dir(data) / "batches.jsonl").read_bytes()

    def boom(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(service.os, "replace", boom)
    with pytest.raises(OSError):
        add(env, ("b.csv", csv_bytes(synthetic_rows(3)[2:])))
    assert sha(wh) == before and (archive_dir(data) / "batches.jsonl").read_bytes() == log_before
    assert not [p for p in wh.parent.iterdir() if ".tmp" in p.name]


def test_open_readers_keep_their_snapshot(env):
    data, wh = env
    reader = duckdb.connect(str(wh), read_only=True)
    n0 = reader.execute("SELECT count(*) FROM fact").fetchone()[0]
    add(env, ("a.csv", csv_bytes(synthetic_rows(2))))
    assert reader.execute("SELECT count(*) FROM fact").fetchone()[0] == n0
    reader.close()
    assert query(wh, "SELECT count(*) FROM fact")[0][0] == n0 + 4


def test_new_indicator_only_on_purpose(env):
    header = ZH_HEADER + ["新指标单位", "新指标类别"]
    row = [SYN_TITLE, "", "", "江苏省", "淮安市", "", "", "合成测试指标", "5", "个", "", "", "", "合成", "个", "服务成效"]
    result = add(env, ("ni.csv", csv_bytes([row], header)))
    assert result.verdict == "load", [p.format() for p in result.plans[0].problems]
    got = query(env[1], "SELECT indicator_key, unit, category, category_en, is_rate FROM dim_indicator "
                        "WHERE name_zh = '合成测试指标'")
    assert len(got) == 1 and got[0][0].startswith("x_") and got[0][1:] == ("个", "服务成效", "Service outcomes", False)
    # without the columns the same name is known now; a different unknown name is still refused
    plain = [SYN_TITLE, "", "", "江苏省", "淮安市", "", "", "另一合成指标", "5", "个", "", "P2", "", "合成"]
    assert add(env, ("ni2.csv", csv_bytes([plain]))).verdict == "rejected"
    flagged = add(env, ("ni3.csv", csv_bytes([plain + ["", "队伍建设"]], header)), new_indicators=True)
    assert flagged.verdict == "load"


# ------------------------------------------------------------------ the drop-in route and the CLI


def test_a_template_file_dropped_in_data_figures_builds(env):
    data, wh = env
    (data / "figures" / "analyst_gbk.csv").write_bytes(csv_bytes(synthetic_rows(2)))
    result = build(data, wh)
    assert result.counts["dropin_files"] == 1
    got = query(wh, "SELECT DISTINCT b.kind, b.source_file, v.region_zh FROM v_facts v JOIN load_batch b USING "
                    "(batch_id) WHERE v.report_title_zh = ? ORDER BY ALL", [SYN_TITLE])
    assert got == [("build", "data/figures/analyst_gbk.csv", "徐州市"), ("build", "data/figures/analyst_gbk.csv",
                                                                      "连云港市")]
    again = wh.with_name("again.duckdb")
    build(data, again)
    assert dump(again) == dump(wh)


def test_a_bad_dropped_in_file_fails_the_build_and_keeps_the_warehouse(env):
    data, wh = env
    rows = synthetic_rows(1)
    rows[1][ZH_HEADER.index("市")] = "淄搏"
    (data / "figures" / "analyst.csv").write_bytes(csv_bytes(rows))
    before = sha(wh)
    with pytest.raises(ValidationError) as exc:
        build(data, wh)
    p = exc.value.problems[0]
    assert (p.file, p.row, p.column) == ("data/figures/analyst.csv", 3, "city") and "淄博市" in p.hint_zh
    assert sha(wh) == before


def test_cli_add_rollback_batches_and_exit_codes(env, tmp_path, capsys):
    from etl.cli import main

    data, wh = env
    common = ["--data", str(data), "--warehouse", str(wh)]
    good, conflict = tmp_path / "good.csv", tmp_path / "conflict.csv"
    good.write_bytes(csv_bytes(synthetic_rows(2)))
    conflict.write_bytes(template_row("18"))
    assert main(["add", str(good), "--dry-run", *common]) == 0
    out = capsys.readouterr().out
    assert "新增 new" in out and "dry run" in out
    assert main(["add", str(good), *common, "--who", "cli-tester"]) == 0
    assert "loaded batch 1001" in capsys.readouterr().out
    assert main(["add", str(conflict), *common]) == 3
    assert "--accept-conflicts" in capsys.readouterr().err
    assert main(["add", str(tmp_path / "missing.csv"), *common]) == 2
    assert main(["add", "--bogus", str(good), *common]) == 2
    assert main(["batches", "--data", str(data)]) == 0
    assert "1001" in capsys.readouterr().out
    assert main(["rollback", "1001", *common]) == 0
    assert main(["rollback", "1001", *common]) == 2
    capsys.readouterr()
    assert main(["batches", "--json", "--data", str(data)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["rolled_back"] is True and listed[0]["who"] == "cli-tester"


def test_a_thousand_rows_load_quickly(env):
    import time

    regions = query(env[1], "SELECT p.name_zh, r.name_zh FROM dim_region r JOIN dim_region p ON p.region_code = "
                            "r.province_code WHERE r.level = 'prefecture' ORDER BY r.region_code LIMIT 250")
    rows = []
    for prov, city in regions:
        for ind, val in (("物业管理区域数", "200"), ("小区党组织数", "150多"), ("党支部数", "约80"), ("志愿服务活动次数", "1.2万")):
            rows.append([SYN_TITLE, "合成发布单位", "2024-05-01", prov, city, "", "", ind, val, "", "", "", "", "合成"])
    assert len(rows) == 1000
    start = time.perf_counter()
    result = add(env, ("thousand.csv", csv_bytes(rows)))
    elapsed = time.perf_counter() - start
    assert result.loaded and result.batches[0]["facts_loaded"] == 1000, result.plans[0].problems[:3]
    print(f"\n1,000-row add: {elapsed:.2f}s")
    assert elapsed < 30
