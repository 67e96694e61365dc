"""Every chart a page shows, built from queries + chart builders, so exports render the same charts.

    charts_for_view("compare", Filters(province="370000"), indicator="party_branch_count")
"""

from __future__ import annotations

import functools
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from core import levels
from core.labels import t
from dashboard import charts, db, queries
from dashboard.charts.common import as_list
from dashboard.filters import Filters

VIEWS = ("overview", "coverage", "compare", "map")
MAX_MULTIPLES = 9


@dataclass
class ChartSpec:
    key: str
    title: str
    figure: go.Figure
    sources_text: str
    sources: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)


_MEMO: OrderedDict = OrderedDict()
_MEMO_LOCK = threading.Lock()
MEMO_SIZE = 256


def _frozen(v):
    if isinstance(v, list | tuple):
        return tuple(_frozen(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, _frozen(x)) for k, x in v.items()))
    return v


def memo(fn):
    """Keep built charts per (arguments, warehouse version, audience) in this process: a figure is a pure
    function of the query results, and building one costs 50–200 ms of Python per page run. The audience is in
    the key: an analyst's chart holds drafts, and without it a viewer with the same filters was handed that
    chart. The figures are shared, so nobody mutates them (exports and the big screen work on copies)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        key = (fn.__name__, db.signature(), db.audience(), _frozen(args), _frozen(kwargs))
        with _MEMO_LOCK:
            if key in _MEMO:
                _MEMO.move_to_end(key)
                return list(_MEMO[key])
        out = fn(*args, **kwargs)
        with _MEMO_LOCK:
            _MEMO[key] = tuple(out)
            while len(_MEMO) > MEMO_SIZE:
                _MEMO.popitem(last=False)
        return list(out)

    wrapper.clear = _MEMO.clear
    return wrapper


def _plain(title_html: str) -> str:
    return re.sub(r"<[^>]+>", "", title_html or "").strip()


def _spec(key: str, fig: go.Figure, sources: pd.DataFrame, lang: str) -> ChartSpec:
    return ChartSpec(key, _plain(fig.layout.title.text), fig, charts.sources_text(sources, lang), sources)


def _report_ids(df: pd.DataFrame, col: str = "report_ids") -> list[str]:
    if df is None or df.empty:
        return []
    if col == "report_id":
        return sorted(df[col].dropna().astype(str).unique())
    return sorted({str(x) for v in df[col] for x in as_list(v)})


def default_indicator(f: Filters, level: str | None = None, options: pd.DataFrame | None = None) -> str | None:
    """The indicator most regions report; among equals a headline indicator, then catalogue order."""
    opts = options if options is not None else queries.indicator_options(f, level=level)
    if opts.empty:
        return None
    headline = {k: i for i, (k, _, _) in enumerate(queries.HEADLINES)}
    ranked = opts.assign(_h=opts["indicator_key"].map(headline).fillna(len(headline)), _o=range(len(opts)))
    ranked = ranked.sort_values(["n_regions", "_h", "_o"], ascending=[False, True, True])
    return str(ranked.iloc[0]["indicator_key"])


# ------------------------------------------------------------------ one builder per view

@memo
def overview_charts(f: Filters) -> list[ChartSpec]:
    df = queries.figures_by_category(f)
    sources = queries.reports(_report_ids(df))
    return [_spec("overview-categories", charts.category_chart(df, f.lang, sources), sources, f.lang)]


COVERAGE_GROUPS = (("coverage-rates", "cov_group_coverage"), ("coverage-shares", "cov_group_share"),
                   ("coverage-other", "cov_group_other"))


_GROUP_OF_KIND = {"coverage": "coverage-rates", "share": "coverage-shares"}


def coverage_group(row: dict) -> str:
    """Which chart a rate goes on: the catalogue's coverage rates, its shares, or rates of one report's own
    (construction progress, shares of what is missing) that are neither, never on one axis with the others."""
    return _GROUP_OF_KIND.get(row.get("concept_kind"), "coverage-other")


@memo
def coverage_charts(f: Filters, sort: str = "rate") -> list[ChartSpec]:
    df = queries.coverage(f)
    if df.empty:
        sources = queries.reports([])
        return [_spec("coverage-rates", charts.coverage_chart(df, f.lang, sort=sort, sources=sources), sources, f.lang)]
    groups = df["concept_kind"].map(_GROUP_OF_KIND).fillna("coverage-other")
    out = []
    for key, title_key in COVERAGE_GROUPS:
        part = df[groups == key]
        if part.empty:
            continue
        sources = queries.reports(_report_ids(part, "report_id"))
        fig = charts.coverage_chart(part, f.lang, sort=sort, sources=sources, title=t(title_key, f.lang))
        out.append(_spec(key, fig, sources, f.lang))
    return out


def no_data_limit(f: Filters, level: str) -> int:
    """How many 无数据 regions to list: all provinces, or all of a chosen area; none nationwide."""
    if level == "province":
        return 40
    return 40 if (f.province or f.city or f.district) else 0


def default_concept(f: Filters, level: str | None = None) -> tuple[str | None, str | None]:
    """(concept, kind of subject) with the most regions under the filters, at ``level``."""
    opts = queries.concept_overview(f, level)
    if opts.empty:
        return None, None
    top = opts.iloc[0]
    return str(top["concept_key"]), str(top["subject_kind"])


def _concept_choice(f: Filters, concept: str | None, subject_kind: str | None, level: str | None
                    ) -> tuple[str, str | None, str | None]:
    """(level, concept, kind of subject): the ones asked for, else the concept most regions report."""
    level = levels.normalize(level) or levels.PREFECTURE
    if not concept or not subject_kind:
        concept, subject_kind = default_concept(f, level)
    return level, concept, subject_kind


@memo
def concept_charts(f: Filters, concept: str | None = None, subject_kind: str | None = None,
                   level: str = levels.PREFECTURE) -> list[ChartSpec]:
    """One concept ranked within one kind of subject, only where at least two regions qualify."""
    level, concept, subject_kind = _concept_choice(f, concept, subject_kind, level)
    if not concept:
        return []
    df = queries.concept_ranking(f, concept, subject_kind, level)
    if df.empty or int(df["n_regions"].iloc[0]) < queries.MIN_TO_RANK:
        return []
    sources = queries.reports(_report_ids(df, "report_id"))
    fig = charts.concept_chart(df, f.lang, sources=sources)
    return [_spec(f"compare-{concept}-{subject_kind}-{levels.FIELD[level]}", fig, sources, f.lang)]


@memo
def trend_charts(f: Filters, concept: str | None = None, subject_kind: str | None = None,
                 level: str = levels.PREFECTURE) -> list[ChartSpec]:
    """One concept over the years its figures refer to (dated figures only)."""
    level, concept, subject_kind = _concept_choice(f, concept, subject_kind, level)
    if not concept:
        return []
    df = queries.concept_trend(f, concept, subject_kind, level)
    if df.empty:
        return []
    sources = queries.reports(_report_ids(df, "report_id"))
    fig = charts.trend_chart(df, f.lang, sources=sources)
    return [_spec(f"trend-{concept}-{subject_kind}-{levels.FIELD[level]}", fig, sources, f.lang)]


@memo
def compare_charts(f: Filters, indicator: str | None = None, level: str = levels.PREFECTURE,
                   per_capita: bool = False, more: list[str] | None = None, category: str | None = None,
                   concept: str | None = None, subject_kind: str | None = None, mode: str | None = None
                   ) -> list[ChartSpec]:
    """Ranking of one concept (within one kind of subject), or of one indicator plus small multiples (its
    companions, or a whole category). A ranking needs two regions with figures: a league table of one is
    never drawn."""
    level = levels.normalize(level) or levels.PREFECTURE
    if concept or mode == "concept" or (mode is None and not indicator and not category and not more):
        return concept_charts(f, concept, subject_kind, level)
    word = levels.FIELD[level]   # chart keys and file names say city / district, as the URL does
    specs: list[ChartSpec] = []
    limit = no_data_limit(f, level)
    if category:
        opts = queries.indicator_options(f.with_(category=category), level=level)
        keys = list(opts["indicator_key"])[:MAX_MULTIPLES]
    else:
        indicator = indicator or default_indicator(f, level)
        if indicator:
            df = queries.ranking(f, indicator, level, per_capita, limit)
            if int(df["raw_value"].notna().sum()) >= queries.MIN_TO_RANK:
                sources = queries.reports(_report_ids(df))
                fig = charts.ranking_chart(df, f.lang, level=level, per_capita=per_capita, sources=sources)
                specs.append(_spec(f"compare-{indicator}-{word}", fig, sources, f.lang))
        keys = ([indicator] if indicator else []) + [k for k in (more or []) if k != indicator]
        keys = keys[:MAX_MULTIPLES] if more else []
    if keys:
        df = queries.ranking_multi(f, keys, level, False, 0)
        sources = queries.reports(_report_ids(df))
        fig = charts.small_multiples(df, f.lang, level=level, sources=sources)
        specs.append(_spec(f"compare-multiples-{word}", fig, sources, f.lang))
    return specs


@memo
def tile_charts(f: Filters) -> list[ChartSpec]:
    """The provinces as tiles, each with how many figures it has (click: its cities and districts)."""
    df = queries.province_tiles(f)
    if df.empty or int(df["n_figures"].sum()) == 0:
        return []
    sources = queries.reports(_report_ids(df))
    return [_spec("map-tiles", charts.tile_map(df, f.lang, sources=sources), sources, f.lang)]


@memo
def map_charts(f: Filters, indicator: str | None = None) -> list[ChartSpec]:
    opts = map_indicator_options(f)
    indicator = indicator or default_indicator(f, options=opts)
    if not indicator:
        return []
    df = queries.map_points(f, indicator)
    sources = queries.reports(_report_ids(df))
    fig = charts.map_chart(df, f.lang, seats=queries.province_seats(), sources=sources,
                           focus=bool(f.province or f.city or f.district))
    return [_spec(f"map-{indicator}", fig, sources, f.lang)]


def map_indicator_options(f: Filters) -> pd.DataFrame:
    """Indicators with city or district figures."""
    city = queries.indicator_options(f, level=levels.PREFECTURE)
    district = queries.indicator_options(f, level=levels.COUNTY)
    return pd.concat([city, district]).drop_duplicates("indicator_key").reset_index(drop=True)


def charts_for_view(view: str, filters: Filters, **options) -> list[ChartSpec]:
    """Every chart of a page. Options: coverage sort=; compare indicator=, level=, per_capita=,
    more=[keys], category=; map indicator=."""
    if view == "overview":
        return overview_charts(filters)
    if view == "coverage":
        return coverage_charts(filters, **options)
    if view == "compare":
        return compare_charts(filters, **options)
    if view == "map":
        return map_charts(filters, **options)
    raise ValueError(f"unknown view {view!r}; expected one of {VIEWS}")
