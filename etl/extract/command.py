"""``python -m etl extract FILE… [--format table|jsonl|csv] [--all]``: every figure of each report with its
exact span; ``csv`` is the analysts' template (plus offsets and the text's sha256), ready to review and
``python -m etl add``. Each text is kept in the source library (``data/sources/``) under its sha256."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core import settings
from etl.extract.candidates import FIELDS, Meta, Reader, review_csv
from etl.extract.documents import DocumentError, SourceStore, read_document

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def add_parser(sub) -> None:
    e = sub.add_parser("extract", help="pull every figure out of reports (.txt .html .docx .pdf) with exact spans")
    e.add_argument("files", nargs="+", metavar="FILE", help="report files, or folders of them")
    e.add_argument("--format", choices=("table", "jsonl", "csv"), default="table")
    e.add_argument("--all", action="store_true", help="also every number left out, with the reason")
    e.add_argument("--out", default=None, help="write to this file instead of standard output")
    e.add_argument("--data", default=str(settings.data_dir()), help="data folder (source library: data/sources)")
    for field in ("title", "publisher", "published_on", "published_status", "publisher_status", "url", "province",
                  "city", "district", "organization"):
        e.add_argument(f"--{field.replace('_', '-')}", default="", dest=field,
                       help=f"the report's {field.replace('_', ' ')} (for --format csv)")
    e.set_defaults(func=cmd_extract)


def report_files(paths: list[str]) -> list[Path]:
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(x for x in p.iterdir() if x.suffix.lower() in (".txt", ".html", ".htm", ".docx", ".pdf"))
        else:
            out.append(p)
    return out


def _table(rows: list[dict]) -> str:
    lines = [f"{'file':<24} {'span':>11}  {'text':<14} {'value':>12} {'unit':<5} {'qualifier':<9} "
             f"{'indicator / label':<28} {'conf':>4}  excluded"]
    for r in rows:
        what = r["indicator"] or (f"[{r['concept']}]" if r["concept"] else f"? {r['label'] or ''}")
        lines.append(f"{r['file'][:24]:<24} {r['char_start']:>5}-{r['char_end']:<5}  {r['text'][:14]:<14} "
                     f"{r['value']:>12g} {(r['unit'] or ''):<5} {r['qualifier']:<9} {what[:28]:<28} "
                     f"{r['confidence']:>4}  {r['excluded'] or ''}")
    return "\n".join(lines) + "\n"


def cmd_extract(args: argparse.Namespace) -> int:
    files = report_files(args.files)
    missing = [str(f) for f in files if not f.is_file()]
    if missing or not files:
        print(f"文件不存在 / file not found: {', '.join(missing) or args.files}", file=sys.stderr)
        return EXIT_USAGE
    reader = Reader.from_reference(Path(args.data))         # the catalogue, cues and regions, once for all files
    store = SourceStore(Path(args.data) / "sources")
    meta = Meta(**{k: getattr(args, k) for k in Meta.__dataclass_fields__})
    rows, docs, details, failed = [], {}, {}, 0
    for f in files:
        try:
            doc = read_document(f.read_bytes(), f.name)
        except DocumentError as exc:
            print(str(exc), file=sys.stderr)
            failed += 1
            continue
        store.put(doc)
        docs[doc.name] = doc
        reading = reader.read(doc, meta, include_excluded=args.all)
        rows += reading.rows
        details[doc.name] = {"file": doc.name, "report": reading.details.as_dict(), "text_sha256": doc.text_sha256}
    if args.format == "jsonl":     # one figure per line, each with its report's proposed details
        text = "".join(json.dumps({**{k: r[k] for k in FIELDS if k != "excluded" or args.all},
                                   "report": details[r["file"]]["report"]}, ensure_ascii=False) + "\n" for r in rows)
    elif args.format == "csv":
        text = review_csv(rows, docs, reader.catalogue, reader.index, {name: meta for name in docs})
    else:
        text = _table(rows)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8-sig" if args.format == "csv" else "utf-8")
    else:
        sys.stdout.write(text)
    n = sum(1 for r in rows if not r["excluded"])
    print(f"{n} figures in {len(docs)} files; texts kept in {store.folder}", file=sys.stderr)
    return EXIT_REJECTED if failed else EXIT_OK
