"""A derived column of every write: the date each new figure refers to, and its basis
(``core.dates.reference_date``). Set-based: the distinct (period, publication date, status) triples of
the figures still without one are worked out once each, then written back in one UPDATE."""

from __future__ import annotations

import duckdb
import pandas as pd

from core.dates import reference_date


def stamp_reference_dates(con: duckdb.DuckDBPyConnection) -> int:
    """Stamp the figures (and the replaced ones a rebuild held before any stamp) still without a date."""
    combos = con.execute("""
        SELECT DISTINCT f.period, r.published_on, r.published_status
        FROM (SELECT report_id, period FROM fact WHERE ref_date_basis IS NULL
              UNION ALL SELECT report_id, period FROM fact_held WHERE ref_date_basis IS NULL) f
        JOIN dim_report r USING (report_id)""").fetchall()
    if not combos:
        return 0
    rows = []
    for period, published_on, status in combos:
        ref, basis = reference_date(period, published_on, status)
        rows.append({"period": period, "published_on": published_on, "published_status": status,
                     "ref_date": ref, "ref_year": int(ref[:4]) if ref else None, "basis": basis})
    con.register("_ref_dates", pd.DataFrame(rows).astype({"ref_year": "Int64"}))
    try:
        for table in ("fact", "fact_held"):
            con.execute(f"""
                UPDATE {table} SET ref_date = d.ref_date, ref_year = d.ref_year, ref_date_basis = d.basis
                FROM dim_report r, _ref_dates d
                WHERE {table}.ref_date_basis IS NULL AND r.report_id = {table}.report_id
                  AND d.period IS NOT DISTINCT FROM {table}.period
                  AND d.published_on IS NOT DISTINCT FROM r.published_on
                  AND d.published_status IS NOT DISTINCT FROM r.published_status""")
    finally:
        con.unregister("_ref_dates")
    return len(combos)
