"""Where the dashboard finds its warehouse and the user's copies of the source reports."""

from __future__ import annotations

import os
from pathlib import Path

from etl import DEFAULT_WAREHOUSE, PROJECT_ROOT

TRUE_WORDS = {"1", "true", "yes"}


def warehouse_path() -> Path:
    """The DuckDB warehouse: env DJCX_WAREHOUSE, else data/warehouse.duckdb."""
    env = os.environ.get("DJCX_WAREHOUSE", "").strip()
    return Path(env).expanduser() if env else DEFAULT_WAREHOUSE


def sources_dir() -> Path:
    """Folder of report files (found by sha256): env DJCX_SOURCES_DIR, else ../shared/seeds."""
    env = os.environ.get("DJCX_SOURCES_DIR", "").strip()
    return Path(env).expanduser() if env else PROJECT_ROOT.parent / "shared" / "seeds"


def import_enabled() -> bool:
    """Whether the analyst import page is offered (env DJCX_ENABLE_IMPORT=1/true/yes)."""
    return os.environ.get("DJCX_ENABLE_IMPORT", "").strip().lower() in TRUE_WORDS
