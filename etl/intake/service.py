"""The three operations the CLI and the Import page share: add (with dry run), rollback, list.

``add`` never opens the served warehouse: it copies it to a temporary file beside it, validates
and loads there, and only if every file is accepted archives the files, appends the batch log
and ``os.replace``s the copy onto the warehouse. A rejected or failed add leaves the warehouse
byte-identical; readers holding the old file keep a consistent snapshot, new readers see the
new file (its mtime and size change, so the dashboard's caches refresh).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from core import labels
from core.issues import ValidationError
from core.settings import DATA_DIR, DEFAULT_WAREHOUSE
from etl.build import marts
from etl.build.pipeline import build
from etl.extract.candidates import Meta as ReportMeta
from etl.extract.documents import DocumentError
from etl.intake import review
from etl.intake.preview import VERDICT_ZH, preview_frame, problem_summary, problems_frame, summary_line
from etl.template.apply import Batch, apply_plan
from etl.template.context import Context
from etl.template.files import schema_markdown, template_csv_bytes, template_xlsx_bytes
from etl.template.plan import Plan, plan_file
from etl.template.validate import Options
from etl.warehouse import archive
from etl.warehouse.files import manifest_rows, write_manifest_json

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_CONFLICT = 0, 1, 2, 3
_RANK = {"load": 0, "nothing": 0, "conflict": 1, "rejected": 2}


class UsageError(Exception):
    """A request that cannot be carried out (no warehouse, unknown batch …)."""


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
        return {"rejected": EXIT_REJECTED, "conflict": EXIT_CONFLICT}.get(self.verdict, EXIT_OK)


@dataclass
class _Copy:
    path: Path

    def cleanup(self) -> None:
        for p in (self.path, Path(str(self.path) + ".wal")):
            p.unlink(missing_ok=True)


@contextlib.contextmanager
def _writing(data_dir: Path, what: str, who: str | None):
    """The write lock; a write already in progress is a UsageError that says which, by whom, since when."""
    try:
        with archive.lock(data_dir, what, who):
            yield
    except archive.WriterBusy as exc:
        raise UsageError(str(exc)) from exc


def _private_copy(warehouse: Path) -> _Copy:
    if not warehouse.exists():
        raise UsageError(labels.both("cli_no_warehouse", path=warehouse))
    fd, name = tempfile.mkstemp(prefix=warehouse.name + ".", suffix=".tmp", dir=warehouse.parent)
    os.close(fd)
    shutil.copyfile(warehouse, name)
    return _Copy(Path(name))


def add(uploads: list[Upload], options: Options | None = None, who: str | None = None,
        data_dir: Path = DATA_DIR, warehouse: Path = DEFAULT_WAREHOUSE, dry_run: bool = False) -> AddResult:
    """Validate every file, then load them all (one batch each) or nothing."""
    options = options or Options()
    data_dir, warehouse = Path(data_dir), Path(warehouse)
    if not dry_run:
        archive.ensure(data_dir)
    with _writing(data_dir, "add", who):
        copy = _private_copy(warehouse)
        try:
            return _add_locked(uploads, options, archive.who(who), data_dir, warehouse, dry_run, copy)
        finally:
            copy.cleanup()


def _add_locked(uploads, options, who, data_dir, warehouse, dry_run, copy: _Copy) -> AddResult:
    con = duckdb.connect(str(copy.path))
    result = AddResult([], [], options, dry_run)
    records = []
    try:
        ctx = Context.load(con)
        batch_id = archive.next_batch_id(data_dir)
        archive.note_holder(data_dir, batch=batch_id)
        when = archive.utc_now()
        for up in uploads:
            plan = plan_file(up.data, up.name, ctx, options)
            verdict = plan.verdict(options)
            result.plans.append(plan)
            result.verdicts.append(verdict)
            if verdict != "load":
                continue
            manifest_path = f"data/archive/{plan.sha256}.{plan.ext}"
            batch = Batch(batch_id, "add", up.name, manifest_path, "archive", when, who, options, f"b{batch_id}")
            n = apply_plan(con, plan, batch, ctx.index)
            c = plan.counts()
            records.append({
                "event": "add", "batch_id": batch_id, "who": who, "when": when, "file_name": up.name,
                "sha256": plan.sha256, "archive": f"{plan.sha256}.{plan.ext}", "rows_in": plan.rows_in,
                "rows_new": c["new"], "rows_changed": c["changed"], "rows_unchanged": c["unchanged"],
                "rows_rejected": c["rejected"], "facts_loaded": n, "rejected_rows": plan.rows("rejected"),
                "options": options.as_dict(), "rolled_back": False,
            })
            batch_id += 1
            ctx = Context.load(con, ctx.index)
        result.context = ctx
        if dry_run or result.verdict != "load" or not records:
            return result
        marts.finish(con, full=False)   # marts rebuilt, the model checks run: a failing one leaves all as it was
        con.execute("CHECKPOINT")
        manifest = manifest_rows(con)
    finally:
        con.close()
    for plan in result.plans:
        if plan.verdict(options) == "load":
            archive.store(data_dir, plan.data, plan.sha256, plan.ext)
    before = archive.append(data_dir, records)
    try:
        os.replace(copy.path, warehouse)
    except BaseException:
        archive.restore(data_dir, before)
        raise
    write_manifest_json(manifest, warehouse)
    result.batches = records
    return result


def rollback(batch_id: int, who: str | None = None, data_dir: Path = DATA_DIR,
             warehouse: Path = DEFAULT_WAREHOUSE) -> dict:
    """Mark the batch rolled back in the log and rebuild: data/ plus the remaining batches."""
    data_dir = Path(data_dir)
    with _writing(data_dir, "rollback", who):
        archive.note_holder(data_dir, batch=batch_id)
        found = {b["batch_id"]: b for b in archive.batches(data_dir)}
        if batch_id not in found:
            raise UsageError(labels.both("cli_no_such_batch", batch=batch_id))
        if found[batch_id].get("rolled_back"):
            raise UsageError(labels.both("cli_batch_already_rolled_back", batch=batch_id))
        record = {"event": "rollback", "batch_id": batch_id, "who": archive.who(who), "when": archive.utc_now()}
        before = archive.append(data_dir, [record])
        try:
            build(data_dir, Path(warehouse))
        except BaseException:
            archive.restore(data_dir, before)
            raise
    return {**found[batch_id], "rolled_back": True, "rolled_back_by": record["who"],
            "rolled_back_at": record["when"]}


def list_batches(data_dir: Path = DATA_DIR) -> list[dict]:
    return archive.batches(Path(data_dir))


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


def review_load(d: review.Draft, rows, who: str | None = None, data_dir: Path = DATA_DIR,
                warehouse: Path = DEFAULT_WAREHOUSE, dry_run: bool = False, new_category: str = "业务成效") -> AddResult:
    """Load the accepted rows of a review through ``add``: the same checks, preview, batch and archive."""
    from core.regions import RegionIndex

    index = RegionIndex.from_csv(Path(data_dir) / "reference" / "regions.csv")
    data, proposes = review.to_template(d, rows, index, new_category)
    stem = Path(d.doc.name).stem
    return add([Upload(f"审核-{stem}.csv", data)], Options(new_indicators=proposes), who, data_dir, warehouse,
               dry_run=dry_run)


def review_library(data_dir: Path = DATA_DIR) -> list[dict]:
    return review.library(Path(data_dir))


def review_library_text(text_sha256: str, data_dir: Path = DATA_DIR) -> tuple[bytes, str]:
    return review.library_text(Path(data_dir), text_sha256)



__all__ = ["EXIT_CONFLICT", "EXIT_OK", "EXIT_REJECTED", "EXIT_USAGE", "VERDICT_ZH", "AddResult", "Options",
           "Upload", "UsageError", "ValidationError", "add", "default_user", "list_batches", "log_stamp",
           "preview_frame", "problem_summary", "problems_frame", "rollback", "schema_markdown", "summary_line",
           "template_csv_bytes", "template_xlsx_bytes", "ReportMeta", "DocumentError", "review_draft", "review_load",
           "review_library", "review_library_text"]
