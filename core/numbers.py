"""Numbers as Chinese reports write them → values in base units.

``parse_quantity("7700多名")`` → ``Quantity(value=7700, qualifier="more_than", unit="人")``.

Handles Arabic and Chinese numerals (十二, 两, 三百零五, 1.2万), the multipliers 万/亿 (and 千万,
万元, 亿元), qualifiers (多/余/以上/超过 → more_than, 至少/不少于 → at_least, 约/近/大约/左右 →
approx), percentages (85%, 百分之八十五) and ranges (1-2, 1～2, 一至两). Traditional forms
(萬, 億, 兩, 餘) are accepted. This is the one parser used by the build, analyst intake and
``etl verify``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Context, Decimal

QUALIFIERS = ("exact", "more_than", "at_least", "approx", "range")

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CN_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)

# Measure words → base unit. Anything not listed is kept as written.
UNIT_ALIASES = {
    "名": "人", "位": "人", "人": "人", "个": "个", "個": "个", "支": "支", "项": "项", "項": "项",
    "次": "次", "篇": "篇", "届": "届", "屆": "届", "年": "年", "轮": "轮", "輪": "轮", "步": "步",
    "本": "本", "条": "条", "條": "条", "斤": "斤", "元": "元", "批": "批", "家": "家", "所": "所",
    "%": "%", "％": "%",
}

_PREFIX_QUALIFIERS = [
    ("不少于", "at_least"), ("不低于", "at_least"), ("至少", "at_least"),
    ("超过", "more_than"), ("超過", "more_than"), ("逾", "more_than"),
    ("大约", "approx"), ("大約", "approx"), ("将近", "approx"), ("將近", "approx"),
    ("接近", "approx"), ("约", "approx"), ("約", "approx"), ("近", "approx"),
]
_SUFFIX_QUALIFIERS = [("以上", "more_than"), ("多", "more_than"), ("余", "more_than"),
                      ("餘", "more_than"), ("左右", "approx")]

_NUM = rf"(?:\d[\d,，]*(?:\.\d+)?|[{_CN_CHARS}]+)"
_RANGE_SEP = r"(?:-|–|—|~|～|〜|至|到)"
QUANTITY_RE = re.compile(
    rf"(?P<pre>不少于|不低于|至少|超过|超過|逾|大约|大約|将近|將近|接近|约|約|近)?"
    rf"(?P<pct>百分之)?"
    rf"(?P<num>{_NUM})(?:\s*{_RANGE_SEP}\s*(?P<num2>{_NUM}))?"
    rf"(?P<mult>[万萬亿億]*)"
    rf"(?P<suf>以上|多|余|餘|左右)?"
    rf"(?P<mult2>[万萬亿億]*)"
    rf"(?P<unit>%|％|[^\d\s{_CN_CHARS}多余餘以左])?"
    rf"(?P<suf2>以上|左右)?"
)


class NumberFormatError(ValueError):
    """The text holds no number we can read."""


class SeparatorError(NumberFormatError):
    """Digits grouped by commas other than in threes (1,20 or 12,34,567): a typo, not a number to guess at."""


class TooLargeError(NumberFormatError):
    """A number beyond any count or amount a report states (十亿亿亿…): refused before it overflows."""


class InexactError(NumberFormatError):
    """A number the warehouse's DOUBLE cannot hold exactly (123456789012345678 would be stored as
    123456789012345680): refused, never silently rounded. ``stored`` is what it would have become."""

    def __init__(self, message: str, stored: float):
        super().__init__(message)
        self.stored = stored


MAX_VALUE = 1e18       # far above any figure in a report (全国 GDP is ~1.3e14 元); below float overflow
_EXACT = Context(prec=80)          # decimal arithmetic wide enough for any cell (300 characters at most)
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


@dataclass(frozen=True)
class Quantity:
    value: float
    qualifier: str = "exact"
    value_max: float | None = None
    unit: str | None = None

    def display(self) -> str:
        return format_value(self.value, self.qualifier, self.value_max, self.unit)


def chinese_to_number(text: str) -> float:
    """十二 → 12, 两 → 2, 三百零五 → 305, 一万二千 → 12000, 二〇二二 → 2022."""
    return float(_chinese_int(text))


def _chinese_int(text: str) -> int:
    text = text.strip()
    if not text:
        raise NumberFormatError("empty numeral")
    if all(ch in _DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(_DIGITS[ch]) for ch in text))  # 二〇二二
    total, section, digit = 0, 0, None
    for ch in text:
        if total > MAX_VALUE:
            raise TooLargeError(f"numeral too large: {text[:20]!r}…")
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        elif ch in _BIG_UNITS:
            section += digit or 0
            total = (total + section) * _BIG_UNITS[ch]
            section, digit = 0, None
        else:
            raise NumberFormatError(f"not a Chinese numeral: {text!r}")
    return total + section + (digit or 0)


def _to_number(token: str) -> Decimal:
    """The token's exact value (a Decimal: no rounding before the check in ``stored``)."""
    grouped = token.replace("，", ",")
    if "," in grouped and not _GROUPED.fullmatch(grouped):
        raise SeparatorError(f"thousands separator out of place in {token!r}")
    token = grouped.replace(",", "")
    value = Decimal(token) if re.fullmatch(r"\d+(?:\.\d+)?", token) else Decimal(_chinese_int(token))
    if value > MAX_VALUE:
        raise TooLargeError(f"number too large: {token[:20]!r}")
    return value


def stored(exact: Decimal, written: str = "") -> float:
    """The DOUBLE that holds ``exact``: TooLargeError beyond MAX_VALUE (1000000000000000001 too, which a float
    would round down to 10¹⁸), InexactError when the DOUBLE is another number (integers beyond 2⁵³ whose last
    digits would change, or more significant digits than a DOUBLE keeps)."""
    if exact > MAX_VALUE:
        raise TooLargeError(f"number too large in {written[:40]!r}")
    value = float(exact)      # an integer must be the DOUBLE's exact value (int() of it is what is shown and summed),
    if (Decimal(value) if exact == exact.to_integral_value() else Decimal(repr(value))) != exact:   # a fraction its repr
        raise InexactError(f"{written[:40]!r} cannot be stored exactly", value)
    return value


def scaled(value: float, mult: float, written: str = "") -> float:
    """``value`` × ``mult`` (a unit's 万/亿), computed exactly and checked by ``stored``."""
    return stored(_EXACT.multiply(Decimal(repr(value)), Decimal(repr(mult))), written)


def _multiplier(chars: str) -> int:
    out = 1
    for ch in chars:
        out *= _BIG_UNITS[ch]
    return out


@functools.lru_cache(maxsize=1 << 16)
def parse_quantity(text: str) -> Quantity:
    """Parse the first quantity in ``text``. Raises NumberFormatError when there is none.
    (Cached: ``Quantity`` is frozen, and a large file repeats its values; an error is not cached.)"""
    if text is None:
        raise NumberFormatError("empty value")
    s = str(text).strip().replace("\u3000", " ")
    if not s:
        raise NumberFormatError("empty value")
    m = QUANTITY_RE.search(s)
    if not m:
        raise NumberFormatError(f"no number in {text!r}")
    try:
        value = _to_number(m["num"])
        value_max = _to_number(m["num2"]) if m["num2"] else None
    except (SeparatorError, TooLargeError):
        raise
    except NumberFormatError as exc:
        raise NumberFormatError(f"no number in {text!r}") from exc
    mult = Decimal(_multiplier((m["mult"] or "")[:8] + (m["mult2"] or "")[:8]))
    value = stored(_EXACT.multiply(value, mult), s)
    if value_max is not None:
        value_max = stored(_EXACT.multiply(value_max, mult), s)
    qualifier = "exact"
    if m["pre"]:
        qualifier = dict(_PREFIX_QUALIFIERS)[m["pre"]]
    for suffix in (m["suf"], m["suf2"]):
        if suffix:
            qualifier = dict(_SUFFIX_QUALIFIERS)[suffix]
    if value_max is not None:
        if value_max < value:
            raise NumberFormatError(f"range goes downwards in {text!r}")
        qualifier = "range"
    unit = m["unit"]
    if m["pct"]:
        unit = "%"
    unit = UNIT_ALIASES.get(unit, unit) if unit else None
    return Quantity(_clean(value), qualifier, _clean(value_max) if value_max is not None else None, unit)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text`` (used by ``etl verify`` to look inside an evidence span)."""
    out = []
    for m in QUANTITY_RE.finditer(text):
        try:
            out.append(parse_quantity(m.group(0)))
        except NumberFormatError:
            continue
    return out


def _clean(v: float) -> float:
    return float(int(v)) if float(v).is_integer() else round(v, 6)


def _trim(v: float, digits: int = 2) -> str:
    return f"{v:.{digits}f}".rstrip("0").rstrip(".")


def format_number(v: float, lang: str = "zh") -> str:
    """Chinese readers get 万/亿 (136亿, 2万); English readers get separators (13.6 bn, 20,000)."""
    if v is None:
        return ""
    v = float(v)
    if lang == "zh":
        if abs(v) >= 1e8:
            return _trim(v / 1e8) + "亿"
        if abs(v) >= 1e5 or (abs(v) >= 1e4 and v % 1000 == 0):
            return _trim(v / 1e4) + "万"
        return str(int(v)) if v.is_integer() else _trim(v)
    if abs(v) >= 1e9:
        return _trim(v / 1e9) + " bn"
    if abs(v) >= 1e6:
        return _trim(v / 1e6) + " m"
    return f"{int(v):,}" if v.is_integer() else _trim(v)


def format_value(value, qualifier: str = "exact", value_max=None, unit: str | None = None,
                 lang: str = "zh") -> str:
    """7700 more_than → '7700+'; approx → '约300' / '~300'; range → '1–2'; % appended."""
    if value is None:
        return "未注明" if lang == "zh" else "n/a"
    body = format_number(value, lang)
    if qualifier == "range" and value_max is not None:
        body = f"{body}–{format_number(value_max, lang)}"
    if unit == "%":
        body += "%"
    if qualifier == "more_than":
        body += "+"
    elif qualifier == "at_least":
        body = ("≥" if lang != "zh" else "至少") + body
    elif qualifier == "approx":
        body = ("约" if lang == "zh" else "~") + body
    return body
