"""The coverage page: every rate by region, from the mart kept by every write."""

from __future__ import annotations

import pandas as pd

from dashboard.db import run_query
from dashboard.filters import Filters


def coverage(f: Filters, limit: int = 400) -> pd.DataFrame:
    """Every rate indicator by region: reported and computed rates, n/N, flags, and its source.

    ``scope_level`` / ``region_unnamed`` say when a city figure is filed under its province
    (城市未注明)."""
    w = f.where()
    return run_query(f"""
        SELECT * FROM mart_coverage WHERE {w.sql}
        ORDER BY category, rate_key, region_code, report_id, org_id NULLS FIRST, rate_fact_id NULLS FIRST,
                 numerator_fact_id NULLS FIRST   -- a total order: two subjects of one place and report tie otherwise
        LIMIT $limit""", {**w.params, "limit": limit})
