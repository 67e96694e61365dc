"""Loading one large template file, against two anchors measured in the same run (issue #12's first goal:
"load and validate 1M template rows in one file: at most 2x DuckDB's bare read_csv, at least 5x faster than
pandas -> SQLite, peak memory at most 2x DuckDB's").

    python -m benchmarks.load_bench [--rows 100000 1000000] [--timeout 1800]

For each size, one synthetic file in the analysts' template (benchmarks/intake_bench.synthetic_file: real
prefecture cities, two catalogue indicators, a new synthetic report title every 500 rows), then, each in a
fresh process with its own peak memory (VmHWM):

- DuckDB: ``CREATE TABLE t AS SELECT * FROM read_csv(file, all_varchar=true)``;
- pandas: ``read_csv`` then ``to_sql`` into a new SQLite file;
- this project: ``python -m etl add file`` into a copy of the built warehouse (validation, conflicts, load,
  marts and checks), with ``DJCX_MAX_FILE_MB`` raised to take the file.

Writes benchmarks/results/load.md and .json. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import time

from benchmarks.intake_bench import _run, synthetic_file
from core.settings import DATA_DIR, DEFAULT_WAREHOUSE, PROJECT_ROOT

RESULTS = PROJECT_ROOT / "benchmarks" / "results"
WORK = PROJECT_ROOT / "benchmarks" / "work"

DUCKDB = ("import duckdb,sys; c=duckdb.connect(); "
          "c.execute(\"CREATE TABLE t AS SELECT * FROM read_csv(?, all_varchar=true)\", [sys.argv[1]])")
PANDAS = ("import pandas as pd, sqlite3, sys; df = pd.read_csv(sys.argv[1], dtype=str); "
          "c = sqlite3.connect(sys.argv[2]); df.to_sql('t', c, index=False); c.commit()")


def measure(rows: int, timeout: float) -> dict:
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"load_{rows}.csv"
    path.write_bytes(synthetic_file(rows, per_report=500))
    env = {**os.environ, "DJCX_USER": "benchmark", "DJCX_MAX_FILE_MB": "2000"}
    out = {"rows": rows, "file_mb": round(path.stat().st_size / 2**20, 1)}
    out["duckdb_s"], out["duckdb_mb"], _ = _run(["-c", DUCKDB, str(path)], env)
    sqlite = WORK / "load_pandas.sqlite"
    sqlite.unlink(missing_ok=True)
    out["pandas_s"], out["pandas_mb"], _ = _run(["-c", PANDAS, str(path), str(sqlite)], env)
    sqlite.unlink(missing_ok=True)
    wh, data = WORK / "load_wh.duckdb", WORK / "load_data"
    shutil.copy(DEFAULT_WAREHOUSE, wh)
    shutil.rmtree(data, ignore_errors=True)
    for sub in ("reference", "figures", "mentions"):
        shutil.copytree(DATA_DIR / sub, data / sub)
    try:
        seconds, peak, res = _run(["etl", "add", str(path), "--data", str(data), "--warehouse", str(wh),
                                   "--who", "benchmark"], env, timeout=timeout)
        out["ours_s"], out["ours_mb"], out["loaded"] = seconds, peak, res.returncode == 0
        out["note"] = "" if res.returncode == 0 else res.stderr.strip().splitlines()[-1][:200]
    except subprocess.TimeoutExpired:
        out["ours_s"], out["ours_mb"], out["loaded"], out["note"] = None, None, False, f"stopped after {timeout:.0f} s"
    for k in ("duckdb_s", "pandas_s", "ours_s"):
        out[k] = None if out[k] is None else round(out[k], 2)
    for k in ("duckdb_mb", "pandas_mb", "ours_mb"):
        out[k] = None if out[k] is None else round(out[k])
    if out["ours_s"]:
        out["x_duckdb"] = round(out["ours_s"] / out["duckdb_s"], 1)
        out["x_pandas"] = round(out["ours_s"] / out["pandas_s"], 2)
    print(out, flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.load_bench")
    ap.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--timeout", type=float, default=1800)
    args = ap.parse_args()
    if not DEFAULT_WAREHOUSE.exists():
        from etl.pipeline.build import build

        build()
    results = [measure(n, args.timeout) for n in args.rows]
    meta = {"cpus": os.cpu_count(), "python": platform.python_version(), "date": time.strftime("%Y-%m-%d")}
    (RESULTS / "load.json").write_text(json.dumps({"meta": meta, "results": results}, indent=1) + "\n")
    lines = ["# Loading one large template file", "",
             f"`python -m benchmarks.load_bench`; {meta['cpus']} CPUs, Python {meta['python']}, {meta['date']}. "
             "Each column is a fresh process: wall time, its own peak memory. Not a test.", "",
             "| rows | file | DuckDB read_csv | pandas → SQLite | this project (etl add) | × DuckDB | × pandas | loaded |",
             "|---:|---:|---:|---:|---:|---:|---:|:---|"]
    for r in results:
        ours = f"{r['ours_s']} s, {r['ours_mb']} MB" if r["ours_s"] else "—"
        lines.append(f"| {r['rows']:,} | {r['file_mb']} MB | {r['duckdb_s']} s, {r['duckdb_mb']} MB | "
                     f"{r['pandas_s']} s, {r['pandas_mb']} MB | {ours} | {r.get('x_duckdb', '—')} | "
                     f"{r.get('x_pandas', '—')} | {'yes' if r['loaded'] else 'no: ' + r['note']} |")
    lines += ["", "Goal (issue #12): at most 2× DuckDB's read_csv, at least 5× faster than pandas → SQLite (× pandas "
              "≤ 0.2), peak memory at most 2× DuckDB's."]
    (RESULTS / "load.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
