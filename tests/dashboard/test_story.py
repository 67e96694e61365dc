"""The first page tells the story: per headline concept the figure, its subject, its year, how the regions
with comparable figures stand; coverage rates against a target (100% unless the data sets another)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from core.issues import Problem
from dashboard import queries
from dashboard.charts.concept import concept_chart
from dashboard.filters import Filters
from dashboard.story import story_lines
from etl.pipeline.reference import load_reference


def _fact(fid: str, region: str, value: float, year: int | None, unit: str = "%") -> dict:
    return {"fact_id": fid, "region_code": "1", "region_zh": region, "region_en": region, "value": value,
            "qualifier": "exact", "unit": unit, "ref_year": year, "ref_date_basis": "stated", "subject_kind": "region",
            "report_id": "900", "concept_key": "x_coverage", "concept_zh": "某覆盖率", "concept_en": "Some coverage",
            "concept_target": 100.0, "indicator_zh": "某覆盖率", "scope_level": "prefecture"}


def test_story_says_years_extremes_and_who_is_below_target():
    facts = {"a": _fact("a", "甲市", 100, 2023), "b": _fact("b", "乙市", 82.5, 2021)}
    rows = [{"concept_zh": "某覆盖率", "concept_en": "Some coverage", "n_regions": 3, "year_min": 2021,
             "year_max": 2023, "n_undated": 1, "top_fact": "a", "low_fact": "b", "concept_target": 100.0,
             "n_below": 2}]
    (line,) = story_lines(rows, facts, "zh")
    assert line.text == ("3 个地区有可比数字（2021–2023年），另有 1 项未注明年份：最高为 甲市 100%（2023年），"
                         "最低为 乙市 82.5%（2021年）；2 个地区低于目标 100%")
    assert line.below_target == 2
    (en,) = story_lines(rows, facts, "en")
    assert "highest 甲市 100% (2023)" in en.text and "2 below the target of 100%" in en.text


def test_one_region_is_never_a_league_table():
    facts = {"a": _fact("a", "甲市", 80, None)}
    rows = [{"concept_zh": "某覆盖率", "n_regions": 1, "year_min": None, "year_max": None, "n_undated": 1,
             "top_fact": "a", "low_fact": "a", "concept_target": 100.0, "n_below": 1}]
    (line,) = story_lines(rows, facts, "zh")
    assert line.text == "仅 甲市 80%（未注明） 有数字，暂无可比较的地区；低于目标 100%" and line.below_target


def test_story_query_puts_rates_with_targets_first(built_warehouse: Path, monkeypatch):
    monkeypatch.setenv("DJCX_WAREHOUSE", str(built_warehouse))
    df = queries.concept_story(Filters())
    assert len(df) and df["concept_target"].notna().iloc[0] and float(df["concept_target"].iloc[0]) == 100.0
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        no_default = con.execute("SELECT count(*) FROM dim_concept WHERE kind = 'coverage' AND target IS NULL").fetchone()
    assert no_default == (0,)


def test_concept_chart_draws_the_target_line_and_marks_bars_below_it():
    df = pd.DataFrame([_fact("a", "甲市", 100, 2023), _fact("b", "乙市", 82.5, 2021)])
    fig = concept_chart(df, "zh")
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == 1 and lines[0].x0 == lines[0].x1 == 100.0
    assert [("低于目标" in x) for x in fig.data[0].text] == [False, True]
    assert any("目标 100%" in (a.text or "") for a in fig.layout.annotations)


@pytest.mark.parametrize("kind,target,ok", [("coverage", "95", True), ("coverage", "120", False),
                                            ("count", "100", False), ("coverage", "abc", False)])
def test_a_target_is_data_and_is_validated(data_copy: Path, kind, target, ok):
    path = data_copy / "reference" / "concepts.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    row = next(r for r in rows if r["kind"] == kind)
    row["target"] = target
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    problems: list[Problem] = []
    load_reference(data_copy, problems)
    bad = [p for p in problems if p.column == "target"]
    assert (not bad) == ok, bad


def test_overview_opens_with_the_story(built_warehouse: Path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from core.settings import PROJECT_ROOT

    monkeypatch.setenv("DJCX_WAREHOUSE", str(built_warehouse))
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard" / "app.py"), default_timeout=90).run()
    assert not at.exception
    assert at.subheader[0].value == "要点"
    story = next(m.value for m in at.markdown if m.value.startswith("<ul class='djcx-story'>"))
    assert "覆盖率" in story and "低于目标 100%" in story and "class='below'" in story


def test_one_concept_about_two_kinds_of_subject_says_which_on_each_line():
    """The story showed 物业服务覆盖率 twice with nothing to tell the lines apart (a city's, a sector's)."""
    facts = {"a": _fact("a", "甲市", 80, 2023), "b": {**_fact("b", "乙市", 60, 2022), "subject_kind": "sector"}}
    rows = [{"concept_key": "x_coverage", "concept_zh": "某覆盖率", "concept_en": "Some coverage", "subject_kind": kind,
             "n_regions": 1, "year_min": None, "year_max": None, "n_undated": 0, "top_fact": fid, "low_fact": fid,
             "concept_target": None, "n_below": 0} for kind, fid in (("region", "a"), ("sector", "b"))]
    lines = story_lines(rows, facts, "zh")
    assert [x.concept for x in lines] == ["某覆盖率（全域）", "某覆盖率（行业/系统）"]
    en = story_lines(rows, facts, "en")
    assert all(x.concept.startswith("Some coverage (") for x in en) and en[0].concept != en[1].concept
