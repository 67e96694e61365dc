"""Intake benchmark: adding a small file to a large warehouse (issue #12's "add 100 rows to a 10M-fact
warehouse: under 2 s and under 1 GB").

    python -m benchmarks.intake_bench [--facts 1000000 3000000] [--rows 100]

For each size: a synthetic warehouse (benchmarks/synthetic.py: every row flagged synthetic, never the default
warehouse) and a private copy of data/, then `python -m etl add FILE` in a fresh process: wall time and the
process's peak memory (ru_maxrss). The file is 100 synthetic rows in the analysts' template (figures for real
cities under catalogue indicators, made here in code). The anchor, measured in the same run: DuckDB's bare
`read_csv` of the same file into a table, in a fresh process.

Writes benchmarks/results/intake.md and .json. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import time

from benchmarks.synthetic import make_synthetic
from core.settings import DATA_DIR, DEFAULT_WAREHOUSE, PROJECT_ROOT

RESULTS = PROJECT_ROOT / "benchmarks" / "results"
WORK = PROJECT_ROOT / "benchmarks" / "work"
HEADER = ["报告标题", "发布单位", "发布日期", "省", "市", "区县", "单位", "指标", "数值", "单位名", "限定", "期间", "比率", "备注"]
INDICATORS = ["物业管理区域数", "小区党组织数"]


def synthetic_file(rows: int, title: str = "基准测试合成报告", per_report: int | None = None) -> bytes:
    """`rows` synthetic template rows: prefecture cities from the reference list, two catalogue indicators.
    ``per_report``: a new report title every so many rows, so a large file has no two rows for one figure."""
    cities = []
    with (DATA_DIR / "reference" / "regions.csv").open(encoding="utf-8-sig") as fh:
        by_code = {}
        for r in csv.DictReader(fh):
            by_code[r["region_code"]] = r
        for r in by_code.values():
            if r["level"] == "prefecture" and r.get("is_current", "").lower() in ("true", "1") and r["parent_code"] in by_code:
                cities.append((by_code[r["parent_code"]]["name_zh"], r["name_zh"]))
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADER)
    for i in range(rows):
        prov, city = cities[(i // len(INDICATORS)) % len(cities)]
        areas = 500 + i                        # 小区党组织数 stays below 物业管理区域数 (a checked pair)
        value = areas if i % len(INDICATORS) == 0 else areas // 2
        name = title if not per_report else f"{title} {i // per_report + 1}"
        w.writerow([name, "合成发布单位", "2025-01-01", prov, city, "", "", INDICATORS[i % len(INDICATORS)],
                    str(value), "个", "", "2024", "", "synthetic benchmark row"])
    return buf.getvalue().encode("utf-8")


# runs a module or code in a fresh interpreter and reports that process's own peak RSS on its last stderr line
# (VmHWM, not ru_maxrss: on Linux ru_maxrss keeps the forked parent's size across exec)
_WRAP = """import runpy, sys
try:
    if sys.argv[1] == '-c':
        code = sys.argv[2]; sys.argv = sys.argv[2:]; exec(code)
    else:
        sys.argv = sys.argv[1:]; runpy.run_module(sys.argv[0], run_name='__main__')
finally:
    hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')]
    print('PEAK_KB', hwm[0] if hwm else 0, file=sys.stderr)
"""


def _run(args: list[str], env: dict, timeout: float = 3600) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall seconds and the child's own peak RSS (MB)."""
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", _WRAP, *args], env=env, capture_output=True, text=True,
                         cwd=PROJECT_ROOT, timeout=timeout)
    seconds = time.perf_counter() - t0
    peak = [int(line.split()[1]) for line in res.stderr.splitlines() if line.startswith("PEAK_KB")]
    return seconds, (peak[-1] / 1024 if peak else float("nan")), res


def measure(facts: int, rows: int) -> dict:
    WORK.mkdir(parents=True, exist_ok=True)
    wh = WORK / f"intake_{facts}.duckdb"
    info = make_synthetic(wh, facts, source=DEFAULT_WAREHOUSE)
    data = WORK / f"intake_{facts}_data"
    shutil.rmtree(data, ignore_errors=True)
    for sub in ("reference", "figures", "mentions"):
        shutil.copytree(DATA_DIR / sub, data / sub)
    path = WORK / f"intake_{rows}_rows.csv"
    path.write_bytes(synthetic_file(rows))
    env = {**os.environ, "DJCX_USER": "benchmark"}
    # the anchor: DuckDB's own read of the same file (fresh process)
    anchor_s, anchor_mb, _ = _run(["-c", (
        "import duckdb,sys; c=duckdb.connect(); "
        "c.execute(\"CREATE TABLE t AS SELECT * FROM read_csv(?, all_varchar=true)\", [sys.argv[1]])"), str(path)], env)
    # peak RSS of a child is per process: each measurement below is its own process
    seconds, peak_mb, res = _run(["etl", "add", str(path), "--data", str(data), "--warehouse", str(wh),
                                  "--who", "benchmark"], env)
    ok = res.returncode == 0
    return {"facts": info["facts"], "warehouse_mb": round(wh.stat().st_size / 2**20), "rows": rows,
            "add_s": round(seconds, 2), "add_peak_mb": round(peak_mb), "loaded": ok,
            "stderr_tail": "" if ok else res.stderr[-400:], "anchor_read_csv_s": round(anchor_s, 3),
            "anchor_peak_mb": round(anchor_mb)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.intake_bench")
    ap.add_argument("--facts", type=int, nargs="+", default=[1_000_000, 3_000_000])
    ap.add_argument("--rows", type=int, default=100)
    args = ap.parse_args(argv)
    if not DEFAULT_WAREHOUSE.exists():
        from etl.pipeline.build import build

        build()
    results = []
    for n in args.facts:
        r = measure(n, args.rows)
        print(r, file=sys.stderr)
        results.append(r)
    meta = {"cpus": os.cpu_count(), "python": platform.python_version(), "date": time.strftime("%Y-%m-%d")}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "intake.json").write_text(json.dumps({"meta": meta, "results": results}, indent=1) + "\n")
    lines = ["# Intake: adding a small file to a large warehouse", "",
             f"`python -m benchmarks.intake_bench`; {meta['cpus']} CPUs, Python {meta['python']}, {meta['date']}. "
             "Each add runs as `python -m etl add` in a fresh process (wall time, peak RSS of that process). "
             "Not a test.", "",
             "| warehouse facts | file (MB) | rows added | add: wall | add: peak memory | loaded | "
             "anchor: DuckDB read_csv of the file | anchor peak |", "|---:|---:|---:|---:|---:|:---:|---:|---:|"]
    lines += [f"| {r['facts']:,} | {r['warehouse_mb']} | {r['rows']} | {r['add_s']} s | {r['add_peak_mb']} MB | "
              f"{'yes' if r['loaded'] else 'no'} | {r['anchor_read_csv_s']} s | {r['anchor_peak_mb']} MB |" for r in results]
    lines += ["", "Goal (issue #12): under 2 s and under 1 GB at 10M facts, not growing with the warehouse.", "",
              "History on this machine (2026-11-30): at first the add to 1M facts took 28.0 s and 2942 MB, and to 10M "
              "facts it was killed at 18 GB. Existing facts looked up by the file's keys instead of all loaded into "
              "Python: 1M 4.9 s / 746 MB, 3M 8.4 s / 1590 MB, 10M 25.1 s / 2869 MB. Then mart_coverage refreshed only "
              "for the add's reports, and the model checks of the fact table and the coverage mart run on the rows "
              "the add touched and the keys they share (the build still runs every check in full): the table above. "
              "What still grows with the warehouse: the copy of the file each add makes, its checkpoint, and the "
              "scan of fact_id for the uniqueness of the new ids."]
    (RESULTS / "intake.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
