"""Write a plan into a warehouse connection: one transaction per file.

Used alike by ``etl add`` (on a private copy of the warehouse that then replaces the served one)
and by ``etl build`` when it replays drop-in files and archived batches, so both give the same rows.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import duckdb
import pandas as pd

from core.dates import partial_date_start
from etl.template.plan import Plan
from etl.template.validate import Options


@dataclass
class Batch:
    batch_id: int
    kind: str               # 'add' (analyst intake) | 'build' (a template file dropped in data/figures/)
    source_file: str        # the file name the analyst loaded, or data/figures/<name>
    manifest_path: str      # data/archive/<sha256>.<ext> or data/figures/<name>
    manifest_kind: str      # archive | figures
    loaded_at: str | None   # ISO UTC ('…Z'); None for build batches (keeps builds idempotent)
    loaded_by: str
    options: Options
    tag: str                # fact-id tag: 'b1001' or 'd<hash of the file name>'
    state: str = "published"  # draft: only analysts and admins see it until it is published (etl.intake.publish)
    published_at: str | None = None
    published_by: str | None = None


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    frame = pd.DataFrame(rows).reindex(columns=cols)
    frame = frame.astype(object).where(frame.notna(), None)
    con.register("_intake_rows", frame)
    try:
        con.execute(f"INSERT INTO {table} SELECT {', '.join(cols)} FROM _intake_rows")
    finally:
        con.unregister("_intake_rows")


def _report_row(spec: dict, facts: list[dict], batch: Batch) -> dict:
    regions = {(f["province_code"], f["city_code"]) for f in facts}
    provinces = {p for p, _ in regions}
    cities = {c for _, c in regions}
    orgs = {f["organization"] for f in facts}
    published_on = spec.get("published_on")
    return {
        "report_id": spec["report_id"], "title_zh": spec["title_zh"], "title_en": None,
        "title_is_original": True, "publisher": spec.get("publisher"),
        "publisher_status": spec.get("publisher_status") or ("confirmed" if spec.get("publisher") else "unknown"),
        "published_on": published_on,
        "published_date": partial_date_start(published_on) if published_on else None,
        "published_status": spec.get("published_status") or ("confirmed" if published_on else "unknown"),
        "published_note": "由分析员填写 / stated by the analyst" if published_on else None,
        "url": spec.get("url"),
        "province_code": provinces.pop() if len(provinces) == 1 else None,
        "city_code": cities.pop() if len(cities) == 1 else None,
        "organization": orgs.pop() if len(orgs) == 1 else None,
        "script": None, "damaged": False, "source_file": spec.get("source_file"), "sha256": spec.get("sha256"),
        "is_synthetic": False, "source": f"analyst intake: {batch.source_file} (batch {batch.batch_id})",
    }


def apply_plan(con: duckdb.DuckDBPyConnection, plan: Plan, batch: Batch, index, transaction: bool = True) -> int:
    """Insert the plan's new (and, if accepted, changed) figures; return how many facts were written.
    ``transaction=False``: the caller has begun one (an add writes all its files, events and marts in one)."""
    entries = plan.to_load(batch.options)
    facts, replaced = [], []
    for e in entries:
        f = dict(e.fact)
        region = index.get(f["region_code"])
        f["province_code"] = region["province_code"]
        f["city_code"] = (region["region_code"] if region["level"] == "prefecture"
                          else region["parent_code"] if region["level"] == "county" else None)
        f["fact_id"] = f"{f['report_id']}-{batch.tag}-{f['row']:04d}{f['suffix']}"
        f["batch_id"] = batch.batch_id
        f["is_synthetic"] = False
        facts.append(f)
        replaced += [o["fact_id"] for o in e.old]
    used_reports = {f["report_id"] for f in facts}
    used_indicators = {f["indicator_key"] for f in facts}
    by_report: dict[str, list[dict]] = {}
    for f in facts:
        by_report.setdefault(f["report_id"], []).append(f)
    reports = [_report_row(spec, by_report[rid], batch)
               for rid, spec in sorted(plan.reports.items()) if rid in used_reports]
    indicators = [{**spec, "description": "由分析员在导入时新增 / added by an analyst at intake",
                   "source": f"analyst intake: {batch.source_file} (batch {batch.batch_id})"}
                  for key, spec in sorted(plan.indicators.items()) if key in used_indicators]
    orgs = sorted({(f["org_id"], f["organization"], f["region_code"]) for f in facts if f["org_id"]})
    rejected = sorted(set(plan.rows("rejected")) | set(plan.skipped_rows))
    note = {"options": batch.options.as_dict(), "file": batch.manifest_path,
            "replaced": sorted(replaced), "rejected_rows": rejected}
    batch_row = {"batch_id": batch.batch_id, "kind": batch.kind, "source_file": batch.source_file,
                 "file_sha256": plan.sha256,
                 "loaded_at": dt.datetime.fromisoformat(batch.loaded_at.replace("Z", "")) if batch.loaded_at else None,
                 "loaded_by": batch.loaded_by, "rows_in": plan.rows_in,
                 "rows_loaded": len({f["row"] for f in facts}), "rows_rejected": len(rejected),
                 "only_valid": batch.options.only_valid, "note": json.dumps(note, ensure_ascii=False, sort_keys=True),
                 "state": batch.state, "published_by": batch.published_by,
                 "published_at": (dt.datetime.fromisoformat(batch.published_at.replace("Z", ""))
                                  if batch.published_at else None)}
    if transaction:
        con.execute("BEGIN TRANSACTION")
    try:
        existing_reports = {r[0] for r in con.execute("SELECT report_id FROM dim_report").fetchall()}
        new_reports = [r for r in reports if r["report_id"] not in existing_reports]
        _insert(con, "dim_report", new_reports)
        existing_ind = {r[0] for r in con.execute("SELECT indicator_key FROM dim_indicator").fetchall()}
        new_indicators = [i for i in indicators if i["indicator_key"] not in existing_ind]
        _insert(con, "dim_indicator", new_indicators)
        existing_orgs = {r[0] for r in con.execute("SELECT org_id FROM dim_organization").fetchall()}
        new_orgs = [{"org_id": o, "name_zh": n, "region_code": r} for o, n, r in orgs if o not in existing_orgs]
        _insert(con, "dim_organization", new_orgs)
        # what this batch created, so that undoing it (etl.pipeline.undo) removes exactly that
        note["created"] = {"dim_report": sorted(r["report_id"] for r in new_reports),
                           "dim_indicator": sorted(i["indicator_key"] for i in new_indicators),
                           "dim_organization": sorted(o["org_id"] for o in new_orgs)}
        batch_row["note"] = json.dumps(note, ensure_ascii=False, sort_keys=True)
        _insert(con, "load_batch", [batch_row])
        if replaced:        # kept in fact_held: viewers see them while this batch is a draft
            gone = sorted(set(replaced))
            con.execute("INSERT INTO fact_held SELECT *, ? AS replaced_by FROM fact WHERE fact_id IN (SELECT unnest(?))",
                        [batch.batch_id, gone])
            con.execute("DELETE FROM fact WHERE fact_id IN (SELECT unnest(?))", [gone])
        _insert(con, "fact", sorted(facts, key=lambda f: f["fact_id"]))
        con.execute("DELETE FROM load_manifest WHERE file_path = ?", [batch.manifest_path])
        _insert(con, "load_manifest", [{"file_path": batch.manifest_path, "kind": batch.manifest_kind,
                                        "file_sha256": plan.sha256, "rows_read": plan.rows_in,
                                        "rows_loaded": len(facts)}])
        if transaction:
            con.execute("COMMIT")
    except Exception:
        if transaction:
            con.execute("ROLLBACK")
        raise
    return len(facts)
