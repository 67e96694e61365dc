"""The batch events a warehouse state includes (table ``load_event``) and the data version (``meta_version``),
both written in the same transaction as the data; and the repair after a crash.

Every write commits the warehouse first and appends to ``batches.jsonl`` second. A ``kill -9`` between the two
leaves the log one event short of the warehouse; ``reconcile`` (run by every write and by ``etl batches``)
appends what the warehouse holds and the log lacks, so the two agree again. Temporary warehouse copies a
killed write left behind are removed by the next write.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from pathlib import Path

import duckdb

from etl.warehouse import archive

STATE_EVENTS = ("publish", "unpublish")
EVENTS = ("add", "rollback", *STATE_EVENTS)


def _key(rec: dict) -> tuple[str, int, int | None]:
    return rec.get("event"), rec.get("batch_id"), rec.get("seq")


def insert(con: duckdb.DuckDBPyConnection, records: list[dict]) -> None:
    rows = [(r["event"], r["batch_id"], json.dumps(r, ensure_ascii=False, sort_keys=True))
            for r in records if r.get("event") in EVENTS]
    if rows:
        con.executemany("INSERT INTO load_event VALUES (?, ?, ?)", rows)


def bump(con: duckdb.DuckDBPyConnection, when: str | None) -> int:
    """Raise the data version by one (in the caller's transaction); return the new version."""
    stamp = dt.datetime.fromisoformat(when.replace("Z", "")) if when else None
    con.execute("UPDATE meta_version SET version = version + 1, written_at = ?", [stamp])   # (no RETURNING in a lake)
    return con.execute("SELECT version FROM meta_version").fetchall()[0][0]


def stored(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The events in the warehouse, oldest first (an older warehouse without the table has none)."""
    try:
        rows = con.execute("SELECT record FROM load_event").fetchall()
    except duckdb.CatalogException:
        return []
    order = {e: i for i, e in enumerate(EVENTS)}
    recs = [json.loads(r[0]) for r in rows]
    # by batch, then add, the state changes in their order, rollback last
    return sorted(recs, key=lambda r: (r.get("batch_id") or 0, 1 if r.get("event") in STATE_EVENTS else
                                       2 * (order.get(r.get("event"), 0)), r.get("seq") or 0))


def next_batch_id(con: duckdb.DuckDBPyConnection, data_dir: Path) -> int:
    """Above every batch id in the log and in the warehouse (a lake may hold a batch another machine just
    committed whose log line is not there yet)."""
    in_log = archive.next_batch_id(data_dir)
    in_wh = con.execute("SELECT max(batch_id) FROM load_batch").fetchall()[0][0] or 0
    return max(in_log, in_wh + 1, archive.FIRST_ADD_BATCH)


def reconcile(data_dir: Path, con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Append to the log the events the warehouse committed and the log lacks; return them."""
    have = {_key(r) for r in archive.read_log(data_dir)}
    missing = [r for r in stored(con) if _key(r) not in have]
    if missing:
        archive.append(data_dir, missing)
    return missing


def remove_stale_archive_temp(data_dir: Path, older_than: float = 600.0) -> list[Path]:
    """Half-written archive files (``archive/*.tmp``) of killed writes, once older than any live write's."""
    gone = []
    for p in archive.archive_dir(data_dir).glob("*.tmp"):
        try:
            if time.time() - p.stat().st_mtime > older_than:
                p.unlink()
                gone.append(p)
        except OSError:
            pass
    return gone


def remove_leftovers(warehouse: Path) -> list[Path]:
    """Temporary copies (``<warehouse>.*.tmp`` and their ``.wal``) of writes that were killed. Call only while
    holding the write lock: then no live write owns one."""
    gone = []
    for p in sorted(Path(warehouse).parent.glob(Path(warehouse).name + ".*.tmp*")):
        if p.is_dir():                      # DuckDB's spill folder of a copy (<copy>.tmp)
            shutil.rmtree(p, ignore_errors=True)
        elif p.suffix in (".tmp", ".wal"):
            p.unlink(missing_ok=True)
        else:
            continue
        gone.append(p)
    return gone
