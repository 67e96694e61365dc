"""Concurrent app sessions and time to first chart: the leader's experience under load.

    python -m benchmarks.sessions [--sessions 20 50] [--seconds 60] [--browsers 3]

1. Starts the app (`streamlit run dashboard/app.py`) on a free port against the built warehouse.
2. Time to first chart per page, in headless Chromium: navigation → the first Plotly chart drawn, in a new
   browser context (cold: a new session, nothing cached in the browser) and again in the same one (warm).
   Pages without charts: to the page header. The server has answered one request before (its own start-up
   is not a session's cost).
3. N concurrent sessions for S seconds, driven by a light client at Streamlit's own WebSocket protocol (one
   asyncio process: a session is a WebSocket that asks for a page and waits for `script_finished`), looping
   over the pages. Twenty headless Chromiums would saturate two cores by themselves, so real browsers only
   cross-check: B of them loop over the pages at the same time. Reported: page runs, errors (exceptions
   shown, error boxes, dropped connections), p50/p95/max page time, the server's peak memory (RSS).

Writes benchmarks/results/sessions.md and .json. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from core.settings import DEFAULT_WAREHOUSE, PROJECT_ROOT

RESULTS = PROJECT_ROOT / "benchmarks" / "results"
PAGES = {"overview": True, "coverage": True, "compare": True, "concepts": False, "sources": False, "map": True,
         "bigscreen": True}
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, script: Path = PROJECT_ROOT / "dashboard" / "app.py", **env_extra: str) -> subprocess.Popen:
    env = {**os.environ, "DJCX_WAREHOUSE": str(DEFAULT_WAREHOUSE), **env_extra}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script),
                             "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--browser.gatherUsageStats", "false"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT, cwd=PROJECT_ROOT)
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the app did not start")


class RssSampler(threading.Thread):
    """The server process's peak resident memory, sampled every 0.2 s from /proc."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True

    def run(self) -> None:
        while self.running:
            try:
                for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        self.peak = max(self.peak, int(line.split()[1]) * 1024)
            except OSError:
                return
            time.sleep(0.2)


# ------------------------------------------------------------------ time to first chart (real browser)

def first_chart_times(base: str) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    out: dict[str, dict[str, float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for page_name, charts in PAGES.items():
            ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
            page = ctx.new_page()
            times = []
            for _ in ("cold", "warm"):
                t0 = time.perf_counter()
                page.goto(f"{base}/{page_name}")
                page.wait_for_selector(".js-plotly-plot .main-svg" if charts else ".djcx-pagehead", timeout=60_000)
                times.append(time.perf_counter() - t0)
            out[page_name] = {"cold_s": round(times[0], 3), "warm_s": round(times[1], 3)}
            ctx.close()
        browser.close()
    return out


# ------------------------------------------------------------------ light client at the WebSocket level

async def _session(host: str, deadline: float, stats: dict) -> None:
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from tornado.websocket import websocket_connect

    try:
        ws = await websocket_connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"])
    except Exception:  # noqa: BLE001 - counted, not raised
        stats["errors"] += 1
        return
    pages = list(PAGES)
    i = hash(asyncio.current_task()) % len(pages)
    try:
        while time.perf_counter() < deadline:
            page = pages[i % len(pages)]
            i += 1
            msg = BackMsg()
            msg.rerun_script.query_string = ""
            msg.rerun_script.page_name = page
            t0 = time.perf_counter()
            await ws.write_message(msg.SerializeToString(), binary=True)
            failed = False
            while True:
                raw = await asyncio.wait_for(ws.read_message(), timeout=60)
                if raw is None:
                    raise ConnectionError("closed")
                fwd = ForwardMsg()
                fwd.ParseFromString(raw)
                kind = fwd.WhichOneof("type")
                if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    el = fwd.delta.new_element
                    which = el.WhichOneof("type")
                    if which == "exception" or (which == "alert" and el.alert.format == 1):   # 1 = ERROR
                        failed = True
                if kind == "script_finished":
                    break
            stats["times"].append(time.perf_counter() - t0)
            stats["runs"] += 1
            stats["errors"] += failed
    except Exception:  # noqa: BLE001
        stats["errors"] += 1
    finally:
        ws.close()


async def _load(host: str, sessions: int, seconds: float) -> dict:
    stats = {"runs": 0, "errors": 0, "times": []}
    deadline = time.perf_counter() + seconds
    await asyncio.gather(*(_session(host, deadline, stats) for _ in range(sessions)))
    return stats


def browsers_loop(base: str, n: int, seconds: float, stats: dict) -> None:
    """n real browsers looping over the pages while the light clients run (a cross-check)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pages = [browser.new_context(viewport={"width": 1440, "height": 900}).new_page() for _ in range(n)]
        deadline = time.perf_counter() + seconds
        k = 0
        while time.perf_counter() < deadline:
            for page in pages:
                name = list(PAGES)[k % len(PAGES)]
                k += 1
                t0 = time.perf_counter()
                try:
                    page.goto(f"{base}/{name}")
                    page.wait_for_selector(".djcx-pagehead, .djcx-big-head", timeout=60_000)
                    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                           timeout=60_000)
                    stats["times"].append(time.perf_counter() - t0)
                    stats["errors"] += page.locator("[data-testid='stException']").count()
                except Exception:  # noqa: BLE001
                    stats["errors"] += 1
        browser.close()


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return round(statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0], 3)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.sessions")
    ap.add_argument("--sessions", type=int, nargs="+", default=[20, 50])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--browsers", type=int, nargs="+", default=[0, 3],
                    help="real browsers looping alongside the light clients (0: the server's own capacity)")
    args = ap.parse_args(argv)
    port = _free_port()
    server = start_server(port)
    base, host = f"http://127.0.0.1:{port}", f"127.0.0.1:{port}"
    result = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, "loads": []}
    try:
        asyncio.run(_load(host, 1, 3))     # the server's own first run (imports, connection): not a session's cost
        result["first_chart"] = first_chart_times(base)
        for n, browsers in [(n, b) for n in args.sessions for b in args.browsers]:
            sampler = RssSampler(server.pid)
            sampler.start()
            cross = {"times": [], "errors": 0}
            t = threading.Thread(target=browsers_loop, args=(base, browsers, args.seconds, cross))
            if browsers:
                t.start()
            stats = asyncio.run(_load(host, n, args.seconds))
            if browsers:
                t.join()
            sampler.running = False
            result["loads"].append({
                "sessions": n, "seconds": args.seconds, "page_runs": stats["runs"], "errors": stats["errors"],
                "p50_s": pct(stats["times"], 50), "p95_s": pct(stats["times"], 95),
                "max_s": round(max(stats["times"]), 3) if stats["times"] else None,
                "server_peak_rss_mb": round(sampler.peak / 2**20),
                "browsers": browsers, "browser_page_loads": len(cross["times"]),
                "browser_errors": cross["errors"], "browser_p95_s": pct(cross["times"], 95)})
            print(result["loads"][-1], file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=30)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "sessions.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    lines = ["# App sessions: time to first chart and concurrent load", "",
             f"Machine: {result['machine']['cpus']} CPUs, Python {result['machine']['python']}. "
             "Produced by `python -m benchmarks.sessions`; not a test.", "",
             "## Time to first chart (headless Chromium, 1920×1080)", "", "| page | cold (new session) | warm |",
             "|---|---|---|"]
    lines += [f"| {k} | {v['cold_s']:.2f} s | {v['warm_s']:.2f} s |" for k, v in result["first_chart"].items()]
    lines += ["", "## Concurrent sessions (WebSocket-level light client, looping over the pages)", "",
              "| sessions | seconds | page runs | errors | p50 | p95 | max | server peak RSS | "
              "real browsers alongside | their loads | their errors | their p95 |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['sessions']} | {r['seconds']:.0f} | {r['page_runs']} | {r['errors']} | {r['p50_s']} s | "
              f"{r['p95_s']} s | {r['max_s']} s | {r['server_peak_rss_mb']} MB | {r['browsers']} | "
              f"{r['browser_page_loads']} | {r['browser_errors']} | {r['browser_p95_s']} s |" for r in result["loads"]]
    (RESULTS / "sessions.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
