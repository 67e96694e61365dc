"""Fixtures of the real-browser tests: the app served on a free port against a freshly built warehouse, and a
headless Chromium (the system one) that records every request it makes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser_support import ARGS, CHROMIUM, HEIGHT, SERVER_LOG, WIDTH

from core.settings import DATA_DIR, PROJECT_ROOT


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


