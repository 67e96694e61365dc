"""Shared fixtures: a copy of data/ in a temp folder, a built warehouse, the seeds folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl import DATA_DIR, PROJECT_ROOT

SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ (reference, figures, mentions) that a test may break."""
    dst = tmp_path / "data"
    for sub in ("reference", "figures", "mentions"):
        if (DATA_DIR / sub).exists():
            shutil.copytree(DATA_DIR / sub, dst / sub)
    return dst


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory) -> Path:
    """The real data, built once per test session into a temp file."""
    from etl.build import build

    path = tmp_path_factory.mktemp("wh") / "warehouse.duckdb"
    build(DATA_DIR, path)
    return path


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("source reports not available at ../shared/seeds")
    return SEEDS
