"""Values, units, dates and region labels as leaders read them: 7700+, 约2年, 136亿元, 未注明."""

from __future__ import annotations

import re
from typing import Any

from core import org_names
from core.labels import name, present, t
from core.numbers import format_number

APPROX_QUALIFIERS = {"more_than", "at_least", "approx", "range"}
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def is_missing(v: Any) -> bool:
    return not present(v)


def number(value: Any, lang: str = "zh") -> str:
    """A plain number as the ETL formats it: 7700, 2万, 136亿 (zh); 7,700, 13.6 bn (en)."""
    if is_missing(value):
        return t("unknown", lang)
    return format_number(float(value), lang)


def unit_text(unit: Any, unit_en: Any = None, lang: str = "zh") -> str:
    """The unit in the page's language. In English a Chinese measure word with no English name
    (个 for a count) is left out rather than shown in Chinese: the number alone is a count."""
    if lang == "en" and present(unit_en):
        return str(unit_en)
    if not present(unit):
        return ""
    u = str(unit)
    if lang == "en" and any("\u3400" <= c <= "\u9fff" for c in u):
        return ""
    return u


SINGULAR = {"people": "person", "times": "time", "jin": "jin", "yuan": "yuan"}


def with_unit(text: str, unit: str, lang: str) -> str:
    if not unit:
        return text
    if unit == "%":
        return f"{text}%"
    if lang == "en":
        if text in ("1", "1+"):  # 1 time, 1 person
            unit = SINGULAR.get(unit, unit[:-1] if unit.endswith("s") else unit)
        return f"{text} {unit}"
    # 136亿 + 元 → 136亿元; 707 + 个 → 707个
    return f"{text}{unit}"


def value(v: Any, qualifier: Any = "exact", lang: str = "zh", unit: Any = None, unit_en: Any = None,
          value_max: Any = None) -> str:
    """A figure with its qualifier marked: 7700+ / 至少1 / 约2 / 1–2; 未注明 (n/a) when unknown."""
    if is_missing(v):
        return t("unknown", lang)
    q = qualifier if present(qualifier) else "exact"
    core = number(v, lang)
    if q == "range" and not is_missing(value_max):
        core = f"{core}–{number(value_max, lang)}"
    u = unit_text(unit, unit_en, lang)
    text = with_unit(core, u, lang)
    if q == "more_than":
        # the + sits on the number, before a unit word: 7700+人 / 7,700+ people; after a percent: 90%+
        text = with_unit(core, u, lang) + "+" if u == "%" else with_unit(core + "+", u, lang)
    elif q == "at_least":
        text = ("至少" if lang == "zh" else "≥ ") + text
    elif q == "approx":
        text = ("约" if lang == "zh" else "≈ ") + text
    return text


def short_value(v: Any, qualifier: Any = "exact", lang: str = "zh", value_max: Any = None,
                percent: bool = False) -> str:
    """Label for a bar or dot: the figure with its qualifier, unit only for percentages."""
    return value(v, qualifier, lang, "%" if percent else None, None, value_max)


QUALIFIER_KEYS = {"exact": "q_exact", "more_than": "q_more_than", "at_least": "q_at_least",
                  "approx": "q_approx", "range": "q_range"}


def qualifier_word(qualifier: Any, lang: str = "zh") -> str:
    """确数 / 以上 / 至少 / 约 / 区间 (exact, more than …); 未注明 when unknown."""
    return t(QUALIFIER_KEYS.get(qualifier, "unknown"), lang)


def is_approximate(qualifier: Any) -> bool:
    return present(qualifier) and qualifier in APPROX_QUALIFIERS


def date(published_on: Any, lang: str = "zh", long: bool = False) -> str:
    """ISO (possibly partial) → 2023年3月21日 / 21 Mar 2023; missing → 未注明 / n.d.
    (``long``: 日期未注明, where no column header says it is a date)."""
    if not present(published_on):
        return t("nd_date_long" if long else "nd_date", lang)
    parts = str(published_on)[:10].split("-")
    try:
        nums = [int(p) for p in parts]
    except ValueError:
        return str(published_on)
    if lang == "en":
        if len(nums) == 3:
            return f"{nums[2]} {_MONTHS[nums[1] - 1]} {nums[0]}"
        if len(nums) == 2:
            return f"{_MONTHS[nums[1] - 1]} {nums[0]}"
        return str(nums[0])
    suffix = ["年", "月", "日"]
    return "".join(f"{n}{s}" for n, s in zip(nums, suffix, strict=False))


def region_label(row: Any, lang: str = "zh") -> str:
    """Region name; a city figure filed under its province reads 安徽省 · 城市未注明."""
    label = name(row, "region", lang)
    if city_unnamed(row):
        label = f"{label} · {t('city_unnamed', lang)}"
    return label


def city_unnamed(row: Any) -> bool:
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    level, scope = get("region_level"), get("scope_level")
    return level == "province" and present(scope) and scope != "province"


def _getter(row: Any):
    return row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))


def _inferred(row: Any, status_col: str, lang: str) -> str:
    """（推断） / (inferred) after a value the sources only let us infer: never shown as fact."""
    return t("inferred_mark", lang) if _getter(row)(status_col) == "inferred" else ""


def publisher(row: Any, lang: str = "zh") -> str:
    get = _getter(row)
    p = get("publisher_en") if lang == "en" and present(get("publisher_en")) else get("publisher")
    return str(p) + _inferred(row, "publisher_status", lang) if present(p) else t("publisher_unknown", lang)


def published(row: Any, lang: str = "zh", long: bool = False) -> str:
    """The report's date (see ``date``), marked 推断 / inferred when it was inferred."""
    get = _getter(row)
    value = get("published_on")
    return date(value, lang, long) + (_inferred(row, "published_status", lang) if present(value) else "")


def report_title(row: Any, lang: str = "zh") -> str:
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    zh, en = get("report_title_zh"), get("report_title_en")
    return str(en) if lang == "en" and present(en) else (str(zh) if present(zh) else t("unknown", lang))


def shorten(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def text(v: Any, lang: str = "zh") -> str:
    """A free-text value, or 未注明 / n/a."""
    return str(v) if present(v) else t("unknown", lang)


def is_hash_id(report_id: Any) -> bool:
    """An analyst's report is numbered by a hash of its title (a42328ded33): a key, not a name to show."""
    return bool(re.fullmatch(r"a[0-9a-f]{10}", str(report_id or "")))


def report_ref(row: Any, lang: str = "zh", title_chars: int | None = None) -> str:
    """[001] 标题 for a curated report; an analyst's report by its title alone (never [a42328ded33])."""
    get = _getter(row)
    title = report_title(row, lang)
    if title_chars:
        title = shorten(title, title_chars)
    rid = get("report_id")
    return title if is_hash_id(rid) else f"[{rid}] {title}"


def source_line(row: Any, lang: str = "zh", title_chars: int | None = None) -> str:
    """[001] 标题 · 发布者 · 日期 — one source for a chart footnote."""
    return f"{report_ref(row, lang, title_chars)} · {publisher(row, lang)} · {published(row, lang, long=True)}"


def organization(row: Any, lang: str = "zh") -> str:
    """The body a figure counts, in the reader's language: in English its catalogued name (Sanming Municipal
    Organs Work Committee), else the name as the report writes it, marked as the original name; 未注明 when
    no body is named."""
    get = _getter(row)
    zh = get("organization_zh")
    if not present(zh):
        return t("unknown", lang)
    if lang != "en":
        return str(zh)
    places = [(get(f"{p}_zh"), get(f"{p}_en")) for p in ("region", "city", "province")]
    return org_names.english(str(zh), places) or t("original_name", lang, name=str(zh))


def subject_label(row: Any, lang: str = "zh") -> str:
    """Where and what a figure counts: 三明市 · 市直机关, 安徽省 · 城市未注明 · 住建系统; a figure about
    a region as a whole reads as the region alone. Never a bare city for an organisation's figure."""
    get = _getter(row)
    label = region_label(row, lang)
    if get("subject_kind") not in (None, "region") and present(get("organization_zh")):
        label = f"{label} · {organization(row, lang)}"
    return label


def year(row: Any, lang: str = "zh") -> str:
    """The year a figure refers to, with its basis: 2023, 2017（推断）, 未注明 / n.d."""
    get = _getter(row)
    y = get("ref_year")
    if not present(y):
        return t("nd_date", lang)
    basis = get("ref_date_basis")
    text = f"{int(y)}年" if lang == "zh" else str(int(y))
    return text + (t("inferred_mark", lang) if basis == "inferred" else "")


def year_span(rows: list, lang: str = "zh") -> str | None:
    """「2017–2023」 when the figures compared refer to different years (None when they share one)."""
    years = sorted({int(r["ref_year"]) for r in rows if present(r.get("ref_year"))})
    if len(years) > 1:
        return t("years_mixed", lang, first=years[0], last=years[-1])
    return None
