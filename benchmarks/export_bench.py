"""Export benchmark: kaleido cold start, warm per-chart render time, full-deck time.

    python -m benchmarks.export_bench [--warehouse data/warehouse.duckdb] [--repeat 5]

Writes benchmarks/results/export.md and export.json. Not a test: numbers depend on the machine.
- cold: stop the kaleido server, then start it and render one 16:9 PNG (Chromium start-up included)
- warm: the same server, each chart of every view rendered `repeat` times per format and size
- deck: the whole dashboard (all views) as a PPTX with a warm server, and end to end through the CLI
  in a fresh process (Python imports, queries, Chromium start-up, every slide)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from core.settings import DEFAULT_WAREHOUSE, PROJECT_ROOT

RESULTS = PROJECT_ROOT / "benchmarks" / "results"


def _stats(xs: list[float]) -> dict[str, float]:
    xs = sorted(xs)
    return {"n": len(xs), "median": statistics.median(xs), "min": xs[0], "max": xs[-1],
            "p90": xs[min(len(xs) - 1, round(0.9 * (len(xs) - 1)))]}


def _chromium_version() -> str:
    from dashboard.export.render import chromium_path

    try:
        return subprocess.run([chromium_path(), "--version"], capture_output=True, text=True,
                              timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def measure(repeat: int, cold_runs: int) -> dict:
    from dashboard.export import render
    from dashboard.export.chart_selection import VIEWS, check_warehouse, collect
    from dashboard.export.deck import DeckMeta, build_deck
    from dashboard.export.images import chart_image
    from dashboard.export.prepare import prepare_figure
    from dashboard.export.sizes import SIZES
    from dashboard.filters import Filters

    check_warehouse()
    charts = [c for g in collect(list(VIEWS), Filters()) for c in g.charts]

    cold = []
    for _ in range(cold_runs):
        render.stop()
        t0 = time.perf_counter()
        chart_image(charts[0], "png", "16:9")
        cold.append(time.perf_counter() - t0)

    prep = []
    for c in charts:
        for _ in range(repeat):
            t0 = time.perf_counter()
            prepare_figure(c.figure, SIZES["16:9"], title=c.title, footnote=c.sources_text)
            prep.append(time.perf_counter() - t0)

    warm: dict[str, dict] = {}
    for fmt, size in (("png", "16:9"), ("png", "4:3"), ("png", "a4"), ("svg", "16:9"), ("pdf", "16:9")):
        xs = []
        for c in charts:
            for _ in range(repeat):
                t0 = time.perf_counter()
                chart_image(c, fmt, size)
                xs.append(time.perf_counter() - t0)
        warm[f"{fmt} {size}"] = _stats(xs)

    deck = []
    for _ in range(max(1, repeat // 2)):
        t0 = time.perf_counter()
        data = build_deck(charts, DeckMeta(subtitle="all"))
        deck.append(time.perf_counter() - t0)

    # the presenter's deck of 8 charts (issue #11: ≤ 6 s): every view, the tile map, the trend and two more
    # concept rankings; headline slide, native charts, speaker notes (deck_content.deck_for), warm server
    from dashboard import chart_specs, queries
    from dashboard.export.deck_content import deck_for
    from dashboard.export.images import Chart

    f = Filters()
    eight = list(charts) + [Chart.of(s) for s in chart_specs.tile_charts(f) + chart_specs.trend_charts(f)]
    for row in queries.concept_overview(f).to_dict("records"):
        if len(eight) >= 8:
            break
        eight += [Chart.of(s) for s in chart_specs.concept_charts(f, row["concept_key"], row["subject_kind"],
                                                                  level=None) if s.key not in {c.key for c in eight}]
    eight = eight[:8]
    deck8 = []
    for _ in range(max(2, repeat // 2)):
        t0 = time.perf_counter()
        data8 = deck_for(f, eight, DeckMeta(subtitle="all"))
        deck8.append(time.perf_counter() - t0)
    render.stop()

    cli = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(2):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "dashboard.export", "--format", "pptx", "--view", "all",
                            "--out", str(Path(tmp) / "deck.pptx"), "-q"], cwd=PROJECT_ROOT, check=True,
                           env=os.environ.copy(), timeout=600)
            cli.append(time.perf_counter() - t0)

    return {
        "machine": {"cpu": _cpu(), "cores": os.cpu_count(), "python": platform.python_version(),
                    "chromium": _chromium_version(),
                    **{p: metadata.version(p) for p in ("kaleido", "choreographer", "plotly", "python-pptx")}},
        "charts": [c.title for c in charts],
        "cold_first_png_s": _stats(cold),
        "prepare_s": _stats(prep),
        "warm_render_s": warm,
        "deck_warm_s": _stats(deck) | {"slides": 1 + len(charts), "bytes": len(data)},
        "deck8_warm_s": _stats(deck8) | {"charts": len(eight), "slides": 2 + len(eight), "bytes": len(data8),
                                         "titles": [c.title for c in eight]},
        "deck_cli_cold_s": _stats(cli),
    }


def markdown(r: dict) -> str:
    m = r["machine"]
    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    lines = [
        "# Export benchmark",
        "",
        "Produced by `python -m benchmarks.export_bench` (kaleido on the system Chromium, one warm server"
        " per process, MathJax off). Not a timed test: the numbers depend on the machine.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores; Python {m['python']}; {m['chromium']}; "
        f"kaleido {m['kaleido']}, choreographer {m['choreographer']}, plotly {m['plotly']}, "
        f"python-pptx {m['python-pptx']}.",
        "",
        f"Charts: {len(r['charts'])} (every view of the curated warehouse, no filters): "
        + "; ".join(r["charts"]) + ".",
        "",
        "| what | median | min | max | n |",
        "|---|---|---|---|---|",
    ]
    c = r["cold_first_png_s"]
    lines.append(f"| cold: start server + first 16:9 PNG | {ms(c['median'])} | {ms(c['min'])} | {ms(c['max'])} | {c['n']} |")
    p = r["prepare_s"]
    lines.append(f"| export layout on a figure copy (no render) | {ms(p['median'])} | {ms(p['min'])} | {ms(p['max'])} | {p['n']} |")
    for key, s in r["warm_render_s"].items():
        lines.append(f"| warm: one chart, {key} | {ms(s['median'])} | {ms(s['min'])} | {ms(s['max'])} | {s['n']} |")
    d = r["deck_warm_s"]
    lines.append(f"| warm: whole deck, {d['slides']} slides | {ms(d['median'])} | {ms(d['min'])} | {ms(d['max'])} | {d['n']} |")
    e = r["deck8_warm_s"]
    lines.append(f"| warm: presenter's deck of {e['charts']} charts ({e['slides']} slides: headline slide, native "
                 f"charts, speaker notes) | {ms(e['median'])} | {ms(e['min'])} | {ms(e['max'])} | {e['n']} |")
    k = r["deck_cli_cold_s"]
    lines.append(f"| CLI end to end, fresh process (`--format pptx --view all`) | {ms(k['median'])} | {ms(k['min'])} | {ms(k['max'])} | {k['n']} |")
    lines += ["", "Warm PNG renders include kaleido reloading its page after each image.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cold-runs", type=int, default=3)
    args = ap.parse_args(argv)
    os.environ["DJCX_WAREHOUSE"] = str(args.warehouse)
    result = measure(args.repeat, args.cold_runs)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "export.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "export.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
