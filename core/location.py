"""Where the warehouse lives: one local DuckDB file (the default), or a DuckLake.

``DJCX_WAREHOUSE`` (or ``--warehouse``) is either a file path, or a DuckLake attach string written as
DuckDB's own ``ATTACH`` takes it, with its options after it::

    data/warehouse.duckdb
    ducklake:postgres:dbname=djcx host=db.example port=5432 user=djcx (DATA_PATH '/mnt/lake/')
    ducklake:/srv/lake/catalog.ducklake (DATA_PATH '/srv/lake/data/')

Every reader and writer gets its connection from ``Location.connect``, so build, add, rollback, verify,
the dashboard, export and the notebooks share one code path. For a lake the connection is an in-memory
DuckDB with the lake attached as ``wh`` and made the default (``USE wh``): the models' SQL runs unchanged.

Offline: the ducklake and postgres extensions are loaded by path from the ``duckdb-extension-*`` wheels
in requirements-lake.txt (``LOAD '<file>'``), never ``INSTALL``ed from the internet. A wheel's extension works
only with the DuckDB version it was built for, hence a lake runs DuckDB 1.5.5 (docs/DEPENDENCIES.md). Passwords never
go in the attach string: libpq reads ``PGPASSWORD`` or ``~/.pgpass`` (docs/DEPLOY.md).
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

LAKE_PREFIX = "ducklake:"
LAKE_ALIAS = "wh"
# catalog kind (from the attach string) -> the extension it needs besides ducklake
_CATALOG_EXTENSIONS = {"postgres": "postgres_scanner", "sqlite": "sqlite_scanner", "mysql": "mysql_scanner"}
_OPTIONS = re.compile(r"^(?P<target>ducklake:[^()]+?)\s*(?:\((?P<options>[^()]*)\))?\s*$", re.S)


class LocationError(ValueError):
    """The warehouse location cannot be used (malformed attach string, extension missing)."""


def extension_file(name: str) -> Path:
    """The extension binary shipped by the ``duckdb-extension-<name>`` wheel for this DuckDB version."""
    module = "duckdb_extension_" + name
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise LocationError(f"the DuckDB extension '{name}' is not installed: pip install duckdb-extension-"
                            f"{name.replace('_', '-')}=={duckdb.__version__}")
    root = Path(next(iter(spec.submodule_search_locations))) / "extensions" / f"v{duckdb.__version__}"
    found = sorted(root.glob("*.duckdb_extension"))
    if not found:
        raise LocationError(f"the installed duckdb-extension-{name} has no build for DuckDB {duckdb.__version__} "
                            f"(looked in {root}); install the matching version")
    return found[0]


def load_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    loaded = con.execute("SELECT loaded FROM duckdb_extensions() WHERE extension_name = ?", [name]).fetchall()
    if loaded and loaded[0][0]:
        return
    con.execute(f"LOAD '{extension_file(name)}'")


@dataclass(frozen=True)
class Location:
    """A warehouse location. ``text`` is what the user wrote; a file is ``kind == 'file'``."""

    text: str

    @property
    def is_lake(self) -> bool:
        return self.text.startswith(LAKE_PREFIX)

    @property
    def kind(self) -> str:
        return "lake" if self.is_lake else "file"

    @property
    def path(self) -> Path:
        """The file (file warehouses only)."""
        if self.is_lake:
            raise LocationError("a DuckLake warehouse has no single file")
        return Path(self.text).expanduser()

    def _lake_parts(self) -> tuple[str, str]:
        m = _OPTIONS.match(self.text)
        if not m or "'" in m.group("target"):
            raise LocationError(f"not a DuckLake attach string: {self.text!r} (expected ducklake:<catalog> "
                                "optionally followed by (DATA_PATH '<folder>', …))")
        return m.group("target"), (m.group("options") or "").strip()

    @property
    def display(self) -> str:
        """Shown to users: the path, or the lake's catalog without any option values."""
        if not self.is_lake:
            return str(self.path)
        target, _ = self._lake_parts()
        return re.sub(r"(password)=\S+", r"\1=***", target, flags=re.I)

    def exists(self) -> bool:
        if not self.is_lake:
            return self.path.exists() and self.path.stat().st_size > 0
        try:
            con = self.connect(read_only=True)
        except (duckdb.Error, LocationError):
            return False
        try:
            return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = ? "
                                    "AND table_name = 'fact'", [LAKE_ALIAS]).fetchall()[0][0])
        finally:
            con.close()

    def connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        """A connection whose default catalog is the warehouse."""
        if not self.is_lake:
            return duckdb.connect(str(self.path), read_only=read_only)
        target, options = self._lake_parts()
        catalog = target[len(LAKE_PREFIX):].split(":", 1)[0]
        con = duckdb.connect()
        try:
            load_extension(con, "ducklake")
            if catalog in _CATALOG_EXTENSIONS:
                load_extension(con, _CATALOG_EXTENSIONS[catalog])
            opts = [o for o in (options, "READ_ONLY" if read_only else "") if o]
            quoted = target.replace("'", "''")
            con.execute(f"ATTACH '{quoted}' AS {LAKE_ALIAS}" + (f" ({', '.join(opts)})" if opts else ""))
            con.execute(f"USE {LAKE_ALIAS}")
        except BaseException:
            con.close()
            raise
        return con

    def version(self, con: duckdb.DuckDBPyConnection) -> int | None:
        """The lake's newest snapshot id: it changes with every commit (None for a file)."""
        if not self.is_lake:
            return None
        return int(con.execute(f"SELECT max(snapshot_id) FROM {LAKE_ALIAS}.snapshots()").fetchall()[0][0])


def parse(value: str | Path | Location) -> Location:
    if isinstance(value, Location):
        return value
    return Location(str(value).strip())
