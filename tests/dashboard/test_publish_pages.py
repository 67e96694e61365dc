"""#22 item 1 in the app (AppTest): a signed-in analyst's pages hold the draft, with the 草稿 banner and mark; the
switch 按领导所见预览 shows what viewers see; a viewer's pages and the big screen never hold it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from auth_support import sign_in
from streamlit.testing.v1 import AppTest

from core.settings import PROJECT_ROOT
from etl.intake import service
from etl.pipeline.build import build

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "etl"))
from intake_support import NEW_CITIES, SYN_TITLE, csv_bytes, synthetic_rows  # noqa: E402

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
CITY = NEW_CITIES[0][1] + "合成单位"     # the synthetic organisation of the draft


@pytest.fixture
def drafted(data_copy, tmp_path, monkeypatch, account_store):
    wh = tmp_path / "warehouse.duckdb"
    build(data_copy, wh)
    monkeypatch.setenv("DJCX_DATA_DIR", str(data_copy))
    monkeypatch.setenv("DJCX_WAREHOUSE", str(wh))
    monkeypatch.setenv("DJCX_DEBUG", "1")
    monkeypatch.delenv("DJCX_PUBLISH", raising=False)
    from dashboard import db

    db.close_all()
    res = service.add([service.Upload("d.csv", csv_bytes(synthetic_rows(1)))], None, "tester", data_copy, wh)
    return res.batches[0]["batch_id"]


def _run(role: str | None, page: str, preview: bool = False) -> AppTest:
    from etl.template.validate import report_id_for

    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["report"] = report_id_for(SYN_TITLE, "合成发布单位", "2024-05-01")   # the draft's report
    if role:
        sign_in(at, f"{role}9", role)
    if preview:
        at.session_state["djcx_preview_viewer"] = True
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for kind in ("info", "warning", "error", "success") for e in getattr(at, kind)]
    parts += [str(d.value.to_dict()) for d in at.dataframe]
    return "\n".join(map(str, parts))


def test_an_analyst_sees_the_draft_marked_and_can_preview_as_viewers(drafted):
    at = _run("analyst", "app_pages/sources.py")
    body = _text(at)
    assert CITY in body
    assert any("草稿" in w.value and str(drafted) in w.value for w in at.warning)      # the banner names the batch
    preview = _run("analyst", "app_pages/sources.py", preview=True)
    assert CITY not in _text(preview) and not any("草稿" in w.value for w in preview.warning)


@pytest.mark.parametrize("role", ["viewer", None])
def test_a_viewer_never_sees_the_draft(drafted, role, monkeypatch):
    if role is None:
        monkeypatch.setenv("DJCX_PUBLIC_DASHBOARD", "1")
    for page in ("app_pages/sources.py", "app_pages/overview.py"):
        body = _text(_run(role, page))
        assert CITY not in body and "草稿" not in body, page


def test_the_big_screen_never_shows_a_draft_even_to_an_admin(drafted):
    at = _run("admin", "app_pages/bigscreen.py")
    assert "草稿" not in _text(at)
    assert at.session_state["_djcx_audience"] == "published"       # the big screen's queries: viewers' schema
    other = _run("admin", "app_pages/sources.py")
    assert other.session_state["_djcx_audience"] == "all" and CITY in _text(other)


def test_an_analysts_charts_and_exports_mark_a_draft_and_a_viewers_hold_none(drafted):
    """An analyst's chart (and so its PNG, PDF and deck, which take the chart's footnote) named a draft's report
    like any other: nothing said it was not published. Its source line is marked 草稿, with a note. And the
    charts kept in the process were keyed without the audience, so a viewer with the same filters was handed
    the analyst's chart, draft and all: a viewer's chart holds no draft."""
    import copy

    from dashboard import chart_specs, db
    from dashboard.export.prepare import take_builder_footnote
    from dashboard.filters import Filters
    from etl.template.validate import report_id_for

    f = Filters(report_id=report_id_for(SYN_TITLE, "合成发布单位", "2024-05-01"))
    db.set_audience(db.AUDIENCE_ALL)
    try:
        spec = chart_specs.charts_for_view("overview", f)[0]
    finally:
        db.set_audience(db.AUDIENCE_PUBLISHED)
    lines = take_builder_footnote(copy.deepcopy(spec.figure))      # what every export lays out again
    assert any(SYN_TITLE[:10] in x and "草稿" in x for x in lines), lines
    assert any(x.startswith("草稿：") for x in lines) and "草稿" in spec.sources_text
    viewers = chart_specs.charts_for_view("overview", f)          # the same filters, the same process
    assert all("草稿" not in s.sources_text and SYN_TITLE not in s.sources_text for s in viewers)
    assert all("草稿" not in (a.text or "") for s in viewers for a in s.figure.layout.annotations)
