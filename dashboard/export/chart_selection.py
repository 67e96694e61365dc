"""Which charts to export: the dashboard's own views (dashboard.chart_specs.charts_for_view), and the
words the title slide and the CLI use for views and filters. No SQL and no drawing here."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core import levels

from .errors import ExportError, NoDataError
from .images import Chart

VIEWS = ("overview", "coverage", "compare", "map")
VIEW_LABEL_KEYS = {"overview": "nav_overview", "coverage": "nav_coverage", "compare": "nav_compare",
                   "map": "nav_map"}
_CODE = re.compile(r"^\d{6}$")


def _t(key: str, lang: str, **kw: Any) -> str:
    from core.labels import t

    return t(key, lang, **kw)


def view_label(view: str, lang: str = "zh") -> str:
    return _t(VIEW_LABEL_KEYS.get(view, view), lang)


def expand_views(view: str) -> list[str]:
    if view == "all":
        return list(VIEWS)
    if view not in VIEWS:
        raise ExportError(f"未知视图 {view!r}；可选：{', '.join(VIEWS)}, all. Unknown view {view!r}.")
    return [view]


@dataclass(frozen=True)
class ViewCharts:
    view: str
    charts: list[Chart]


def check_warehouse() -> None:
    """Raise NoDataError with the dashboard's own how-to when the warehouse is missing or empty."""
    from core import settings
    from dashboard import db

    status = db.warehouse_status()
    if status != db.STATUS_OK:
        path = settings.warehouse_location().display
        title = {"missing": "wh_missing_title", "empty": "wh_empty_title"}.get(status, "wh_invalid_title")
        raise NoDataError(f"{_t(title, 'zh')}（{path}）。请在项目目录下运行 `python -m etl build`（或 `make warehouse`）后重试。\n"
                          f"{_t(title, 'en')} ({path}). Run `python -m etl build` (or `make warehouse`) "
                          "in the project folder, then try again.")


def collect(views: list[str], filters: Any, charts_for_view: Callable[..., list[Any]] | None = None,
            options: dict[str, dict[str, Any]] | None = None) -> list[ViewCharts]:
    """The charts of each view under `filters` (and per-view page options), from the dashboard's
    pure builders."""
    if charts_for_view is None:
        try:
            from dashboard.chart_specs import charts_for_view
        except ImportError as e:  # the dashboard's view registry is not there (yet)
            raise ExportError(f"dashboard.chart_specs.charts_for_view 不可用：{e}. The dashboard views are missing.") from e
    options = options or {}
    out = [ViewCharts(v, [Chart.of(spec) for spec in charts_for_view(v, filters, **options.get(v, {}))])
           for v in views]
    if not any(vc.charts for vc in out):
        lang = getattr(filters, "lang", "zh")
        raise NoDataError(_t("filtered_empty", "zh") + " " + (_t("filtered_empty", "en") if lang == "zh" else ""))
    return out


# ------------------------------------------------------------------ filters from the command line



@functools.cache
def _region_index():
    from core.regions import RegionIndex

    return RegionIndex.from_csv()


def resolve_region(level: str, value: str | None, parent: str | None = None) -> str | None:
    """A region code from a 6-digit code or any name the ETL accepts (山东省, 山东, 山東, Shandong),
    through the ETL's own region index; None when empty."""
    if not value:
        return None
    index = _region_index()
    value = value.strip()
    code = value if _CODE.match(value) else index.resolve(value, province=parent)
    row = index.get(code) if code else None
    if row is None or row["level"] != levels.LEVEL_OF_FIELD[level]:
        hints = "" if _CODE.match(value) else "、".join(n for _, n, _ in index.suggest(value, limit=3))
        raise ExportError(f"找不到地区“{value}”（{level}）" + (f"，是否指 {hints}？" if hints else "。")
                          + f" Region {value!r} ({level}) not found.")
    return code


def make_filters(*, province=None, city=None, district=None, category=None, period=None, report=None,
                 lang: str = "zh"):
    """A dashboard Filters from CLI values (names or codes); parents filled in from the child."""
    from dashboard import queries
    from dashboard.filters import Filters

    province = resolve_region("province", province)
    city = resolve_region("city", city, province)
    district = resolve_region("district", district, city)
    if district and not city:
        info = queries.region_info(district).iloc[0]
        city = info.get("city_code") or None
    for child in (district, city):
        if child and not province:
            province = str(queries.region_info(child).iloc[0]["province_code"])
    return Filters(province, city, district, category or None, period or None, report or None, lang)


# ------------------------------------------------------------------ page options from the URL

_KEY = re.compile(r"^[A-Za-z0-9_]{1,80}$")


def view_options(view: str, params: Any) -> dict[str, Any]:
    """The options a page keeps in the URL (coverage sort; compare mode, level, indicator, more,
    cat_pick, pc; map map_indicator), validated, as keyword arguments for charts_for_view."""
    def get(key: str) -> str | None:
        v = params.get(key)
        if isinstance(v, list | tuple):
            v = v[-1] if v else None
        return str(v)[:200] if v not in (None, "") else None

    if view == "coverage":
        sort = get("sort")
        return {"sort": sort} if sort in ("rate", "indicator", "region") else {}
    if view == "compare":
        opts: dict[str, Any] = {}
        level = get("level")
        if level in levels.LEVEL_OF_FIELD:                 # the URL says city, the code prefecture
            opts["level"] = levels.LEVEL_OF_FIELD[level]
        if get("pc") == "1":
            opts["per_capita"] = True
        if get("mode") == "concept" or (get("mode") is None and not get("indicator") and not get("cat_pick")):
            opts["mode"] = "concept"          # the page's default: one concept, one kind of subject
            if (concept := get("concept")) and _KEY.match(concept):
                opts["concept"] = concept
            if (kind := get("kind")) and _KEY.match(kind):
                opts["subject_kind"] = kind
        elif get("mode") == "category" and get("cat_pick"):
            opts["category"] = get("cat_pick")
        else:
            if (ind := get("indicator")) and _KEY.match(ind):
                opts["indicator"] = ind
            more = [k for k in (get("more") or "").split(",") if _KEY.match(k)]
            if more:
                opts["more"] = more
        return opts
    if view == "map":
        ind = get("map_indicator")
        return {"indicator": ind} if ind and _KEY.match(ind) else {}
    return {}
