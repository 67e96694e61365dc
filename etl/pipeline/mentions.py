"""Step 3 of the build: data/mentions/region_mentions.csv → regions a report names without a figure."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.issues import Problem
from core.text import normalize_name
from etl.pipeline.reference import Reference, read_csv, sha256_file

MENTION_COLUMNS = ["report_id", "region", "province", "role", "char_start", "char_end", "note"]
TABLE_COLUMNS = ["report_id", "region_code", "role", "char_start", "char_end", "note"]
REL = "data/mentions/region_mentions.csv"


def load_mentions(data_dir: Path, ref: Reference, problems: list[Problem]) -> tuple[pd.DataFrame, dict]:
    """(rows for region_mention, {file: (sha256, rows read, rows kept)}); problems are appended."""
    path = Path(data_dir) / "mentions" / "region_mentions.csv"
    if not path.exists():
        return pd.DataFrame(columns=TABLE_COLUMNS), {}
    df = read_csv(path).reindex(columns=MENTION_COLUMNS, fill_value="")
    report_ids = set(ref.reports["report_id"])
    rows = []
    for i, r in df.iterrows():
        code = ref.index.resolve(normalize_name(r["region"]), province=r["province"] or None)
        if code is None:
            problems.append(Problem.of(REL, i + 2, "region", r["region"], 'msg_unknown_region'))
            continue
        if r["report_id"] not in report_ids:
            problems.append(Problem.of(REL, i + 2, "report_id", r["report_id"], 'msg_unknown_report_id'))
            continue
        rows.append({"report_id": r["report_id"], "region_code": code, "role": r["role"],
                     "char_start": int(r["char_start"]), "char_end": int(r["char_end"]),
                     "note": r["note"] or None})
    return pd.DataFrame(rows, columns=TABLE_COLUMNS), {REL: (sha256_file(path), len(df), len(rows))}
