"""#22 item 1 in a real browser, with three accounts: an analyst's upload is a draft that the analyst sees (marked
草稿) and a viewer does not, on any page, on the big screen or in the export page, until an administrator
publishes it on the Import page."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from browser_support import new_page, screenshot, settle, sign_in
from conftest import streamlit_app

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "etl"))
from intake_support import csv_bytes  # noqa: E402

pytestmark = pytest.mark.browser

TITLE = "合成发布流程测试报告"       # synthetic, tests only
CITY = ("江苏省", "宿迁市")
ORG = "宿迁市合成物业公司"
PAGES = ("overview", "sources", "coverage", "compare", "map", "bigscreen", "export")


@pytest.fixture(scope="module")
def app(tmp_path_factory, chromium):
    tmp = tmp_path_factory.mktemp("publish")
    with streamlit_app(tmp) as base:        # DJCX_PUBLISH unset: an administrator publishes
        yield base, tmp


def _text(page, base: str, path: str) -> str:
    page.goto(f"{base}/{path}")
    settle(page, charts=False)
    page.wait_for_timeout(500)          # the cards and tables after the page head
    settle(page, charts=False)
    return page.locator("[data-testid='stMain'], .djcx-big-head").first.inner_text() + \
        page.locator("body").inner_text()


def test_a_draft_is_invisible_to_a_viewer_until_an_admin_publishes_it(app, chromium, tmp_path):
    from core.auth import audit
    from etl.template.validate import report_id_for

    base, tmp = app
    rid = report_id_for(TITLE, "合成发布单位", "2024-05-01")
    analyst, viewer = new_page(chromium), new_page(chromium)

    # the analyst loads a file: it is a draft
    sign_in(analyst, base, "analyst1")
    analyst.goto(f"{base}/import")
    settle(analyst, charts=False)
    f = tmp_path / "draft.csv"
    f.write_bytes(csv_bytes([[TITLE, "合成发布单位", "2024-05-01", *CITY, "", ORG, "物业管理区域数",
                              "321", "个", "", "2023", "", "合成 synthetic"]]))
    analyst.locator("input[type=file]").set_input_files(str(f))
    analyst.wait_for_selector("[data-testid='stAlertContentSuccess']", timeout=60_000)
    analyst.get_by_role("button", name="确认导入").click()
    analyst.wait_for_selector("text=已作为草稿导入", timeout=90_000)
    screenshot(analyst, "publish-analyst-loaded-draft")
    seen = _text(analyst, base, f"sources?report={rid}")
    assert TITLE in seen and "草稿" in seen                     # the analyst sees it, marked
    screenshot(analyst, "publish-analyst-sees-draft")
    assert TITLE not in _text(analyst, base, f"bigscreen?report={rid}")   # never on the big screen

    # the viewer sees none of it, on any page
    sign_in(viewer, base, "viewer1")
    for path in PAGES:      # (a link to the draft's report: the filter names a report viewers do not have)
        body = _text(viewer, base, f"{path}?report={rid}")
        assert TITLE not in body and ORG not in body, path
        assert "草稿" not in body, path
    screenshot(viewer, "publish-viewer-before")

    # the analyst may not publish (only administrators, by default): no publish control is offered
    analyst.goto(f"{base}/import")
    settle(analyst, charts=False)
    assert analyst.get_by_text("没有可发布或取消发布的批次").count() == 1

    # the administrator publishes it on the Import page
    admin = new_page(chromium)
    sign_in(admin, base, "admin1")
    admin.goto(f"{base}/import")
    settle(admin, charts=False)
    admin.wait_for_timeout(1500)
    screenshot(admin, "publish-admin-import")
    box = admin.get_by_role("combobox", name="批次", exact=True)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    option = admin.get_by_role("option").filter(has_text="draft.csv").first
    box.click()                                   # focus; the list opens on a click or from the keyboard
    for _ in range(5):                            # (on a busy machine the first click may only focus it)
        try:
            option.wait_for(state="visible", timeout=3000)
            break
        except PlaywrightTimeout:
            box.press("ArrowDown")
    option.click()
    settle(admin, charts=False)
    admin.get_by_role("button", name="发布", exact=True).click()
    admin.wait_for_selector("text=已发布", timeout=60_000)
    screenshot(admin, "publish-admin-published")

    body = _text(viewer, base, f"sources?report={rid}")
    assert TITLE in body and "草稿" not in body
    big = _text(viewer, base, f"bigscreen?report={rid}")
    assert TITLE in big or ORG in big
    screenshot(viewer, "publish-viewer-after")
    actions = {(e["action"], e["actor"], e["outcome"]) for e in audit.entries(path=tmp / "accounts.sqlite")}
    assert ("add", "analyst1", "ok") in actions and ("publish", "admin1", "ok") in actions
    for p in (analyst, viewer, admin):
        p.context.close()
