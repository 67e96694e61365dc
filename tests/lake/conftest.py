"""Fixtures of the DuckLake tests: one throwaway PostgreSQL per session (tests/lake/postgres.py) and a lake
built from data/ in it, with its data files in a temp folder."""

from __future__ import annotations

import importlib.util
import itertools
import shutil

import pytest

from etl.tools import throwaway_postgres as pg_server

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg():
    if importlib.util.find_spec("duckdb_extension_ducklake") is None:
        pytest.skip("the DuckLake environment is not this one: `make test` runs tests/lake in .venv-lake "
                    "(requirements-lake.txt), or run `make test-lake`")
    if pg_server.binaries() is None:
        pytest.skip("PostgreSQL is not installed (make test installs it: scripts/setup_system.sh --test)")
    server = pg_server.start()
    yield server
    server.stop()


@pytest.fixture
def new_lake(pg, tmp_path):
    """A function making an empty lake: its attach string."""
    return lambda: pg.lake(f"lake{next(_names)}", tmp_path / f"lakedata{next(_names)}")


@pytest.fixture(scope="session")
def built_lake(pg, tmp_path_factory):
    """data/ built into a lake once per session (tests only read it)."""
    from core.settings import DATA_DIR
    from etl.pipeline.build import build

    root = tmp_path_factory.mktemp("lake")
    lake = pg.lake("builtlake", root / "files")
    build(DATA_DIR, lake)
    yield lake
    shutil.rmtree(root, ignore_errors=True)
