"""Check one analyst row at a time; every problem is collected, none is raised.

A row becomes one fact (two when ``rate_percent`` carries the paired rate). Cross-row checks
(duplicates, numerator above denominator, conflicts) live in ``etl.intake.plan``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from etl.figures import SCOPE_OF_LEVEL, org_id
from etl.intake.columns import BY_KEY, CATEGORIES, QUALIFIER_WORDS, REGION_COLUMNS
from etl.intake.context import Context, text_key
from etl.issues import Problem
from etl.numbers import _QTY, UNIT_ALIASES, NumberFormatError, Quantity, parse_quantity
from etl.text import normalize_name

# The whole cell must be one quantity (plus a short measure word): parse_quantity alone would read
# "abc12" as 12. The pattern is the parser's own, anchored.
WHOLE_VALUE = re.compile(r"\s*(?:" + _QTY.pattern + r")[\u4e00-\u9fff]{0,3}\s*")
MULTIPLIERS = {"百": 100, "千": 1000, "万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
UNIT_WORDS = set(UNIT_ALIASES) | set(UNIT_ALIASES.values()) | {"万元", "亿元"}
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
LEVEL_OF_COLUMN = {"province": "province", "city": "prefecture", "district": "county"}
LEVEL_ZH = {"province": "省级", "prefecture": "地级", "county": "县级"}
_DATE = re.compile(r"(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?)?\s*年?")
MAX_NOTE = 200


@dataclass
class Options:
    only_valid: bool = False         # load the valid rows of a file that has rejected rows
    accept_conflicts: bool = False   # replace existing figures that the file states differently
    new_indicators: bool = False     # unknown indicator names are meant as new indicators

    def as_dict(self) -> dict:
        return {"only_valid": self.only_valid, "accept_conflicts": self.accept_conflicts,
                "new_indicators": self.new_indicators}


@dataclass
class Checked:
    row: int
    values: dict[str, str]
    facts: list[dict] = field(default_factory=list)
    report: dict | None = None
    new_indicator: dict | None = None
    problems: list[Problem] = field(default_factory=list)


def parse_date(text: str, today: dt.date | None = None) -> str:
    """'2023/3/21', '2023年3月', '2023' → '2023-03-21', '2023-03', '2023'. ValueError if malformed."""
    t = unicodedata.normalize("NFKC", text).strip()
    m = _DATE.fullmatch(t)
    if not m:
        raise ValueError(t)
    y, mo, d = int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None
    date = dt.date(y, mo or 1, d or 1)          # raises ValueError for 2023-02-30 and month 13
    if y < 1921 or date > (today or dt.date.today()):
        raise ValueError(t)
    return f"{y:04d}" + (f"-{mo:02d}" if mo else "") + (f"-{d:02d}" if d else "")


def parse_unit(text: str) -> tuple[float, str]:
    """'万元' → (10000, '元'); '名' → (1, '人'); '%' → (1, '%')."""
    t = unicodedata.normalize("NFKC", text).strip()
    mult = 1.0
    while len(t) > 1 and t[0] in MULTIPLIERS:
        mult *= MULTIPLIERS[t[0]]
        t = t[1:]
    return mult, UNIT_ALIASES.get(t, t)


def new_indicator_key(name: str) -> str:
    return "x_" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]


def report_id_for(title: str, publisher: str, published_on: str) -> str:
    return "a" + hashlib.sha256(f"{title}|{publisher}|{published_on}".encode()).hexdigest()[:10]


def _as_written(text: str) -> str:
    """Titles and publishers are stored as the analyst wrote them, only whitespace tidied."""
    return re.sub(r"\s+", " ", str(text or "").replace("\u3000", " ")).strip()


def _clean(x: float) -> float:
    return float(int(x)) if float(x).is_integer() else round(x, 6)


class RowChecker:
    def __init__(self, ctx: Context, options: Options, file: str):
        self.ctx, self.options, self.file = ctx, options, file

    def check(self, row: int, values: dict[str, str]) -> Checked:
        c = Checked(row, values)

        def bad(col, msg_zh, msg_en, hint_zh="", hint_en="", value=None):
            shown = values.get(col, "") if value is None else value
            c.problems.append(Problem(self.file, row, col, shown, msg_zh, msg_en, hint_zh, hint_en))

        for col in ("report_title", "indicator", "value"):
            if not values.get(col, "").strip():
                bad(col, "必填项为空", "required field is empty", f"填写 {BY_KEY[col].zh}（{col}）", f"fill in {col}")
        if not any(values.get(col, "").strip() for col in REGION_COLUMNS):
            bad("province", "地区为空：省、市、区县都没有填", "no region: province, city and district are all empty",
                "至少填写 省、市 或 区县", "fill in at least one of province, city, district", value="")
        report = self._report(values, bad)
        region = self._region(values, bad)
        key, unit, is_rate = self._indicator(values, c, bad)
        q = self._value(values, key, unit, is_rate, bad)
        org = normalize_name(values.get("organization", "")) or None
        if org and org in UNIT_WORDS:
            bad("organization", "「单位」列是机构名称，这里却是计量单位", "the 单位 column is the organization, "
                "but it holds a unit", "计量单位请填在「单位名」列", "put units in the 单位名 (unit) column")
        period = unicodedata.normalize("NFKC", values.get("period", "")).strip() or None
        note = values.get("note", "").strip() or None
        if note and len(note) > MAX_NOTE:
            bad("note", f"备注过长（{len(note)} 字，上限 {MAX_NOTE}）", f"note too long ({len(note)} > {MAX_NOTE})",
                "用自己的话简写，不要抄录报告原文", "write a short note in your own words; never copy report text",
                value=note[:40] + "…")
        start, end = self._offsets(values, bad)
        if values.get("url", "").strip() and not re.fullmatch(r"https?://\S+", values["url"].strip()):
            bad("url", "链接格式错误", "malformed link", "以 http:// 或 https:// 开头", "start with http:// or https://")
        rate = self._rate(values, key, is_rate, q[0] if q else None, bad)
        if c.problems:
            return c
        code, level = region
        base = {"report_id": report["report_id"], "region_code": code, "scope_level": SCOPE_OF_LEVEL[level],
                "org_id": org_id(org, code) if org else None, "organization": org, "implied": False,
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
        title = _as_written(values.get("report_title", ""))
        publisher = _as_written(values.get("publisher", ""))
        raw_date = values.get("published_on", "").strip()
        published_on = ""
        if raw_date:
            try:
                published_on = parse_date(raw_date)
            except ValueError:
                bad("published_on", "日期格式错误或不存在（或晚于今天）", "malformed, impossible or future date",
                    "写成 2023-03-21、2023-03 或 2023", "write 2023-03-21, 2023-03 or 2023")
        if not title:
            return None
        known = self.ctx.report_by_title(title)
        if known:
            have_pub = known.get("publisher") or ""
            if publisher and have_pub and text_key(publisher) != text_key(have_pub):
                bad("publisher", f"同名报告 {known['report_id']} 的发布单位是「{have_pub}」",
                    f"the report with this title ({known['report_id']}) has publisher '{have_pub}'",
                    f"留空或改为「{have_pub}」；若是另一份报告，请改标题", "leave empty, correct it, or change the title")
            have_date = known.get("published_on") or ""
            if published_on and have_date and not (published_on.startswith(have_date)
                                                   or have_date.startswith(published_on)):
                bad("published_on", f"同名报告 {known['report_id']} 的发布日期是 {have_date}",
                    f"the report with this title ({known['report_id']}) was published {have_date}",
                    f"留空或改为 {have_date}", f"leave empty or write {have_date}")
            return {"report_id": known["report_id"], "title_zh": known["title_zh"], "existing": True}
        return {"report_id": report_id_for(title, publisher, published_on), "title_zh": title,
                "publisher": publisher or None, "published_on": published_on or None,
                "url": values.get("url", "").strip() or None,
                "source_file": values.get("source_file", "").strip() or None, "existing": False}

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
            want = LEVEL_OF_COLUMN[col]
            if row["level"] != want and not (col == "city" and code in MUNICIPALITIES):
                right = {v: k for k, v in LEVEL_OF_COLUMN.items()}[row["level"]]
                bad(col, f"{row['name_zh']} 是{LEVEL_ZH[row['level']]}行政区，不是{LEVEL_ZH[want]}",
                    f"{row['name_zh']} is a {row['level']}-level region, not {want}",
                    f"填在「{BY_KEY[right].zh}」({right}) 列", f"put it in the {right} column")
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
            bad(col, f"{where['name_zh']} 不属于 {inside}" + (f"（属于 {parent['name_zh']}）" if parent else ""),
                f"{where['name_zh']} is not in {inside}" + (f" (it is in {parent['name_zh']})" if parent else ""),
                "检查 省、市、区县 三列是否一致", "make province, city and district consistent")
        elif len(cands) > 1:
            places = [f"{ix.get(c)['name_zh']}（{ix.get(ix.get(c)['parent_code'])['name_zh']}）"
                      if ix.get(c).get("parent_code") else ix.get(c)["name_zh"] for c in cands[:5]]
            bad(col, "地区名称有歧义：有多个同名地区", "ambiguous region name: several regions share it",
                f"同名：{'、'.join(places)}；请同时填写所属的省或市", "fill in its province or city as well")
        else:
            hints = [name for _, name, _ in ix.suggest(text, limit=3)]
            bad(col, "无法识别的地区", "unknown region",
                f"是否指 {'、'.join(hints)}？" if hints else "请使用国家行政区划名称",
                f"did you mean {', '.join(hints)}?" if hints else "use an official region name")

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
                bad("new_indicator_unit" if new_unit else "new_indicator_category",
                    f"指标已在目录中：{self.ctx.indicator_label(keys[0])}，单位 {row['unit']}，类别 {row['category']}",
                    f"the indicator is already in the catalogue ({keys[0]}, {row['unit']}, {row['category']})",
                    "清空新指标列", "leave the new_indicator columns empty")
            return keys[0], row["unit"], bool(row["is_rate"])
        labels = "、".join(self.ctx.indicator_label(k) for k in keys)
        if status == "ambiguous":
            bad("indicator", "指标名称有歧义：是多个指标的同义词", "ambiguous indicator: a synonym of several",
                f"请改写为其中之一：{labels}", f"write one of: {', '.join(keys)}")
            return None, None, False
        if not (new_unit or new_cat or self.options.new_indicators):
            bad("indicator", "指标不在目录中", "indicator is not in the catalogue",
                (f"是否指 {labels}？" if keys else "") + "若确要新增指标，填写「新指标单位」和「新指标类别」列",
                (f"did you mean {', '.join(keys)}? " if keys else "")
                + "to add a new indicator on purpose fill in new_indicator_unit and new_indicator_category")
            return None, None, False
        unit = parse_unit(new_unit or values.get("unit", "") or "")[1]
        if not unit:
            try:
                unit = parse_quantity(values.get("value", "")).unit or ""
            except NumberFormatError:
                unit = ""
        if not unit:
            bad("new_indicator_unit", "新指标缺少单位", "the new indicator needs a unit",
                "填写基本单位，如 个、人、项、元、%", "write its base unit, e.g. 个 人 项 元 %", value="")
        if new_cat not in CATEGORIES:
            bad("new_indicator_category", "新指标的类别无效" if new_cat else "新指标缺少类别",
                "invalid category for the new indicator" if new_cat else "the new indicator needs a category",
                "可选：" + "、".join(CATEGORIES), "use one of: " + ", ".join(CATEGORIES.values()))
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
            bad("value", "数值不能为负", "the value cannot be negative", "填写报告中的正数", "write the figure as stated")
            return None
        try:
            if not WHOLE_VALUE.fullmatch(text):
                raise NumberFormatError(text)
            q: Quantity = parse_quantity(text)
        except NumberFormatError:
            bad("value", "无法识别的数值", "value is not a number",
                "写成 707、7700多、90余、约300、1.2万、十二、85% 等；单位写在「单位名」列",
                "write e.g. 707, 7700多, 90余, 约300, 1.2万, 十二, 85%; put units in the unit column")
            return None
        mult = 1.0
        unit_text = values.get("unit", "").strip()
        if unit_text and unit:
            mult, base = parse_unit(unit_text)
            if base != unit:
                bad("unit", f"单位与指标不符：该指标的基本单位是 {unit}", f"unit does not match the indicator's unit {unit}",
                    f"改为 {unit}（可带 万/亿）或留空", f"write {unit} (万/亿 prefixes allowed) or leave it empty")
                return None
            if mult != 1 and re.search("[万萬亿億]", text):
                bad("unit", "数值和单位名都含 万/亿，无法确定倍数", "both value and unit carry 万/亿",
                    "只在其中一处写 万/亿", "write 万/亿 in one place only")
                return None
        if unit and q.unit in ("%", "元") and q.unit != unit:
            bad("value", f"数值的单位 {q.unit} 与指标单位 {unit} 不符", f"the value's unit {q.unit} does not match the "
                f"indicator's unit {unit}", "比率写在「比率」列或用比率指标" if q.unit == "%" else "检查指标",
                "put rates in rate_percent or use a rate indicator" if q.unit == "%" else "check the indicator")
            return None
        qualifier = q.qualifier
        explicit = values.get("qualifier", "").strip()
        if explicit:
            mapped = QUALIFIER_WORDS.get(explicit.lower()) or QUALIFIER_WORDS.get(explicit)
            if mapped is None:
                bad("qualifier", "限定词无效", "invalid qualifier", "可选：exact、more_than、at_least、approx、range"
                    "（精确、多、至少、约、区间）", "use exact, more_than, at_least, approx or range")
                return None
            if q.qualifier != "exact" and mapped != q.qualifier:
                bad("qualifier", f"限定词与数值写法矛盾：「{text}」表示 {q.qualifier}",
                    f"qualifier contradicts the wording: '{text}' means {q.qualifier}",
                    f"改为 {q.qualifier} 或留空", f"write {q.qualifier} or leave it empty")
                return None
            if mapped == "range" and q.value_max is None:
                bad("qualifier", "区间需要上下限，如 1-2", "a range needs two bounds, e.g. 1-2",
                    "在数值中写出区间", "write the range in the value")
                return None
            qualifier = mapped
        value = _clean(q.value * mult)
        value_max = _clean(q.value_max * mult) if q.value_max is not None else None
        if is_rate and not (0 <= value <= 100 and (value_max is None or value_max <= 100)):
            bad("value", "比率应在 0–100 之间", "a rate must lie between 0 and 100", "按百分数填写，如 85 或 85%",
                "write a percentage such as 85 or 85%")
            return None
        return value, value_max, qualifier

    def _rate(self, values, key, is_rate, value, bad) -> dict | None:
        text = unicodedata.normalize("NFKC", values.get("rate_percent", "")).strip()
        if not text:
            return None
        try:
            q = parse_quantity(text)
            if not WHOLE_VALUE.fullmatch(text) or (q.unit not in (None, "%")):
                raise NumberFormatError(text)
        except NumberFormatError:
            bad("rate_percent", "比率不是数字", "rate_percent is not a number", "写成 85 或 85%", "write 85 or 85%")
            return None
        if not 0 <= q.value <= 100 or (q.value_max is not None and q.value_max > 100):
            bad("rate_percent", "比率应在 0–100 之间", "a rate must lie between 0 and 100",
                "按百分数填写，如 85", "write a percentage such as 85")
            return None
        if key is None:
            return None
        if is_rate:
            if value is not None and q.value != value:
                bad("rate_percent", "比率与数值不一致（该指标本身就是比率）", "rate_percent differs from the value of "
                    "this rate indicator", "清空「比率」列", "leave rate_percent empty")
            return None
        pair = self.ctx.rate_pair(key)
        if pair is None:
            bad("rate_percent", f"指标 {self.ctx.indicator_label(key)} 没有配对的比率指标",
                f"indicator {key} has no paired rate (indicator_pairs.csv)",
                "把比率作为单独一行，指标填比率名称", "add the rate as its own row with a rate indicator")
            return None
        return {"indicator_key": pair["rate_key"], "value": _clean(q.value), "unit": "%",
                "value_max": _clean(q.value_max) if q.value_max is not None else None, "qualifier": q.qualifier}

    def _offsets(self, values, bad) -> tuple[int | None, int | None]:
        s, e = values.get("char_start", "").strip(), values.get("char_end", "").strip()
        if not s and not e:
            return None, None
        if not (s.isdigit() and e.isdigit() and int(s) < int(e)):
            col = "char_start" if not s.isdigit() else "char_end"
            bad(col, "字符位置无效", "invalid character offsets",
                "char_start 与 char_end 都填非负整数，且 start < end", "fill both with integers, start < end")
            return None, None
        return int(s), int(e)
