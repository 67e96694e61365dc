"""Command line: ``python -m etl build | verify | add | rollback | publish | unpublish | batches | extract | users``.

Exit codes: 0 success (for ``add``: loaded, or nothing new); 1 validation problems or
verification mismatches (nothing written); 2 usage error; 3 ``add`` found conflicts with existing
figures that need confirmation (``--accept-conflicts``; nothing written). See docs/INTAKE.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core import labels, location, settings
from core.issues import ValidationError
from core.settings import DATA_DIR

WH_HELP = "a warehouse file, or a DuckLake attach string ducklake:… (default: $DJCX_WAREHOUSE or data/warehouse.duckdb)"

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_CONFLICT = 0, 1, 2, 3


def cmd_build(args: argparse.Namespace) -> int:
    from etl.pipeline.build import build
    from etl.warehouse.archive import WriterBusy

    try:
        result = build(Path(args.data), args.warehouse)
    except WriterBusy as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except ValidationError as exc:
        print(exc.report(), file=sys.stderr)
        print(labels.both("cli_warehouse_unchanged"), file=sys.stderr)
        return EXIT_REJECTED
    c = result.counts
    print(f"built {result.warehouse}: {c['facts']} facts, {c['reports']} reports, "
          f"{c['indicators']} indicators, {c['regions']} regions, {c['mentions']} mentions")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from etl.verify import unverifiable, verify

    sources = [Path(p) for p in args.sources]
    missing = [str(p) for p in sources if not p.is_dir()]
    if missing:
        print(f"sources folder not found: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    warehouse = location.parse(args.warehouse or settings.warehouse_location())
    if not warehouse.exists():
        print(f"warehouse not found: {warehouse.display} — run `python -m etl build` first", file=sys.stderr)
        return EXIT_USAGE
    checked, bad = verify(warehouse, sources)
    for m in bad:
        print("MISMATCH " + m.format(), file=sys.stderr)
    print(f"verified {checked - len(bad)}/{checked} facts and mentions against {', '.join(map(str, sources))}")
    skipped = unverifiable(warehouse)
    for fact_id, report_id in skipped[:50]:
        print(f"UNVERIFIABLE {fact_id} (report {report_id}): its report registers no source text")
    if skipped:
        print(f"note: {len(skipped)} facts cannot be verified: their reports register no source text")
    return EXIT_REJECTED if bad else EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    from etl.intake import commands

    return commands.cmd_add(args)


def cmd_rollback(args: argparse.Namespace) -> int:
    from etl.intake import commands

    return commands.cmd_rollback(args)


def cmd_batches(args: argparse.Namespace) -> int:
    from etl.intake import commands

    return commands.cmd_batches(args)


def cmd_publish(args: argparse.Namespace) -> int:
    from etl.intake import commands

    return commands.cmd_publish(args)


def _add_intake_commands(sub) -> None:
    a = sub.add_parser("add", help="check and load analyst CSV/XLSX files (template format) incrementally")
    a.add_argument("files", nargs="+", metavar="FILE")
    a.add_argument("--dry-run", action="store_true", help="show what would be loaded; write nothing")
    a.add_argument("--only-valid", action="store_true", help="load the valid rows of files with rejected rows")
    a.add_argument("--show-all", action="store_true",
                   help="print every problem and every previewed row (default: the first 30, then a summary by column)")
    a.add_argument("--accept-conflicts", action="store_true",
                   help="replace existing figures that the files state differently")
    a.add_argument("--new-indicators", action="store_true",
                   help="unknown indicator names are new indicators (needs new_indicator_category)")
    a.add_argument("--confirm-warnings", action="store_true",
                   help="load despite warnings (implausible values, likely duplicate reports), after checking them")
    a.add_argument("--who", default=None, help="who is loading (default: $DJCX_USER or the login name)")
    a.add_argument("--data", default=str(DATA_DIR))
    a.add_argument("--warehouse", default=None, help=WH_HELP)
    a.set_defaults(func=cmd_add)
    r = sub.add_parser("rollback", help="remove exactly one analyst batch (recorded; rebuilds leave it out)")
    r.add_argument("batch", type=int, metavar="BATCH")
    r.add_argument("--who", default=None)
    r.add_argument("--data", default=str(DATA_DIR))
    r.add_argument("--warehouse", default=None, help=WH_HELP)
    r.set_defaults(func=cmd_rollback)
    for name, text in (("publish", "make a draft batch visible to viewers, the big screen and exports"),
                       ("unpublish", "take a published batch back to a draft (viewers no longer see it)")):
        q = sub.add_parser(name, help=text)
        q.add_argument("batch", type=int, metavar="BATCH")
        q.add_argument("--who", default=None)
        q.add_argument("--data", default=str(DATA_DIR))
        q.add_argument("--warehouse", default=None, help=WH_HELP)
        q.set_defaults(func=cmd_publish, event=name)
    b = sub.add_parser("batches", help="list analyst batches from data/archive/batches.jsonl")
    b.add_argument("--json", action="store_true")
    b.add_argument("--data", default=str(DATA_DIR))
    b.set_defaults(func=cmd_batches)


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m etl", description="党建成效统计看板 ETL")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="validate data/ and rebuild the warehouse atomically")
    b.add_argument("--data", default=str(DATA_DIR))
    b.add_argument("--warehouse", default=None, help=WH_HELP)
    b.set_defaults(func=cmd_build)
    v = sub.add_parser("verify", help="check every fact's offsets against the source texts")
    v.add_argument("--sources", nargs="+", default=[str(p) for p in settings.sources_dirs()],
                   help="folders with the report texts (by sha256); several may be given")
    v.add_argument("--warehouse", default=None, help=WH_HELP)
    v.set_defaults(func=cmd_verify)
    _add_intake_commands(sub)
    from etl.extract.command import add_parser as add_extract

    add_extract(sub)
    from etl.users_command import add_parser as add_users

    add_users(sub)
    from etl.review_command import add_parser as add_review

    add_review(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    return args.func(args)
