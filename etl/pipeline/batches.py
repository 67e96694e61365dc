"""Part of ``etl build``: after data/, load the analyst files dropped in data/figures/, then replay the
archived, not rolled-back batches in batch-id order, with the options recorded for each.

Deterministic: the same data/ and the same log give the same tables (loaded_at, loaded_by and the
batch ids come from the log). Any problem — an archived file missing or altered, a row that no
longer validates, a conflict the analyst did not accept — fails the build, so nothing is lost
silently; the message says which batch and how to resolve it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from core.issues import Problem, ValidationError
from core.numbers import format_value
from etl.template.apply import Batch, apply_plan
from etl.template.context import Context
from etl.template.plan import Plan, plan_file
from etl.template.validate import Options
from etl.warehouse import archive

MAX_BUILD_BATCHES = archive.FIRST_ADD_BATCH - 1


def _conflicts(plan: Plan, label: str, hint: str, batch: int | None = None) -> list[Problem]:
    out = []
    for e in plan.entries:
        if e.status == "changed":
            old = "; ".join(f"{o['fact_id']}={format_value(o['value'], o['qualifier'], o['value_max'], o['unit'])}"
                            for o in e.old)
            out.append(Problem.of(label, e.row, "value", e.values.get("value", ""), "msg_conflicts_with_existing", hint,
                                  old=old, batch=batch))
    return out


def replay(con: duckdb.DuckDBPyConnection, data_dir: Path, dropins: list[Path], first_batch_id: int, index,
           exclude=()) -> dict[str, int]:
    """Step 4 of the build: load drop-in template files and the archived batches into the new warehouse."""
    problems: list[Problem] = []
    counts = {"dropin_files": 0, "batches": 0, "facts": 0}
    ctx = Context.load(con, index)
    for n, path in enumerate(dropins):
        batch_id = first_batch_id + n
        if batch_id > MAX_BUILD_BATCHES:
            raise ValueError("too many files in data/figures/ (build batch ids must stay below 1000)")
        rel = f"data/figures/{path.name}"
        plan = plan_file(path.read_bytes(), rel, ctx, Options())
        problems += plan.problems + _conflicts(plan, rel, "hint_data_cannot_override")
        if plan.verdict(Options()) in ("load", "nothing") and not problems:
            tag = "d" + hashlib.sha256(path.name.encode()).hexdigest()[:6]
            batch = Batch(batch_id, "build", rel, rel, "figures", None, "etl build", Options(), tag)
            counts["facts"] += apply_plan(con, plan, batch, ctx.index)
            counts["dropin_files"] += 1
            ctx = Context.load(con, ctx.index)
    for rec in archive.active_batches(data_dir, exclude):
        found = _replay_batch(con, ctx, data_dir, rec, problems)
        if found is not None:
            counts["facts"] += found
            counts["batches"] += 1
            ctx = Context.load(con, ctx.index)
    if problems:
        raise ValidationError(problems)
    return counts


def _replay_batch(con, ctx: Context, data_dir: Path, rec: dict, problems: list[Problem]) -> int | None:
    bid = rec["batch_id"]
    name = rec["archive"]
    label = f"data/archive/{name} ({rec['file_name']}, batch {bid})"
    head = Problem.of(label, None, None, None, 'msg_archived_batch_bid_cannot_be_replayed', 'hint_fix_data_or_roll_the_batch_back', bid=bid)
    path = archive.archive_dir(data_dir) / name
    if not path.exists():
        problems += [head, Problem.of(label, None, None, None, 'msg_the_archived_file_is_missing', 'hint_restore_data_archive_from_a_backup')]
        return None
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != rec["sha256"]:
        problems += [head, Problem.of(label, None, None, None, 'msg_the_archived_file_was_altered_sha256_differs', 'hint_restore_the_original_file')]
        return None
    options = Options(**rec["options"])
    plan = plan_file(data, label, ctx, options, skip_rows=set(rec.get("rejected_rows", [])))
    found = plan.problems
    if not options.accept_conflicts:
        found = found + _conflicts(plan, label, "hint_roll_back_and_accept", bid)
    if found:
        problems += [head, *found]
        return None
    batch = Batch(bid, "add", rec["file_name"], f"data/archive/{name}", "archive", rec["when"], rec["who"],
                  options, f"b{bid}", rec.get("state", "published"), rec.get("published_at"), rec.get("published_by"))
    return apply_plan(con, plan, batch, ctx.index)
