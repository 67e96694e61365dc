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

from etl import marts
from etl.intake import archive
from etl.intake.context import Context
from etl.intake.load import Batch, apply_plan
from etl.intake.plan import Plan, plan_file
from etl.intake.validate import Options
from etl.issues import Problem, ValidationError
from etl.numbers import format_value

MAX_BUILD_BATCHES = archive.FIRST_ADD_BATCH - 1


def _conflicts(plan: Plan, label: str, hint_zh: str, hint_en: str) -> list[Problem]:
    out = []
    for e in plan.entries:
        if e.status == "changed":
            old = "; ".join(f"{o['fact_id']}={format_value(o['value'], o['qualifier'], o['value_max'], o['unit'])}"
                            for o in e.old)
            out.append(Problem(label, e.row, "value", e.values.get("value", ""), f"与现有数据冲突：{old}",
                               f"conflicts with an existing figure: {old}", hint_zh, hint_en))
    return out


def replay(db_path: Path, data_dir: Path, dropins: list[Path], first_batch_id: int, index,
           exclude=()) -> dict[str, int]:
    """Load drop-in template files and archived batches into the new warehouse file ``db_path``."""
    problems: list[Problem] = []
    counts = {"dropin_files": 0, "batches": 0, "facts": 0}
    con = duckdb.connect(str(db_path))
    try:
        ctx = Context.load(con, index)
        for n, path in enumerate(dropins):
            batch_id = first_batch_id + n
            if batch_id > MAX_BUILD_BATCHES:
                raise ValueError("too many files in data/figures/ (build batch ids must stay below 1000)")
            rel = f"data/figures/{path.name}"
            plan = plan_file(path.read_bytes(), rel, ctx, Options())
            problems += plan.problems + _conflicts(
                plan, rel, "data/ 中的文件不能覆盖已有数字；改用 python -m etl add --accept-conflicts",
                "a file in data/ cannot override a figure; use python -m etl add --accept-conflicts")
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
        marts.refresh(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return counts


def _replay_batch(con, ctx: Context, data_dir: Path, rec: dict, problems: list[Problem]) -> int | None:
    bid = rec["batch_id"]
    name = rec["archive"]
    label = f"data/archive/{name} ({rec['file_name']}, batch {bid})"
    head = Problem(label, None, None, None, f"归档批次 {bid} 无法重放", f"archived batch {bid} cannot be replayed",
                   f"修正 data/ 中的冲突，或撤销该批次：python -m etl rollback {bid}",
                   f"fix data/, or roll the batch back: python -m etl rollback {bid}")
    path = archive.archive_dir(data_dir) / name
    if not path.exists():
        problems += [head, Problem(label, None, None, None, "归档文件不存在", "the archived file is missing",
                                   "从备份恢复 data/archive/", "restore data/archive/ from a backup")]
        return None
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != rec["sha256"]:
        problems += [head, Problem(label, None, None, None, "归档文件已被改动（sha256 不符）",
                                   "the archived file was altered (sha256 differs)",
                                   "从备份恢复原文件", "restore the original file")]
        return None
    options = Options(**rec["options"])
    plan = plan_file(data, label, ctx, options, skip_rows=set(rec.get("rejected_rows", [])))
    found = plan.problems
    if not options.accept_conflicts:
        found = found + _conflicts(plan, label, f"撤销批次 {bid}，再用 --accept-conflicts 重新导入",
                                   f"roll back batch {bid} and add it again with --accept-conflicts")
    if found:
        problems += [head, *found]
        return None
    batch = Batch(bid, "add", rec["file_name"], f"data/archive/{name}", "archive", rec["when"], rec["who"],
                  options, f"b{bid}")
    return apply_plan(con, plan, batch, ctx.index)
