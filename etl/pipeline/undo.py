"""Rolling back the newest batch in place, in one transaction, instead of rebuilding everything.

An add records in its ``load_batch.note`` what it created (reports, indicators, organisations) and which
existing figures it replaced. The newest active batch that replaced nothing can therefore be undone exactly:
its figures, what it created, its manifest row and its batch row are deleted, the marts refreshed for its
reports and every check run. The result equals what a rebuild without the batch gives (a test compares them),
at the cost of an add rather than of replaying every batch. Any other batch (an older one, which later batches
may have been validated against, or one that replaced figures) is rolled back by the rebuild.
"""

from __future__ import annotations

import json

import duckdb

from etl.pipeline import marts
from etl.warehouse import events

CREATED = (("dim_report", "report_id"), ("dim_indicator", "indicator_key"), ("dim_organization", "org_id"))


def blocker(con: duckdb.DuckDBPyConnection, batch_id: int) -> str | None:
    """Why the batch cannot be undone in place (None: it can)."""
    rows = con.execute("SELECT kind, note FROM load_batch WHERE batch_id = ?", [batch_id]).fetchall()
    row = rows[0] if rows else None      # (fetchall: DuckDB 2 keeps a fetchone() result open on the connection)
    if row is None or row[0] != "add":
        return "not an analyst batch in this warehouse"
    note = json.loads(row[1] or "{}")
    if "created" not in note:
        return "loaded before batches recorded what they created"
    if note.get("replaced"):
        return "it replaced existing figures"
    newer = con.execute("SELECT count(*) FROM load_batch WHERE kind = 'add' AND batch_id > ?", [batch_id]).fetchall()
    if newer[0][0]:
        return "later batches were loaded after it"
    return None


def undo(con: duckdb.DuckDBPyConnection, batch_id: int, record: dict) -> None:
    """Remove the batch (in the caller's transaction; ``blocker`` said it can be)."""
    note = json.loads(con.execute("SELECT note FROM load_batch WHERE batch_id = ?", [batch_id]).fetchall()[0][0])
    touched = [r[0] for r in con.execute("SELECT DISTINCT report_id FROM fact WHERE batch_id = ?",
                                         [batch_id]).fetchall()]
    con.execute("DELETE FROM fact WHERE batch_id = ?", [batch_id])
    for table, key in CREATED:
        made = note["created"].get(table) or []
        if made:
            con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest($v))", {"v": made})
    con.execute("DELETE FROM load_manifest WHERE file_path = ?", [note.get("file")])
    con.execute("DELETE FROM load_batch WHERE batch_id = ?", [batch_id])
    events.insert(con, [record])
    events.bump(con, record.get("when"))
    marts.finish(con, full=False, touched={"report_id": touched}, scopes=marts.write_scopes([batch_id], touched))
