"""The three operations the CLI and the Import page share: add (with dry run), rollback, list.

An add validates and loads every file, the batch events and the marts in one transaction, then appends the
batch log. On a file warehouse the transaction runs on a private copy that ``os.replace`` swaps in (readers
keep their snapshot; new readers see the new file); on a DuckLake it runs on the lake itself. A rejected or
failed add leaves the warehouse as it was; a killed one leaves the before or the after state, and the next
write repairs the log and removes the copy (``etl.warehouse.events``).
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from core import labels, location, settings
from core.auth import audit, guard
from core.auth.guard import PermissionDenied
from core.auth.roles import IMPORT, REVIEW, ROLLBACK_ANY, ROLLBACK_OWN, Principal
from core.issues import ValidationError
from core.settings import DATA_DIR
from core.text import safe_name
from etl.extract.candidates import Meta as ReportMeta
from etl.extract.documents import DocumentError
from etl.intake import review
from etl.intake.preview import (
    VERDICT_ZH,
    preview_frame,
    problem_summary,
    problems_frame,
    summary_line,
    warnings_frame,
)
from etl.intake.publish import may_publish, publish, unpublish
from etl.intake.target import Target, UsageError, locate, repair, repair_log, writing
from etl.pipeline import marts, undo
from etl.pipeline.build import build
from etl.template.apply import Batch, apply_plan
from etl.template.context import Context
from etl.template.files import schema_markdown, template_csv_bytes, template_xlsx_bytes
from etl.template.plan import Plan, plan_file
from etl.template.validate import Options
from etl.warehouse import archive, events, lake

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_CONFLICT = 0, 1, 2, 3
_RANK = {"load": 0, "nothing": 0, "conflict": 1, "confirm": 1, "rejected": 2}


@dataclass
class Upload:
    name: str
    data: bytes


@dataclass
class AddResult:
    plans: list[Plan]
    verdicts: list[str]
    options: Options
    dry_run: bool
    context: Context | None = None
    batches: list[dict] = field(default_factory=list)   # log records written (empty unless loaded)

    @property
    def verdict(self) -> str:
        """rejected | conflict | load | nothing, the worst over all files."""
        if not self.verdicts:
            return "nothing"
        worst = max(self.verdicts, key=lambda v: _RANK[v])
        if worst in ("load", "nothing"):
            return "load" if "load" in self.verdicts else "nothing"
        return worst

    @property
    def loaded(self) -> bool:
        return bool(self.batches)

    @property
    def exit_code(self) -> int:
        return {"rejected": EXIT_REJECTED, "conflict": EXIT_CONFLICT, "confirm": EXIT_CONFLICT}.get(self.verdict, EXIT_OK)


def add(uploads: list[Upload], options: Options | None = None, who: Principal | str | None = None,
        data_dir: Path = DATA_DIR, warehouse=None, dry_run: bool = False, action: str = "add") -> AddResult:
    """Validate every file, then load them all (one batch each) or nothing, in one transaction.

    A file warehouse is written as a private copy swapped in with ``os.replace`` (DuckDB lets no other
    process read a file while one writes it, so the dashboard keeps its snapshot). A lake is written in place,
    in one lake transaction; readers see its snapshot before or after. Writers queue on the lock in the shared
    data folder (a lake's optimistic commits alone livelocked with 4 writers, whose ~3 s transactions kept
    overlapping: benchmarks/results/lake.md); on a lake, a commit that still loses a race (a writer not sharing
    the data folder) runs again on the new state (``lake.with_retry``).

    ``who`` is the signed-in ``Principal`` (the dashboard) or the operator's name (the CLI); it must hold the
    import permission (``core.auth.guard``), and every load is recorded in the audit log."""
    actor = guard.require(who, REVIEW if action == "review_load" else IMPORT, action)
    options = options or Options()
    data_dir, loc = Path(data_dir), locate(warehouse)
    # a file's name is user text: no control or direction characters reach the log, the screen or a terminal
    uploads = [Upload(safe_name(u.name) or "upload", u.data) for u in uploads]
    if not dry_run:
        archive.ensure(data_dir)
    who = safe_name(actor.name, 100)
    with writing(data_dir, "add", who):
        repair(data_dir, loc, log=False)
        once = functools.partial(_add_once, uploads, options, (who, actor.via), data_dir, loc, dry_run)
        result = lake.with_retry(once) if loc.is_lake else once()
    for rec in result.batches:
        audit.record(actor, action, batch_id=rec["batch_id"], target=rec["file_name"],
                     detail=f"{rec['facts_loaded']} facts, sha256 {rec['sha256'][:12]}")
    return result


def _add_once(uploads, options, who_via, data_dir, loc, dry_run) -> AddResult:
    who, via = who_via
    target = Target(loc)
    con = target.con
    result = AddResult([], [], options, dry_run)
    records = []
    try:
        if archive.archive_dir(data_dir).is_dir():
            events.reconcile(data_dir, con)      # a killed write's committed events, logged before this batch's
        con.execute("BEGIN TRANSACTION")
        ctx = Context.load(con)
        batch_id = events.next_batch_id(con, data_dir)
        archive.note_holder(data_dir, batch=batch_id)
        when = archive.utc_now()
        state = "published" if settings.publish_mode() == "auto" else "draft"   # a draft until it is published
        for up in uploads:
            plan = plan_file(up.data, up.name, ctx, options)
            verdict = plan.verdict(options)
            result.plans.append(plan)
            result.verdicts.append(verdict)
            if verdict != "load":
                continue
            manifest_path = f"data/archive/{plan.sha256}.{plan.ext}"
            batch = Batch(batch_id, "add", up.name, manifest_path, "archive", when, who, options, f"b{batch_id}",
                          state, when if state == "published" else None, who if state == "published" else None)
            n = apply_plan(con, plan, batch, ctx.index, transaction=False)
            c = plan.counts()
            records.append({
                "event": "add", "batch_id": batch_id, "who": who, "via": via, "when": when, "file_name": up.name,
                "sha256": plan.sha256, "archive": f"{plan.sha256}.{plan.ext}", "rows_in": plan.rows_in,
                "rows_new": c["new"], "rows_changed": c["changed"], "rows_unchanged": c["unchanged"],
                "rows_rejected": c["rejected"], "facts_loaded": n, "rejected_rows": plan.rows("rejected"),
                "options": options.as_dict(), "rolled_back": False, "state": state,
            })
            batch_id += 1
            ctx = Context.load(con, ctx.index)
        result.context = ctx
        if dry_run or result.verdict != "load" or not records:
            con.execute("ROLLBACK")
            return result
        events.insert(con, records)
        events.bump(con, when)
        touched = {"report_id": [r[0] for r in con.execute(
            "SELECT DISTINCT report_id FROM fact WHERE batch_id IN (SELECT unnest($b))",
            {"b": [r["batch_id"] for r in records]}).fetchall()]}
        marts.finish(con, full=False, touched=touched,
                     scopes=marts.write_scopes([r["batch_id"] for r in records], touched["report_id"]))   # marts refreshed, every check run: a failure keeps all as it was
        for plan in result.plans:    # archived before the commit: a file without a batch is harmless, not the reverse
            if plan.verdict(options) == "load":
                archive.store(data_dir, plan.data, plan.sha256, plan.ext)
        con.execute("COMMIT")
        target.swap_in()
    finally:
        target.close()
    archive.append(data_dir, records)   # after the commit; a crash in between is repaired by events.reconcile
    result.batches = records
    return result


def rollback(batch_id: int, who: Principal | str | None = None, data_dir: Path = DATA_DIR, warehouse=None) -> dict:
    """Undo the batch: in place when it is the newest and replaced nothing (``etl.pipeline.undo``), else by a
    rebuild without it (data/ plus the remaining batches); then record the rollback in the log.

    An analyst may roll back only batches they loaded; an administrator (and the CLI operator) any."""
    actor = guard.require(who, ROLLBACK_OWN, "rollback")
    who = safe_name(actor.name, 100)
    data_dir, loc = Path(data_dir), locate(warehouse)
    with writing(data_dir, "rollback", who):
        repair(data_dir, loc)
        archive.note_holder(data_dir, batch=batch_id)
        found = {b["batch_id"]: b for b in archive.batches(data_dir)}
        if batch_id not in found:
            raise UsageError(labels.both("cli_no_such_batch", batch=batch_id))
        if found[batch_id].get("rolled_back"):
            raise UsageError(labels.both("cli_batch_already_rolled_back", batch=batch_id))
        if not actor.can(ROLLBACK_ANY) and not _loaded_by(found[batch_id], actor):
            audit.record(actor, "rollback", batch_id=batch_id, outcome="denied", detail="another user's batch")
            raise PermissionDenied(labels.both("auth_not_your_batch", batch=batch_id,
                                               who=safe_name(found[batch_id].get("who"))))
        record = {"event": "rollback", "batch_id": batch_id, "who": who, "via": actor.via,
                  "when": archive.utc_now()}
        in_place = functools.partial(_undo_in_place, loc, batch_id, record)
        if not (lake.with_retry(in_place) if loc.is_lake else in_place()):
            build(data_dir, loc, exclude=(batch_id,), extra_events=[record])
        archive.append(data_dir, [record])   # after the commit; a crash in between is repaired by events.reconcile
    audit.record(actor, "rollback", batch_id=batch_id, target=found[batch_id].get("file_name", ""))
    return {**found[batch_id], "rolled_back": True, "rolled_back_by": record["who"],
            "rolled_back_at": record["when"]}


def may_roll_back(batch: dict, who: Principal) -> bool:
    """Whether ``who`` may roll the batch back: their own, or any for an administrator."""
    return who.can(ROLLBACK_ANY) or (who.can(ROLLBACK_OWN) and _loaded_by(batch, who))


def _loaded_by(batch: dict, actor: Principal) -> bool:
    """Whether ``actor`` loaded the batch (a record without ``via`` was written by the command line)."""
    return batch.get("who") == actor.name and batch.get("via", "cli") == actor.via


def _undo_in_place(loc: location.Location, batch_id: int, record: dict) -> bool:
    """The newest batch undone in one transaction (``etl.pipeline.undo``); False when it needs the rebuild."""
    target = Target(loc)
    try:
        target.con.execute("BEGIN TRANSACTION")
        if undo.blocker(target.con, batch_id) is not None:
            target.con.execute("ROLLBACK")
            return False
        undo.undo(target.con, batch_id, record)
        target.con.execute("COMMIT")
        target.swap_in()
        return True
    finally:
        target.close()


def list_batches(data_dir: Path = DATA_DIR, warehouse=None) -> list[dict]:
    """The batches, after giving the log any event a killed write committed but did not log."""
    data_dir = Path(data_dir)
    loc = location.parse(warehouse or settings.warehouse_location())
    with contextlib.suppress(duckdb.Error, location.LocationError, OSError):   # no warehouse (yet): the log as is
        repair_log(data_dir, loc)
    return archive.batches(data_dir)


def log_stamp(data_dir: Path = DATA_DIR) -> int:
    """Changes whenever a batch is added or rolled back (for caching previews)."""
    log = archive.log_path(Path(data_dir))
    return log.stat().st_mtime_ns if log.exists() else 0


def default_user(explicit: str | None = None) -> str:
    return archive.who(explicit)


def review_draft(data: bytes, name: str, meta: ReportMeta | None = None,
                 data_dir: Path = DATA_DIR) -> review.Draft:
    """A report's proposed figures for review (its text kept in the source library)."""
    return review.draft(data, name, Path(data_dir), meta)


def review_load(d: review.Draft, rows, who: Principal | str | None = None, data_dir: Path = DATA_DIR,
                warehouse=None, dry_run: bool = False, new_category: str = "业务成效") -> AddResult:
    """Load the accepted rows of a review through ``add``: the same checks, preview, batch and archive."""
    rd = review.reader(Path(data_dir))
    data, proposes = review.to_template(d, rows, rd.index, new_category, catalogue=rd.catalogue)
    stem = Path(d.doc.name).stem
    return add([Upload(f"审核-{stem}.csv", data)], Options(new_indicators=proposes), who, data_dir, warehouse,
               dry_run=dry_run, action="review_load")


def review_reader(data_dir: Path = DATA_DIR):
    """The extractor's catalogue (concepts, indicators) and region list the Review page speaks in."""
    return review.reader(Path(data_dir))


def review_missing_indicator(rows) -> list[int]:
    """Accepted rows that name no concept, indicator or new indicator (they cannot load)."""
    return review.missing_indicator(rows)


def review_queue(data_dir: Path = DATA_DIR, warehouse=None) -> list[dict]:
    """Reports in the source library not loaded yet: name, sha256, figures, uncertain ones."""
    return review.queue(Path(data_dir), warehouse or settings.warehouse_location())


def review_library(data_dir: Path = DATA_DIR) -> list[dict]:
    return review.library(Path(data_dir))


def review_library_text(text_sha256: str, data_dir: Path = DATA_DIR) -> tuple[bytes, str]:
    return review.library_text(Path(data_dir), text_sha256)



__all__ = ["may_publish", "publish", "unpublish", "EXIT_CONFLICT", "EXIT_OK", "EXIT_REJECTED", "EXIT_USAGE", "VERDICT_ZH", "AddResult", "Options",
           "PermissionDenied", "Upload", "may_roll_back", "UsageError", "ValidationError", "add", "default_user", "list_batches", "log_stamp",
           "preview_frame", "problem_summary", "problems_frame", "rollback", "schema_markdown", "summary_line",
           "template_csv_bytes", "template_xlsx_bytes", "warnings_frame", "ReportMeta", "DocumentError", "review_draft", "review_load",
           "review_library", "review_library_text", "review_queue", "review_reader", "review_missing_indicator"]
