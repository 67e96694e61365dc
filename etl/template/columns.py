"""The analyst template's columns: English keys, Chinese aliases, types, allowed values.

This table is the single source for the header mapping, the validation of required columns, the
templates (CSV, XLSX) and the documented schema in ``data/schema/``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import process

from core.issues import Problem
from core.numbers import UNIT_ALIASES
from core.text import to_simplified
from core.units import COUNTING, EVENTS
from etl.template.fields import parse_unit

CATEGORIES = {"组织覆盖": "Organization coverage", "队伍建设": "Teams", "阵地建设": "Sites",
              "品牌创建": "Brands", "制度机制": "Mechanisms", "服务成效": "Service outcomes",
              "业务成效": "Business outcomes"}
QUALIFIER_WORDS = {
    "exact": "exact", "精确": "exact", "确切": "exact", "准确": "exact",
    "more_than": "more_than", "多": "more_than", "余": "more_than", "以上": "more_than",
    "超过": "more_than", ">": "more_than",
    "at_least": "at_least", "至少": "at_least", "不少于": "at_least", ">=": "at_least", "≥": "at_least",
    "approx": "approx", "约": "approx", "近": "approx", "大约": "approx", "左右": "approx", "~": "approx",
    "range": "range", "区间": "range", "范围": "range",
}


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    type: str              # Table Schema type
    required: bool
    doc_zh: str
    doc_en: str
    allowed: str = ""      # human-readable allowed values / format
    example: str = ""      # the example row (a real, sourced figure: report 000, fact 000-08)


COLUMNS = [
    Column("report_title", "报告标题", "string", True, "来源报告的标题（与已有报告标题相同即归入该报告）",
           "title of the source report (same title as a known report → that report)",
           example="淄博住建保障服务中心党建品牌获评市直机关十佳"),
    Column("publisher", "发布单位", "string", False, "发布媒体或机构；不知道就留空",
           "publisher as stated; leave empty if unknown", example="鲁中网"),
    Column("published_on", "发布日期", "date", False, "发布日期，可只写年或年月", "publication date; year or "
           "year-month is fine", "2023-03-21 · 2023-03 · 2023 · 2023/3/21 · 2023年3月21日", "2023-03-21"),
    Column("url", "链接", "string", False, "原文链接", "link to the report", "http(s)://…",
           "http://news.lznews.cn/luzhong/zibo/202303/t20230321_11584298.html"),
    Column("province", "省", "string", False, "省级行政区（省、市、区县至少填一个）",
           "province (fill at least one of province, city, district)", "GB/T 2260 名称、简称、繁体或拼音",
           "山东省"),
    Column("city", "市", "string", False, "地级行政区", "prefecture-level city", "须属于所填的省", "淄博市"),
    Column("district", "区县", "string", False, "县级行政区", "county-level district", "须属于所填的市", ""),
    Column("organization", "单位", "string", False, "报告所述的机关、单位或党组织", "reporting organization",
           example="淄博市住房城乡建设保障服务中心党委"),
    Column("indicator", "指标", "string", True, "指标：目录中的键、中文名或同义词", "indicator: key, Chinese "
           "name or synonym from the catalogue", "data/reference/indicators.csv", "经验做法获转发数"),
    Column("value", "数值", "string", True, "数值，可按报告写法", "the figure, written as reports write it",
           "707 · 7700多 · 90余 · 约300 · 1.2万 · 十二 · 1-2 · 85%", "17项"),
    Column("unit", "单位名", "string", False, "计量单位；须与指标的基本单位一致，可带 万/亿",
           "unit; must match the indicator's base unit, 万/亿 prefixes allowed", "个 人 项 次 元 万元 %…", "项"),
    Column("qualifier", "限定", "string", False, "限定词；留空则按数值写法判断", "qualifier; empty = taken "
           "from the wording", "exact · more_than · at_least · approx · range（精确 多 至少 约 区间）", ""),
    Column("period", "期间", "string", False, "数值所指的时期，照报告写", "period as stated", "2022 · 2019年底", ""),
    Column("rate_percent", "比率", "number", False, "与该指标配对的比率（%），如覆盖率", "the paired rate in "
           "percent (e.g. coverage)", "0–100", ""),
    Column("note", "备注", "string", False, "简短说明，用自己的话，不抄原文（≤200字）",
           "short note in your own words, never report sentences (≤200 characters)",
           example="示例 example：与 data/figures/000_zibo.csv 第 000-08 条相同"),
    Column("source_file", "来源文件", "string", False, "来源报告文件名（可选）", "source report file (optional)",
           example="000_81e9f7773a63b40d.txt"),
    Column("source_sha256", "来源sha256", "string", False, "来源文本的 sha256（审核抽取结果时自动填写）",
           "sha256 of the source text (filled in by extraction review)", "64 位十六进制 / 64 hex digits", ""),
    Column("publisher_status", "发布单位状态", "string", False, "发布单位是原文所载还是推断",
           "publisher confirmed or inferred", "confirmed · inferred · unknown", ""),
    Column("published_status", "日期状态", "string", False, "发布日期是原文所载还是推断",
           "date confirmed or inferred", "confirmed · inferred · unknown", ""),
    Column("subject_kind", "统计对象类型", "string", False, "数字统计的是：全域、行业/系统、机关、单位",
           "what the figure counts: region, sector, government_organs, organisation",
           "region · sector · government_organs · organisation（留空：有单位即 organisation，否则 region）", ""),
    Column("char_start", "起始位置", "integer", False, "数字在来源文件中的起始字符位置", "start offset of "
           "the figure in the source file", "≥ 0", "1884"),
    Column("char_end", "结束位置", "integer", False, "结束字符位置（不含）", "end offset (exclusive)",
           "> char_start", "1887"),
    Column("new_indicator_unit", "新指标单位", "string", False, "有意新增指标时填写其基本单位",
           "base unit when introducing a new indicator on purpose", ""),
    Column("new_indicator_category", "新指标类别", "string", False, "有意新增指标时填写其类别",
           "category when introducing a new indicator on purpose", "、".join(CATEGORIES)),
]
KEYS = [c.key for c in COLUMNS]
BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED_COLUMNS = [c.key for c in COLUMNS if c.required]
REGION_COLUMNS = ["province", "city", "district"]
EXTRA_ALIASES = {"标题": "report_title", "报告": "report_title", "发布者": "publisher", "日期": "published_on",
                 "网址": "url", "省份": "province", "城市": "city", "地市": "city", "区": "district",
                 "县": "district", "区/县": "district", "机构": "organization", "值": "value",
                 "计量单位": "unit", "时期": "period", "比率%": "rate_percent", "说明": "note"}


def _norm(text: str) -> str:
    """A header as a lookup key: NFKC, lower case, Simplified (報告標題 is 报告标题), runs of spaces as ``_``."""
    t = unicodedata.normalize("NFKC", str(text or "")).replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", to_simplified(t))


ALIASES: dict[str, str] = {}
for _c in COLUMNS:
    ALIASES[_norm(_c.key)] = _c.key
    ALIASES[_norm(_c.zh)] = _c.key
ALIASES.update({_norm(k): v for k, v in EXTRA_ALIASES.items()})


def canonical(header: str) -> str | None:
    """'报告标题', 'Report Title', '报告标题 (report_title)' → 'report_title'; None if unknown."""
    whole = _norm(header)
    if whole in ALIASES:
        return ALIASES[whole]
    for part in re.split(r"[\s()（）/|:：]+", unicodedata.normalize("NFKC", str(header or ""))):
        if _norm(part) in ALIASES:
            return ALIASES[_norm(part)]
    return None


def map_header(cells: list[str], file: str, row: int = 1) -> tuple[list[str | None], list[Problem]]:
    """Header cells → canonical keys (None for a blank header). Problems: unknown, repeated, missing."""
    keys: list[str | None] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    choices = sorted(ALIASES)
    for cell in cells:
        text = str(cell or "").strip()
        if not text:
            keys.append(None)
            continue
        key = canonical(text)
        if key is None:
            best = process.extractOne(_norm(text), choices, score_cutoff=60)
            hint = ALIASES[best[0]] if best else None
            problems.append(Problem.of(file, row, text, text, "msg_unknown_column",
                       "hint_did_you_mean_column" if hint else "hint_use_template_column",
                       hint=hint, hint_zh=BY_KEY[hint].zh if hint else ""))
        elif key in seen:
            problems.append(Problem.of(file, row, text, text, "msg_column_repeated", "hint_remove_repeated_column",
                                       same=seen[key]))
            key = None
        else:
            seen[key] = text
        keys.append(key)
    present = {k for k in keys if k}
    for key in REQUIRED_COLUMNS:
        if key not in present:
            problems.append(Problem.of(file, row, key, None, "msg_required_column_is_missing", "hint_add_template_column",
                                       key=key, key_zh=BY_KEY[key].zh))
    if not present & set(REGION_COLUMNS):
        problems.append(Problem.of(file, row, "province/city/district", None, 'msg_no_region_column', 'hint_add_a_province_city_or_district_column'))
    return keys, problems


# ---- 单位 as the unit (issue #22, item 9): the natural header for a unit is also the template's organisation
UNIT_HEADER = "单位"
UNIT_WORDS = frozenset(UNIT_ALIASES) | frozenset(UNIT_ALIASES.values()) | COUNTING | EVENTS | {"元"}


def is_unit_word(text: str) -> bool:
    """'个', '名', '%', '万元', '次' → True; an organisation's name → False."""
    t = unicodedata.normalize("NFKC", str(text or "")).strip()
    return bool(t) and len(t) <= 3 and (t in UNIT_WORDS or parse_unit(t)[1] in UNIT_WORDS)


def unit_header_reading(keys: list[str | None], header: list[str], columns) -> int | None:
    """The index of a column headed 单位 that holds units, when the file has no other unit column: most of its
    non-empty values (one pass over them) are measure words like 个 人 家 %. None otherwise (单位 stays the
    organisation). ``columns(i)`` yields the values of column ``i``."""
    if "unit" in keys or "organization" not in keys:
        return None
    i = keys.index("organization")
    if _norm(header[i]) != _norm(UNIT_HEADER):
        return None
    filled = units = 0
    for value in columns(i):
        if str(value or "").strip():
            filled += 1
            units += is_unit_word(value)
    return i if filled and units * 2 > filled else None
