"""Step 5 of every write: rebuild the marts (models/marts/*.sql), then run every model's checks.

``mart_coverage`` is ``v_coverage`` computed once per load instead of on every page view (at 10M facts
the view takes ~1.7 s; the table answers in milliseconds). The build, ``etl add`` and rollback call
``finish`` on their new state before it replaces the warehouse, so a mart is never stale and a state
that breaks a check is never served.
"""

from __future__ import annotations

import duckdb

from etl.pipeline.dates import stamp_reference_dates
from etl.warehouse import checks, definitions


def refresh(con: duckdb.DuckDBPyConnection, touched: dict | None = None) -> None:
    definitions.refresh_marts(con, touched=touched)


def finish(con: duckdb.DuckDBPyConnection, full: bool = True, touched: dict | None = None,
           scopes: dict[str, str] | None = None) -> None:
    """Derived columns set (reference dates), marts rebuilt, every model check run
    (``checks.ModelCheckError`` if one fails). ``full=False`` (an add or an in-place rollback): the marts were
    just refreshed from their views here, so the whole-mart comparisons and the build-only checks are skipped,
    and ``scopes`` limits the big tables' checks to the rows the write touched (``checks.failures``)."""
    stamp_reference_dates(con)
    refresh(con, touched)
    checks.check(con, full=full, scopes=scopes)


def write_scopes(batch_ids: list[int], reports: list[str]) -> dict[str, str]:
    """The rows an add or a rollback touched: its facts, and the coverage rows of its reports."""
    ids = ", ".join(definitions.sql_literal(int(b)) for b in batch_ids) or "NULL"
    reps = ", ".join(definitions.sql_literal(r) for r in reports) or "NULL"
    return {"fact": f"batch_id IN ({ids})", "mart_coverage": f"report_id IN ({reps})",
            "published.mart_coverage": f"report_id IN ({reps})"}
