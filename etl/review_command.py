"""``python -m etl review …``: the Review page on the command line, for a folder of reports.

    python -m etl review propose ../shared/corpus --out review/     # one sheet per report (JSON), with the queue
    python -m etl review queue review/                              # reports not yet reviewed, uncertain counts
    python -m etl review check review/207_jinhua.json                # the intake's checks, nothing written; edits
    python -m etl review load review/207_jinhua.json                 # load as a batch (service.review_load)
    python -m etl review curate review/207_jinhua.json --report-id 207   # maintainers: into data/figures/

Every load goes through ``etl.intake.service.review_load`` (``check`` is its dry run), with every check of
an add. ``curate`` runs that dry run first, then writes the project's curated data (``etl.intake.curated``)
and appends the review's measure (edits, seconds) to ``benchmarks/results/corpus_review.csv``.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from core import settings
from core.numbers import parse_quantity
from core.settings import PROJECT_ROOT
from etl.extract.candidates import Reader
from etl.extract.command import report_files
from etl.extract.documents import DocumentError, SourceStore, read_document
from etl.intake import curated, review_sheet

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
LOG = PROJECT_ROOT / "benchmarks" / "results" / "corpus_review.csv"
LOG_COLUMNS = ["report_id", "file", "proposed", "accepted", "ticks", "fields", "bulk", "report", "added", "edits", "seconds",
               "reviewer", "reviewed_on"]


def add_parser(sub) -> None:
    r = sub.add_parser("review", help="review extracted figures report by report (the Review page's CLI)")
    rs = r.add_subparsers(dest="review_command", required=True)
    p = rs.add_parser("propose", help="extract every report and write one review sheet each")
    p.add_argument("files", nargs="+", metavar="FILE", help="reports, or folders of them")
    p.add_argument("--out", required=True, help="folder for the sheets")
    p.add_argument("--data", default=str(settings.data_dir()))
    p.set_defaults(func=cmd_propose)
    st = rs.add_parser("start", help="open a sheet for review (its review time counts from now)")
    st.add_argument("sheet")
    st.set_defaults(func=cmd_start)
    q = rs.add_parser("queue", help="the sheets of a folder not yet loaded, uncertain figures first")
    q.add_argument("folder")
    q.set_defaults(func=cmd_queue)
    for name, helptext in (("check", "the intake's checks on a sheet; nothing written"),
                           ("load", "load a sheet's accepted figures as a batch")):
        c = rs.add_parser(name, help=helptext)
        c.add_argument("sheet")
        c.add_argument("--who", default=None)
        c.add_argument("--data", default=str(settings.data_dir()))
        c.add_argument("--warehouse", default=None)
        c.set_defaults(func=cmd_check if name == "check" else cmd_load)
    k = rs.add_parser("curate", help="maintainers: write a reviewed sheet into data/figures and data/reference")
    k.add_argument("sheet")
    k.add_argument("--report-id", required=True)
    k.add_argument("--reviewer", default="")
    k.add_argument("--who", default=None)
    k.add_argument("--data", default=str(settings.data_dir()))
    k.add_argument("--warehouse", default=None)
    k.set_defaults(func=cmd_curate)


def cmd_propose(args) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    reader = Reader.from_reference(Path(args.data))
    store = SourceStore(Path(args.data) / "sources")
    failed = 0
    for f in report_files(args.files):
        try:
            doc = read_document(f.read_bytes(), f.name)
        except DocumentError as exc:
            print(str(exc), file=sys.stderr)
            failed += 1
            continue
        store.put(doc)
        sheet = review_sheet.propose(reader.read(doc), reader.index)
        review_sheet.write(sheet, out / f"{Path(doc.name).stem}.json")
    print(f"sheets in {out}; texts kept in {store.folder}", file=sys.stderr)
    return cmd_queue(argparse.Namespace(folder=str(out))) if not failed else EXIT_REJECTED


def cmd_start(args) -> int:
    path = Path(args.sheet)
    sheet = review_sheet.read(path)
    sheet["started_at"] = time.time()
    review_sheet.write(sheet, path)
    figs = sheet["figures"]
    print(f"{sheet['file']}: {len(figs)} figures proposed, {sum(1 for f in figs if not f['proposed']['accept'])} "
          "uncertain (unticked)")
    return EXIT_OK


def cmd_queue(args) -> int:
    rows = []
    for path in sorted(Path(args.folder).glob("*.json")):
        sheet = review_sheet.read(path)
        if sheet.get("loaded"):
            continue
        figs = sheet["figures"]
        unsure = sum(1 for f in figs if not f["proposed"]["accept"])
        rows.append((unsure, path.name, len(figs)))
    print(f"{'sheet':<36} {'figures':>7} {'uncertain':>9}")
    for unsure, name, n in sorted(rows, key=lambda r: (-r[0], r[1])):
        print(f"{name:<36} {n:>7} {unsure:>9}")
    print(f"{len(rows)} reports to review")
    return EXIT_OK


def _load(args, dry_run: bool):
    from etl.intake import service

    path = Path(args.sheet)
    sheet = review_sheet.read(path)
    reader = Reader.from_reference(Path(args.data))
    data, name = service.review_library_text(sheet["text_sha256"], Path(args.data))
    doc = read_document(data, name)
    draft, rows = review_sheet.to_draft(sheet, doc, reader)
    result = service.review_load(draft, rows, args.who, Path(args.data), args.warehouse, dry_run=dry_run)
    return path, sheet, result, reader


def _report(sheet: dict, result) -> None:
    from etl.intake.preview import summary_line

    e = review_sheet.edits(sheet)
    print(f"edits: {e.total} (ticks {e.ticks}, fields {e.fields}, whole-report {e.bulk}, details {e.report}, "
          f"added {e.added})")
    for plan, verdict in zip(result.plans, result.verdicts, strict=True):
        print(summary_line(plan, verdict))
        for p in plan.problems[:30]:
            print("  " + p.format())


def cmd_check(args) -> int:
    _path, sheet, result, _ = _load(args, dry_run=True)
    _report(sheet, result)
    return EXIT_OK if result.verdict in ("load", "nothing") else EXIT_REJECTED


def cmd_load(args) -> int:
    path, sheet, result, _ = _load(args, dry_run=False)
    _report(sheet, result)
    if result.loaded:
        sheet["loaded"] = [b.get("batch_id") for b in result.batches]
        review_sheet.write(sheet, path)
    return EXIT_OK if result.verdict in ("load", "nothing") else EXIT_REJECTED


def cmd_curate(args) -> int:
    path, sheet, result, reader = _load(args, dry_run=True)
    _report(sheet, result)
    if result.verdict not in ("load", "nothing", "confirm"):
        print("not curated: the intake refused the sheet", file=sys.stderr)
        return EXIT_REJECTED
    stem = Path(sheet["file"]).stem.split("_", 1)[-1]
    out = curated.write_curated(sheet, args.report_id, stem, Path(args.data), reader.index, reader.catalogue,
                                parse_quantity)
    e = review_sheet.edits(sheet)
    seconds = round(time.time() - sheet.get("started_at", sheet["proposed_at"]))
    with curated.locked(Path(args.data)):
        _log({"report_id": args.report_id, "file": sheet["file"],
              "proposed": sum(1 for f in sheet["figures"] if f.get("proposed")),
              "accepted": sum(1 for f in sheet["figures"] if f["accept"]), "ticks": e.ticks, "fields": e.fields,
              "bulk": e.bulk, "report": e.report, "added": e.added, "edits": e.total, "seconds": seconds,
              "reviewer": args.reviewer, "reviewed_on": time.strftime("%Y-%m-%d")})
    sheet["curated"] = str(out)
    review_sheet.write(sheet, path)
    print(f"curated: {out}")
    return EXIT_OK


def _log(record: dict) -> None:
    rows = []
    if LOG.exists():
        with open(LOG, encoding="utf-8", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if r["report_id"] != record["report_id"]]
    rows.append({k: str(v) for k, v in record.items()})
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with open(LOG, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=LOG_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(sorted(rows, key=lambda r: r["report_id"]))
