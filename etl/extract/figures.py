"""Every figure a report states, each anchored to its exact characters; and every other number, with the
reason it is not a figure (dates, years, ordinals, document and phone numbers, page counts, slogans,
thresholds, a number cut off at the end).

Rules plus dictionaries, no model: a figure is a number (Arabic or Chinese, with 万/亿, a range, a
qualifier such as 多/余/以上/约/近/至少/超过/逾) followed by a measure word or %, in running text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.numbers import NumberFormatError, chinese_to_number
from etl.extract.chrome import Layout, layout
from etl.extract.cleaning import Cleaned, clean
from etl.extract.concepts import unit_kind

# measure words, longest first; the base unit each stands for
UNITS = {
    "平方米": "平方米", "平方公里": "平方公里", "公里": "公里", "万元": "元", "亿元": "元", "千元": "元",
    "人次": "人次", "户次": "户次", "余人": "人", "个百分点": "个百分点",
    "个": "个", "家": "家", "名": "人", "人": "人", "位": "人", "户": "户", "支": "支", "次": "次", "项": "项",
    "篇": "篇", "届": "届", "年": "年", "轮": "轮", "步": "步", "本": "本", "条": "条", "斤": "斤", "元": "元",
    "批": "批", "所": "所", "座": "座", "处": "处", "幢": "幢", "栋": "栋", "层": "层", "间": "间", "套": "套",
    "场": "场", "期": "期", "份": "份", "件": "件", "台": "台", "辆": "辆", "张": "张", "册": "册", "种": "种",
    "类": "类", "天": "天", "小时": "小时", "倍": "倍", "吨": "吨", "米": "米", "亩": "亩", "万": "",
    "部门": "个", "盏": "盏", "起": "起", "宗": "宗", "块": "块", "面": "面", "首": "首", "部": "部", "节": "节", "堂": "堂",
    "%": "%",
}
_NOT_UNIT_AFTER = {"部": "门|署|队|分", "家": "庭|属|长|乡", "名": "单|称|义|额", "项": "目", "所": "在|属|有|谓", "面": "积|向"}
_UNIT_RE = "|".join(re.escape(u) + (f"(?!{_NOT_UNIT_AFTER[u]})" if u in _NOT_UNIT_AFTER else "")
                    for u in sorted(UNITS, key=len, reverse=True) if u)
_CN = "零〇一二两三四五六七八九十百千"
_NUM = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|[{_CN}]+)"
FIGURE_RE = re.compile(
    rf"(?P<pre>不少于|不低于|至少|超过|逾|大约|将近|接近|约|近|超|达)?"
    rf"(?P<pct>百分之)?"
    rf"(?P<num>{_NUM})(?:\s*(?:-|–|—|~|～|至|到)\s*(?P<num2>{_NUM}))?"
    rf"(?P<suf0>多|余)?(?P<mult>万|亿)?"
    rf"(?P<suf>多|余)?"
    rf"(?P<unit>{_UNIT_RE})?"
    rf"(?P<suf2>以上|左右|多)?"
)
_PREFIX_Q = {"超": "more_than", "不少于": "at_least", "不低于": "at_least", "至少": "at_least", "超过": "more_than", "逾": "more_than",
             "大约": "approx", "将近": "approx", "接近": "approx", "约": "approx", "近": "approx"}
_SUFFIX_Q = {"多": "more_than", "余": "more_than", "以上": "more_than", "左右": "approx"}
_MULT = {"万": 10_000, "亿": 100_000_000}
_DATE_UNITS = {"月", "日", "号", "时", "分", "秒"}
_CLAUSE = re.compile(r"[。；！？\n]")
_PHRASE = re.compile(r"[，,；;。、：:！？\n（）()]")
_QUOTES = {"“": "”", "「": "」", "\"": "\"", "『": "』"}
_SLOGAN_TAIL = re.compile(r"^(位一体|学一做|会一课|个全覆盖|个覆盖|个意识|个自信|个维护|星|心|红|化|联|进|同|方联动)")
_PAGE_WORDS = ("查看", "阅读", "浏览", "点击", "回复", "评论", "点赞", "转发", "收藏")
_PEOPLE_NOUN = re.compile(r"(?:居民|党员|群众|职工|农民工|业主|人口)")
_VIEW_COUNT = re.compile(r"(点击率|点击量|点击数|阅读量|阅读数|浏览量|浏览次数|阅读次数|访问量|播放量)\W{0,3}$")
_CONGRESS_TAIL = re.compile(r"^(大(?![队会]?[员人])|届(?!.{0,3}(?:委员|代表))|中全会|次全会|次代表大会|次党代会)")
_STAGE_UNITS = ("年", "步", "轮", "级", "期")
_DURATION_OK = re.compile(r"(连续|已连续|坚持|持续|累计|先后)$")
_PHONE_WORDS = ("电话", "热线", "手机", "传真", "邮编", "QQ", "qq", "微信")


@dataclass
class Candidate:
    char_start: int          # offsets into the original text (Python str indices, end exclusive)
    char_end: int
    text: str                # the original characters of the span
    value: float
    unit: str | None
    qualifier: str           # exact | more_than | at_least | approx | range
    value_max: float | None = None
    label: str = ""          # the words around it that say what is counted (a proposed indicator label)
    excluded: str | None = None   # why it is not a figure (None: it is one)
    context: str = ""        # the phrase around it (cleaned): what the catalogue matcher reads
    links: dict = field(default_factory=dict)
    clean_start: int = 0     # position in the cleaned text (for context and links)
    clean_end: int = 0


def _number(token: str) -> float:
    token = token.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    return chinese_to_number(token)


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)`` (looked for within 200 characters either side)."""
    lo = max(0, start - 200)
    left = max((m.end() for m in _CLAUSE.finditer(text, lo, start)), default=lo)
    m = _CLAUSE.search(text, end, end + 200)
    return left, (m.start() if m else min(len(text), end + 200))


def _inside_short_quote(text: str, start: int, end: int) -> bool:
    for open_q, close_q in _QUOTES.items():
        o = text.rfind(open_q, max(0, start - 12), start)
        if o < 0:
            continue
        c = text.find(close_q, end, end + 12)
        if c >= 0 and c - o <= 14 and (open_q != close_q or text.count(open_q, o + 1, start) == 0):
            return True
    return False


def _exclusion(text: str, m: re.Match, value: float, unit_word: str | None, prev_end: int) -> str | None:
    s, e = m.start(), m.end()
    num = m["num"]
    before, after = text[max(0, s - 6):s], text[e:e + 6]
    raw_after = text[m.end("num"):m.end("num") + 2]
    chinese = not num[0].isdigit()
    digits = re.sub(r"\D", "", num)
    if raw_after[:1] == "号" and len(digits) >= 4:
        return "document number"
    if _VIEW_COUNT.search(text[max(0, s - 10):s]):
        return "page or view count"
    if chinese and _CONGRESS_TAIL.match(text[m.end("num"):m.end("num") + 5]):
        return "Party congress or plenum"
    if text[m.end("num"):m.end("num") + 2] == "年代" or text[e:e + 1] == "代" and unit_word == "年":
        return "decade"
    if (chinese and unit_word in _STAGE_UNITS and re.match(r"[\u4e00-\u9fff]", text[e:e + 1])
            and text[e:e + 1] not in "来以多内间后前中的里度半" and not _DURATION_OK.search(text[max(0, s - 3):s])):
        return "plan stage or set phrase"
    if len(num) == 4 and num.isdigit() and 1900 <= value <= 2100 and (raw_after[:1] == "年" or not unit_word):
        return "year"
    if raw_after[:1] in _DATE_UNITS or (unit_word == "年" and after.startswith("度")):
        return "date"
    if re.match(r"\d{4}$", num) and 1900 <= value <= 2100 and not unit_word:
        return "year"
    if raw_after[:1] == "年" and len(num) == 4:
        return "year"
    if before.endswith("第") or (chinese and (after.startswith("是") or raw_after.startswith("是"))):
        return "ordinal"
    if chinese and re.search(r"(这|那|此|该|上述|以下|下列)$", before):
        return "reference to things named (这两支队伍)"
    if re.match(r"(分队|批次|批$|季度|号楼|届$)", after) and before.endswith("第"):
        return "ordinal"
    if chinese and after.startswith("分队"):
        return "ordinal"
    if num == "一" and not m["mult"] and not re.search(r"每|人均|平均", text[max(0, s - 8):s]):
        return "article (一 as 'a')"
    if unit_word == "年" and (after.startswith("来") or re.match(r"(行动|计划|规划|攻坚)", after)):
        return "period, not a figure"
    if text[s - 1:s] in "(（" and text[e:e + 1] in ")）" and not unit_word:
        return "ordinal"
    if re.search(r"[〔\[【]\s*$", before) or (unit_word is None and after.startswith("号")) or "号" in raw_after[:1]:
        return "document number"
    if any(w in text[max(0, s - 12):s] for w in _PHONE_WORDS) or (len(digits) >= 7 and not unit_word):
        return "phone or id number"
    if any(w in text[max(0, s - 5):s] for w in _PAGE_WORDS) and not unit_word:
        return "page or view count"
    if _inside_short_quote(text, s, e) or (chinese and _SLOGAN_TAIL.match(text[m.end("num"):])):
        return "slogan numeral"
    if m["pre"] == "超" and re.match(r"\w{0,4}的", text[e:e + 5]) or text[e:e + 2] == "的" and m["suf2"] == "以上" \
            or re.match(r"[(（]含", text[e:e + 2]):
        return "threshold"
    if m["suf2"] == "以上" and re.match(r"\w{0,3}的", text[e:e + 4]) and unit_word in ("人", "名", "年", "个"):
        return "threshold"
    if before.endswith("含") and text[max(0, s - 2):s - 1] in "(（":
        return "threshold"
    if prev_end == s and unit_word:
        return "attribute of the figure before it"
    if not unit_word:
        if e >= len(text.rstrip()) - 1:
            return "cut off at the end of the text"
        return "no measure word"
    return None


def _label(text: str, m: re.Match) -> str:
    """What the figure counts: the words right after its measure word, else the words before it."""
    lo, hi = _clause_bounds(text, m.start(), m.end())
    after = re.match(r"[\u4e00-\u9fff“”\"]{0,14}", text[m.end():hi])[0].strip("“”\"")
    after = re.split(r"[的在被和与及已都均全共达]", after, maxsplit=1)[0] if len(after) > 6 else after
    before = re.findall(r"[\u4e00-\u9fff“”\"]{1,14}$", text[lo:m.start()])
    before = before[0].strip("“”\"") if before else ""
    before = re.sub(r"^.*?(其中|共有|共计|共|有|达|为|是|了)", "", before) or before
    if m["unit"] == "%" or not after or len(after) < 2:
        return before[-12:]
    return after[:12]


def find(original: str, cleaned: Cleaned | None = None, chrome=None) -> list[Candidate]:
    """Every number-like run in the text, figures and excluded ones alike (``excluded`` says why).
    ``chrome``: a function of a position in the cleaned text, true on page chrome (its numbers are not figures)."""
    c = cleaned or clean(original)
    text = c.text
    out: list[Candidate] = []
    prev_end = -1
    for m in FIGURE_RE.finditer(text):
        if not m["num"] or (not m["num"][0].isdigit() and m["num"] in ("千", "百", "十") and not m["unit"]):
            continue
        try:
            value = _number(m["num"]) * _MULT.get(m["mult"] or "", 1)
            value_max = _number(m["num2"]) * _MULT.get(m["mult"] or "", 1) if m["num2"] else None
        except NumberFormatError:
            continue
        unit_word = m["unit"] or ("%" if m["pct"] else None)
        if unit_word == "万":                      # 5.9万户: 万 was read as the unit
            unit_word = None
        if unit_word is None and _PEOPLE_NOUN.match(text, m.end()) and (m["mult"] or m["suf"]):
            unit_word = "人"                        # 230多万居民, 5万多党员: people, the noun is what is counted
        if m["unit"] in ("万元", "亿元", "千元"):
            value *= {"万元": 10_000, "亿元": 100_000_000, "千元": 1000}[m["unit"]]
            if value_max is not None:
                value_max *= {"万元": 10_000, "亿元": 100_000_000, "千元": 1000}[m["unit"]]
        qualifier_suffix = "余" if m["unit"] == "余人" else (m["suf0"] or m["suf"] or m["suf2"])
        qualifier = "exact"
        if m["pre"] in _PREFIX_Q:
            qualifier = _PREFIX_Q[m["pre"]]
        if qualifier_suffix in _SUFFIX_Q:
            qualifier = _SUFFIX_Q[qualifier_suffix]
        if value_max is not None:
            qualifier = "range" if value_max > value else qualifier
        # the span: the number with its measure word (and 多/余 inside it); a qualifier word before (约, 超过)
        # or after (以上, 左右) is read but left outside, as the reports' annotations do
        s = m.start("pct") if m["pct"] else m.start("num")
        e = m.end("suf2") - len(m["suf2"]) if m["suf2"] in ("以上", "左右") else m.end()
        reason = _exclusion(text, m, value, unit_word, prev_end)
        if reason is None and chrome is not None and chrome(m.start()):
            reason = "page chrome or advertisement"
        unit = UNITS.get(unit_word, unit_word) if unit_word else None
        o_start, o_end = c.span(s, e)
        cand = Candidate(o_start, o_end, original[o_start:o_end], float(value), unit or None, qualifier,
                         float(value_max) if value_max is not None and value_max > value else None,
                         _label(text, m) if reason is None else "", reason, clean_start=s, clean_end=e)
        if reason is None:
            prev_end = e
            lo = max((x.end() for x in _PHRASE.finditer(text, max(0, s - 40), s)), default=max(0, s - 40))
            nxt = _PHRASE.search(text, e, e + 40)
            cand.context = text[lo:nxt.start() if nxt else min(len(text), e + 40)]
        out.append(cand)
    return out


def extract(original: str, include_excluded: bool = False, cleaned: Cleaned | None = None,
            lay: Layout | None = None, title: tuple[int, int] | None = None) -> list[Candidate]:
    """The figures of a text, each once: a headline that restates a figure of the body (二十三个 … 23个) is that
    figure, stated in the body; a figure repeated in the body is the first; numbers on page chrome are left
    out. With ``include_excluded`` the numbers left out too, with why. ``title``: the headline's span in the
    cleaned text, when known (``report_meta.title_of``)."""
    cleaned = cleaned or clean(original)
    lay = lay or layout(cleaned.text)
    found = find(original, cleaned, lay.is_chrome)
    kept = [c for c in found if not c.excluded]
    if title is not None:
        body = [c for c in kept if c.clean_start >= title[1]]
        for c in kept:
            if title[0] <= c.clean_start < title[1] and any(
                    b.value == c.value and unit_kind(b.unit) == unit_kind(c.unit) for b in body):
                c.excluded = "headline restating a figure of the body"
    figures: list[Candidate] = []
    seen: set[tuple] = set()
    for cand in found:
        if cand.excluded:
            continue
        key = (cand.value, cand.unit, cand.label[:4])
        if cand.label and key in seen:
            cand.excluded = "repeats a figure stated earlier"
            continue
        seen.add(key)
        figures.append(cand)
    return found if include_excluded else figures
