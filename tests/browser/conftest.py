"""Fixtures of the real-browser tests: the app served on a free port against a freshly built warehouse, and a
headless Chromium (the system one) that records every request it makes."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser_support import ARGS, CHROMIUM, HEIGHT, PASSWORD, SERVER_LOG, WIDTH

from core.settings import DATA_DIR, PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_BUILT: list[Path] = []


@contextlib.contextmanager
def streamlit_app(tmp: Path, args: tuple[str, ...] = (), port: int | None = None, **env_extra: str):
    """`streamlit run dashboard/app.py` on a free port (yields its base URL), against a warehouse built into
    ``tmp``, with its own data folder and account store (an analyst ``analyst1`` / ``correct horse 1``)."""
    from core.auth import store
    from etl.pipeline.build import build

    warehouse = tmp / "warehouse.duckdb"
    if _BUILT:                       # built once per session, copied for each server
        shutil.copyfile(_BUILT[0], warehouse)
    else:
        build(DATA_DIR, warehouse)
        _BUILT.append(tmp.parent / f"{tmp.name}-built.duckdb")
        shutil.copyfile(warehouse, _BUILT[0])
    port = port or free_port()
    for sub in ("reference", "figures", "mentions"):  # the Import page's own data folder, not data/
        shutil.copytree(DATA_DIR / sub, tmp / "data" / sub)
    accounts = tmp / "accounts.sqlite"
    for name, role in (("analyst1", "analyst"), ("viewer1", "viewer"), ("admin1", "admin")):
        store.add(name, role, PASSWORD, accounts)
    env = dict(os.environ, DJCX_WAREHOUSE=str(warehouse), DJCX_DEBUG="1", DJCX_DATA_DIR=str(tmp / "data"),
               DJCX_ACCOUNTS=str(accounts), **env_extra)
    log = open(tmp / "streamlit.log", "w")  # noqa: SIM115 - closed below
    SERVER_LOG.append(tmp / "streamlit.log")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "dashboard" / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *args],
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


def _need_browser() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (make system)")
    pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium (the system one) for tests that open several contexts (several accounts)."""
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app with sign-in and a public dashboard: leaders' pages need no sign-in, write pages do."""
    _need_browser()
    with streamlit_app(tmp_path_factory.mktemp("browser"), DJCX_PUBLIC_DASHBOARD="1") as base:
        yield base


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


