"""What the publish step costs viewers' queries: each query function for the two audiences (viewers:
``published``; analysts: ``all``) on a synthetic warehouse, with no draft and then with one draft batch.

    python -m benchmarks.publish_bench [--facts 1000000] [--repeat 5]

With no draft the viewers' queries read the main schema (``dashboard.db`` sees there is none), so the two
columns should match; with a draft they read the schema ``published`` (an anti-join on the draft batches).
Writes benchmarks/results/publish.md and .json. Ratios against the analysts' time in the same run; no asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

import duckdb

from benchmarks.run import _cases
from benchmarks.synthetic import make_synthetic
from core.settings import PROJECT_ROOT

RESULTS = PROJECT_ROOT / "benchmarks" / "results"


def _time(call, repeat: int) -> float:
    from dashboard import db

    call()
    runs = []
    for _ in range(repeat):
        db._cached_query.clear()
        t = time.perf_counter()
        call()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def measure(warehouse: Path, repeat: int) -> list[dict]:
    from dashboard import db

    os.environ["DJCX_WAREHOUSE"] = str(warehouse)
    rows = []
    for state in ("no draft", "one draft"):
        if state == "one draft":      # a curated batch marked draft stands for an analyst's (timing only)
            db.close_all()
            con = duckdb.connect(str(warehouse))
            con.execute("UPDATE load_batch SET state = 'draft' WHERE batch_id = 1")
            con.close()
        db.close_all()
        for name, call in _cases().items():
            got = {}
            for aud in ("all", "published"):
                with db.audience_scope(aud):
                    got[aud] = _time(call, repeat)
            rows.append({"state": state, "query": name, "analysts_s": round(got["all"], 4),
                         "viewers_s": round(got["published"], 4), "ratio": round(got["published"] / got["all"], 2)})
            print(f"{state:9s} {name:40s} analysts {got['all']:.3f}s viewers {got['published']:.3f}s")
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--facts", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--out", default=str(PROJECT_ROOT / "benchmarks" / "work" / "publish.duckdb"))
    a = p.parse_args()
    out = Path(a.out)
    make_synthetic(out, facts=a.facts)
    rows = measure(out, a.repeat)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "publish.json").write_text(json.dumps({"facts": a.facts, "rows": rows}, indent=1), encoding="utf-8")
    lines = [f"# Viewers' queries with the publish step ({a.facts:,} synthetic facts)", "",
             "Median of the uncached calls; ratio = viewers' time / analysts' time in the same run.", "",
             "| state | query | analysts (s) | viewers (s) | ratio |", "|---|---|---:|---:|---:|"]
    lines += [f"| {r['state']} | {r['query']} | {r['analysts_s']} | {r['viewers_s']} | {r['ratio']} |" for r in rows]
    for state in ("no draft", "one draft"):
        ratios = [r["ratio"] for r in rows if r["state"] == state]
        lines += ["", f"{state}: median ratio {statistics.median(ratios):.2f}, worst {max(ratios):.2f}."]
    lines += ["", "Reproduce: `python -m benchmarks.publish_bench`."]
    (RESULTS / "publish.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
