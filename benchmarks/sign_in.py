"""Cold start with sign-in: how soon a person can sign in, and how soon they see the first chart (#22, item 8).

    python -m benchmarks.sign_in [--runs 3]

Each run starts new servers, each with a throwaway account store holding one synthetic viewer (so every page
asks for sign-in), and measures in headless Chromium at 1920×1080:

- the anchor: a bare Streamlit app with one text box, started the same way: first visit → its box. Streamlit's
  own page (about 1.4 MB of JavaScript) costs this much before any app code; every row is also given as a
  ratio to it;
- server start → healthy: the process spawned until `/_stcore/health` answers;
- first visit → sign-in form, cold: the first tab on a new server (its script run imports the app's modules);
- warm-up: `/_stcore/script-health-check` on a second new server (one script run, as `make run` does at start);
- first visit → sign-in form, warmed: the first tab on that server after its warm-up;
- new tab → sign-in form: a second browser context on the warm server;
- sign-in → first chart: the button pressed until the overview's first Plotly chart is drawn.

Writes benchmarks/results/sign_in.md and .json. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.sessions import ARGS, CHROMIUM, RESULTS, _free_port, start_server

PASSWORD = "benchmark pass 1"        # synthetic, a throwaway store
FORM = "input[aria-label='账号']"
CHART = ("() => [...document.querySelectorAll('.js-plotly-plot .main-svg')]"
         ".some(e => e.getBoundingClientRect().width > 0)")
ANCHOR = "anchor: bare Streamlit, first visit → its text box"
STEPS = (ANCHOR, "server start → healthy", "first visit → sign-in form (cold)", "warm-up script run",
         "first visit → sign-in form (warmed)", "new tab → sign-in form", "sign-in → first chart")
BARE_APP = 'import streamlit as st\nst.text_input("账号")\n'


def _visit(browser, base: str) -> tuple[float, object, object]:
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = ctx.new_page()
    t = time.monotonic()
    page.goto(base)
    page.wait_for_selector(FORM, timeout=120_000)
    return time.monotonic() - t, ctx, page


def _stop(server) -> None:
    server.terminate()
    server.wait(timeout=30)


def one_run(browser, accounts: Path, bare: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    port = _free_port()
    server = start_server(port, script=bare)
    try:
        out[ANCHOR], ctx, _ = _visit(browser, f"http://127.0.0.1:{port}")
        ctx.close()
    finally:
        _stop(server)

    port = _free_port()
    t0 = time.monotonic()
    server = start_server(port, DJCX_ACCOUNTS=str(accounts))
    out[STEPS[1]] = time.monotonic() - t0
    try:
        out[STEPS[2]], ctx, _ = _visit(browser, f"http://127.0.0.1:{port}")
        ctx.close()
    finally:
        _stop(server)

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(port, DJCX_ACCOUNTS=str(accounts))
    try:
        t = time.monotonic()
        with urllib.request.urlopen(base + "/_stcore/script-health-check", timeout=120) as r:
            assert r.status == 200, r.status
        out[STEPS[3]] = time.monotonic() - t
        out[STEPS[4]], ctx, _ = _visit(browser, base)
        ctx.close()
        out[STEPS[5]], ctx, page = _visit(browser, base)
        page.get_by_role("textbox", name="账号").fill("viewer1")
        page.get_by_role("textbox", name="密码").fill(PASSWORD)
        t = time.monotonic()
        page.get_by_role("button", name="登录").click()
        page.wait_for_function(CHART, timeout=120_000)
        out[STEPS[6]] = time.monotonic() - t
        ctx.close()
    finally:
        _stop(server)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from core.auth import store
    runs = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        accounts = Path(tmp) / "accounts.sqlite"
        store.add("viewer1", "viewer", PASSWORD, accounts)
        bare = Path(tmp) / "bare" / "app.py"
        bare.parent.mkdir()
        bare.write_text(BARE_APP, encoding="utf-8")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(a.runs):
            runs.append(one_run(browser, accounts, bare))
            print(runs[-1], file=sys.stderr)
        browser.close()
    med = {s: statistics.median(r[s] for r in runs) for s in STEPS}
    result = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, "runs": runs,
              "median": med, "ratio_to_anchor": {s: med[s] / med[ANCHOR] for s in STEPS}}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "sign_in.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    lines = ["# Cold start with sign-in (#22, item 8)", "",
             f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}. Produced by "
             f"`python -m benchmarks.sign_in --runs {a.runs}` (new servers per run, headless Chromium without a "
             "GPU at 1920×1080); not a test. The anchor is a bare Streamlit app with one text box, in the same "
             "run: what Streamlit's own page costs before any of the app's code.", "",
             "| step | median | × anchor | " + " | ".join(f"run {i + 1}" for i in range(len(runs))) + " |",
             "|---|---|---|" + "---|" * len(runs)]
    for s in STEPS:
        lines.append(f"| {s} | {med[s]:.2f} s | {med[s] / med[ANCHOR]:.2f} | "
                     + " | ".join(f"{r[s]:.2f} s" for r in runs) + " |")
    (RESULTS / "sign_in.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
