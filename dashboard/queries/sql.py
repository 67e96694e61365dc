"""SQL building blocks for the query functions: literal IN lists with named parameters, the qualifier
of a sum, category order. Only ``dashboard.queries`` uses them; pages never build SQL."""

from __future__ import annotations

from typing import Any

import pandas as pd

from core.labels import CATEGORY_ORDER

QUALIFIER_AGG = """CASE WHEN count(*) = 1 THEN any_value({q})
         WHEN bool_and({q} = 'exact') THEN 'exact'
         WHEN bool_or({q} IN ('approx', 'range')) THEN 'approx'
         WHEN bool_or({q} = 'more_than') THEN 'more_than'
         ELSE 'at_least' END"""


# A region's value of several figures: counts add up; a rate is never added or averaged across
# organisations: the newest one (by the date it refers to, then the report) stands.
RATE_OR_SUM = ("CASE WHEN bool_or(v.is_rate) THEN arg_max(v.value, (coalesce(v.ref_date, ''), "
               "coalesce(v.published_date, DATE '0001-01-01'), v.fact_id)) ELSE sum(v.value) END")


def qualifier_agg(column: str = "qualifier") -> str:
    """The qualifier of a sum of figures: exact only when all are, else the loosest."""
    return QUALIFIER_AGG.format(q=column)


def in_list(values, name: str) -> tuple[str, dict[str, Any]]:
    """``($name_0, $name_1, …)`` and its parameters: a literal IN list lets DuckDB push the filter into the
    views (through v_latest's window, onto the fact scan), which a subquery would not."""
    values = list(values)
    if not values:
        return "(NULL)", {}
    params = {f"{name}_{i}": v for i, v in enumerate(values)}
    return "(" + ", ".join(f"${k}" for k in params) + ")", params


def category_sorted(df: pd.DataFrame) -> pd.DataFrame:
    order = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    return (df.assign(_o=df["category"].map(order).fillna(99)).sort_values(["_o", "category"])
            .drop(columns="_o").reset_index(drop=True))
