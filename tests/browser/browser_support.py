"""Shared by the real-browser tests: the constants, waiting for a page, screenshots, the no-outside-request
check. The fixtures (the app server, the browser) are in conftest.py."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlparse

from core.settings import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SERVER_LOG: list[Path] = []      # the running servers' logs (the matrix reads the newest for exceptions)
WIDTH, HEIGHT = 1440, 900
PASSWORD = "correct horse 1"     # the test servers' accounts (analyst1, viewer1, admin1); synthetic
RAW = re.compile(r"(^|\s)(None|nan|NaN|NaT)(\s|$)|\b[a-z]+_[a-z_]+_(count|rate|zh|en)\b")  # raw values, column names


def settle(page, charts: bool) -> float:
    """Wait until the page header (and charts) are drawn and the script has finished; seconds taken."""
    t0 = time.monotonic()
    page.wait_for_selector(".djcx-pagehead, .djcx-big-head", timeout=60_000)   # (the big screen has its own head)
    if charts:
        # any drawn chart: the first in the page may be a stale one Streamlit is about to replace
        page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot .main-svg')]"
                               ".some(e => e.getBoundingClientRect().width > 0)", timeout=60_000)
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


def new_page(chromium):
    """A page in a fresh context (its own cookies: one account), recording every request it makes."""
    ctx = chromium.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="zh-CN")
    ctx.set_default_timeout(60_000)
    page = ctx.new_page()
    page.requests = []
    page.on("request", lambda req: page.requests.append(req.url))
    return page


def local_only(base: str, urls: list[str]) -> list[str]:
    host = urlparse(base).hostname
    return [u for u in urls if not u.startswith(("data:", "blob:", "about:"))
            and urlparse(u).hostname not in (host, "localhost", "127.0.0.1")]




def sign_in(page, base: str, name: str, password: str = PASSWORD) -> None:
    """Sign in on the sign-in page as a person does; the session cookie keeps it across page loads."""
    old = next((c["value"] for c in page.context.cookies() if c["name"] == "djcx_session"), "")
    page.goto(base)             # the first page when only signing in is offered
    settle(page, charts=False)
    page.wait_for_selector("input[aria-label='账号'], a[href$='/sign-in']", timeout=30_000)
    if page.locator("input[aria-label='账号']").count() == 0:
        page.goto(f"{base}/sign-in")   # a public dashboard: its own page
        settle(page, charts=False)
    page.get_by_role("textbox", name="账号").fill(name)
    page.get_by_role("textbox", name="密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector("text=已登录", timeout=30_000)
    for _ in range(300):          # the new session's cookie (HttpOnly: not in document.cookie), kept for the next load
        if next((c["value"] for c in page.context.cookies() if c["name"] == "djcx_session"), old) != old:
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("no new session cookie after sign-in")
    settle(page, charts=False)


def sign_out(page) -> None:
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_selector("text=已登录", state="detached", timeout=30_000)
