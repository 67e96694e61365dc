"""The build, as explicit steps: reference → figures → mentions → (load) → replayed batches → marts.

Every CSV under data/ → a new DuckDB file beside the warehouse → model checks → ``os.replace``.
A failed step or check raises ``ValidationError`` before anything is swapped in; the served
warehouse is never opened for writing, so it stays exactly as it was. Two builds from the same
data give the same tables (build batches carry no timestamp).

After the curated files, the build loads analyst template files found in data/figures/ and replays
the analyst batches archived under data/archive/ (``etl.pipeline.batches``), so a rebuild never loses
an analyst's data; rolled-back batches are left out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from core import location, settings
from core.issues import Problem, ValidationError
from core.settings import DATA_DIR
from etl.pipeline import marts
from etl.pipeline.batches import replay
from etl.pipeline.dropins import split_figures
from etl.pipeline.figures import load_figure_files
from etl.pipeline.load import load_tables
from etl.pipeline.mentions import load_mentions
from etl.pipeline.reference import load_reference
from etl.warehouse import archive, definitions, events, files, lake


@dataclass
class BuildResult:
    warehouse: Path
    counts: dict[str, int]
    manifest: list[dict] = field(default_factory=list)


def build(data_dir: Path = DATA_DIR, warehouse=None, exclude=(), extra_events=()) -> BuildResult:
    """Validate everything under ``data_dir``; on success atomically replace ``warehouse`` (a file or a lake,
    ``core.location``). ``exclude``/``extra_events``: a rollback's batch and its log record, which the new state
    includes before the log does (``etl.warehouse.events``)."""
    loc = location.parse(warehouse or settings.warehouse_location())
    with archive.lock(Path(data_dir), "build"):   # one writer at a time with `etl add` / `etl rollback`
        if not loc.is_lake:
            events.remove_leftovers(loc.path)
        return _build(Path(data_dir), loc, tuple(exclude), list(extra_events))


def _build(data_dir: Path, loc: location.Location, exclude: tuple, extra_events: list[dict]) -> BuildResult:
    problems: list[Problem] = []
    ref = load_reference(data_dir, problems)                                   # 1 reference
    if ref is None:
        raise ValidationError(problems)
    curated, dropins = split_figures(data_dir)
    facts, fig_files = load_figure_files(data_dir, ref, problems, paths=curated)  # 2 figures
    mentions, mention_files = load_mentions(data_dir, ref, problems)           # 3 mentions
    if problems:
        raise ValidationError(problems)
    facts, batches, manifest = _batches_and_manifest(ref, facts, fig_files, mention_files)

    tmp = files.new_file_beside(loc.path) if not loc.is_lake else files.new_temp_file()
    try:
        con = duckdb.connect(str(tmp))
        try:
            definitions.create(con)
            load_tables(con, ref, facts, mentions, batches, manifest)
            replayed = replay(con, data_dir, dropins, len(fig_files) + 1, ref.index, exclude)  # 4 batches
            events.insert(con, archive.read_log(data_dir) + extra_events)
            marts.finish(con)                                                  # 5 marts, then checks
            con.execute("CHECKPOINT")
            manifest_records = files.manifest_rows(con)
            totals = dict(zip(["reports", "indicators"], con.execute(
                "SELECT (SELECT count(*) FROM dim_report), (SELECT count(*) FROM dim_indicator)").fetchone(),
                strict=True))
        finally:
            con.close()
        if loc.is_lake:
            lake.publish(tmp, loc)
        else:
            os.replace(tmp, loc.path)
    finally:
        files.remove(tmp)
    if not loc.is_lake:
        files.write_manifest_json(manifest_records, loc.path)
    counts = {"facts": len(facts) + replayed["facts"], "reports": totals["reports"], "regions": len(ref.regions),
              "indicators": totals["indicators"], "mentions": len(mentions),
              "dropin_files": replayed["dropin_files"], "batches_replayed": replayed["batches"]}
    return BuildResult(loc.path if not loc.is_lake else Path(loc.display), counts, manifest_records)


def _batches_and_manifest(ref, facts: pd.DataFrame, fig_files: dict, mention_files: dict):
    """One build batch per curated figure file; the manifest of every file read."""
    batch_rows, manifest_rows = [], []
    for rel, (sha, n) in ref.files.items():
        manifest_rows.append({"file_path": rel, "kind": "reference", "file_sha256": sha,
                              "rows_read": n, "rows_loaded": n})
    for kind, found in (("figures", fig_files), ("mentions", mention_files)):
        for rel, (sha, n_in, n_out) in found.items():
            manifest_rows.append({"file_path": rel, "kind": kind, "file_sha256": sha,
                                  "rows_read": n_in, "rows_loaded": n_out})
    facts = facts.copy()
    facts["batch_id"] = None
    for batch_id, (rel, (sha, n_in, n_out)) in enumerate(sorted(fig_files.items()), start=1):
        batch_rows.append({"batch_id": batch_id, "kind": "build", "source_file": rel, "file_sha256": sha,
                           "loaded_at": None, "loaded_by": "etl build", "rows_in": n_in,
                           "rows_loaded": n_out, "rows_rejected": 0, "only_valid": False, "note": None,
                           "state": "published"})     # reviewed by being committed to data/
        facts.loc[facts["source_rel"] == rel, "batch_id"] = batch_id
    facts["is_synthetic"] = False
    return facts, pd.DataFrame(batch_rows), pd.DataFrame(manifest_rows).sort_values("file_path")
