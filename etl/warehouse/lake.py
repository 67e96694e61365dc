"""Writing to a DuckLake: the models' tables in a lake, a built warehouse published into one, and the retry
of a transaction that lost a race with another writer.

A lake has no primary keys, unique or foreign-key constraints, so its tables are created from the models'
SQL without them; the models' checks (``unique``, ``relationships`` …) enforce the same rules on every write,
on the lake as on a file. ``publish`` replaces every table's rows in one lake transaction: readers see the
old snapshot or the new one, never a mix, and the snapshots before it stay readable (time travel).
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb

from core.location import Location
from etl.warehouse import definitions

T = TypeVar("T")
ATTEMPTS = 8
_CONSTRAINTS = re.compile(r"\s+(PRIMARY\s+KEY|UNIQUE)\b|\s+REFERENCES\s+\w+\s*\([^)]*\)", re.I)


def lake_sql(sql: str) -> str:
    """A model's CREATE TABLE without the constraints a lake does not support."""
    return _CONSTRAINTS.sub("", sql)


def is_conflict(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.TransactionException) or "conflict" in str(exc).lower()


def with_retry(fn: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """Run ``fn`` (one whole transaction); when the lake refuses its commit because another writer committed
    first, run it again on the new state, after a short random wait."""
    for n in range(attempts):
        try:
            return fn()
        except duckdb.Error as exc:
            if n == attempts - 1 or not is_conflict(exc):
                raise
            time.sleep(random.uniform(0.1, 0.5) * 2 ** min(n, 4))   # jittered, growing: 0.1 s … 8 s
    raise AssertionError("unreachable")


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The lake's tables, by model name: ``fact``, ``published.mart_coverage``."""
    rows = con.execute("SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database()"
                       ).fetchall()
    return {t if s == "main" else f"{s}.{t}" for s, t in rows}


def publish(built: Path, location: Location) -> None:
    """Replace the lake's contents with the checked warehouse file ``built``, in one lake transaction."""

    def once() -> None:
        con = location.connect()
        try:
            con.execute(f"ATTACH '{built}' AS src (READ_ONLY)")
            have = _tables(con)
            con.execute("BEGIN")
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {definitions.PUBLISHED_SCHEMA}")
            for m in definitions.load_models():
                if m.kind == "published":
                    continue
                if m.kind == "view":
                    con.execute(m.sql.replace("CREATE VIEW", "CREATE OR REPLACE VIEW", 1))
                    continue
                if m.name not in have:
                    con.execute(lake_sql(m.sql) if m.kind == "table" else
                                f"CREATE TABLE {m.name} AS SELECT * FROM src.{m.name} LIMIT 0")
                else:
                    con.execute(f"DELETE FROM {m.name}")
                con.execute(f"INSERT INTO {m.name} SELECT * FROM src.{m.name}")
            definitions.create_published(con, replace=True)
            con.execute("COMMIT")
        finally:
            con.close()

    with_retry(once)
