"""The app in a real headless Chromium (Playwright): every page shows its charts and no exception,
no request leaves localhost, a click on a bar shows the figures behind it, and a screenshot of
every page is saved to test-artifacts/ (page-<name>.png, page-<name>-en.png) to be looked at."""

from __future__ import annotations

import re

import pytest
from browser_support import (
    HEIGHT,
    RAW,
    SERVER_LOG,
    WIDTH,
    local_only,
    screenshot,
    settle,
    sign_in,
)

pytestmark = pytest.mark.browser

# page url path -> has charts
# (compare: with the 17 reports, the default concept has several regions: a ranking)
PAGES = {"": True, "coverage": True, "compare": True, "concepts": False, "sources": False, "map": True,
         "export": False, "import": False, "bigscreen": True}
NAMES = {"": "overview"}
# every filter a leader uses (issue #11): none, province, city, district, report, period, category
FILTERS = {"none": "", "province": "province=370000", "city": "province=350000&city=350400",
           "district": "province=510000&city=510100&district=510114", "report": "report=003",
           "period": "period=2022", "category": "category=%E7%BB%84%E7%BB%87%E8%A6%86%E7%9B%96"}


@pytest.fixture(scope="module", autouse=True)
def _analyst(server, browser):
    """These pages are seen as an analyst sees them (the Import and Review pages need sign-in)."""
    sign_in(browser, server, "analyst1")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_in_a_real_browser(server, browser, lang):
    timings = {}
    for path, charts in PAGES.items():
        name = NAMES.get(path, path)
        browser.goto(f"{server}/{path}" + ("?lang=en" if lang == "en" else ""))
        timings[name] = settle(browser, charts)
        assert browser.query_selector_all("[data-testid='stException']") == [], name
        if charts:
            assert browser.query_selector_all(".js-plotly-plot"), f"no chart on {name}"
        body = browser.inner_text("[data-testid='stMainBlockContainer']")
        assert "Traceback" not in body and not RAW.search(body), name
        if lang == "en":
            assert "党建成效总览" not in body
        screenshot(browser, name + ("-en" if lang == "en" else ""))
    print(f"page load seconds ({lang}):", {k: round(v, 2) for k, v in timings.items()})
    assert local_only(server, browser.requests) == []


def test_clicking_a_bar_shows_its_sources(server, browser):
    browser.goto(f"{server}/compare?province=350000&indicator=party_branch_count&more=in_service_member_count")
    settle(browser, charts=True)
    bar = browser.locator(".js-plotly-plot .barlayer .point path").first
    bar.click(force=True)
    browser.wait_for_selector("text=所选数据的来源", timeout=60_000)
    panel = browser.inner_text("[data-testid='stMainBlockContainer']")
    assert "党支部数" in panel and "三明市直机关党建服务品牌五年成效" in panel
    assert "三明市 · 市直机关" in panel and "2017年（推断）" in panel    # the subject and the year, not a bare city
    link = browser.locator("a[href*='sources']", has_text="在“指标与来源”中查看")
    assert "facts=002-01" in (link.get_attribute("href") or "")
    screenshot(browser, "compare-click")
    link.click()
    browser.wait_for_selector("text=图表中选中的数据", timeout=60_000)
    settle(browser, charts=False)
    assert "facts=002-01" in browser.url
    screenshot(browser, "sources-selection")
    assert local_only(server, browser.requests) == []


def test_presenter_downloads_a_slide_png_and_the_deck(server, browser, tmp_path):
    """What a presenter does: the camera button saves a 16:9 PNG in the browser (no server, no network),
    and the Export page's button downloads the 16:9 deck with a footnote on every chart slide."""
    from PIL import Image
    from pptx import Presentation

    browser.goto(f"{server}/coverage")
    settle(browser, charts=True)
    chart = browser.locator(".js-plotly-plot").first
    chart.hover()
    with browser.expect_download(timeout=60_000) as dl:
        chart.locator(".modebar-btn[data-title*='png' i], .modebar-btn[data-title*='Download' i]").first.click()
    png = tmp_path / dl.value.suggested_filename
    dl.value.save_as(png)
    assert png.suffix == ".png" and "覆盖率" in png.name
    with Image.open(png) as im:
        assert im.size == (1920, 1080)           # what the page promises: 960×540 laid out at scale 2
        assert len(im.convert("RGB").getcolors(1 << 20) or []) > 20   # not blank

    browser.goto(f"{server}/export")
    settle(browser, charts=False)
    with browser.expect_download(timeout=120_000) as dl:
        browser.get_by_role("button", name="下载演示文稿").click()
    deck_path = tmp_path / dl.value.suggested_filename
    dl.value.save_as(deck_path)
    deck = Presentation(str(deck_path))
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 1e-3
    slides = list(deck.slides)
    assert len(slides) >= 2
    for slide in slides[1:]:
        text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert "来源" in text, text[:200]
    assert local_only(server, browser.requests) == []


REVIEW_REPORT = ("新都区物业党建测试报告\n2023-10-25 09:00 来源：测试日报\n"
                 "截至2023年9月，成都市新都区登记在册的物业服务企业317家，其中29家物业服务企业组建了党支部。")
# synthetic, in our own words: a short report whose proposals are right


def review_clicks(browser, server: str, path, shot: str | None = None) -> dict:
    """Upload a report on the Review page and load it as proposed, as a person does; the clicks and seconds
    from choosing the file to 已导入 (used by this test and by benchmarks/review_flow.py)."""
    import time

    browser.goto(f"{server}/review")
    settle(browser, charts=False)
    t0 = time.monotonic()
    clicks = 0
    browser.locator("input[type=file]").set_input_files(str(path))            # 1: choose the file
    clicks += 1
    browser.wait_for_selector("mark#c0", timeout=60_000)
    settle(browser, charts=False)
    if shot:
        screenshot(browser, shot)                                             # (not a click: the test's record)
    browser.get_by_role("button", name=re.compile("导入接受的")).click()       # 2: load
    clicks += 1
    browser.wait_for_selector("text=已导入", timeout=90_000)
    return {"clicks": clicks, "seconds": round(time.monotonic() - t0, 2)}


def test_review_a_report_in_a_real_browser(server, browser, tmp_path):
    """The analyst's path (#20): a report whose proposals are right goes from upload to loaded in at most five
    clicks — details proposed from the text, figures highlighted, the concepts named — and its figures then
    show in the dashboard with their evidence from the kept text."""
    from etl.template.validate import report_id_for

    report = tmp_path / "新都区物业测试.txt"
    report.write_bytes(REVIEW_REPORT.encode("gb18030"))
    got = review_clicks(browser, server, report, shot="review-draft")
    assert got["clicks"] <= 5
    screenshot(browser, "review-loaded")
    assert "已导入 2 个数字" in browser.inner_text("body")
    assert browser.get_by_role("button", name=re.compile("导入接受的")).count() == 0    # no second load
    rid = report_id_for("新都区物业党建测试报告", "测试日报", "2023-10-25")
    browser.goto(f"{server}/sources?report={rid}")
    settle(browser, charts=False)
    browser.wait_for_selector(".djcx-evidence mark", timeout=60_000)
    marks = [m.inner_text() for m in browser.query_selector_all(".djcx-evidence mark")]
    assert sorted(marks) == ["29家", "317家"]            # the evidence, from the text the review kept
    screenshot(browser, "review-evidence")
    assert local_only(server, browser.requests) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_under_every_filter_shows_no_error(server, browser, lang):
    """The filter matrix: every page × {no filter, province, city, district, report, period, category}, zero
    error boxes and zero exceptions in the server log (the Sources page broke under any area filter)."""
    log = SERVER_LOG[-1]
    start = log.stat().st_size
    failures = []
    # English: no filter and the deepest area filter (where the Sources page broke) on every page; Chinese: every filter
    filters = FILTERS if lang == "zh" else {k: FILTERS[k] for k in ("none", "district")}   # (the deepest area)
    for path in (p for p in PAGES if p != "import"):      # (the Import page reads no filter)
        for name, query in filters.items():
            params = "&".join(p for p in (query, "lang=en" if lang == "en" else "") if p)
            browser.goto(f"{server}/{path}" + (f"?{params}" if params else ""))
            settle(browser, charts=False)
            boxes = browser.query_selector_all("[data-testid='stException']")
            errors = [e.inner_text() for e in browser.query_selector_all("[data-testid='stAlertContentError']")]
            if boxes or errors:
                failures.append(f"{path or 'overview'} × {name}: {len(boxes)} exceptions, errors {errors[:1]}")
    logged = log.read_text(encoding="utf-8", errors="replace")[start:]
    assert not failures, failures
    assert "Traceback" not in logged and "Exception" not in logged, logged[-2000:]


def test_chinese_pages_carry_no_english_widget_words_and_phones_get_the_page(server, browser):
    """Streamlit's own words stayed English in Chinese mode ("Choose an option", "Upload", "200MB per file"),
    and on a phone the sidebar covered most of the first screen (issue #11, defects 3 and 4)."""
    browser.goto(f"{server}/import")
    settle(browser, charts=False)
    drop = browser.locator("[data-testid='stFileUploaderDropzone']").first
    shown = drop.evaluate("""el => [el.querySelector('button'),
        el.querySelector('[data-testid=stFileUploaderDropzoneInstructions]')].map(
        n => getComputedStyle(n, '::after').content).join(' ')""")
    assert "选择文件" in shown and "MB" in shown
    placeholders = browser.eval_on_selector_all("input[placeholder]", "els => els.map(e => e.placeholder)")
    assert "Choose an option" not in placeholders
    browser.set_viewport_size({"width": 390, "height": 844})
    try:
        browser.goto(server)
        settle(browser, charts=True)
        sidebar = browser.locator("[data-testid='stSidebar']")
        box = sidebar.bounding_box() if sidebar.count() else None
        visible = box is not None and box["x"] + box["width"] > 10 and sidebar.is_visible()
        assert not visible or box["width"] < 390 * 0.5, box       # collapsed on a phone
        screenshot(browser, "phone-overview")
    finally:
        browser.set_viewport_size({"width": WIDTH, "height": HEIGHT})
