"""The account store's SQLite file: accounts, sign-in failures and the audit log, kept outside the warehouse.

SQLite (standard library) because several app processes and the CLI update it at once: it serialises writers
and keeps a crash from leaving half a change. The file holds password hashes, so it is created mode 0600.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS account (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS failure (
    key TEXT PRIMARY KEY,          -- account:<name> or client:<address>
    count INTEGER NOT NULL,
    last_at REAL NOT NULL,
    locked_until REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS session (
    token_hash TEXT PRIMARY KEY,   -- sha256 of the browser's cookie; the token itself is never stored
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    via TEXT NOT NULL,
    since REAL NOT NULL,
    seen REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS revoked (
    identity TEXT PRIMARY KEY,     -- a single-sign-on identity signed out of: issuer|subject|issued-at
    at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    via TEXT NOT NULL,
    client TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    batch_id INTEGER,
    target TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT 'ok',
    detail TEXT NOT NULL DEFAULT ''
);
"""


def store_path() -> Path:
    from core import settings

    return settings.accounts_path()


_READY: set[str] = set()     # store files whose schema this process has already made sure of


@contextlib.contextmanager
def connect(path: Path | None = None, create: bool = True):
    """A connection in one transaction (committed on success); None when the file is absent and not created."""
    path = Path(path or store_path())
    if not path.exists():
        if not create:
            yield None
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)   # hashes: readable by the app's account only
        os.close(fd)
    con = sqlite3.connect(path, timeout=10, isolation_level=None)
    try:
        con.execute("PRAGMA busy_timeout = 10000")
        if str(path) not in _READY or con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
            con.executescript(SCHEMA)       # once per process and file, not on every page run
            _READY.add(str(path))
        con.execute("BEGIN IMMEDIATE")
        yield con
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()
