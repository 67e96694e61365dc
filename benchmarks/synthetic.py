"""A synthetic warehouse at production scale, for benchmarks only.

Copies the real schema and reference dimensions from a built warehouse, then adds synthetic
reports, organizations, indicators and facts generated inside DuckDB (no Python loops):
regions × organizations × indicators × years. Every synthetic row is flagged
(``is_synthetic = TRUE``, keys prefixed ``syn_``); this file is never the default warehouse.

    python -m benchmarks.synthetic --out benchmarks/work/synthetic.duckdb --facts 10000000
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import duckdb

from core.settings import DEFAULT_WAREHOUSE
from etl.pipeline import marts
from etl.warehouse import definitions

CATEGORIES = [("组织覆盖", "Organization coverage"), ("队伍建设", "Teams"), ("阵地建设", "Sites"),
              ("品牌创建", "Brands"), ("制度机制", "Mechanisms"), ("服务成效", "Service outcomes"),
              ("业务成效", "Business outcomes")]


def make_synthetic(out: Path, facts: int = 10_000_000, cities: int = 300, orgs_per_city: int = 7,
                   years: int = 12, source: Path = DEFAULT_WAREHOUSE) -> dict:
    indicators = max(2, math.ceil(facts / (cities * orgs_per_city * years)))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    started = time.perf_counter()
    con = duckdb.connect(str(out))
    definitions.create(con)
    con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
    for table in ("dim_region", "dim_report", "dim_organization", "dim_concept", "dim_indicator", "indicator_pair",
                  "fact", "fact_held", "region_mention", "load_batch", "load_manifest", "load_event", "meta_version"):
        # (marts are rebuilt below)
        con.execute(f"INSERT INTO {table} SELECT * FROM src.{table}")
    con.execute("DETACH src")
    con.execute("""INSERT INTO load_batch (batch_id, kind, source_file, file_sha256, loaded_at, loaded_by, rows_in,
                   rows_loaded, rows_rejected, only_valid, note) VALUES (9999, 'synthetic', 'benchmarks/synthetic.py', 'synthetic',
                   NULL, 'benchmarks', 0, 0, 0, FALSE, 'synthetic data for benchmarks')""")
    con.execute(f"""
        CREATE TEMP TABLE syn_city AS
        SELECT region_code, row_number() OVER (ORDER BY region_code) AS n
        FROM dim_region WHERE level = 'prefecture' AND is_current ORDER BY region_code LIMIT {cities}""")
    con.execute(f"""
        INSERT INTO dim_report BY NAME     -- by column name, so a new column of the model cannot break it
        SELECT 'syn_r' || y AS report_id, '合成报告 ' || (2013 + y) AS title_zh,
               'Synthetic report ' || (2013 + y) AS title_en, FALSE AS title_is_original,
               '合成数据' AS publisher, 'unknown' AS publisher_status, (2013 + y)::VARCHAR AS published_on,
               make_date(2013 + y, 1, 1) AS published_date, 'unknown' AS published_status,
               'synthetic' AS published_note, 'simplified' AS script, FALSE AS damaged, TRUE AS is_synthetic,
               'benchmarks' AS source
        FROM range({years}) t(y)""")
    cats = " UNION ALL ".join(f"SELECT {i} AS c, '{zh}' AS zh, '{en}' AS en"
                              for i, (zh, en) in enumerate(CATEGORIES))
    con.execute(f"""
        INSERT INTO dim_indicator BY NAME
        SELECT 'syn_i' || i AS indicator_key, '合成指标' || i AS name_zh, 'Synthetic indicator ' || i AS name_en,
               CASE WHEN i % 10 = 0 THEN '%' ELSE '个' END AS unit, c.zh AS category, c.en AS category_en,
               'synthetic' AS description, i % 10 = 0 AS is_rate, 'benchmarks' AS source
        FROM range({indicators}) t(i) JOIN ({cats}) c ON c.c = i % 7""")
    con.execute(f"""
        INSERT INTO indicator_pair BY NAME
        SELECT 'syn_i' || i AS rate_key, 'syn_i' || (i + 1) AS numerator_key, 'syn_i' || (i + 2) AS denominator_key,
               'figure' AS denominator_from, 'benchmarks' AS source
        FROM range(0, {indicators} - 2, 10) t(i)""")
    con.execute(f"""
        INSERT INTO dim_organization BY NAME
        SELECT 'syn_o' || c.n || '_' || o AS org_id, '合成单位' || c.n || '-' || o AS name_zh, c.region_code
        FROM syn_city c, range({orgs_per_city}) t(o)""")
    con.execute(f"""
        INSERT INTO fact BY NAME
        SELECT 'syn_f' || c.n || '_' || o || '_' || i || '_' || y AS fact_id, 'syn_r' || y AS report_id,
               c.region_code, 'prefecture' AS scope_level, 'syn_o' || c.n || '_' || o AS org_id,
               'organisation' AS subject_kind, 'syn_i' || i AS indicator_key,
               CASE WHEN i % 10 = 0 THEN (hash(c.n, o, i, y) % 10000) / 100.0
                    ELSE (hash(c.n, o, i, y) % 5000) END AS value,
               CASE WHEN i % 10 = 0 THEN '%' ELSE '个' END AS unit,
               CASE WHEN hash(i, y) % 9 = 0 THEN 'more_than' ELSE 'exact' END AS qualifier, FALSE AS implied,
               (2013 + y)::VARCHAR AS period, 9999 AS batch_id, TRUE AS is_synthetic
        FROM syn_city c, range({orgs_per_city}) t1(o), range({indicators}) t2(i), range({years}) t3(y)
        LIMIT {facts}""")
    marts.finish(con)      # the marts, then every model check: the synthetic warehouse is a valid one
    con.execute("CHECKPOINT")
    n = con.execute("SELECT count(*) FROM fact WHERE is_synthetic").fetchone()[0]
    con.close()
    return {"facts": n, "cities": cities, "orgs_per_city": orgs_per_city, "indicators": indicators,
            "years": years, "seconds": round(time.perf_counter() - started, 1),
            "size_mb": round(out.stat().st_size / 1e6, 1)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default="benchmarks/work/synthetic.duckdb")
    p.add_argument("--facts", type=int, default=10_000_000)
    args = p.parse_args()
    print(make_synthetic(Path(args.out), args.facts))


if __name__ == "__main__":
    main()
