"""The warehouse file: a new file beside it, checked, then swapped in with ``os.replace``; the
load manifest beside it (``<warehouse>.manifest.json``)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import duckdb


def new_file_beside(warehouse: Path) -> Path:
    """A fresh path next to the warehouse (same file system, so ``os.replace`` is atomic)."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=warehouse.name + ".", suffix=".tmp", dir=warehouse.parent)
    os.close(fd)
    path = Path(name)
    path.unlink()  # DuckDB wants to create the file itself
    return path


def new_temp_file() -> Path:
    """A fresh path in the temporary folder (a build for a lake is made there, then published)."""
    fd, name = tempfile.mkstemp(prefix="djcx-build.", suffix=".duckdb")
    os.close(fd)
    path = Path(name)
    path.unlink()
    return path


def remove(path: Path) -> None:
    """A temporary warehouse file and its write-ahead log."""
    for p in (path, Path(str(path) + ".wal")):
        p.unlink(missing_ok=True)


def manifest_rows(con: duckdb.DuckDBPyConnection) -> list[dict]:
    cur = con.execute("SELECT * FROM load_manifest ORDER BY file_path")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def manifest_path(warehouse: Path) -> Path:
    return Path(warehouse).with_name(Path(warehouse).stem + ".manifest.json")


def _manifest_text(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def write_manifest_json(rows: list[dict], warehouse: Path) -> None:
    """The side file ``<warehouse>.manifest.json`` the build writes, kept in step after an add: written to a
    temporary file beside it, then swapped in with ``os.replace`` (a kill leaves the old or the new file)."""
    path = manifest_path(warehouse)
    fd, name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(_manifest_text(rows))
            f.flush()
            os.fsync(f.fileno())
        os.chmod(name, 0o644)
        os.replace(name, path)
    finally:
        Path(name).unlink(missing_ok=True)


def repair_manifest(warehouse: Path) -> bool:
    """The side file rewritten when it disagrees with the warehouse's ``load_manifest`` (a write killed between
    its swap and the side file); stale temporary side files removed. Call while holding the write lock.
    True when it was rewritten."""
    path = manifest_path(warehouse)
    for p in path.parent.glob(path.name + ".*.tmp"):
        p.unlink(missing_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = manifest_rows(con)
    finally:
        con.close()
    try:
        if path.read_text(encoding="utf-8") == _manifest_text(rows):
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_manifest_json(rows, warehouse)
    return True
