"""The atomic build: every CSV under data/ → a new DuckDB file → os.replace onto the warehouse.

A failed build raises ValidationError before anything is written; the served warehouse is
never opened for writing, so it stays exactly as it was. Two builds from the same data give
the same tables (build batches carry no timestamp).

After the curated files, the build loads analyst template files found in data/figures/ and replays
the analyst batches archived under data/archive/ (``etl.intake.replay``), so a rebuild never loses
an analyst's data; rolled-back batches are left out.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from etl import DATA_DIR, DEFAULT_WAREHOUSE
from etl.figures import load_figure_files, org_id
from etl.intake import archive
from etl.intake import load as intake_load
from etl.intake.dropin import split_figures
from etl.intake.replay import replay
from etl.issues import Problem, ValidationError
from etl.reference import Reference, load_reference, parse_bool, read_csv, sha256_file
from etl.text import normalize_name

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
MENTION_COLUMNS = ["report_id", "region", "province", "role", "char_start", "char_end", "note"]


@dataclass
class BuildResult:
    warehouse: Path
    counts: dict[str, int]
    manifest: list[dict] = field(default_factory=list)


def _mentions(data_dir: Path, ref: Reference, problems: list[Problem]) -> tuple[pd.DataFrame, dict]:
    path = data_dir / "mentions" / "region_mentions.csv"
    rel = "data/mentions/region_mentions.csv"
    cols = ["report_id", "region_code", "role", "char_start", "char_end", "note"]
    if not path.exists():
        return pd.DataFrame(columns=cols), {}
    df = read_csv(path).reindex(columns=MENTION_COLUMNS, fill_value="")
    report_ids = set(ref.reports["report_id"])
    rows = []
    for i, r in df.iterrows():
        code = ref.index.resolve(normalize_name(r["region"]), province=r["province"] or None)
        if code is None:
            problems.append(Problem(rel, i + 2, "region", r["region"], "无法识别的地区", "unknown region"))
            continue
        if r["report_id"] not in report_ids:
            problems.append(Problem(rel, i + 2, "report_id", r["report_id"], "报告编号不存在",
                                    "unknown report_id"))
            continue
        rows.append({"report_id": r["report_id"], "region_code": code, "role": r["role"],
                     "char_start": int(r["char_start"]), "char_end": int(r["char_end"]),
                     "note": r["note"] or None})
    return pd.DataFrame(rows, columns=cols), {rel: (sha256_file(path), len(df), len(rows))}


def _dim_frames(ref: Reference, facts: pd.DataFrame) -> dict[str, pd.DataFrame]:
    regions = ref.regions.copy()
    for col in ("lng", "lat"):
        regions[col] = pd.to_numeric(regions[col], errors="coerce")
    for col in ("population", "population_year"):
        regions[col] = pd.to_numeric(regions[col], errors="coerce").astype("Int64")
    regions = regions.replace({"": None})

    reports = ref.reports.copy()
    for col in ("title_is_original", "damaged"):
        reports[col] = reports[col].map(parse_bool)
    reports["organization"] = reports["organization"].map(lambda s: normalize_name(s) if s else None)
    reports["is_synthetic"] = False
    reports = reports.replace({"": None})

    indicators = ref.indicators.copy()
    indicators["is_rate"] = indicators["is_rate"].map(parse_bool)
    indicators = indicators.replace({"": None})

    pairs = ref.pairs.replace({"": None})
    orgs = (facts.dropna(subset=["org_id"]).groupby("org_id", as_index=False)
            .agg(name_zh=("organization", "first"), region_code=("region_code", "first")))
    # Report organizations too, so every report's body appears even without a figure.
    extra = [{"org_id": org_id(normalize_name(r.organization), r.city_code or r.province_code),
              "name_zh": normalize_name(r.organization), "region_code": r.city_code or r.province_code}
             for r in ref.reports.itertuples() if r.organization]
    orgs = pd.concat([orgs, pd.DataFrame(extra)]).drop_duplicates("org_id").sort_values("org_id")
    return {"dim_region": regions, "dim_report": reports, "dim_indicator": indicators,
            "indicator_pair": pairs, "dim_organization": orgs}


def _insert(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    frame = df.reindex(columns=cols)
    con.register("_frame", frame)
    con.execute(f"INSERT INTO {table} SELECT {', '.join(cols)} FROM _frame")
    con.unregister("_frame")


def write_warehouse(path: Path, dims: dict[str, pd.DataFrame], facts: pd.DataFrame,
                    mentions: pd.DataFrame, batches: pd.DataFrame, manifest: pd.DataFrame) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        for table, df in dims.items():
            _insert(con, table, df)
        _insert(con, "load_batch", batches)
        _insert(con, "fact", facts.sort_values("fact_id"))
        _insert(con, "region_mention", mentions)
        _insert(con, "load_manifest", manifest)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def build(data_dir: Path = DATA_DIR, warehouse: Path = DEFAULT_WAREHOUSE) -> BuildResult:
    """Validate everything under ``data_dir``; on success atomically replace ``warehouse``."""
    with archive.lock(Path(data_dir)):   # one writer at a time with `etl add` / `etl rollback`
        return _build(Path(data_dir), Path(warehouse))


def _build(data_dir: Path, warehouse: Path) -> BuildResult:
    problems: list[Problem] = []
    ref = load_reference(data_dir, problems)
    if ref is None:
        raise ValidationError(problems)
    curated, dropins = split_figures(data_dir)
    facts, fig_files = load_figure_files(data_dir, ref, problems, paths=curated)
    mentions, mention_files = _mentions(data_dir, ref, problems)
    if problems:
        raise ValidationError(problems)

    batch_rows, manifest_rows = [], []
    for rel, (sha, n) in ref.files.items():
        manifest_rows.append({"file_path": rel, "kind": "reference", "file_sha256": sha,
                              "rows_read": n, "rows_loaded": n})
    for kind, files in (("figures", fig_files), ("mentions", mention_files)):
        for rel, (sha, n_in, n_out) in files.items():
            manifest_rows.append({"file_path": rel, "kind": kind, "file_sha256": sha,
                                  "rows_read": n_in, "rows_loaded": n_out})
    facts = facts.copy()
    facts["batch_id"] = None
    for batch_id, (rel, (sha, n_in, n_out)) in enumerate(sorted(fig_files.items()), start=1):
        batch_rows.append({"batch_id": batch_id, "kind": "build", "source_file": rel, "file_sha256": sha,
                           "loaded_at": None, "loaded_by": "etl build", "rows_in": n_in,
                           "rows_loaded": n_out, "rows_rejected": 0, "only_valid": False, "note": None})
        facts.loc[facts["source_rel"] == rel, "batch_id"] = batch_id
    facts["is_synthetic"] = False
    manifest = pd.DataFrame(manifest_rows).sort_values("file_path")

    warehouse.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=warehouse.name + ".", suffix=".tmp", dir=warehouse.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    try:
        write_warehouse(tmp, _dim_frames(ref, facts), facts, mentions, pd.DataFrame(batch_rows), manifest)
        replayed = replay(tmp, data_dir, dropins, len(fig_files) + 1, ref.index)
        con = duckdb.connect(str(tmp), read_only=True)
        try:
            manifest_records = intake_load.manifest_rows(con)
            totals = dict(zip(["reports", "indicators"], con.execute(
                "SELECT (SELECT count(*) FROM dim_report), (SELECT count(*) FROM dim_indicator)").fetchone(),
                strict=True))
        finally:
            con.close()
        os.replace(tmp, warehouse)
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            leftover.unlink(missing_ok=True)
    intake_load.write_manifest_json(manifest_records, warehouse)
    counts = {"facts": len(facts) + replayed["facts"], "reports": totals["reports"], "regions": len(ref.regions),
              "indicators": totals["indicators"], "mentions": len(mentions),
              "dropin_files": replayed["dropin_files"], "batches_replayed": replayed["batches"]}
    return BuildResult(warehouse, counts, manifest_records)
