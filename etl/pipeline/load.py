"""The load step of the build: the validated frames → the warehouse's tables (created from the models)."""

from __future__ import annotations

import duckdb
import pandas as pd

from core.ids import org_id
from core.text import normalize_name
from etl.pipeline.reference import Reference, parse_bool


def dimension_frames(ref: Reference, facts: pd.DataFrame) -> dict[str, pd.DataFrame]:
    regions = ref.regions.copy()
    for col in ("lng", "lat"):
        regions[col] = pd.to_numeric(regions[col], errors="coerce")
    for col in ("population", "population_year"):
        regions[col] = pd.to_numeric(regions[col], errors="coerce").astype("Int64")
    regions["is_current"] = regions["is_current"].map(parse_bool)
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
    concepts = ref.concepts.replace({"": None})
    # a coverage rate's target is 100% unless concepts.csv sets another: the line leaders measure against
    target = pd.to_numeric(concepts["target"], errors="coerce")
    concepts["target"] = target.where(target.notna() | (concepts["kind"] != "coverage"), 100.0)
    return {"dim_region": regions, "dim_report": reports, "dim_concept": concepts, "dim_indicator": indicators,
            "indicator_pair": pairs, "dim_organization": orgs}


def insert(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    """Append a frame to a table, by the table's column names (missing columns are NULL)."""
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    frame = df.reindex(columns=cols)
    con.register("_frame", frame)
    con.execute(f"INSERT INTO {table} SELECT {', '.join(cols)} FROM _frame")
    con.unregister("_frame")


def load_tables(con: duckdb.DuckDBPyConnection, ref: Reference, facts: pd.DataFrame, mentions: pd.DataFrame,
                batches: pd.DataFrame, manifest: pd.DataFrame) -> None:
    for table, df in dimension_frames(ref, facts).items():
        insert(con, table, df)
    insert(con, "load_batch", batches)
    insert(con, "fact", facts.sort_values("fact_id"))
    insert(con, "region_mention", mentions)
    insert(con, "load_manifest", manifest)
    con.execute("INSERT INTO meta_version VALUES (1, NULL)")
