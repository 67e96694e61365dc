"""The overview page: counts, headline figures with their companions, latest reports, categories."""

from __future__ import annotations

import pandas as pd

from dashboard.db import run_query
from dashboard.filters import Filters
from dashboard.queries.sql import category_sorted, in_list

# Headline cards: (indicator, companion indicator shown under the number, how to word it)
HEADLINES = [
    ("property_mgmt_area_count", "property_party_org_coverage_rate", "card_coverage"),
    ("red_site_demo_project_count", None, None),
    ("vanguard_member_count", "vanguard_team_count", "card_teams"),
    ("party_branch_count", None, None),
    ("in_service_member_count", None, None),
    ("brand_count", None, None),
]
COMPANIONS = {c for _, c, _ in HEADLINES if c}
NEWEST = "(coalesce(published_date, DATE '0001-01-01'), fact_id)"   # the order "newest figure" means
WIDEST = ("CASE subject_kind WHEN 'region' THEN 3 WHEN 'sector' THEN 2 WHEN 'government_organs' THEN 1 "
          "ELSE 0 END")                                                  # the order "widest subject" means
REPORT_COLUMNS = """any_value(report_title_zh) AS report_title_zh, any_value(report_title_en) AS report_title_en,
               any_value(publisher) AS publisher, any_value(publisher_en) AS publisher_en,
               any_value(publisher_status) AS publisher_status, any_value(published_status) AS published_status,
               any_value(published_on) AS published_on"""


def overview_counts(f: Filters) -> dict[str, int]:
    w = f.where()
    df = run_query(f"""
        SELECT count(DISTINCT report_id) AS reports, count(DISTINCT region_code) AS regions,
               count(DISTINCT indicator_key) AS indicators, count(*) AS figures
        FROM v_facts WHERE {w.sql}""", w.params)
    return {k: int(v) for k, v in df.iloc[0].items()}


def headline_figures(f: Filters, limit: int = 6) -> pd.DataFrame:
    """One card per indicator: the configured headline indicators first, then the newest others.

    Each row is the figure of its indicator about the widest subject (a region as a whole, then a sector,
    government organs, one organisation: one company's count never stands for a city's), newest first,
    with n_regions = how many regions have one. Aggregated with arg_max, not a window over every fact.
    """
    skip, skip_params = in_list(sorted(COMPANIONS), "skip")
    w = f.where().and_(f"NOT is_rate AND indicator_key NOT IN {skip}", **skip_params)
    picked = run_query(f"""
        SELECT indicator_key, arg_max(fact_id, ({WIDEST}, {NEWEST})) AS fact_id,
               count(DISTINCT region_code) AS n_regions, max(published_date) AS newest
        FROM v_facts WHERE {w.sql}
        GROUP BY indicator_key
        ORDER BY coalesce(list_position($headlines::VARCHAR[], indicator_key), 999), newest DESC NULLS LAST,
                 indicator_key
        LIMIT $limit""", {**w.params, "headlines": [k for k, _, _ in HEADLINES], "limit": limit})
    if picked.empty:
        return picked
    ids, id_params = in_list(picked["fact_id"], "id")
    rows = run_query(f"SELECT * FROM v_facts WHERE fact_id IN {ids}", id_params)
    out = picked[["fact_id", "n_regions"]].merge(rows, on="fact_id", how="left")
    return out.reset_index(drop=True)


def companion_figures(f: Filters, report_ids: list[str] | None = None) -> pd.DataFrame:
    """The figures shown under a headline number (coverage rate, number of teams)."""
    keys, key_params = in_list(sorted(COMPANIONS), "key")
    w = f.where(category=False).and_(f"indicator_key IN {keys}", **key_params)
    if report_ids is not None:
        reps, rep_params = in_list(sorted(set(report_ids)), "rep")
        w = w.and_(f"report_id IN {reps}", **rep_params)
    return run_query(f"""SELECT report_id, region_code, org_id, indicator_key,
                                arg_max(value, {NEWEST}) AS value, arg_max(value_max, {NEWEST}) AS value_max,
                                arg_max(qualifier, {NEWEST}) AS qualifier,
                                any_value(unit) AS unit, any_value(unit_en) AS unit_en
                         FROM v_facts WHERE {w.sql}
                         GROUP BY ALL""", w.params)


def latest_reports(f: Filters, limit: int = 8) -> pd.DataFrame:
    w = f.where()
    return run_query(f"""
        SELECT report_id, {REPORT_COLUMNS}, any_value(published_date) AS published_date,
               any_value(url) AS url, count(*) AS n_figures, count(DISTINCT region_code) AS n_regions,
               list(DISTINCT region_zh ORDER BY region_zh)[1:3] AS regions_zh,
               list(DISTINCT region_en ORDER BY region_en)[1:3] AS regions_en
        FROM v_facts WHERE {w.sql}
        GROUP BY report_id ORDER BY any_value(published_date) DESC NULLS LAST, report_id DESC
        LIMIT $limit""", {**w.params, "limit": limit})


def figures_by_category(f: Filters) -> pd.DataFrame:
    w = f.where()
    df = run_query(f"""
        SELECT category, any_value(category_en) AS category_en, count(*) AS n_figures,
               count(DISTINCT indicator_key) AS n_indicators, list(DISTINCT report_id ORDER BY report_id) AS report_ids
        FROM v_facts WHERE {w.sql} GROUP BY category""", w.params)
    return category_sorted(df)


def reports(report_ids: list[str]) -> pd.DataFrame:
    """Title, publisher and date of the given reports (for chart footnotes), and whether this audience sees draft
    figures of them (never for viewers: their v_facts holds published batches only)."""
    ids = sorted({str(r) for r in report_ids if r is not None})
    if not ids:
        return pd.DataFrame(columns=["report_id", "report_title_zh", "report_title_en", "publisher",
                                     "publisher_en", "publisher_status", "published_status", "published_on",
                                     "has_draft"])
    placeholders, params = in_list(ids, "rep")
    return run_query(f"""
        SELECT report_id, {REPORT_COLUMNS}, bool_or(is_draft) AS has_draft
        FROM v_facts WHERE report_id IN {placeholders}
        GROUP BY report_id ORDER BY report_id""", params)


def data_as_of(f: Filters) -> dict:
    """What the data on screen is as of: the newest report date under the filters, how many reports,
    and when the warehouse was last written (its file's time)."""

    from dashboard import db

    w = f.where()
    df = run_query(f"""
        SELECT max(published_date) AS newest, count(DISTINCT report_id) AS reports
        FROM v_facts WHERE {w.sql}""", w.params)
    written = db.written_at(db.signature())
    row = df.iloc[0] if len(df) else {}
    newest = row.get("newest") if len(df) else None
    return {"newest": None if newest is None or pd.isna(newest) else pd.Timestamp(newest).date(),
            "reports": int(row.get("reports") or 0) if len(df) else 0, "written": written}


def draft_batches(f: Filters) -> list[int]:
    """The draft batches whose figures this audience sees under the filters (empty for viewers: they see none).
    Asked of the small batch table first: with no draft anywhere (the usual case) no page scans the figures."""
    if run_query("SELECT count(*) AS n FROM load_batch WHERE state = 'draft'")["n"].iloc[0] == 0:
        return []
    w = f.where().and_("is_draft")
    df = run_query(f"SELECT DISTINCT batch_id FROM v_facts WHERE {w.sql} ORDER BY batch_id", w.params)
    return [int(b) for b in df["batch_id"]]


def data_version():
    """The warehouse's data version (changes with every write; None when there is no warehouse)."""
    from dashboard import db

    return db.signature()
