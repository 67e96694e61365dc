"""python -m dashboard.export: batch export of the dashboard's own views, clear failures."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation

from core.settings import PROJECT_ROOT
from dashboard.export import cli
from dashboard.export.chart_selection import collect
from dashboard.filters import Filters

EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard.export", *args], cwd=PROJECT_ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=300)


def test_refuses_without_a_chinese_font(tmp_path: Path):
    conf = tmp_path / "fonts.conf"
    conf.write_text(EMPTY_FONTCONFIG.format(cache=tmp_path / "cache"))
    res = run_cli("--format", "png", "--out", str(tmp_path / "x.png"), FONTCONFIG_FILE=str(conf))
    assert res.returncode == 3
    assert "fonts-noto-cjk" in res.stderr and "apt-get install" in res.stderr
    assert not (tmp_path / "x.png").exists()


def test_fails_clearly_without_a_warehouse(tmp_path: Path):
    res = run_cli("--format", "pptx", "--out", str(tmp_path / "d.pptx"),
                  DJCX_WAREHOUSE=str(tmp_path / "missing.duckdb"))
    assert res.returncode == 5
    assert "python -m etl build" in res.stderr


def test_weekly_deck_from_the_command_line(built_warehouse: Path, tmp_path: Path):
    out = tmp_path / "weekly.pptx"
    res = run_cli("--format", "pptx", "--out", str(out), "--view", "all", "--province", "山东省",
                  DJCX_WAREHOUSE=str(built_warehouse))
    assert res.returncode == 0, res.stderr
    progress = [line for line in res.stderr.splitlines() if line.startswith("[")]
    assert progress and all(line.rstrip().endswith(" s") for line in progress)
    prs = Presentation(io.BytesIO(out.read_bytes()))
    assert len(prs.slides) == 2 + len(progress)             # title, headline numbers, a slide per chart
    first = "\n".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    assert "党建成效统计看板" in first and "省份：山东省" in first
    assert "核心数据" in "\n".join(s.text_frame.text for s in prs.slides[1].shapes if s.has_text_frame)


def test_export_uses_the_dashboards_own_figures(built_warehouse: Path, monkeypatch):
    monkeypatch.setenv("DJCX_WAREHOUSE", str(built_warehouse))
    from dashboard.chart_specs import charts_for_view

    f = Filters()
    (group,) = collect(["coverage"], f)
    specs = charts_for_view("coverage", f)
    assert [c.title for c in group.charts] == [s.title for s in specs]
    assert [c.figure.to_json() for c in group.charts] == [s.figure.to_json() for s in specs]


def test_several_images_go_to_a_folder(built_warehouse: Path, tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setenv("DJCX_WAREHOUSE", str(built_warehouse))
    # in-process: reuses the warm kaleido server of this test session
    assert cli.main(["--format", "svg", "--out", str(tmp_path / "svgs"), "--view", "all", "--lang", "en"]) == 0
    files = sorted((tmp_path / "svgs").glob("*.svg"))
    assert len(files) >= 2 and files[0].name.startswith("01_")
    assert "Source: " in files[0].read_text(encoding="utf-8")   # the English footnote
    err = capsys.readouterr().err
    assert err.count("\n[") + err.startswith("[") == len(files)
    # one image file name with several charts: a clear error, nothing written
    code = cli.main(["--format", "png", "--out", str(tmp_path / "one.png"), "--view", "all", "-q"])
    assert code != 0 and "--format zip" in capsys.readouterr().err


@pytest.mark.parametrize("bad", [["--view", "nowhere"], ["--size", "21:9"]])
def test_bad_arguments_exit_non_zero(bad):
    with pytest.raises(SystemExit) as e:
        cli.parser().parse_args(["--format", "png", "--out", "x", *bad])
    assert e.value.code != 0


def test_a_saved_view_address_gives_page_filters_and_options():
    from dashboard.export.cli import saved_view

    f, views, options = saved_view("http://host:8501/compare?province=420000&mode=concept"
                                   "&concept=party_member_count&kind=region&lang=en")
    assert views == ["compare"] and f.province == "420000" and f.lang == "en"
    assert options["compare"] == {"mode": "concept", "concept": "party_member_count", "subject_kind": "region"}
    f, views, _ = saved_view("http://host:8501/?city=370300")
    assert views == ["overview"] and f.city == "370300" and f.lang == "zh"     # the home page is the overview
    _, views, _ = saved_view("http://host:8501/sources?city=370300")
    assert views == ["overview", "coverage", "compare", "map"]               # a page without charts: all views
