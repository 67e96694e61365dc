"""data/figures/ holds curated files (fact_id, report_id …) and may hold analyst template files.

The header tells them apart: a file whose header names ``fact_id`` or ``report_id`` is curated;
any other CSV whose header maps to template columns, and every XLSX, is an analyst file. Curated
files go through ``etl.pipeline.figures`` as before; analyst files are loaded by the build after them
(``etl.pipeline.batches``), with the same checks as ``python -m etl add``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from etl.template.columns import canonical
from etl.template.read import ZIP_MAGIC, decode

CURATED_MARKERS = {"fact_id", "report_id"}


def is_template_file(path: Path) -> bool:
    head = path.read_bytes()[:8192]
    if head.startswith(ZIP_MAGIC):
        return True
    text, _enc, problem = decode(head, path.name)
    if problem or text is None:
        # a truncated multi-byte character at the cut: retry on whole lines only
        text, _enc, problem = decode(head[: head.rfind(b"\n") + 1], path.name)
        if problem or text is None:
            return False
    first = next(csv.reader(io.StringIO(text)), [])
    cells = {c.strip().lstrip("\ufeff").lower() for c in first}
    if cells & CURATED_MARKERS:
        return False
    return sum(1 for c in first if canonical(c)) >= 2


def split_figures(data_dir: Path) -> tuple[list[Path], list[Path]]:
    """(curated CSV files, analyst template files) under data/figures/, each sorted by name."""
    folder = Path(data_dir) / "figures"
    if not folder.is_dir():
        return [], []
    curated, template = [], []
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "~$")) or path.suffix.lower() not in (".csv", ".xlsx"):
            continue
        (template if is_template_file(path) else curated).append(path)
    return curated, template
