"""Sign-in, roles and hostile text in a real browser (issue #13): an anonymous visitor and a viewer reach no
import, review, audit or account page, by menu or by URL; an analyst imports, and the Markdown, link, image
and tag written into a file's name, title, publisher and organisation show as text and make no request off
localhost; failed sign-ins are slowed down; an administrator reads the audit log; sign-out and expiry end the
session for good; single sign-on through a local mock OpenID Connect provider (no network)."""

from __future__ import annotations

import secrets
import sys
import time
from pathlib import Path

import pytest
from browser_support import (
    HEIGHT,
    PASSWORD,
    WIDTH,
    local_only,
    new_page,
    screenshot,
    settle,
    sign_in,
    sign_out,
)
from conftest import free_port, streamlit_app

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "etl"))
from intake_support import csv_bytes  # noqa: E402

pytestmark = pytest.mark.browser

WRITE_PAGES = ("import", "review", "audit", "accounts")
EVIL = "http://evil.example"
# synthetic hostile strings, written by us
TITLE = f'<script>alert(1)</script><a href="{EVIL}/t">合成安全测试报告</a>'
PUBLISHER = f"![x]({EVIL}/publisher.png)"
ORG = f"[点此查看原文]({EVIL}/)"
FILE_NAME = f"![f]({EVIL}/file.png)合成.csv"


@pytest.fixture(scope="module")
def app(tmp_path_factory, chromium):
    tmp = tmp_path_factory.mktemp("secure")
    with streamlit_app(tmp) as base:
        yield base, tmp


def _nav_text(page) -> str:
    nav = page.locator("[data-testid='stTopNavSection'], [data-testid='stSidebarNav'], header")
    return " ".join(nav.all_inner_texts())


def _reaches(page, base: str, path: str) -> bool:
    """Whether the page at ``path`` is the one shown (not the default page Streamlit falls back to)."""
    page.goto(f"{base}/{path}")
    settle(page, charts=False)
    uploads = page.locator("input[type=file]").count()
    head = page.locator(".djcx-pagehead").first.inner_text()
    titles = {"import": "数据导入", "review": "审核", "audit": "审计日志", "accounts": "账号管理"}
    return uploads > 0 or titles[path] in head


def test_anonymous_visitor_sees_only_sign_in(app, chromium):
    base, _ = app
    page = new_page(chromium)
    page.goto(base)
    settle(page, charts=False)
    assert "登录" in page.locator(".djcx-pagehead").first.inner_text()
    assert page.locator(".js-plotly-plot").count() == 0          # no dashboard without sign-in here
    assert "筛选" not in page.locator("[data-testid='stSidebar']").inner_text()    # nor its filters' names
    for path in (*WRITE_PAGES, "overview", "sources"):
        page.goto(f"{base}/{path}")
        settle(page, charts=False)
        assert "登录" in page.locator(".djcx-pagehead").first.inner_text(), path
        assert page.locator("input[type=file]").count() == 0, path
    screenshot(page, "security-sign-in")
    assert local_only(base, page.requests) == []
    page.context.close()


def test_viewer_sees_the_dashboard_but_no_write_page(app, chromium):
    base, _ = app
    page = new_page(chromium)
    sign_in(page, base, "viewer1")
    page.goto(f"{base}/overview")
    settle(page, charts=True)
    nav = _nav_text(page)
    assert "数据导入" not in nav and "审核" not in nav and "审计" not in nav
    for path in WRITE_PAGES:
        assert not _reaches(page, base, path), path
        # its address says the page is not for this account, in the page's language, not Streamlit's English
        # "Page not found" dialog over the overview
        assert "此页面不对当前账号开放" in page.locator(".djcx-pagehead").first.inner_text(), path
        assert page.get_by_text("Page not found").count() == 0, path
    screenshot(page, "viewer-on-a-write-page")
    page.context.close()


def test_analyst_imports_and_hostile_text_renders_as_text(app, chromium, tmp_path):
    from core.auth import audit
    from etl.template.validate import report_id_for

    base, tmp = app
    page = new_page(chromium)
    sign_in(page, base, "analyst1")
    for path in ("audit", "accounts"):
        assert not _reaches(page, base, path), path
    assert _reaches(page, base, "import")
    f = tmp_path / FILE_NAME.replace("/", "／")
    f.write_bytes(csv_bytes([[TITLE, PUBLISHER, "2024-05-01", "江苏省", "徐州市", "", ORG, "物业管理区域数", "12",
                              "个", "", "2023", "", "合成 synthetic"]]))
    relabel = """() => [...document.querySelectorAll('[data-testid="stFileUploaderDropzone"] button')]
        .map(b => [b.getAttribute('aria-label'), getComputedStyle(b, '::after').content, getComputedStyle(b).fontSize])"""
    page.wait_for_selector("[data-testid='stFileUploaderDropzone'] button", timeout=60_000)
    (browse,) = page.evaluate(relabel)
    assert browse[0] is None and browse[1] == '"选择文件"'                     # the browse button, relabelled
    # … and Streamlit's own word is not shown beside it ("Upload选择文件": its text has its own font size)
    words = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stFileUploaderDropzone"] button p')]
        .map(p => [p.textContent, getComputedStyle(p).fontSize])""")
    assert words and all(size == "0px" for _, size in words), words
    page.locator("input[type=file]").set_input_files(str(f))
    page.wait_for_selector("[data-testid='stAlertContentSuccess']", timeout=60_000)   # the preview's verdict
    page.wait_for_selector("[data-testid='stFileChipDeleteBtn'] button", timeout=60_000)
    # #22 item 11: the chip's remove button read ⊗选择文件, so the control that says "choose file" deleted it
    buttons = page.evaluate(relabel)
    assert buttons and all(label for label, _, _ in buttons), buttons              # only labelled icon buttons now
    assert all(content != '"选择文件"' and size != "0px" for _, content, size in buttons), buttons
    assert "合成.csv" in page.locator("[data-testid='stAlertContentSuccess']").first.inner_text()
    assert page.locator(f"a[href^='{EVIL}'], img[src^='{EVIL}']").count() == 0       # the file name is text
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_selector("text=已导入", timeout=90_000)
    settle(page, charts=False)
    rid = report_id_for(TITLE, PUBLISHER, "2024-05-01")
    page.goto(f"{base}/sources?report={rid}")
    settle(page, charts=False)
    page.wait_for_selector(".djcx-pagehead", timeout=30_000)
    page.wait_for_timeout(1500)
    body = page.locator("[data-testid='stMain']").inner_text().replace("\u2060", "")   # (the word joiner)
    assert ORG in body and PUBLISHER in body and "<script>" in body   # shown as typed
    live = page.locator(f"a[href^='{EVIL}'], img[src^='{EVIL}']")
    assert live.count() == 0, [live.nth(i).evaluate("e => e.parentElement.parentElement.outerHTML.slice(0, 600)")
                               for i in range(live.count())]
    screenshot(page, "security-sources-injected")
    page.locator("[data-testid='stDataFrame']").first.hover()          # the grid's toolbar shows on hover
    page.wait_for_timeout(500)
    toolbar = page.locator("[data-testid='stElementToolbar']").first
    assert toolbar.locator("button[aria-label*='Search']").count() == 1      # the toolbar is there …
    assert toolbar.locator("button[aria-label*='Download']").count() == 0    # … without its CSV download
    for path in (f"overview?report={rid}", f"export?report={rid}",
                 f"bigscreen?report={rid}"):   # the other pages that show report titles and publishers
        page.goto(f"{base}/{path}")                          # every page that may show the titles and names
        settle(page, charts=False)
        page.wait_for_timeout(300)
        live = page.locator(f"a[*|href^='{EVIL}'], img[src^='{EVIL}'], image[*|href^='{EVIL}']")
        assert live.count() == 0, (path, live.first.evaluate("e => e.parentElement.outerHTML.slice(0, 800)"))
    page.wait_for_timeout(1000)
    assert local_only(base, page.requests) == []              # no image fetched from another host
    entries = audit.entries(path=tmp / "accounts.sqlite")
    adds = [e for e in entries if e["action"] == "add"]
    assert adds and adds[0]["actor"] == "analyst1" and adds[0]["batch_id"] is not None
    page.context.close()


def test_failed_sign_ins_are_slowed_and_the_admin_reads_the_audit_log(app, chromium):
    import re

    from core.auth import audit, lockout

    base, tmp = app
    page = new_page(chromium)
    page.goto(base)
    settle(page, charts=False)

    def outcomes() -> list[str]:
        rows = audit.entries(path=tmp / "accounts.sqlite")
        return [e["outcome"] for e in reversed(rows) if e["actor"] == "admin1" and e["action"] == "sign_in"]

    for _ in range(1, lockout.LOCK_AT):
        page.get_by_role("textbox", name="账号").fill("admin1")
        page.get_by_role("textbox", name="密码").fill("wrong password!")
        page.get_by_role("button", name="登录").click()
        page.wait_for_timeout(300)
        settle(page, charts=False)
        if "throttled" in outcomes():
            break
    order = outcomes()
    # the first FREE failures cost nothing; then an attempt that came too soon was refused unchecked (a slow round
    # trip may let one more through after its wait: the waits double)
    # (on a busy machine the attempt after a throttled one may come after its wait, and is checked: "failed")
    assert order[:lockout.FREE] == ["failed"] * lockout.FREE and "throttled" in order, order
    page.wait_for_selector("text=秒后再试", timeout=30_000)       # and the page says how long to wait
    errors = page.locator("[data-testid='stAlertContentError']").all_inner_texts()
    wait = int(re.search(r"(\d+) 秒后再试", " ".join(errors)).group(1))
    time.sleep(wait + 0.5)
    sign_in(page, base, "admin1")
    assert _reaches(page, base, "audit")
    page.wait_for_selector("[data-testid='stDataFrame']")
    screenshot(page, "security-audit")
    assert _reaches(page, base, "accounts")
    page.context.close()


def test_sign_out_and_expiry_end_the_session(app, chromium):
    import sqlite3

    base, tmp = app
    page = new_page(chromium)
    sign_in(page, base, "analyst1")
    assert _reaches(page, base, "import")
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "djcx_session")
    sign_out(page)
    assert not _reaches(page, base, "import")
    page.context.add_cookies([{"name": "djcx_session", "value": token, "url": base}])   # a copied cookie
    assert not _reaches(page, base, "import")
    sign_in(page, base, "analyst1")
    assert _reaches(page, base, "import")
    con = sqlite3.connect(tmp / "accounts.sqlite")     # the session last used 31 minutes ago (idle limit: 30)
    with con:
        con.execute("UPDATE session SET seen = seen - 31 * 60, since = since - 31 * 60 WHERE name = 'analyst1'")
    con.close()
    page.goto(base)
    settle(page, charts=False)
    # the session is read back from its cookie after the first render: on a busy machine the notice comes a
    # run later than the page head
    page.wait_for_selector("text=会话已过期", timeout=60_000)
    assert page.locator("text=会话已过期").count() == 1
    assert not _reaches(page, base, "import")
    page.context.close()


def test_single_sign_on_with_a_mock_provider(tmp_path_factory, chromium):
    from oidc_provider_mock import User, run_server_in_thread

    tmp = tmp_path_factory.mktemp("oidc")
    users = [User(sub="li.analyst", claims={"email": "li.analyst@example.org", "djcx_role": "analyst"}),
             User(sub="wang.viewer", claims={"email": "wang.viewer@example.org"})]
    with run_server_in_thread(user_claims=users) as idp:
        port = free_port()
        secrets_file = tmp / "secrets.toml"
        secrets_file.write_text(f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{secrets.token_hex(32)}"
client_id = "djcx-dashboard"
client_secret = "{secrets.token_hex(16)}"
server_metadata_url = "http://localhost:{idp.server_port}/.well-known/openid-configuration"

[djcx_roles]
claim = "djcx_role"
default = "viewer"
""", encoding="utf-8")
        with streamlit_app(tmp, args=("--secrets.files", str(secrets_file)), port=port) as base:
            for who, role, may_import in (("li.analyst", "分析员", True), ("wang.viewer", "查看者", False)):
                page = new_page(chromium)
                idp_base = f"http://localhost:{idp.server_port}/"
                ours: list[str] = []     # requests made by the app's pages (the mock provider's page loads a CDN style)
                page.on("request", lambda r, ours=ours, idp_base=idp_base: None if r.frame.url.startswith(idp_base)
                        or r.url.startswith(idp_base) else ours.append(r.url))
                page.route("https://**", lambda route: route.abort())   # nothing leaves this machine
                page.goto(base)
                settle(page, charts=False)
                page.get_by_role("button", name="单点登录").click()
                page.get_by_role("button", name=who, exact=True).click()       # the mock provider's page
                page.wait_for_selector("text=已登录", timeout=60_000)
                settle(page, charts=False)
                assert f"（{role}）" in page.locator("[data-testid='stSidebar']").inner_text()
                assert _reaches(page, base, "import") is may_import
                screenshot(page, f"security-oidc-{role}")
                if not may_import:
                    page.context.close()
                    continue                 # sign-out through the provider: once is enough
                page.goto(base)
                settle(page, charts=False)
                # sign-out goes through Streamlit's /auth/logout to the provider's end-session page (or back here)
                with page.expect_navigation(url=lambda u: "/oauth2/end_session" in u or u.rstrip("/") == base,
                                            timeout=60_000):
                    page.get_by_role("button", name="退出登录").click()
                page.goto(f"{base}/import")
                settle(page, charts=False)
                assert "登录" in page.locator(".djcx-pagehead").first.inner_text()
                assert local_only(base, ours) == []
                page.context.close()


def test_forged_forwarded_for_makes_no_new_lockout_key(tmp_path_factory, chromium):
    """#22 item 19, against a running server: each failed sign-in comes with a different forged X-Forwarded-For
    (from this machine, which uvicorn trusts by default); all count against the one real address."""
    import sqlite3

    from core.auth import audit

    tmp = tmp_path_factory.mktemp("forged")
    with streamlit_app(tmp) as base:
        for i in range(1, 6):
            ctx = chromium.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="zh-CN",
                                       extra_http_headers={"X-Forwarded-For": f"203.0.113.{i}"})
            ctx.set_default_timeout(60_000)
            page = ctx.new_page()
            page.goto(base)
            settle(page, charts=False)
            page.get_by_role("textbox", name="账号").fill(f"ghost{i}")
            page.get_by_role("textbox", name="密码").fill("wrong password!")
            page.get_by_role("button", name="登录").click()
            page.wait_for_selector("[data-testid='stAlertContentError']", timeout=30_000)
            ctx.close()
        con = sqlite3.connect(tmp / "accounts.sqlite")
        keys = {k for (k,) in con.execute("SELECT key FROM failure WHERE key LIKE 'client:%'")}
        con.close()
        clients = {e["client"] for e in audit.entries(path=tmp / "accounts.sqlite") if e["action"] == "sign_in"}
    assert keys == {"client:localhost"}, keys
    assert clients == {"localhost"}, clients


def test_the_session_cookie_is_secure_behind_tls(tmp_path_factory, chromium):
    """#22 item 23: with DJCX_BEHIND_TLS=1 the session cookie is Secure even when the page itself is reached over
    http (a proxy that forgot to redirect), and always SameSite=Strict. (Chromium keeps Secure cookies for
    http://127.0.0.1, a trustworthy origin, so this runs without a certificate.)"""
    with streamlit_app(tmp_path_factory.mktemp("tls"), DJCX_BEHIND_TLS="1") as base:
        page = new_page(chromium)
        sign_in(page, base, "analyst1")
        cookie = next(c for c in page.context.cookies() if c["name"] == "djcx_session")
        assert cookie["secure"] is True and cookie["sameSite"] == "Strict" and cookie["httpOnly"] is True, cookie
        assert _reaches(page, base, "import")          # and the Secure cookie keeps the session
        assert "djcx_session" not in page.evaluate("document.cookie")     # no script reads the token
        page.context.close()


def test_the_session_cookie_is_http_only_and_its_route_takes_only_a_fresh_grant(app, chromium):
    """#22 item 23: the server writes the session cookie (Set-Cookie: HttpOnly; SameSite=Strict), in exchange
    for a one-time grant; a made-up grant, a replayed one and a request from another origin get no cookie."""
    import urllib.error
    import urllib.request

    base, _ = app
    page = new_page(chromium)
    grants: list[str] = []
    page.on("request", lambda r: grants.append(r.post_data) if r.url.endswith("/_djcx/session") else None)
    sign_in(page, base, "analyst1")
    cookie = next(c for c in page.context.cookies() if c["name"] == "djcx_session")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict" and cookie["secure"] is False, cookie
    assert "djcx_session" not in page.evaluate("document.cookie")
    assert _reaches(page, base, "import")
    page.context.close()

    def post(body: str, **extra: str) -> int:
        req = urllib.request.Request(f"{base}/_djcx/session", data=body.encode(), method="POST",
                                     headers={"X-DJCX-Grant": "1", **extra})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code

    assert grants and post(grants[-1]) == 403                   # used once already
    assert post("made-up-grant") == 403
    assert post("made-up-grant", Origin="http://evil.example") == 403


def test_a_shared_link_asks_for_sign_in_on_its_page_then_lands_there(app, chromium):
    """#22 item 7: a link to a view, opened signed out (or after the session ended), shows the sign-in form on its
    own address, with no English 'Page not found' dialog; after sign-in the person is on that view, filters kept."""
    base, _ = app
    page = new_page(chromium)
    link = f"{base}/compare?mode=concept&concept=property_party_member_count&kind=region&level=city"
    page.goto(link)
    settle(page, charts=False)
    page.wait_for_selector("input[aria-label='账号']", timeout=30_000)
    body = page.locator("body").inner_text()
    assert "Page not found" not in body and "not found" not in body.lower(), body[:300]
    assert page.locator("[role='dialog']").count() == 0
    assert "/compare" in page.url and "level=city" in page.url
    screenshot(page, "security-link-sign-in")
    page.get_by_role("textbox", name="账号").fill("viewer1")
    page.get_by_role("textbox", name="密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_function("() => document.querySelector('.djcx-pagehead')?.innerText.includes('地区对比')",
                           timeout=60_000)
    settle(page, charts=True)
    assert "/compare" in page.url and "concept=property_party_member_count" in page.url and "level=city" in page.url
    assert "Page not found" not in page.locator("body").inner_text()
    screenshot(page, "security-link-landed")
    page.context.close()
