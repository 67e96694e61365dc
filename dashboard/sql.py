"""SQL building blocks for dashboard.queries: the filter as a WHERE clause, literal IN lists,
the qualifier of a sum. Only dashboard.queries uses them; pages never build SQL."""

from __future__ import annotations

import pandas as pd

from dashboard.filters import NO_PERIOD, Filters
from dashboard.i18n import CATEGORY_ORDER

QUALIFIER_AGG = """CASE WHEN count(*) = 1 THEN any_value(qualifier)
         WHEN bool_and(qualifier = 'exact') THEN 'exact'
         WHEN bool_or(qualifier IN ('approx', 'range')) THEN 'approx'
         WHEN bool_or(qualifier = 'more_than') THEN 'more_than'
         ELSE 'at_least' END"""


def where(f: Filters, *, area: bool = True, category: bool = True, period: bool = True,
          report: bool = True, t: str = "") -> tuple[str, list]:
    """The filter as a WHERE clause over a view with the v_facts columns (alias prefix ``t``)."""
    p = f"{t}." if t else ""
    conds, params = ["TRUE"], []
    if area and f.district:
        conds.append(f"{p}region_code = ?")
        params.append(f.district)
    elif area and f.city:
        conds.append(f"{p}city_code = ?")
        params.append(f.city)
    elif area and f.province:
        conds.append(f"{p}province_code = ?")
        params.append(f.province)
    if category and f.category:
        conds.append(f"{p}category = ?")
        params.append(f.category)
    if period and f.period == NO_PERIOD:
        conds.append(f"{p}period IS NULL")
    elif period and f.period:
        conds.append(f"{p}period = ?")
        params.append(f.period)
    if report and f.report_id:
        conds.append(f"{p}report_id = ?")
        params.append(f.report_id)
    return " AND ".join(conds), params


def in_list(values) -> tuple[str, list]:
    """``(?, ?, ?)`` and its parameters: a literal IN list lets DuckDB push the filter into the views
    (through v_latest's window, onto the fact scan), which a subquery would not."""
    values = list(values)
    if not values:
        return "(NULL)", []
    return "(" + ", ".join("?" * len(values)) + ")", values


def category_sorted(df: pd.DataFrame) -> pd.DataFrame:
    order = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    return (df.assign(_o=df["category"].map(order).fillna(99)).sort_values(["_o", "category"])
            .drop(columns="_o").reset_index(drop=True))


# filter level -> (fact scope_level, region level)
LEVELS = {"province": ("province", "province"), "city": ("city", "prefecture"), "district": ("county", "county")}
