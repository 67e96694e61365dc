"""The checks every warehouse model must pass, each a SQL query counting the rows that break it (the kinds
are listed in ``etl.warehouse.definitions``), run together in one query on a new warehouse state before it
replaces the served one. ``check`` raises ``ModelCheckError`` (a ``ValidationError``, so every writer already
treats it as "nothing written")."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.issues import Problem, ValidationError
from etl.warehouse.definitions import Check, load_models


@dataclass(frozen=True)
class Failure:
    check: Check
    rows: int

    def problem(self) -> Problem:
        return Problem.of(f"warehouse model {self.check.model}", None, self.check.column, None,
                          "msg_model_check_failed", "hint_model_check_failed", check=self.check.label(), n=self.rows)


class ModelCheckError(ValidationError):
    """One or more model checks failed on a new warehouse state, which was therefore not kept."""

    def __init__(self, failures: list[Failure]):
        self.failures = failures
        super().__init__([f.problem() for f in failures])


# Kinds that compare a whole mart with the view it is built from. A write that has just rebuilt the mart from
# that view in the same transaction has it equal by construction, so an add may skip them (2.2 s of 3.5 at 1M
# facts); every build runs them.
WHOLE_TABLE_KINDS = ("equals",)


def _planned(folder: Path | None, full: bool, scopes: dict[str, str] | None) -> list[tuple[Check, str]]:
    all_models = load_models(folder)
    mart_of = {m.depends_on[0]: m.name for m in all_models if m.kind == "mart" and m.refresh_by and m.depends_on}
    out = []
    for m in all_models:
        if not full and m.build_only:
            continue
        source = scope = None
        if scopes is not None and m.name in scopes:
            scope = scopes[m.name]
        elif scopes is not None and mart_of.get(m.name) in scopes:   # a view's rows, read from its fresh mart
            source = mart_of[m.name]
            scope = scopes[source]
        out += [(c, c.sql(source, scope)) for c in m.checks if full or c.kind not in WHOLE_TABLE_KINDS]
    return out


def failures(con: duckdb.DuckDBPyConnection, folder: Path | None = None, full: bool = True,
             scopes: dict[str, str] | None = None) -> list[Failure]:
    """Every check of every model, run in one query; the checks that do not hold.

    ``full=False`` (a write that adds rows): the whole-mart comparisons (WHOLE_TABLE_KINDS) and the models marked
    ``build_only`` are left to the build. ``scopes`` ({model: predicate}): the rows the write touched; a model
    listed there is checked on those rows (row checks) and on the keys they hold (key checks), a view whose mart
    is listed is checked on the mart's touched rows, and every other model in full."""
    planned = _planned(folder, full, scopes)
    if not planned:
        return []
    sql = "SELECT " + ", ".join(f"({q}) AS c{i}" for i, (_, q) in enumerate(planned))
    counts = con.execute(sql).fetchone()
    return [Failure(c, int(n)) for (c, _), n in zip(planned, counts, strict=True) if n]


def check(con: duckdb.DuckDBPyConnection, folder: Path | None = None, full: bool = True,
          scopes: dict[str, str] | None = None) -> None:
    """Raise ``ModelCheckError`` unless every check holds."""
    found = failures(con, folder, full, scopes)
    if found:
        raise ModelCheckError(found)
