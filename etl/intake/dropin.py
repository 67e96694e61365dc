"""data/figures/ holds curated files (fact_id, report_id …) and may hold analyst template files.

The header tells them apart: a file whose header names ``fact_id`` or ``report_id`` is curated;
any other CSV whose header maps to template columns, and every XLSX, is an analyst file. Curated
files go through ``etl.figures`` as before; analyst files are loaded by the build after them
(``etl.intake.replay``), with the same checks as ``python -m etl add``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from etl.figures import FACT_COLUMNS, normalize_figures
from etl.intake.columns import canonical
from etl.intake.read import ZIP_MAGIC, decode
from etl.issues import Problem
from etl.reference import Reference, read_csv, sha256_file

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


def load_curated(paths: list[Path], ref: Reference, problems: list[Problem]):
    """``etl.figures.load_figure_files`` over the given curated files only (same checks, same output)."""
    report_ids = set(ref.reports["report_id"])
    frames, files = [], {}
    for path in paths:
        rel = f"data/figures/{path.name}"
        try:
            df = read_csv(path)
        except (UnicodeDecodeError, pd.errors.ParserError) as exc:
            problems.append(Problem(rel, None, None, None, "无法读取文件", f"cannot read the file: {exc}",
                                    "另存为 UTF-8 编码的 CSV", "save it as UTF-8 CSV"))
            continue
        facts = normalize_figures(df, rel, ref, problems, report_ids)
        files[rel] = (sha256_file(path), len(df), len(facts))
        frames.append(facts.assign(source_rel=rel))
    facts = (pd.concat(frames, ignore_index=True) if frames
             else pd.DataFrame(columns=FACT_COLUMNS + ["source_row", "source_rel"]))
    dup = facts[facts["fact_id"].duplicated(keep=False)]
    for fid, grp in dup.groupby("fact_id"):
        problems.append(Problem(grp["source_rel"].iloc[-1], int(grp["source_row"].iloc[-1]), "fact_id", fid,
                                "fact_id 重复", "fact_id is used more than once", "每行使用唯一编号",
                                "use a unique id per row"))
    return facts, files
