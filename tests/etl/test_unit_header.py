"""The header 单位 holding units (个, 人, %) is read as the unit column, and the plan says so (issue #22, item 9).
All figures are synthetic, generated here."""

from __future__ import annotations

from intake_support import SYN_TITLE, ZH_HEADER, add, csv_bytes, query

from etl.template.read import read_table

# the analyst's own header: 单位 is the unit, and there is no 单位名 / 计量单位 column
UNIT_AS_单位 = ["报告标题", "发布单位", "发布日期", "省", "市", "指标", "数值", "单位", "期间"]


def _rows(units=("个", "人", "%")) -> list[list[str]]:
    figures = [("物业管理区域数", "137"), ("先锋队成员数", "46"), ("物业领域党组织覆盖率", "85")]
    return [[SYN_TITLE, "合成发布单位", "2024-05-01", "江苏省", "连云港市", name, value, unit, "2023"]
            for (name, value), unit in zip(figures, units, strict=True)]


def test_a_单位_column_of_units_loads_as_the_unit_and_the_plan_says_so(env):
    result = add(env, ("units.csv", csv_bytes(_rows(), header=UNIT_AS_单位)))
    plan = result.plans[0]
    assert result.verdict == "load", [p.format() for p in plan.problems]
    got = query(env[1], "SELECT indicator_key, value, unit FROM v_facts WHERE batch_id = 1001 ORDER BY ALL")
    assert got == [("property_mgmt_area_count", 137.0, "个"), ("property_party_org_coverage_rate", 85.0, "%"),
                   ("vanguard_member_count", 46.0, "人")]
    assert query(env[1], "SELECT count(*) FROM dim_organization WHERE name_zh IN ('个', '人', '%')") == [(0,)]
    [note] = plan.notes
    assert note.file == "units.csv" and note.column == "单位" and note.row == 1
    assert "单位名" in note.message_zh and "unit" in note.message_en
    assert note not in plan.problems and note not in plan.warnings     # said, not held


def test_a_单位_column_of_organisations_stays_the_organisation():
    rows = [r[:7] + [f"连云港市合成单位{i}", "2023"] for i, r in enumerate(_rows())]
    table, problems = read_table(csv_bytes(rows, header=UNIT_AS_单位), "orgs.csv")
    assert not problems and "organization" in table.columns and "unit" not in table.columns
    assert table.rows[0][1]["organization"] == "连云港市合成单位0" and not table.notes


def test_with_a_separate_unit_column_单位_stays_the_organisation_even_if_it_looks_like_units():
    rows = [[SYN_TITLE, "合成发布单位", "2024-05-01", "江苏省", "连云港市", "", "个", "物业管理区域数", "137", "个",
             "", "2023", "", ""]]
    table, _ = read_table(csv_bytes(rows, header=ZH_HEADER), "template.csv")
    assert table.rows[0][1]["organization"] == "个" and table.rows[0][1]["unit"] == "个" and not table.notes
    header = [h if h != "单位名" else "计量单位" for h in ZH_HEADER]
    table, _ = read_table(csv_bytes(rows, header=header), "measure.csv")
    assert table.rows[0][1]["organization"] == "个" and not table.notes


def test_the_command_line_prints_which_reading_was_taken(env, tmp_path, capsys):
    from etl.cli import main

    path = tmp_path / "units.csv"
    path.write_bytes(csv_bytes(_rows(), header=UNIT_AS_单位))
    assert main(["add", str(path), "--dry-run", "--data", str(env[0]), "--warehouse", str(env[1])]) == 0
    err = capsys.readouterr().err
    assert "units.csv" in err and "已按计量单位（单位名）读取" in err and "read as the unit" in err
