"""Dashboard query timings on a synthetic warehouse at production scale (~10M facts).

    python -m benchmarks.run [--facts 10000000] [--repeat 5]

Builds the real warehouse (if missing), generates the synthetic one with
``benchmarks.synthetic`` (every row flagged synthetic, in benchmarks/work/, never the default
warehouse), then times the query functions the pages call — uncached (the result cache is
cleared before every call), connection already open — and writes
benchmarks/results/queries.md and .json. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

from benchmarks.synthetic import make_synthetic
from core.settings import DEFAULT_WAREHOUSE, PROJECT_ROOT

RESULTS = PROJECT_ROOT / "benchmarks" / "results"


def _cases():
    from dashboard import queries as q
    from dashboard.filters import Filters

    everywhere = Filters()
    jiangsu = Filters(province="320000")
    one_city = Filters(city="320700")
    year = Filters(period="2024")
    return {
        "overview_counts (all)": lambda: q.overview_counts(everywhere),
        "headline_figures (all)": lambda: q.headline_figures(everywhere),
        "latest_reports (all)": lambda: q.latest_reports(everywhere),
        "coverage (all, first 400)": lambda: q.coverage(everywhere),
        "coverage (one province)": lambda: q.coverage(jiangsu),
        "ranking one indicator, 300 cities": lambda: q.ranking(everywhere, "syn_i5", "city"),
        "ranking one indicator, one year": lambda: q.ranking(year, "syn_i5", "city"),
        "ranking_multi 4 indicators": lambda: q.ranking_multi(everywhere, ["syn_i1", "syn_i2", "syn_i3", "syn_i4"]),
        "figures page 1 (all)": lambda: q.figures(everywhere),
        "figures_count (all)": lambda: q.figures_count(everywhere),
        "figures page 1 (one city)": lambda: q.figures(one_city),
        "map_points one indicator": lambda: q.map_points(everywhere, "syn_i5"),
        "indicator_options (all)": lambda: q.indicator_options(everywhere),
        "period_options (all)": lambda: q.period_options(everywhere),
        "region_options (provinces)": lambda: q.region_options("province"),
        "report_options (all)": lambda: q.report_options(everywhere),
        "category_options (all)": lambda: q.category_options(everywhere),
        "figures_by_category (all)": lambda: q.figures_by_category(everywhere),
        "companion_figures (all)": lambda: q.companion_figures(everywhere),
        "province_tiles (all)": lambda: q.province_tiles(everywhere),
        "concept_overview (all)": lambda: q.concept_overview(everywhere),
        "concept_story (all)": lambda: q.concept_story(everywhere),
        "data_as_of (all)": lambda: q.data_as_of(everywhere),
    }


def time_queries(warehouse: Path, repeat: int) -> list[dict]:
    os.environ["DJCX_WAREHOUSE"] = str(warehouse)
    from dashboard import db

    rows = []
    for name, call in _cases().items():
        db._cached_query.clear()
        started = time.perf_counter()
        result = call()
        first = time.perf_counter() - started
        runs = []
        for _ in range(repeat):
            db._cached_query.clear()
            started = time.perf_counter()
            call()
            runs.append(time.perf_counter() - started)
        n = len(result) if hasattr(result, "__len__") else 1
        p95 = sorted(runs)[max(0, round(0.95 * len(runs)) - 1)]
        rows.append({"query": name, "first_s": round(first, 3), "median_s": round(statistics.median(runs), 3),
                     "p95_s": round(p95, 3), "max_s": round(max(runs), 3), "rows": n})
        print(f"{name:40s} first {first:6.3f}s  median {statistics.median(runs):6.3f}s  p95 {p95:6.3f}s  rows {n}")
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description="time dashboard queries at scale")
    p.add_argument("--facts", type=int, default=10_000_000)
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--out", default=str(PROJECT_ROOT / "benchmarks" / "work" / "synthetic.duckdb"))
    args = p.parse_args()
    if not DEFAULT_WAREHOUSE.exists():
        from etl.pipeline.build import build

        build()
    info = make_synthetic(Path(args.out), args.facts)
    print("synthetic warehouse:", info)
    rows = time_queries(Path(args.out), args.repeat)
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {"machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
            "python": platform.python_version(), "date": time.strftime("%Y-%m-%d"), "synthetic": info}
    (RESULTS / "queries.json").write_text(json.dumps({"meta": meta, "queries": rows}, indent=1) + "\n")
    lines = ["# Dashboard query timings at scale", "",
             f"Synthetic warehouse: {info['facts']:,} facts = {info['cities']} cities × {info['orgs_per_city']} "
             f"organizations × {info['indicators']} indicators × {info['years']} years "
             f"({info['size_mb']} MB, generated in {info['seconds']} s). "
             f"Machine: {meta['machine']}; Python {meta['python']}; {meta['date']}.", "",
             "Each query is the function a page calls, with the result cache cleared before every call "
             f"(so these are uncached times); median of {args.repeat} runs after a first run.", "",
             "| query | first (s) | median (s) | p95 (s) | max (s) | within 50 ms (p95) | rows |",
             "|---|---:|---:|---:|---:|:---:|---:|"]
    lines += [f"| {r['query']} | {r['first_s']} | {r['median_s']} | {r['p95_s']} | {r['max_s']} | "
              f"{'yes' if r['p95_s'] <= 0.05 else 'no'} | {r['rows']} |" for r in rows]
    within = sum(r["p95_s"] <= 0.05 for r in rows)
    lines += ["", f"{within} of {len(rows)} query functions answer within 50 ms at p95."]
    lines += ["", "Reproduce: `make bench` (or `python -m benchmarks.run`)."]
    (RESULTS / "queries.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
