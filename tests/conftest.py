"""Shared fixtures: a copy of data/ in a temp folder, a built warehouse, the seeds folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.settings import DATA_DIR, PROJECT_ROOT
from etl.pipeline.build import build

SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"
REPORTS = PROJECT_ROOT.parent / "shared" / "reports"
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"


def copy_data(dst: Path) -> Path:
    """Copy the inputs of data/ (reference, figures, mentions) to ``dst``; never the archive."""
    for sub in ("reference", "figures", "mentions"):
        if (DATA_DIR / sub).exists():
            shutil.copytree(DATA_DIR / sub, dst / sub)
    return dst


@pytest.fixture(scope="session", autouse=True)
def _private_account_store(tmp_path_factory):
    """Every test (and every app a test starts) uses a throwaway account store, never data/accounts.sqlite."""
    import os

    old = os.environ.get("DJCX_ACCOUNTS")
    os.environ["DJCX_ACCOUNTS"] = str(tmp_path_factory.mktemp("accounts") / "accounts.sqlite")
    yield
    if old is None:
        os.environ.pop("DJCX_ACCOUNTS", None)
    else:
        os.environ["DJCX_ACCOUNTS"] = old


@pytest.fixture
def account_store(tmp_path, monkeypatch) -> Path:
    """A fresh, empty account store for one test."""
    path = tmp_path / "accounts.sqlite"
    monkeypatch.setenv("DJCX_ACCOUNTS", str(path))
    return path


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    return copy_data(tmp_path / "data")


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory) -> Path:
    """The real data, built once per test session into a temp file."""

    path = tmp_path_factory.mktemp("wh") / "warehouse.duckdb"
    build(DATA_DIR, path)
    return path


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory) -> Path:
    """Only the five seed reports' curated figures (data/figures/0*.csv): the set the dashboard's tests
    were written against, with its known numbers (60 figures, 5 reports)."""
    root = tmp_path_factory.mktemp("seedwh")
    data = copy_data(root / "data")
    for f in (data / "figures").glob("*.csv"):
        if not f.name.startswith("0"):
            f.unlink()
    path = root / "warehouse.duckdb"
    build(data, path)
    return path


@pytest.fixture
def sources() -> list[Path]:
    """Every source folder the committed figures point into: the seeds, the development reports, the corpus."""
    if not (SEEDS.is_dir() and REPORTS.is_dir() and CORPUS.is_dir()):
        pytest.skip("source reports not available at ../shared")
    return [SEEDS, REPORTS, CORPUS]


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("source reports not available at ../shared/seeds")
    return SEEDS


# ------------------------------------------------------------------ intake (tests/etl/test_intake*.py)


@pytest.fixture(scope="session")
def pristine(tmp_path_factory) -> tuple[Path, Path]:
    """data/ and its warehouse, built once; tests that write use ``env`` (a private copy)."""
    root = tmp_path_factory.mktemp("pristine")
    data = copy_data(root / "data")
    build(data, root / "warehouse.duckdb")
    return data, root / "warehouse.duckdb"


@pytest.fixture
def env(pristine, tmp_path) -> tuple[Path, Path]:
    data, wh = tmp_path / "data", tmp_path / "warehouse.duckdb"
    shutil.copytree(pristine[0], data)
    shutil.copyfile(pristine[1], wh)
    return data, wh
