"""The sidebar filters: one object owns their URL form, their SQL and their words.

    f = Filters.from_query_params({"province": "370000", "category": "组织覆盖"})
    f.to_query_params()            -> {"province": "370000", "category": "组织覆盖"}
    f.where()                      -> Where("province_code = $f_province AND category = $f_category",
                                            {"f_province": "370000", "f_category": "组织覆盖"})
    f.words("zh", names)           -> ["山东省", "组织覆盖"]
    f.words("en", names, labelled=True) -> ["Province: Shandong", "Category: Organisational coverage"]

Parameters are named (``$f_…``), so a query adds its own (``$limit``) without counting positions.
``names`` maps a field to the row that names its value (``name_zh``/``name_en``, ``category_en``,
``report_title_*``); ``dashboard.queries.filter_names`` fetches them in one go.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from core import levels
from core.labels import LANGS, name, t

NO_PERIOD = "none"  # period filter value meaning "no period stated"

# Filters field -> URL query parameter
PARAM_NAMES = {"province": "province", "city": "city", "district": "district", "category": "category",
               "period": "period", "report_id": "report", "lang": "lang"}
AREA_FIELDS = ("province", "city", "district")
# the area field -> the v_facts column it narrows (the most specific one chosen wins)
AREA_COLUMNS = {"district": "region_code", "city": "city_code", "province": "province_code"}
WORD_KEYS = {"province": "f_province", "city": "f_city", "district": "f_district", "category": "f_category",
             "period": "f_period", "report_id": "f_report"}

_REGION = re.compile(r"^\d{6}$")
_REPORT = re.compile(r"^[\w.-]{1,40}$")


def _text(value: Any, limit: int = 80) -> str | None:
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if value is None:
        return None
    s = str(value).strip()
    return s[:limit] if s else None


@dataclass(frozen=True)
class Where:
    """A WHERE condition and its named parameters."""
    sql: str
    params: dict[str, Any]

    def __iter__(self):  # sql, params = f.where()
        return iter((self.sql, self.params))

    def and_(self, sql: str, **params: Any) -> Where:
        clash = set(params) & set(self.params)
        if clash:
            raise ValueError(f"parameter names used twice: {sorted(clash)}")
        return Where(f"{self.sql} AND {sql}", {**self.params, **params})


@dataclass(frozen=True)
class Filters:
    province: str | None = None   # GB/T 2260 code of the province
    city: str | None = None       # code of the prefecture-level city
    district: str | None = None   # code of the county-level district
    category: str | None = None   # dim_indicator.category (Chinese key, e.g. 组织覆盖)
    period: str | None = None     # a fact period as stated, or NO_PERIOD
    report_id: str | None = None
    lang: str = "zh"

    # ------------------------------------------------------------ URL form

    def to_query_params(self) -> dict[str, str]:
        """Non-empty fields as query parameters; lang=zh is the default and is left out."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or (f.name == "lang" and value == "zh"):
                continue
            out[PARAM_NAMES[f.name]] = str(value)
        return out

    @classmethod
    def from_query_params(cls, params: Mapping[str, Any]) -> Filters:
        """Parse query parameters, silently dropping malformed values."""
        get = {name: _text(params.get(param)) for name, param in PARAM_NAMES.items()}
        lang = get["lang"] if get["lang"] in LANGS else "zh"
        regions = {k: (get[k] if get[k] and _REGION.match(get[k]) else None) for k in AREA_FIELDS}
        report = get["report_id"] if get["report_id"] and _REPORT.match(get["report_id"]) else None
        return cls(regions["province"], regions["city"], regions["district"], get["category"],
                   get["period"], report, lang)

    # ------------------------------------------------------------ state

    def with_(self, **changes: Any) -> Filters:
        return replace(self, **changes)

    @property
    def region_code(self) -> str | None:
        """The most specific region chosen."""
        return self.district or self.city or self.province

    @property
    def region_level(self) -> str | None:
        """The level of ``region_code`` (province | prefecture | county)."""
        for field in ("district", "city", "province"):
            if getattr(self, field):
                return levels.LEVEL_OF_FIELD[field]
        return None

    def key(self) -> tuple:
        return tuple(asdict(self).values())

    def is_filtered(self) -> bool:
        """Whether anything other than the language narrows the view."""
        return any(v is not None for k, v in asdict(self).items() if k != "lang")

    # ------------------------------------------------------------ SQL

    def where(self, *, area: bool = True, category: bool = True, period: bool = True, report: bool = True,
              alias: str = "") -> Where:
        """The filters as a condition over a relation with the v_facts columns (``alias.`` prefixed)."""
        p = f"{alias}." if alias else ""
        conds, params = ["TRUE"], {}
        if area and self.region_code:
            field = next(f for f in ("district", "city", "province") if getattr(self, f))
            conds.append(f"{p}{AREA_COLUMNS[field]} = $f_{field}")
            params[f"f_{field}"] = getattr(self, field)
        if category and self.category:
            conds.append(f"{p}category = $f_category")
            params["f_category"] = self.category
        if period and self.period == NO_PERIOD:
            conds.append(f"{p}period IS NULL")
        elif period and self.period:
            conds.append(f"{p}period = $f_period")
            params["f_period"] = self.period
        if report and self.report_id:
            conds.append(f"{p}report_id = $f_report")
            params["f_report"] = self.report_id
        return Where(" AND ".join(conds), params)

    # ------------------------------------------------------------ words

    def words(self, lang: str | None = None, names: Mapping[str, Any] | None = None,
              labelled: bool = False) -> list[str]:
        """The active filters in words: 山东省 · 济南市, 组织覆盖, 2022, [001] …; with ``labelled``, one
        「省份：山东省」 line per filter (title slides, the CLI)."""
        lang = lang or self.lang
        names = names or {}
        sep = "：" if lang == "zh" else ": "
        out: list[tuple[str, str]] = []
        areas = []
        for field in AREA_FIELDS:
            code = getattr(self, field)
            if code:
                row = names.get(field)
                areas.append((field, name(row, "name", lang) if row is not None else code))
        if labelled:
            out += areas
        elif areas:
            out.append(("province", " · ".join(a for _, a in areas)))
        if self.category:
            row = names.get("category")
            out.append(("category", name(row, "category", lang) if row is not None else self.category))
        if self.period:
            out.append(("period", t("no_period", lang) if self.period == NO_PERIOD else self.period))
        if self.report_id:
            row = names.get("report_id")
            title = name(row, "report_title", lang) if row is not None else ""
            word = f"[{self.report_id}] {title}".rstrip() if labelled else f"{t('f_report', lang)} {self.report_id}"
            out.append(("report_id", word))
        if labelled:
            return [f"{t(WORD_KEYS[field], lang)}{sep}{word}" for field, word in out]
        return [word for _, word in out]
