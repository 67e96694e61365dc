"""kill -9 at random points of an add and of a rollback: the warehouse always opens and equals exactly the
before or the after state, and once the next command has run, the batch log and the archive agree with it
and no temporary copy is left behind."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
from intake_support import csv_bytes, synthetic_rows

from core.settings import PROJECT_ROOT
from etl.intake import service
from etl.pipeline.build import build
from etl.warehouse import archive

KILLS = 10


def _rows(years: int) -> list[list[str]]:
    return [[*r[:11], str(y), *r[12:]] for y in range(2000, 2000 + years) for r in synthetic_rows(seed=9)]


def _state(wh: Path) -> tuple[frozenset, frozenset]:
    con = duckdb.connect(str(wh), read_only=True)
    try:
        facts = frozenset(r[0] for r in con.execute("SELECT fact_id FROM fact").fetchall())
        adds = frozenset(r[0] for r in con.execute("SELECT batch_id FROM load_batch WHERE kind = 'add'").fetchall())
        return facts, adds
    finally:
        con.close()


def _cli(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.Popen([sys.executable, "-m", "etl", *args], cwd=PROJECT_ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _agree(data: Path, wh: Path) -> None:
    """After the next command (here ``etl batches``'s repair), log, archive and warehouse say the same."""
    _, adds = _state(wh)
    logged = service.list_batches(data, wh)
    assert {b["batch_id"] for b in logged if not b.get("rolled_back")} == set(adds)
    for b in logged:
        stored = archive.archive_dir(data) / b["archive"]
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == b["sha256"]


def _timed(cmd) -> float:
    started = time.monotonic()
    assert _cli(*cmd).wait(timeout=300) == 0
    return time.monotonic() - started


def test_kill_9_at_random_points_of_adds_and_rollbacks(data_copy, tmp_path):
    wh = tmp_path / "warehouse.duckdb"
    build(data_copy, wh)
    upload = tmp_path / "syn.csv"
    upload.write_bytes(csv_bytes(_rows(12)))
    add = ("add", str(upload), "--data", str(data_copy), "--warehouse", str(wh), "--who", "crash-test")
    pristine = tmp_path / "pristine"
    shutil.copytree(data_copy, pristine / "data")
    shutil.copy(wh, pristine / "warehouse.duckdb")

    def reset() -> None:
        shutil.rmtree(data_copy)
        shutil.copytree(pristine / "data", data_copy)
        shutil.copy(pristine / "warehouse.duckdb", wh)

    before = _state(wh)
    add_time = _timed(add)
    after = _state(wh)
    assert after != before and len(after[1]) == 1
    bid = next(iter(after[1]))
    loaded = tmp_path / "loaded"
    shutil.copytree(data_copy, loaded / "data")
    shutil.copy(wh, loaded / "warehouse.duckdb")
    rollback = ("rollback", str(bid), "--data", str(data_copy), "--warehouse", str(wh), "--who", "crash-test")
    rollback_time = _timed(rollback)
    assert _state(wh)[0] == before[0]

    rng = random.Random(20261130)
    seen = {"add": set(), "rollback": set()}
    for n in range(KILLS):
        what = "add" if n % 2 == 0 else "rollback"
        reset()
        if what == "rollback":   # from the loaded state: the warehouse with the batch, its log and archive
            shutil.rmtree(data_copy)
            shutil.copytree(loaded / "data", data_copy)
            shutil.copy(loaded / "warehouse.duckdb", wh)
        start, end = (before, after) if what == "add" else (after, (before[0], frozenset()))
        proc = _cli(*(add if what == "add" else rollback))
        time.sleep(rng.uniform(0.3, (add_time if what == "add" else rollback_time) * 1.1))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        state = _state(wh)                       # it opens
        assert state[0] in (start[0], end[0]), f"kill {n} ({what}): neither the before nor the after state"
        seen[what].add("before" if state[0] == start[0] else "after")
        _agree(data_copy, wh)
        if what == "rollback" and state[0] == end[0]:
            assert [b["rolled_back"] for b in service.list_batches(data_copy, wh)] == [True]
    # the next write removes what killed ones left behind
    assert _cli(*add[:-2], "--dry-run").wait(timeout=300) == 0
    assert not list(wh.parent.glob(wh.name + ".*.tmp*")), list(wh.parent.iterdir())
    assert not list(archive.archive_dir(data_copy).glob("*.tmp"))
    print("kill outcomes:", seen)
