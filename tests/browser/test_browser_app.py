"""The app in a real headless Chromium (Playwright): every page shows its charts and no exception,
no request leaves localhost, a click on a bar shows the figures behind it, and a screenshot of
every page is saved to test-artifacts/ (page-<name>.png, page-<name>-en.png) to be looked at."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from core.settings import DATA_DIR, PROJECT_ROOT

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# page url path -> has charts
# (compare: with the 17 reports, the default concept has several regions: a ranking)
PAGES = {"": True, "coverage": True, "compare": True, "concepts": False, "sources": False, "map": True,
         "export": False, "import": False}
NAMES = {"": "overview"}
SERVER_LOG: list[Path] = []      # the running server's log (the matrix reads it for exceptions)
# every filter a leader uses (issue #11): none, province, city, district, report, period, category
FILTERS = {"none": "", "province": "province=370000", "city": "province=350000&city=350400",
           "district": "province=510000&city=510100&district=510114", "report": "report=003",
           "period": "period=2022", "category": "category=%E7%BB%84%E7%BB%87%E8%A6%86%E7%9B%96"}
WIDTH, HEIGHT = 1440, 900
RAW = re.compile(r"(^|\s)(None|nan|NaN|NaT)(\s|$)|\b[a-z]+_[a-z_]+_(count|rate|zh|en)\b")  # raw values, column names


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`streamlit run dashboard/app.py` on a free port, against a warehouse built into a temp dir."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (make system)")
    pytest.importorskip("playwright.sync_api")
    from etl.build.pipeline import build

    tmp = tmp_path_factory.mktemp("browser")
    warehouse = tmp / "warehouse.duckdb"
    build(DATA_DIR, warehouse)
    port = free_port()
    for sub in ("reference", "figures", "mentions"):  # the Import page's own data folder, not data/
        shutil.copytree(DATA_DIR / sub, tmp / "data" / sub)
    env = dict(os.environ, DJCX_WAREHOUSE=str(warehouse), DJCX_DEBUG="1", DJCX_ENABLE_IMPORT="1",
               DJCX_DATA_DIR=str(tmp / "data"))
    log = open(tmp / "streamlit.log", "w")  # noqa: SIM115 - closed below
    SERVER_LOG.append(tmp / "streamlit.log")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "dashboard" / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("streamlit did not start:\n" + (tmp / "streamlit.log").read_text()[-3000:])
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


@pytest.fixture(scope="module")
def browser(server, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
            args=ARGS, viewport={"width": WIDTH, "height": HEIGHT}, locale="zh-CN")
        ctx.set_default_timeout(60_000)
        page = ctx.new_page()
        requests: list[str] = []
        page.on("request", lambda req: requests.append(req.url))
        page.requests = requests
        try:
            yield page
        finally:
            ctx.close()


def settle(page, charts: bool) -> float:
    """Wait until the page header (and charts) are drawn and the script has finished; seconds taken."""
    t0 = time.monotonic()
    page.wait_for_selector(".djcx-pagehead", timeout=60_000)
    if charts:
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    return time.monotonic() - t0


def screenshot(page, name: str) -> Path:
    """The whole page: the viewport is stretched to the content, then restored."""
    height = page.evaluate("""() => {
        const el = document.querySelector('[data-testid="stMainBlockContainer"]');
        return el ? Math.ceil(el.getBoundingClientRect().bottom + 40) : 900; }""")
    page.set_viewport_size({"width": WIDTH, "height": max(HEIGHT, min(int(height), 8000))})
    page.wait_for_timeout(1200)  # plotly relayouts to the new size
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"page-{name}.png"
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    return path


def local_only(base: str, urls: list[str]) -> list[str]:
    host = urlparse(base).hostname
    return [u for u in urls if not u.startswith(("data:", "blob:", "about:"))
            and urlparse(u).hostname not in (host, "localhost", "127.0.0.1")]


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


def test_review_a_report_in_a_real_browser(server, browser, tmp_path):
    """The analyst's path (#10): upload → highlights → edit → load → the figures in the dashboard with
    their evidence from the kept text."""
    from etl.template.validate import report_id_for

    report = tmp_path / "新都区物业测试.txt"
    report.write_bytes("至2023年9月，新都区登记在册的物业公司317家，行业内党员41人，其中29家公司组建了党支部。"
                       .encode("gb18030"))   # synthetic, in our own words
    browser.goto(f"{server}/review")
    settle(browser, charts=False)
    browser.locator("input[type=file]").set_input_files(str(report))
    browser.wait_for_selector("mark#c0", timeout=60_000)
    for label, value in (("标题", "新都区物业测试报告"), ("省份", "四川省"), ("城市", "成都市"), ("区县", "新都区"),
                         ("发布日期", "2023-10-25")):
        box = browser.get_by_role("textbox", name=label, exact=True)
        box.fill(value)
        box.press("Enter")
        settle(browser, charts=False)
    assert browser.locator(".djcx-rev-text mark").count() == 3
    screenshot(browser, "review-highlights")
    # reject the first candidate (317 companies); accept the other two as proposed
    browser.locator("[data-testid='stCheckbox']", has_text="接受").first.click()   # the label, as a person does
    settle(browser, charts=False)
    browser.get_by_role("button", name="应用").click()
    settle(browser, charts=False)
    screenshot(browser, "review-edited")
    browser.wait_for_selector(".djcx-rev-off", timeout=60_000)
    browser.get_by_role("button", name="导入接受的 2 个数字").click()
    browser.wait_for_selector("text=已导入 2 个数字", timeout=90_000)
    screenshot(browser, "review-loaded")
    rid = report_id_for("新都区物业测试报告", "", "2023-10-25")
    browser.goto(f"{server}/sources?report={rid}")
    settle(browser, charts=False)
    browser.wait_for_selector(".djcx-evidence mark", timeout=60_000)
    marks = [m.inner_text() for m in browser.query_selector_all(".djcx-evidence mark")]
    assert sorted(marks) == ["29家", "41人"]            # the evidence, from the text the review kept
    screenshot(browser, "review-evidence")
    assert local_only(server, browser.requests) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_under_every_filter_shows_no_error(server, browser, lang):
    """The filter matrix: every page × {no filter, province, city, district, report, period, category}, zero
    error boxes and zero exceptions in the server log (the Sources page broke under any area filter)."""
    log = SERVER_LOG[-1]
    start = log.stat().st_size
    failures = []
    # English: the area filters (where the Sources page broke) on every page; Chinese: every filter
    filters = FILTERS if lang == "zh" else {k: FILTERS[k] for k in ("none", "province", "city", "district")}
    for path in PAGES:
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


def test_tile_map_drills_into_a_province(server, browser):
    from dashboard.charts.tilemap import TILES

    browser.goto(f"{server}/map")
    settle(browser, charts=True)
    index = list(TILES).index("370000")
    browser.locator(".js-plotly-plot").first.locator(".scatterlayer .point").nth(index).click(force=True)
    browser.wait_for_function("() => location.search.includes('province=370000')", timeout=60_000)
    settle(browser, charts=True)
    screenshot(browser, "map-tiles-drilled")
    assert "山东省" in browser.inner_text("[data-testid='stMainBlockContainer']")
    assert local_only(server, browser.requests) == []


def _big_screen(browser, url: str) -> str:
    browser.goto(url)
    browser.wait_for_selector(".djcx-big-head", timeout=60_000)
    browser.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    browser.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    browser.wait_for_timeout(800)
    return browser.inner_text("[data-testid='stMainBlockContainer']")


def _rank_title(browser) -> str:
    return browser.evaluate("() => document.querySelectorAll('.js-plotly-plot')[1].querySelector('.gtitle').textContent")


def test_big_screen_dark_rotating_with_clock_and_data_as_of(server, browser):
    """大屏: 1920×1080, no sidebar or chrome, headline figures + tile map + ranking on one screen, a ticking
    clock and a data-as-of line; ?rotate=N moves to the next ranking every N seconds."""
    browser.set_viewport_size({"width": 1920, "height": 1080})
    try:
        body = _big_screen(browser, f"{server}/bigscreen?theme=dark&rotate=10")
        assert "数据截至" in body and "份报告" in body
        assert browser.locator("[data-testid='stSidebar']").count() == 0 or \
            not browser.locator("[data-testid='stSidebar']").is_visible()
        assert not browser.locator("[data-testid='stHeader']").is_visible()
        bg = browser.evaluate("() => getComputedStyle(document.querySelector('.stApp')).backgroundColor")
        assert bg == "rgb(11, 20, 38)", bg
        assert browser.locator(".djcx-card").count() >= 3 and browser.locator(".js-plotly-plot").count() == 2
        clock = browser.frame_locator("iframe").first.locator("#c")
        first = clock.inner_text()
        assert re.search(r"\d{1,2}:\d{2}:\d{2}", first), first
        browser.wait_for_timeout(1500)
        assert clock.inner_text() != first                      # it ticks in the browser
        # everything fits the display: no scrolling on a 1920×1080 screen
        bottom = browser.evaluate("""() => document.querySelector('[data-testid="stMainBlockContainer"]')
                                   .getBoundingClientRect().bottom""")
        assert bottom <= 1080 + 40, bottom
        browser.screenshot(path=str(ARTIFACTS / "bigscreen-dark-1920.png"))
        before = _rank_title(browser)
        browser.wait_for_function(
            "t => { const p = document.querySelectorAll('.js-plotly-plot')[1];"
            " const g = p && p.querySelector('.gtitle'); return g && g.textContent !== t; }",
            arg=before, timeout=30_000)
        assert _rank_title(browser) != before
        assert local_only(server, browser.requests) == []
    finally:
        browser.set_viewport_size({"width": WIDTH, "height": HEIGHT})


def test_big_screen_light_english_filtered_by_url_and_on_a_phone(server, browser):
    browser.set_viewport_size({"width": 1920, "height": 1080})
    try:
        body = _big_screen(browser, f"{server}/bigscreen?theme=light&lang=en&province=420000")
        assert "Hubei" in body and "Data as of" in body and "数据截至" not in body
        bg = browser.evaluate("() => getComputedStyle(document.querySelector('.stApp')).backgroundColor")
        assert bg == "rgb(255, 255, 255)", bg
        assert not browser.query_selector_all("[data-testid='stException']")
        browser.screenshot(path=str(ARTIFACTS / "bigscreen-light-en-1920.png"))
        browser.set_viewport_size({"width": 390, "height": 844})
        _big_screen(browser, f"{server}/bigscreen?theme=dark")
        assert not browser.query_selector_all("[data-testid='stException']")
        browser.screenshot(path=str(ARTIFACTS / "bigscreen-phone-390.png"))
    finally:
        browser.set_viewport_size({"width": WIDTH, "height": HEIGHT})


def test_click_drills_down_every_chart_follows_and_the_breadcrumb_goes_back_up(server, browser):
    """Drill-down by a click on a bar, cross-filtering (the clicked region narrows every chart of the page and
    the URL keeps it), and the breadcrumb 全国 › 湖北省 › 孝感市 back up."""
    browser.goto(f"{server}/compare?mode=concept&concept=party_member_count&kind=region&level=city")
    settle(browser, charts=True)
    browser.locator(".js-plotly-plot .barlayer .point path").first.click(force=True)
    button = browser.get_by_role("button", name=re.compile("只看.+（所有图表随之筛选）"))
    button.wait_for(timeout=60_000)
    region = re.search(r"只看(.+?)（", button.inner_text()).group(1)
    assert region in ("孝感市", "大冶市"), region               # the two cities of Hubei with party-member counts
    button.click()
    browser.wait_for_function("() => /(city|district)=42/.test(location.search)", timeout=60_000)
    settle(browser, charts=False)
    assert "province=420000" in browser.url and "concept=party_member_count" in browser.url
    crumbs = browser.locator(".st-key-djcx-crumbs").inner_text()
    assert re.search(rf"全国[\s\S]*湖北省[\s\S]*{region}", crumbs), crumbs
    chips = browser.inner_text(".djcx-pagehead")
    assert region in chips                                             # the page (every chart) is narrowed
    screenshot(browser, "drill-city")
    browser.goto(browser.url)                                        # the URL alone restores the drilled view
    settle(browser, charts=False)
    assert region in browser.locator(".st-key-djcx-crumbs").inner_text()
    browser.locator(".st-key-djcx-crumbs").get_by_role("button", name="湖北省").click()
    browser.wait_for_function("() => !/(city|district)=/.test(location.search)", timeout=60_000)
    settle(browser, charts=False)
    assert "province=420000" in browser.url
    browser.locator(".st-key-djcx-crumbs").get_by_role("button", name=re.compile("全国")).click()
    browser.wait_for_function("() => !location.search.includes('province=')", timeout=60_000)
    settle(browser, charts=True)
    assert browser.locator(".st-key-djcx-crumbs").count() == 0
    assert not browser.query_selector_all("[data-testid='stException']")


def test_printing_a_page_fits_a4_landscape_without_the_sidebar(server, browser, tmp_path):
    """Printing the overview to A4 clipped the chart and the table at the right edge (issue #11, defect 5):
    the print stylesheet drops the sidebar and the controls and fits the content to the page width."""
    browser.goto(server)
    settle(browser, charts=True)
    browser.emulate_media(media="print")
    try:
        browser.set_viewport_size({"width": 1047, "height": 740})     # A4 landscape minus 10 mm margins, at 96 dpi
        browser.wait_for_timeout(1500)
        assert not browser.locator("[data-testid='stSidebar']").is_visible()
        main = browser.locator("[data-testid='stMainBlockContainer']").bounding_box()
        assert main["x"] < 5 and main["width"] <= 1047 + 1, main
        for box in [el.bounding_box() for el in browser.locator(".js-plotly-plot").all()] + \
                [el.bounding_box() for el in browser.locator("[data-testid='stDataFrame']").all()]:
            assert box["x"] + box["width"] <= 1047 + 1, box
        pdf = tmp_path / "overview.pdf"
        browser.pdf(path=str(pdf), format="A4", landscape=True, print_background=True, prefer_css_page_size=True)
        from pypdf import PdfReader

        page = PdfReader(str(pdf)).pages[0]
        assert abs(float(page.mediabox.width) - 841.9) < 1 and abs(float(page.mediabox.height) - 595.3) < 1
        text = "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
        assert "党建成效总览" in text and "语言 / Language" not in text       # the sidebar is not printed
    finally:
        browser.emulate_media(media="screen")
        browser.set_viewport_size({"width": WIDTH, "height": HEIGHT})
