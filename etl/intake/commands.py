"""``python -m etl add | rollback | publish | unpublish | batches``: the terminal face of ``etl.intake.service``
and ``etl.intake.publish``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core import labels, settings
from core.issues import ValidationError
from core.text import safe_name
from etl.intake import service
from etl.intake.preview import PREVIEW_ROWS, preview_frame, problem_summary, render_text, summary_line
from etl.template.validate import Options


def cmd_add(args: argparse.Namespace) -> int:
    uploads = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(labels.both("cli_file_not_found", path=path), file=sys.stderr)
            return service.EXIT_USAGE
        uploads.append(service.Upload(path.name, path.read_bytes()))
    options = Options(args.only_valid, args.accept_conflicts, args.new_indicators, args.confirm_warnings)
    try:
        result = service.add(uploads, options, args.who, Path(args.data), args.warehouse, args.dry_run)
    except service.UsageError as exc:
        print(str(exc), file=sys.stderr)
        return service.EXIT_USAGE
    problems = [p for plan in result.plans for p in plan.problems]
    cap = None if args.show_all else PREVIEW_ROWS
    if problems:
        print(labels.both("cli_n_problems", n=len(problems)) + ":", file=sys.stderr)
        for p in problems[:cap]:
            print("  " + p.format(), file=sys.stderr)
        if cap is not None and len(problems) > cap:      # a 200k-row file printed 200,004 lines: summarise
            print(labels.both("cli_problems_more", n=f"{len(problems) - cap:,}"), file=sys.stderr)
            for line in problem_summary(result.plans):
                print("  " + line, file=sys.stderr)
    frame = preview_frame(result.plans, result.context, limit=cap)
    if len(frame):
        print(render_text(frame))
        rows = sum(len(plan.entries) for plan in result.plans)
        if cap is not None and rows > len(frame):
            print(labels.both("cli_rows_more", n=f"{rows - len(frame):,}"))
    for plan, verdict in zip(result.plans, result.verdicts, strict=True):
        print(summary_line(plan, verdict))
    for note in (p for plan in result.plans for p in plan.notes):     # how a guessed header was read
        print("  " + note.format(), file=sys.stderr)
    warnings = [p for plan in result.plans for p in plan.warnings]
    if warnings:
        print(labels.both("cli_n_warnings", n=len(warnings)) + ":", file=sys.stderr)
        for p in warnings[:cap]:
            print("  " + p.format(), file=sys.stderr)
    if result.verdict == "conflict":
        print(labels.both("cli_conflicts"), file=sys.stderr)
    elif result.verdict == "confirm":
        print(labels.both("cli_confirm_warnings"), file=sys.stderr)
    elif result.verdict == "rejected":
        hint = "" if options.only_valid else " (--only-valid loads the valid rows only)"
        print(labels.both("cli_nothing_written") + f"{hint}.", file=sys.stderr)
    elif args.dry_run:
        print(labels.both("cli_dry_run"))
    elif result.batches:
        for b in result.batches:
            print(f"loaded batch {b['batch_id']}: {b['file_name']} — {b['facts_loaded']} facts; "
                  f"archived as data/archive/{b['archive']}; undo: python -m etl rollback {b['batch_id']}")
            if b.get("state") == "draft":
                who = f"pub_who_{settings.publish_mode()}"
                print(" / ".join(labels.t("pub_loaded_as_draft", lg, batches=b["batch_id"], who=labels.t(who, lg))
                                 for lg in ("zh", "en")) + f"\n  publish: python -m etl publish {b['batch_id']}")
    return result.exit_code


def cmd_rollback(args: argparse.Namespace) -> int:
    try:
        b = service.rollback(args.batch, args.who, Path(args.data), args.warehouse)
    except service.UsageError as exc:
        print(str(exc), file=sys.stderr)
        return service.EXIT_USAGE
    except ValidationError as exc:
        print(exc.report(), file=sys.stderr)
        print(labels.both("cli_rollback_not_done"), file=sys.stderr)
        return service.EXIT_REJECTED
    print(f"rolled back batch {b['batch_id']} ({b['file_name']}, {b['facts_loaded']} facts); warehouse rebuilt")
    return service.EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    from core.auth.guard import PermissionDenied
    from etl.intake import publish

    act = publish.publish if args.event == "publish" else publish.unpublish
    try:
        b = act(args.batch, args.who, Path(args.data), args.warehouse)
    except (service.UsageError, PermissionDenied) as exc:
        print(str(exc), file=sys.stderr)
        return service.EXIT_USAGE
    print(labels.both(f"pub_done_{args.event}", batch=b["batch_id"]))
    return service.EXIT_OK


def cmd_batches(args: argparse.Namespace) -> int:
    rows = service.list_batches(Path(args.data))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return service.EXIT_OK
    if not rows:
        print(labels.both("cli_no_batches"))
    for b in rows:
        state = (f"rolled back {b.get('rolled_back_at')} by {b.get('rolled_back_by')}" if b.get("rolled_back") else
                 f"published {b.get('published_at')} by {safe_name(b.get('published_by') or '')}"
                 if b.get("state") == "published" else "draft (not published)")
        print(f"{b['batch_id']}  {b['when']}  {safe_name(b['who'])}  {safe_name(b['file_name'])}  sha256 {b['sha256'][:12]}  "
              f"rows {b['rows_in']} (new {b['rows_new']}, changed {b['rows_changed']}, rejected "
              f"{b['rows_rejected']})  facts {b['facts_loaded']}  options {b['options']}  {state}")
    return service.EXIT_OK
