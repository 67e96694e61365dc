"""The audit log: every write (add, review load, rollback, account change) and every sign-in, with who,
when, from where and which batch. Append-only from the product's side; administrators read it on a page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from core.auth import db
from core.auth.roles import Principal
from core.text import safe_name

COLUMNS = ("id", "at", "actor", "role", "via", "client", "action", "batch_id", "target", "outcome", "detail")


def record(actor: Principal, action: str, *, batch_id: int | None = None, target: str = "", outcome: str = "ok",
           detail: str = "", path: Path | None = None) -> None:
    at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    with db.connect(path) as con:
        con.execute("INSERT INTO audit (at, actor, role, via, client, action, batch_id, target, outcome, detail) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [at, safe_name(actor.name, 200), actor.role, actor.via, safe_name(actor.client, 100), action,
                     batch_id, safe_name(target, 300), outcome, safe_name(detail, 500)])


def entries(limit: int = 1000, path: Path | None = None) -> list[dict]:
    """The newest entries first."""
    with db.connect(path, create=False) as con:
        if con is None:
            return []
        rows = con.execute(f"SELECT {', '.join(COLUMNS)} FROM audit ORDER BY id DESC LIMIT ?", [int(limit)])
        return [dict(zip(COLUMNS, r, strict=True)) for r in rows.fetchall()]
