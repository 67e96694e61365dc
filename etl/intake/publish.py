"""Publishing: an analyst's batch is loaded as a draft, which analysts and administrators see (marked 草稿) and
viewers, the big screen and their exports do not, until it is published. Unpublishing takes it back.

Who may publish is a setting (``DJCX_PUBLISH``): ``admin`` (an administrator, the default), ``second_analyst``
(an analyst other than the one who loaded it, or an administrator), or ``auto`` (no drafts: a one-person setup).
A state change is a write like any other: under the write lock, one transaction that sets ``load_batch.state``,
records the event in the warehouse and refreshes the viewers' coverage mart for the batch's reports, then a line
in the batch log (so a rebuild keeps the state), then an entry in the audit log. No figure is copied: the views
of the schema ``published`` read the state.
"""

from __future__ import annotations

from pathlib import Path

from core import labels, settings
from core.auth import audit, guard
from core.auth.guard import PermissionDenied
from core.auth.roles import IMPORT, PUBLISH, VIEW, Principal
from core.settings import DATA_DIR
from core.text import safe_name
from etl.intake.target import Target, UsageError, locate, repair, writing
from etl.pipeline import marts
from etl.warehouse import archive, checks, definitions, events


def denial(batch: dict, who: Principal) -> str | None:
    """Why ``who`` may not publish or unpublish the batch (None: they may)."""
    if who.can(PUBLISH):
        return None
    if settings.publish_mode() == "second_analyst" and who.can(IMPORT):
        mine = batch.get("who") == who.name and batch.get("via", "cli") == who.via
        return labels.both("pub_denied_own", batch=batch["batch_id"]) if mine else None
    return labels.both("pub_denied_admin")


def may_publish(batch: dict, who: Principal) -> bool:
    return denial(batch, who) is None


def publish(batch_id: int, who: Principal | str | None = None, data_dir: Path = DATA_DIR, warehouse=None) -> dict:
    """Make the batch visible to everyone; returns its log record folded (``archive.batches``)."""
    return _set_state(batch_id, "published", who, Path(data_dir), warehouse)


def unpublish(batch_id: int, who: Principal | str | None = None, data_dir: Path = DATA_DIR,
              warehouse=None) -> dict:
    """Take the batch back to a draft: viewers no longer see it (what it replaced shows again)."""
    return _set_state(batch_id, "draft", who, Path(data_dir), warehouse)


def _set_state(batch_id: int, state: str, who, data_dir: Path, warehouse) -> dict:
    event = "publish" if state == "published" else "unpublish"
    actor = guard.require(who, VIEW, event)
    loc = locate(warehouse)
    name = safe_name(actor.name, 100)
    with writing(data_dir, event, name):
        repair(data_dir, loc)
        archive.note_holder(data_dir, batch=batch_id)
        found = {b["batch_id"]: b for b in archive.batches(data_dir)}
        batch = found.get(batch_id)
        if batch is None:
            raise UsageError(labels.both("cli_no_such_batch", batch=batch_id))
        why = denial(batch, actor)
        if why:
            audit.record(actor, event, batch_id=batch_id, outcome="denied", detail=why.split(" / ")[-1])
            raise PermissionDenied(why)
        if batch.get("rolled_back"):
            raise UsageError(labels.both("pub_rolled_back", batch=batch_id))
        if batch.get("state") == state:
            raise UsageError(labels.t("pub_already", "zh", batch=batch_id, state=labels.t(f"pub_state_{state}", "zh"))
                             + " / " + labels.t("pub_already", "en", batch=batch_id,
                                                state=labels.t(f"pub_state_{state}", "en")))
        record = {"event": event, "batch_id": batch_id, "who": name, "via": actor.via, "when": archive.utc_now(),
                  "seq": batch.get("state_changes", 0) + 1}
        _write(loc, batch_id, state, record)
        archive.append(data_dir, [record])   # after the commit; a crash in between is repaired by events.reconcile
    audit.record(actor, event, batch_id=batch_id, target=batch.get("file_name", ""))
    return {b["batch_id"]: b for b in archive.batches(data_dir)}[batch_id]


def _write(loc, batch_id: int, state: str, record: dict) -> None:
    target = Target(loc)
    try:
        con = target.con
        con.execute("BEGIN TRANSACTION")
        n = con.execute("SELECT count(*) FROM load_batch WHERE batch_id = ? AND kind = 'add'", [batch_id]).fetchall()
        if not n[0][0]:
            con.execute("ROLLBACK")
            raise UsageError(labels.both("pub_not_in_warehouse", batch=batch_id))
        published = state == "published"
        con.execute("UPDATE load_batch SET state = ?, published_at = ?, published_by = ? WHERE batch_id = ?",
                    [state, record["when"].replace("Z", "") if published else None,
                     record["who"] if published else None, batch_id])
        events.insert(con, [record])
        events.bump(con, record["when"])
        # what viewers see of the batch's reports changed: their rows of the viewers' marts, from the views
        reports = [r[0] for r in con.execute(
            "SELECT report_id FROM fact WHERE batch_id = $b UNION SELECT report_id FROM fact_held WHERE replaced_by = $b",
            {"b": batch_id}).fetchall()]
        definitions.refresh_marts(con, touched={"report_id": reports})
        scopes = marts.write_scopes([batch_id], reports)
        checks.check(con, full=False, scopes={**scopes, "fact_held": f"replaced_by = {int(batch_id)}",
                                              "load_event": f"batch_id = {int(batch_id)}"})
        con.execute("COMMIT")
        target.swap_in()
    finally:
        target.close()
