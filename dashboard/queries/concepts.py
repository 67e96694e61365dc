"""Comparable figures: one concept, one kind of subject, one row per region and subject (its newest
figure by the date it refers to). Nothing is summed or averaged across subjects; every row says its year."""

from __future__ import annotations

import pandas as pd

from core import levels
from dashboard.db import run_query
from dashboard.filters import Filters

MIN_TO_RANK = 2   # a ranking needs at least two regions with comparable figures
WIDE = 5          # a rate compared across this many places comes before any wider count (Compare's default)


def concept_overview(f: Filters, level: str | None = None) -> pd.DataFrame:
    """Per concept and kind of subject: how many regions have comparable figures, which, and the years
    (``level``: only figures describing units of that level). First: coverage rates and shares across
    ``WIDE`` places or more, then the widest comparisons."""
    w = f.where().and_("concept_key IS NOT NULL")
    if level:
        w = w.and_("scope_level = $level", level=levels.normalize(level))
    return run_query(f"""
        SELECT concept_key, any_value(concept_zh) AS concept_zh, any_value(concept_en) AS concept_en,
               any_value(concept_kind) AS concept_kind, subject_kind,
               count(DISTINCT region_code) AS n_regions, count(*) AS n_figures,
               list(DISTINCT region_zh ORDER BY region_zh) AS regions_zh,
               list(DISTINCT region_en ORDER BY region_en) AS regions_en,
               min(ref_year) AS year_min, max(ref_year) AS year_max,
               count(*) FILTER (WHERE ref_year IS NULL) AS n_undated
        FROM v_facts WHERE {w.sql}
        GROUP BY concept_key, subject_kind
        ORDER BY (count(DISTINCT region_code) >= $wide AND any_value(concept_kind) IN ('coverage', 'share')) DESC,
                 n_regions DESC, concept_key, subject_kind""", {**w.params, "wide": WIDE})


def concept_ranking(f: Filters, concept_key: str, subject_kind: str, level: str | None = None) -> pd.DataFrame:
    """The newest figure of each region × subject for one concept and one kind of subject, ranked.
    ``level`` keeps only figures that describe units of that level (province | prefecture | county)."""
    w = f.where().and_("concept_key = $concept AND subject_kind = $kind", concept=concept_key, kind=subject_kind)
    if level:
        w = w.and_("scope_level = $level", level=levels.normalize(level))
    return run_query(f"""
        WITH newest AS (
            SELECT region_code, coalesce(org_id, '') AS subject,
                   arg_max(fact_id, (coalesce(ref_date, ''), coalesce(published_date, DATE '0001-01-01'), fact_id))
                       AS fact_id
            FROM v_facts WHERE {w.sql}
            GROUP BY ALL)
        SELECT v.*, count(*) OVER () AS n_rows,
               count(DISTINCT v.region_code) OVER () AS n_regions,
               rank() OVER (ORDER BY v.value DESC) AS rank
        FROM newest n JOIN v_facts v USING (fact_id)
        ORDER BY v.value DESC, v.region_code""", w.params)


def concept_trend(f: Filters, concept_key: str, subject_kind: str, level: str | None = None) -> pd.DataFrame:
    """One concept over the years it refers to: per region × subject × year, the newest figure of that year.
    Undated figures cannot sit on a time axis: ``n_undated`` says how many were left out."""
    w = f.where().and_("concept_key = $concept AND subject_kind = $kind", concept=concept_key, kind=subject_kind)
    if level:
        w = w.and_("scope_level = $level", level=levels.normalize(level))
    return run_query(f"""
        WITH dated AS (
            SELECT region_code, coalesce(org_id, '') AS subject, ref_year,
                   arg_max(fact_id, (coalesce(ref_date, ''), fact_id)) AS fact_id
            FROM v_facts WHERE {w.sql} AND ref_year IS NOT NULL
            GROUP BY ALL)
        SELECT v.*, (SELECT count(*) FROM v_facts WHERE {w.sql} AND ref_year IS NULL) AS n_undated
        FROM dated d JOIN v_facts v USING (fact_id)
        ORDER BY v.region_code, v.ref_year""", w.params)


def concept_story(f: Filters, level: str | None = levels.PREFECTURE, limit: int = 6) -> pd.DataFrame:
    """The first page's story, one row per concept × kind of subject (rates with a target first, then most
    regions): how many regions
    have comparable figures, the years, the highest and lowest figure (fact ids), and for rates with a
    target how many are below it. Per region × subject the newest figure counts, as in the ranking."""
    w = f.where().and_("concept_key IS NOT NULL")
    if level:
        w = w.and_("scope_level = $level", level=levels.normalize(level))
    return run_query(f"""
        WITH newest AS (
            SELECT concept_key, subject_kind, region_code, coalesce(org_id, '') AS subject,
                   arg_max(fact_id, (coalesce(ref_date, ''), coalesce(published_date, DATE '0001-01-01'), fact_id))
                       AS fact_id
            FROM v_facts WHERE {w.sql}
            GROUP BY ALL),
        picked AS (SELECT n.concept_key, n.subject_kind, v.region_code, v.fact_id, v.value, v.ref_year,
                          v.concept_zh, v.concept_en, v.concept_kind, v.concept_target, v.unit, v.unit_en
                   FROM newest n JOIN v_facts v USING (fact_id))
        SELECT concept_key, subject_kind, any_value(concept_zh) AS concept_zh, any_value(concept_en) AS concept_en,
               any_value(concept_kind) AS concept_kind, any_value(concept_target) AS concept_target,
               arg_max(unit, (value, fact_id)) AS unit, arg_max(unit_en, (value, fact_id)) AS unit_en,
               count(DISTINCT region_code) AS n_regions, count(*) AS n_rows,
               min(ref_year) AS year_min, max(ref_year) AS year_max,
               count(*) FILTER (WHERE ref_year IS NULL) AS n_undated,
               arg_max(fact_id, (value, fact_id)) AS top_fact, arg_min(fact_id, (value, fact_id)) AS low_fact,
               count(*) FILTER (WHERE value < concept_target) AS n_below
        FROM picked
        GROUP BY concept_key, subject_kind
        ORDER BY (any_value(concept_target) IS NULL), n_regions DESC, concept_key, subject_kind
        LIMIT $limit""", {**w.params, "limit": limit})
