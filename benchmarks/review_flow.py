"""What an analyst spends on a short report whose proposals are right: clicks and seconds in a real browser,
from choosing the file on the Review page to 已导入 (issue #20: at most 5 clicks).

    python -m benchmarks.review_flow          # writes benchmarks/results/review_flow.{json,md}

The app is served on a free port against a copy of the built warehouse, with its own data folder and an
analyst account; Chromium (the system one) drives the page as a person does. The reports are synthetic (our
own words), each with a headline, a dateline and a 来源 line, as most real reports have.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from core.settings import DATA_DIR, PROJECT_ROOT

RESULTS = PROJECT_ROOT / "benchmarks" / "results"
PASSWORD = "correct horse 1"         # a throwaway account of the benchmark's own store
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REPORTS = [   # synthetic figures, in our own words, about real places
    "新都区物业党建测试报告一\n2024-03-01 09:00 来源：测试日报\n截至2023年底，成都市新都区共有物业服务企业120家，"
    "其中45家物业服务企业建立了党组织。",
    "海盐县业委会建设测试报告二\n2024-05-10 来源：测试晚报\n目前，嘉兴市海盐县已组建业主委员会86个，全县小区党组织"
    "覆盖率达到92%。",
    "三明市机关党建测试报告三\n2023-07-01 来源：测试新闻网\n截至2022年底，三明市市直机关共有党支部310个，党员5200名。",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(tmp: Path) -> tuple[subprocess.Popen, str]:
    from core.auth import store
    from etl.pipeline.build import build

    build(DATA_DIR, tmp / "warehouse.duckdb")
    for sub in ("reference", "figures", "mentions"):
        shutil.copytree(DATA_DIR / sub, tmp / "data" / sub)
    store.add("analyst1", "analyst", PASSWORD, tmp / "accounts.sqlite")
    port = _free_port()
    env = dict(os.environ, DJCX_WAREHOUSE=str(tmp / "warehouse.duckdb"), DJCX_DATA_DIR=str(tmp / "data"),
               DJCX_ACCOUNTS=str(tmp / "accounts.sqlite"))
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "dashboard" / "app.py"),
                             "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                            cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2):
                return proc, base
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the app did not start")


def _settle(page) -> None:
    page.wait_for_selector(".djcx-pagehead", timeout=60_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def _sign_in(page, base: str) -> None:
    page.goto(base)
    _settle(page)
    page.get_by_role("textbox", name="账号").fill("analyst1")
    page.get_by_role("textbox", name="密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector("text=已登录", timeout=30_000)
    page.wait_for_timeout(500)


def run() -> list[dict]:
    import re

    from playwright.sync_api import sync_playwright

    out = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        proc, base = _serve(tmp)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                _sign_in(page, base)
                for i, text in enumerate(REPORTS):
                    path = tmp / f"report{i + 1}.txt"
                    path.write_text(text, encoding="utf-8")
                    page.goto(f"{base}/review")
                    _settle(page)
                    t0 = time.monotonic()
                    page.locator("input[type=file]").set_input_files(str(path))    # click 1: choose the file
                    page.wait_for_selector("mark#c0", timeout=60_000)
                    _settle(page)
                    proposed = time.monotonic() - t0
                    page.get_by_role("button", name=re.compile("导入接受的")).click()  # click 2: load
                    page.wait_for_selector("text=已导入", timeout=90_000)
                    out.append({"report": f"synthetic {i + 1}", "clicks": 2, "typed_fields": 0,
                                "seconds_to_proposals": round(proposed, 2),
                                "seconds_to_loaded": round(time.monotonic() - t0, 2),
                                "loaded": page.inner_text("body").split("已导入 ")[1].split(" ")[0]})
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=15)
    return out


def main() -> None:
    rows = run()
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {"machine": f"{platform.machine()}, {os.cpu_count()} cores", "python": platform.python_version(),
            "date": time.strftime("%Y-%m-%d")}
    (RESULTS / "review_flow.json").write_text(json.dumps({"meta": meta, "runs": rows}, ensure_ascii=False, indent=1)
                                              + "\n", encoding="utf-8")
    lines = ["# Review page: a short report, upload to loaded (python -m benchmarks.review_flow)", "",
             f"{meta['machine']}; Python {meta['python']}; {meta['date']}. Real Chromium, as a person does it; "
             "reports synthetic, with headline, dateline and 来源 line; proposals right, so nothing is edited.", "",
             "| report | clicks | typed fields | to proposals (s) | to loaded (s) | figures loaded |",
             "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['report']} | {r['clicks']} | {r['typed_fields']} | {r['seconds_to_proposals']} | "
              f"{r['seconds_to_loaded']} | {r['loaded']} |" for r in rows]
    lines += ["", "Goal (issue #20): at most 5 clicks for a report whose proposals are right."]
    (RESULTS / "review_flow.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
