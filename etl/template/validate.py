"""Check one analyst row at a time; every problem is collected, none is raised.

A row becomes one fact (two when ``rate_percent`` carries the paired rate). Cross-row checks
(duplicates, numerator above denominator, conflicts) live in ``etl.template.plan``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from core import dates, levels, subjects, units
from core.ids import org_id
from core.issues import Problem
from core.numbers import (
    QUANTITY_RE,
    UNIT_ALIASES,
    InexactError,
    NumberFormatError,
    Quantity,
    SeparatorError,
    TooLargeError,
    parse_quantity,
    scaled,
)
from core.text import normalize_name
from etl.template.cells import cell_problems, offsets
from etl.template.columns import BY_KEY, CATEGORIES, QUALIFIER_WORDS, REGION_COLUMNS
from etl.template.context import Context, text_key
from etl.template.fields import (  # noqa: F401  (parse_date, parse_unit, report_id_for: imported from here too)
    MULTIPLIERS,
    as_written,
    new_indicator_key,
    parse_date,
    parse_unit,
    report_id_for,
)

# The whole cell must be one quantity (plus a short measure word): parse_quantity alone would read
# "abc12" as 12. The pattern is the parser's own, anchored.
WHOLE_VALUE = re.compile(r"\s*(?:" + QUANTITY_RE.pattern + r")[\u4e00-\u9fff]{0,3}\s*")
# measure words that count the same kind of thing: 72家企业 are 72个企业
UNIT_WORDS = set(UNIT_ALIASES) | set(UNIT_ALIASES.values()) | {"万元", "亿元"}
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
MAX_NOTE = 200


@dataclass
class Options:
    only_valid: bool = False         # load the valid rows of a file that has rejected rows
    accept_conflicts: bool = False   # replace existing figures that the file states differently
    new_indicators: bool = False     # unknown indicator names are meant as new indicators
    confirm_warnings: bool = False   # load despite warnings (implausible values, likely duplicates)

    def as_dict(self) -> dict:
        return {"only_valid": self.only_valid, "accept_conflicts": self.accept_conflicts,
                "new_indicators": self.new_indicators, "confirm_warnings": self.confirm_warnings}


@dataclass
class Checked:
    row: int
    values: dict[str, str]
    facts: list[dict] = field(default_factory=list)
    report: dict | None = None
    new_indicator: dict | None = None
    problems: list[Problem] = field(default_factory=list)


def _clean(x: float) -> float:
    return float(int(x)) if float(x).is_integer() else round(x, 6)


class RowChecker:
    def __init__(self, ctx: Context, options: Options, file: str):
        self.ctx, self.options, self.file = ctx, options, file

    def check(self, row: int, values: dict[str, str]) -> Checked:
        c = Checked(row, values)

        def bad(col, message, hint=None, /, value=None, **fmt):
            shown = values.get(col, "") if value is None else value
            c.problems.append(Problem.of(self.file, row, col, shown, message, hint, **fmt))

        for col, message, hint, fmt in cell_problems(values):
            bad(col, message, hint, **fmt)
        if c.problems:
            return c
        for col in ("report_title", "indicator", "value"):
            if not values.get(col, "").strip():
                bad(col, "msg_required_field_is_empty", "hint_fill_in_named", col=col, col_zh=BY_KEY[col].zh)
        if not any(values.get(col, "").strip() for col in REGION_COLUMNS):
            bad("province", 'msg_no_region_province_city_and_district_are', 'hint_fill_in_at_least_one_of_province', value="")
        report = self._report(values, bad)
        region = self._region(values, bad)
        key, unit, is_rate = self._indicator(values, c, bad)
        q = self._value(values, key, unit, is_rate, bad)
        org = normalize_name(values.get("organization", "")) or None
        if org and org in UNIT_WORDS:
            bad("organization", 'msg_the_column_is_the_organization_but_it', 'hint_put_units_in_the_unit_column')
        period = unicodedata.normalize("NFKC", values.get("period", "")).strip() or None
        stated = dates.stated_date(period)
        if stated and dates.later(stated, dt.date.today().isoformat()):     # 2099: no report can have it yet
            bad("period", "msg_period_in_future", "hint_period_in_future", today=dt.date.today().isoformat())
        note = values.get("note", "").strip() or None
        if note and len(note) > MAX_NOTE:
            bad("note", "msg_note_too_long", "hint_note_own_words", value=note[:40] + "…", n=len(note), limit=MAX_NOTE)
        start, end = self._offsets(values, bad)
        if values.get("url", "").strip() and not re.fullmatch(r"https?://\S+", values["url"].strip()):
            bad("url", 'msg_malformed_link', 'hint_start_with_http_or_https')
        sha = values.get("source_sha256", "").strip().lower()
        if sha and not re.fullmatch(r"[0-9a-f]{64}", sha):
            bad("source_sha256", "msg_bad_sha256", "hint_bad_sha256")
        for col, stated in (("publisher_status", "publisher"), ("published_status", "published_on")):
            status = values.get(col, "").strip()
            if status and status not in ("confirmed", "inferred", "unknown"):
                bad(col, "msg_invalid_status", "hint_one_of", choices="confirmed / inferred / unknown")
            elif status in ("confirmed", "inferred") and not values.get(stated, "").strip():
                # a blank is unknown: confirmed (or inferred) needs something to be confirmed
                bad(col, "msg_status_without_value", "hint_status_without_value", field=stated, status=status)
        if values.get("subject_kind", "").strip() and values["subject_kind"].strip() not in subjects.KINDS:
            bad("subject_kind", "msg_invalid_subject_kind", "hint_one_of", choices=" / ".join(subjects.KINDS))
        rate = self._rate(values, key, is_rate, q[0] if q else None, bad)
        if c.problems:
            return c
        code, level = region
        base = {"report_id": report["report_id"], "region_code": code, "scope_level": level,
                "org_id": org_id(org, code) if org else None, "organization": org,
                "subject_kind": values.get("subject_kind", "").strip() or subjects.default_kind(org),
                "implied": False,
                "period": period, "char_start": start, "char_end": end, "note": note, "row": row}
        value, value_max, qualifier = q
        c.facts.append({**base, "indicator_key": key, "value": value, "value_max": value_max, "unit": unit,
                        "qualifier": qualifier, "suffix": ""})
        if rate:
            c.facts.append({**base, **rate, "suffix": "r"})
        c.report = report
        return c

    # ------------------------------------------------------------------ report

    def _report(self, values, bad) -> dict | None:
        title = as_written(values.get("report_title", ""))
        publisher = as_written(values.get("publisher", ""))
        raw_date = values.get("published_on", "").strip()
        published_on = ""
        if raw_date:
            try:
                published_on = parse_date(raw_date)
            except ValueError:
                bad("published_on", 'msg_malformed_impossible_or_future_date', 'hint_write_2023_03_21_2023_03_or')
        if not title:
            return None
        known = self.ctx.report_by_title(title)
        if known:
            have_pub = known.get("publisher") or ""
            if publisher and have_pub and text_key(publisher) != text_key(have_pub):
                bad("publisher", "msg_title_has_publisher", "hint_leave_or_correct_publisher", report=known["report_id"],
                    have=have_pub)
            have_date = known.get("published_on") or ""
            if published_on and have_date and not (published_on.startswith(have_date)
                                                   or have_date.startswith(published_on)):
                bad("published_on", "msg_title_has_date", "hint_leave_or_write_date", report=known["report_id"], have=have_date)
            return {"report_id": known["report_id"], "title_zh": known["title_zh"], "existing": True}
        return {"report_id": report_id_for(title, publisher, published_on), "title_zh": title,
                "publisher": publisher or None, "published_on": published_on or None,
                "url": values.get("url", "").strip() or None,
                "source_file": values.get("source_file", "").strip() or None,
                "sha256": values.get("source_sha256", "").strip().lower() or None,
                "publisher_status": values.get("publisher_status", "").strip() or None,
                "published_status": values.get("published_status", "").strip() or None, "existing": False}

    # ------------------------------------------------------------------ region

    def _region(self, values, bad) -> tuple[str, str] | None:
        ix = self.ctx.index
        codes: dict[str, str] = {}
        for col in REGION_COLUMNS:
            text = normalize_name(values.get(col, ""))
            if not text:
                continue
            scope = codes.get("city") or codes.get("province")
            code = ix.resolve(text, province=scope) if scope else ix.resolve(text)
            if code is None:
                self._region_problem(col, text, scope, bad)
                return None
            row = ix.get(code)
            want = levels.LEVEL_OF_FIELD[col]
            if row["level"] != want and not (col == "city" and code in MUNICIPALITIES):
                right = levels.FIELD[row["level"]]
                bad(col, "msg_region_wrong_level", "hint_put_in_column", name=row["name_zh"], level_zh=levels.ZH[row["level"]],
                    want_zh=levels.ZH[want], level=row["level"], want=want, right=right, right_zh=BY_KEY[right].zh)
                return None
            codes[col] = code
        if not codes:
            return None
        code = codes.get("district") or codes.get("city") or codes["province"]
        return code, self.ctx.index.get(code)["level"]

    def _region_problem(self, col, text, scope, bad) -> None:
        ix = self.ctx.index
        loose = ix.resolve(text)
        cands = ix.candidates(text)
        if scope and (loose or cands):
            inside = ix.get(scope)["name_zh"]
            where = ix.get(loose or cands[0])
            parent = ix.get(where["parent_code"]) if where.get("parent_code") else None
            bad(col, "msg_region_not_in_parent" if parent else "msg_region_not_in", "hint_make_regions_consistent",
                name=where["name_zh"], inside=inside, parent=parent["name_zh"] if parent else "")
        elif len(cands) > 1:
            places = [f"{ix.get(c)['name_zh']}（{ix.get(ix.get(c)['parent_code'])['name_zh']}）"
                      if ix.get(c).get("parent_code") else ix.get(c)["name_zh"] for c in cands[:5]]
            bad(col, "msg_ambiguous_region", "hint_fill_in_parent", places="、".join(places))
        else:
            hints = [name for _, name, _ in ix.suggest(text, limit=3)]
            bad(col, "msg_unknown_region", "hint_did_you_mean_region" if hints else "hint_official_region_name",
                hints_zh="、".join(hints), hints_en=", ".join(hints))

    # ------------------------------------------------------------------ indicator, value

    def _indicator(self, values, c: Checked, bad) -> tuple[str | None, str | None, bool]:
        text = values.get("indicator", "").strip()
        new_unit = values.get("new_indicator_unit", "").strip()
        new_cat = values.get("new_indicator_category", "").strip()
        if not text:
            return None, None, False
        status, keys = self.ctx.match_indicator(text)
        if status == "ok":
            row = self.ctx.indicators[keys[0]]
            if (new_unit and parse_unit(new_unit)[1] != row["unit"]) or (new_cat and new_cat != row["category"]):
                bad("new_indicator_unit" if new_unit else "new_indicator_category", "msg_indicator_already_in_catalogue",
                    "hint_leave_new_indicator_empty", label=self.ctx.indicator_label(keys[0]),
                    label_en=self.ctx.indicator_label_en(keys[0]),
                    unit=row["unit"], category=row["category"])
            return keys[0], row["unit"], bool(row["is_rate"])
        labels = "、".join(self.ctx.indicator_label(k) for k in keys)
        labels_en = "; ".join(self.ctx.indicator_label_en(k) for k in keys)
        if status == "ambiguous":
            bad("indicator", "msg_ambiguous_indicator", "hint_write_one_of", labels=labels, labels_en=labels_en)
            return None, None, False
        near = self.ctx.near_indicator(text) if (new_unit or new_cat) and not self.options.new_indicators else None
        if near or not (new_unit or new_cat or self.options.new_indicators):   # a typo would make a new indicator
            bad("indicator", "msg_indicator_near_match" if near else "msg_indicator_not_in_catalogue",
                "hint_fix_or_confirm_new" if near else "hint_did_you_mean_indicator" if keys else
                "hint_new_indicator_columns", labels=self.ctx.indicator_label(near) if near else labels,
                labels_en=self.ctx.indicator_label_en(near) if near else labels_en)
            return None, None, False
        unit = parse_unit(new_unit or values.get("unit", "") or "")[1]
        if not unit:
            try:
                unit = parse_quantity(values.get("value", "")).unit or ""
            except NumberFormatError:
                unit = ""
        if not unit:
            bad("new_indicator_unit", 'msg_the_new_indicator_needs_a_unit', 'hint_write_its_base_unit_e_g', value="")
        if new_cat not in CATEGORIES:
            bad("new_indicator_category", "msg_new_indicator_bad_category" if new_cat else "msg_new_indicator_no_category",
                "hint_one_of_categories_named", choices_zh="、".join(CATEGORIES),
                choices_en=", ".join(CATEGORIES.values()))
        if not unit or new_cat not in CATEGORIES:
            return None, None, False
        name = normalize_name(text)
        key = new_indicator_key(name)
        c.new_indicator = {"indicator_key": key, "name_zh": name, "name_en": name, "unit": unit,
                           "unit_en": None, "category": new_cat, "category_en": CATEGORIES[new_cat],
                           "description": None, "synonyms": None, "is_rate": unit == "%"}
        return key, unit, unit == "%"

    def _value(self, values, key, unit, is_rate, bad) -> tuple[float, float | None, str] | None:
        text = unicodedata.normalize("NFKC", values.get("value", "")).strip()
        if not text:
            return None
        if text[0] in "-−":
            bad("value", 'msg_the_value_cannot_be_negative', 'hint_write_the_figure_as_stated')
            return None
        try:
            q: Quantity = parse_quantity(text)          # first: its specific errors name what is wrong
            if not WHOLE_VALUE.fullmatch(text):
                raise NumberFormatError(text)
        except SeparatorError:
            bad("value", "msg_misplaced_thousands_separator", "hint_thousands_separator")
            return None
        except TooLargeError:
            bad("value", "msg_value_too_large", "hint_value_too_large", shown=text[:40] + ("…" if len(text) > 40 else ""))
            return None
        except InexactError as exc:
            self._inexact(text, exc, bad)
            return None
        except NumberFormatError:
            bad("value", 'msg_value_is_not_a_number', 'hint_write_e_g_707_7700_90_300')
            return None
        mult = 1.0
        unit_text = values.get("unit", "").strip()
        if unit_text and unit:
            mult, base = parse_unit(unit_text)
            if not units.same_kind(base, unit):
                bad("unit", 'msg_unit_does_not_match_the_indicators_unit', 'hint_write_unit_prefixes_allowed_or_leave_it', unit=unit)
                return None
            if mult != 1 and re.search("[万萬亿億]", text):
                bad("unit", 'msg_both_value_and_unit_carry', 'hint_write_in_one_place_only')
                return None
        if unit and q.unit in ("%", "元") and q.unit != unit:
            bad("value", "msg_value_unit_mismatch", "hint_rates_in_rate_column" if q.unit == "%" else "hint_check_indicator",
                value_unit=q.unit, unit=unit)
            return None
        qualifier = q.qualifier
        explicit = values.get("qualifier", "").strip()
        if explicit:
            mapped = QUALIFIER_WORDS.get(explicit.lower()) or QUALIFIER_WORDS.get(explicit)
            if mapped is None:
                bad("qualifier", 'msg_invalid_qualifier', 'hint_use_exact_more_than_at_least_approx')
                return None
            if q.qualifier != "exact" and mapped != q.qualifier:
                bad("qualifier", "msg_qualifier_contradicts", "hint_write_qualifier", text=text, qualifier=q.qualifier)
                return None
            if mapped == "range" and q.value_max is None:
                bad("qualifier", 'msg_a_range_needs_two_bounds_e_g', 'hint_write_the_range_in_the_value')
                return None
            qualifier = mapped
        try:                                            # the unit's 万/亿 applied exactly: never a rounded DOUBLE
            value = _clean(scaled(q.value, mult, text))
            value_max = _clean(scaled(q.value_max, mult, text)) if q.value_max is not None else None
        except TooLargeError:
            bad("value", "msg_value_too_large", "hint_value_too_large", shown=f"{text[:40]} {unit_text}")
            return None
        except InexactError as exc:
            self._inexact(f"{text} {unit_text}", exc, bad)
            return None
        if is_rate and not (0 <= value <= 100 and (value_max is None or value_max <= 100)):
            bad("value", 'msg_a_rate_must_lie_between_0_and', 'hint_write_a_percentage_such_as_85_or')
            return None
        return value, value_max, qualifier

    @staticmethod
    def _inexact(text: str, exc: InexactError, bad) -> None:
        stored = f"{exc.stored:.0f}" if exc.stored.is_integer() else repr(exc.stored)
        bad("value", "msg_value_not_exact", "hint_value_not_exact", shown=text[:40], stored=stored)

    def _rate(self, values, key, is_rate, value, bad) -> dict | None:
        text = unicodedata.normalize("NFKC", values.get("rate_percent", "")).strip()
        if not text:
            return None
        try:
            q = parse_quantity(text)
            if not WHOLE_VALUE.fullmatch(text) or (q.unit not in (None, "%")):
                raise NumberFormatError(text)
        except NumberFormatError:
            bad("rate_percent", 'msg_rate_percent_is_not_a_number', 'hint_write_85_or_85')
            return None
        if not 0 <= q.value <= 100 or (q.value_max is not None and q.value_max > 100):
            bad("rate_percent", 'msg_a_rate_must_lie_between_0_and', 'hint_write_a_percentage_such_as_85')
            return None
        if key is None:
            return None
        if is_rate:
            if value is not None and q.value != value:
                bad("rate_percent", 'msg_rate_percent_differs_from_the_value_of', 'hint_leave_rate_percent_empty')
            return None
        pair = self.ctx.rate_pair(key)
        if pair is None:
            bad("rate_percent", "msg_no_paired_rate", "hint_rate_own_row", label=self.ctx.indicator_label(key),
                label_en=self.ctx.indicator_label_en(key))
            return None
        return {"indicator_key": pair["rate_key"], "value": _clean(q.value), "unit": "%",
                "value_max": _clean(q.value_max) if q.value_max is not None else None, "qualifier": q.qualifier}

    def _offsets(self, values, bad) -> tuple[int | None, int | None]:
        start, end, col = offsets(values)
        if col:
            bad(col, 'msg_invalid_character_offsets', 'hint_fill_both_with_integers_start_end')
        return start, end
