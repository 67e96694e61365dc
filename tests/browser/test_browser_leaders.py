"""Leaders and presenters in a real browser: the tile map, the big screen (大屏), drill-down with the
breadcrumb and cross-filtering, and printing. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re

import pytest
from browser_support import ARTIFACTS, HEIGHT, WIDTH, local_only, screenshot, settle

pytestmark = pytest.mark.browser


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


# #22 item 14: the sources were 12-13 px at 1920 wide and the bottom quarter was empty
BIG_LAYOUT = """() => ({
    bottom: document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect().bottom,
    charts: [...document.querySelectorAll('.js-plotly-plot')].map(p => p.getBoundingClientRect().bottom),
    footnotes: [...document.querySelectorAll('.js-plotly-plot .annotation-text')]
        .map(e => [e.textContent, parseFloat(getComputedStyle(e).fontSize)]),
    meta: [...document.querySelectorAll('.djcx-card .meta')].map(e => parseFloat(getComputedStyle(e).fontSize)),
    titles: [...document.querySelectorAll('.js-plotly-plot')].map(p => {
        const t = p.querySelector('.gtitle'), b = p.getBoundingClientRect();
        return t ? [t.getBoundingClientRect().left - b.left, b.right - t.getBoundingClientRect().right] : [0, 0]; }),
})"""


def _fills_the_screen_readably(browser, source_word: str) -> None:
    got = browser.evaluate(BIG_LAYOUT)
    assert got["bottom"] <= 1080, got["bottom"]                          # no scrolling
    assert got["charts"] and min(got["charts"]) >= 0.85 * 1080, got["charts"]   # the bottom quarter is used
    sources = [size for text, size in got["footnotes"] if text.startswith(source_word)]
    assert len(sources) == 2 and min(sources) >= 18, got["footnotes"]    # read across a room
    assert got["meta"] and min(got["meta"]) >= 16, got["meta"]
    assert all(left >= -1 and right >= -1 for left, right in got["titles"]), got["titles"]   # no title cut


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
        # everything fits the display: no scrolling on a 1920×1080 screen, and its bottom quarter is used
        _fills_the_screen_readably(browser, "来源")
        # #22 item 14 (in part): on the dark screen no white tiles; the years note says it is about the cards
        fills = browser.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot .shapelayer path')]
            .map(p => getComputedStyle(p).fill)""")
        assert fills and "rgb(238, 238, 238)" not in fills, fills
        assert "上方各卡片" in body or "年份" not in body      # the years note says it is about the cards
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
        _fills_the_screen_readably(browser, "Source")
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


def _crumbs(browser, expect: str) -> str:
    """The breadcrumb's text once it shows `expect` (during a rerun the old page's node can still be there)."""
    browser.wait_for_function(
        "t => { const el = document.querySelector('.st-key-djcx-crumbs'); return el && el.innerText.includes(t); }",
        arg=expect, timeout=60_000)
    return browser.locator(".st-key-djcx-crumbs").inner_text()


def test_click_drills_down_every_chart_follows_and_the_breadcrumb_goes_back_up(server, browser):
    """Drill-down by a click on a bar, cross-filtering (the clicked region narrows every chart of the page and
    the URL keeps it), and the breadcrumb 全国 › 湖北省 › 孝感市 back up."""
    # the Party members in the property sector: two cities of Hubei among others
    browser.goto(f"{server}/compare?mode=concept&concept=property_party_member_count&kind=region&level=city")
    settle(browser, charts=True)
    browser.locator(".js-plotly-plot .barlayer .point path").first.click(force=True)
    button = browser.get_by_role("button", name=re.compile("只看.+（所有图表随之筛选）"))
    button.wait_for(timeout=60_000)
    region = re.search(r"只看(.+?)（", button.inner_text()).group(1)
    assert region in ("孝感市", "大冶市"), region               # the two cities of Hubei with party-member counts
    button.click()
    browser.wait_for_function("() => /(city|district)=42/.test(location.search)", timeout=60_000)
    settle(browser, charts=False)
    assert "province=420000" in browser.url and "concept=property_party_member_count" in browser.url
    crumbs = _crumbs(browser, region)
    assert re.search(rf"全国[\s\S]*湖北省[\s\S]*{region}", crumbs), crumbs
    browser.wait_for_function("t => document.querySelector('.djcx-pagehead')?.innerText.includes(t)", arg=region,
                              timeout=60_000)                          # the page (every chart) is narrowed
    screenshot(browser, "drill-city")
    browser.goto(browser.url)                                        # the URL alone restores the drilled view
    settle(browser, charts=False)
    assert region in _crumbs(browser, region)
    browser.locator(".st-key-djcx-crumbs").get_by_role("button", name="湖北省").click()
    browser.wait_for_function("() => !/(city|district)=/.test(location.search)", timeout=60_000)
    settle(browser, charts=False)
    assert "province=420000" in browser.url
    browser.locator(".st-key-djcx-crumbs").get_by_role("button", name=re.compile("全国")).click()
    browser.wait_for_function("() => !location.search.includes('province=')", timeout=60_000)
    settle(browser, charts=True)
    # the crumbs go (on a busy machine the old node can outlive the rerun's end by a moment)
    browser.wait_for_function("() => !document.querySelector('.st-key-djcx-crumbs')", timeout=30_000)
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


@pytest.mark.parametrize("path", ["?lang=zh", "compare?lang=en"])
def test_on_a_phone_labels_footnotes_and_titles_stay_on_the_chart(server, browser, path):
    """At 390 px bar labels and footnotes were cut ("13 项数据 · 13 个指…") and in English the modebar sat on the
    chart title (issue #11, defect 4)."""
    browser.set_viewport_size({"width": 390, "height": 844})
    try:
        browser.goto(f"{server}/{path}")
        settle(browser, charts=True)
        browser.wait_for_timeout(800)
        overflow = browser.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
            const right = plot.getBoundingClientRect().right;
            return [...plot.querySelectorAll('.bartext, .annotation, .g-gtitle')]
              .filter(el => getComputedStyle(el).display !== 'none')
              .filter(el => el.getBoundingClientRect().right > right + 1).map(el => el.textContent); })""")
        assert overflow == [], overflow
        title = browser.locator(".djcx-title-phone").first
        assert title.is_visible()
        bar = browser.locator(".modebar").first.bounding_box()
        words = title.locator("b").bounding_box()
        if bar:                          # the modebar and the title's words do not overlap
            assert words["x"] + words["width"] <= bar["x"] + 1 or bar["y"] >= words["y"] + words["height"] \
                or bar["y"] + bar["height"] <= words["y"], (bar, words)
        assert browser.locator(".djcx-foot-phone").first.is_visible()
        browser.screenshot(path=str(ARTIFACTS / f"phone-{'compare-en' if 'compare' in path else 'overview'}-390.png"),
                           full_page=True)
    finally:
        browser.set_viewport_size({"width": WIDTH, "height": HEIGHT})


@pytest.mark.parametrize("size", [(1920, 1080), (390, 844)])
def test_leader_screens_at_meeting_room_and_phone_sizes(server, browser, size):
    """The first page (story, headline figures), the tile map and the trend, at 1920×1080 and 390×844:
    drawn without an error, saved to test-artifacts/ to be looked at."""
    w, h = size
    browser.set_viewport_size({"width": w, "height": h})
    try:
        for name, path, charts in (("overview", "", True), ("map", "map", True),
                                   ("trend", "compare?mode=concept&concept=residential_area_count&kind=region", True)):
            browser.goto(f"{server}/{path}")
            settle(browser, charts=charts)
            if name == "trend":
                browser.get_by_role("tab", name="趋势").click()
                browser.wait_for_timeout(1500)
            assert not browser.query_selector_all("[data-testid='stException']"), name
            if name == "overview":
                assert browser.locator(".djcx-story li").count() >= 3
            browser.screenshot(path=str(ARTIFACTS / f"leader-{name}-{w}x{h}.png"))
    finally:
        browser.set_viewport_size({"width": WIDTH, "height": HEIGHT})


LABEL_EXTENTS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
    const area = plot.querySelector('rect.nsewdrag');            // the plot area (its drag layer)
    const svg = plot.querySelector('svg.main-svg');
    if (!area || !svg) return [];
    const a = area.getBoundingClientRect(), s = svg.getBoundingClientRect();
    return [...plot.querySelectorAll('text.bartext')].map(t => {
        const b = t.getBoundingClientRect();
        return {text: t.textContent, left: b.left - a.left, right: s.right - b.right, width: b.width};
    });
})"""


# Each bar label's colour and what it sits on, as drawn: the bar's fill inside a bar (for a hatched bar, its
# background and its hatch lines blended at their opacity), the figure's background beside one.
LABEL_COLOURS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
    const rgb = c => { const n = (String(c || '').match(/[\\d.]+/g) || []).map(Number);
                       return n.length >= 3 && !(n.length === 4 && n[3] === 0) ? n.slice(0, 3) : null; };
    const svg = plot.querySelector('svg.main-svg');
    const page = rgb(getComputedStyle(svg).backgroundColor)          // the figure's paper, else the app's
                 || rgb(getComputedStyle(document.querySelector('.stApp')).backgroundColor) || [255, 255, 255];
    return [...plot.querySelectorAll('g.point')].flatMap(pt => {
        const text = pt.querySelector('text.bartext'), bar = pt.querySelector('path');
        if (!text || !bar || !text.textContent) return [];
        const tb = text.getBoundingClientRect(), bb = bar.getBoundingClientRect();
        const inside = tb.left >= bb.left - 1 && tb.right <= bb.right + 1;
        let under = [page];
        if (inside) {
            const fill = bar.style.fill || getComputedStyle(bar).fill;
            const id = (fill.match(/url\\(["']?#([^"')]+)/) || [])[1];
            const pat = id && document.getElementById(id);
            if (pat) {                  // a hatched bar: its background (or the page through it) and its lines
                const rect = pat.querySelector('rect');
                const back = (rect && rgb(rect.getAttribute('fill') || getComputedStyle(rect).fill)) || page;
                const line = pat.querySelector('path');
                const fg = rgb(line.getAttribute('stroke') || getComputedStyle(line).stroke) || back;
                const op = Number(line.getAttribute('opacity') || getComputedStyle(line).opacity || 1);
                under = [back, back.map((b, i) => b * (1 - op) + fg[i] * op)];
            } else {
                under = [rgb(fill) || page];
            }
        }
        const tspan = text.querySelector('tspan') || text;
        return [{text: text.textContent, inside, ink: rgb(getComputedStyle(tspan).fill), under}];
    });
})"""


def _contrast(a, b) -> float:
    def lum(c):
        lin = [(v / 255) / 12.92 if v / 255 <= 0.03928 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in c[:3]]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


APPROX = "compare?mode=concept&concept=party_member_count&kind=government_organs&level=city"   # 2 bars of 超…


@pytest.mark.parametrize("path", ["compare?level=city", "compare?level=city&lang=en", APPROX,
                                  "compare?mode=indicator&level=city", "overview", "overview?lang=en"])
def test_bar_labels_are_whole_and_readable(server, browser, path):
    """#22 item 3: a label that did not fit in a short bar ran left under the axis ("17 · 未注明" read "7 · 未注明").
    Every bar label of every bar chart (ranking, concept, categories) starts right of the plot's left edge and
    ends inside the figure, in both languages, in a narrow desk window and on a phone.
    #22 item 4: an approximate bar (pale, hatched) had a white label. Every label, as drawn, reads on what it
    sits on at WCAG AA (4.5:1), the hatch lines included."""
    browser.set_viewport_size({"width": 1024, "height": 800})
    try:
        browser.goto(f"{server}/{path}")
        settle(browser, charts=True)
        for width in (1024, 390):                 # the same page resized: Plotly relayouts to the new width
            browser.set_viewport_size({"width": width, "height": 800})
            browser.wait_for_timeout(1000)
            labels = browser.evaluate(LABEL_EXTENTS)
            assert labels, path
            cut = [x for x in labels if x["width"] > 0 and (x["left"] < -1 or x["right"] < -1)]
            assert not cut, (path, width, cut)
        colours = browser.evaluate(LABEL_COLOURS)
        assert colours, path
        faint = [(c["text"], c["inside"], c["ink"], u, round(_contrast(c["ink"], u), 2))
                 for c in colours for u in c["under"] if _contrast(c["ink"], u) < 4.5]
        assert not faint, (path, faint)
        if path == APPROX:               # the case of the issue: a pale hatched bar with its label inside
            assert any(len(c["under"]) == 2 and c["inside"] for c in colours), colours
            browser.set_viewport_size({"width": 1024, "height": 800})
            screenshot(browser, "approximate-bars")
    finally:
        browser.set_viewport_size({"width": WIDTH, "height": HEIGHT})


def test_big_screen_labels_read_on_the_dark_panel(server, browser):
    """#22 item 4 on the big screen: its labels are restyled light for the dark panel, but a label inside a pale
    approximate bar keeps its dark ink."""
    browser.set_viewport_size({"width": 1920, "height": 1080})
    try:
        _big_screen(browser, f"{server}/bigscreen?theme=dark&concept=party_member_count")
        colours = browser.evaluate(LABEL_COLOURS)
        assert colours
        faint = [(c["text"], c["inside"], c["ink"], u, round(_contrast(c["ink"], u), 2))
                 for c in colours for u in c["under"] if _contrast(c["ink"], u) < 4.5]
        assert not faint, faint
    finally:
        browser.set_viewport_size({"width": WIDTH, "height": HEIGHT})


@pytest.mark.parametrize("path", ["overview", "overview?lang=en", ""])
def test_a_link_to_the_first_page_by_its_name_opens_it(server, browser, path):
    """/overview showed Streamlit's English "page not found" and fell back to the root: a default page's own path
    is reserved but not served. Now the first page is at the root and at /overview."""
    browser.goto(f"{server}/{path}")
    settle(browser, charts=True)
    browser.wait_for_timeout(500)
    body = browser.locator("body").inner_text()
    assert "not found" not in body.lower() and "does not seem to exist" not in body, body[:300]
    head = browser.locator(".djcx-pagehead").first.inner_text()
    assert ("党建成效总览" in head) or ("lang=en" in path and "at a glance" in head), head
    if path:
        assert f"/{path.split('?')[0]}" in browser.url
