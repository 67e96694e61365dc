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


def write_manifest_json(rows: list[dict], warehouse: Path) -> None:
    """The side file ``<warehouse>.manifest.json`` the build writes, kept in step after an add."""
    path = Path(warehouse).with_name(Path(warehouse).stem + ".manifest.json")
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
