"""A report's own details proposed from its text, each with its basis: the title (the headline line), the
publisher (a 来源 line, or a newspaper named in the dateline), the publication date (the dateline), and the
report's place (named in the title, else by the publisher, else the place the opening names most).

Nothing is guessed: a detail the text does not give stays empty, and a publisher line overwritten by spam is
refused (its basis says so). The analyst confirms or corrects every detail on the Review page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.extract.chrome import Layout
from etl.extract.places import SCOPE_WORDS, PlaceFinder

_DATE = re.compile(r"((?:19|20)\d{2})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?")
_PUBLISHER = re.compile(r"(?:来源|信息来源|文章来源|稿源|出处)\s*[:：】]\s*([^\s|丨/，,。]{2,24})|来源\s+([^\s|丨/，,。]{2,24})")
_BYLINE = re.compile(r"^(?:本报讯|新华社|人民网|中新网|央视网)|([\u4e00-\u9fff]{2,10}(?:日报|晚报|晨报|时报|报|网|新闻网|电视台|融媒体中心))"
                     r"(?:讯|消息|记者)")
_SPAM = re.compile(r"(体育|博彩|娱乐|彩票|官网|真人|棋牌|下注|赌|app|APP)")
_IN_A_NAME = re.compile(r"[\u4e00-\u9fff]{0,10}?(?:有限公司|集团|公司|大学|学院|银行)")
_TITLE_NOISE = re.compile(r"^(首页|当前位置|您的位置|您现在的位置|来源|发布|时间|作者|字体|分享)")


@dataclass
class Detail:
    value: str | None
    basis: str                 # where it was read (title line, 来源 line, dateline …), or why it is empty
    span: tuple[int, int] | None = None

    def as_dict(self) -> dict:
        return {"value": self.value, "basis": self.basis, "span": list(self.span) if self.span else None}


@dataclass
class ReportDetails:
    title: Detail
    publisher: Detail
    published_on: Detail
    place: Detail               # a region code
    place_names: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {k: getattr(self, k).as_dict() for k in ("title", "publisher", "published_on", "place")}


def _first_lines(text: str, lay: Layout, n: int = 12) -> list[tuple[int, int, str]]:
    out = []
    for a, b in lay.lines:
        line = text[a:b].strip()
        if line:
            out.append((a + text[a:b].find(line), a + text[a:b].find(line) + len(line), line))
        if len(out) >= n:
            break
    return out


_SITE_LINE = re.compile(r"(主办|稿源|机关刊|学习强国|首页|频道|客户端|版权|网站|欢迎访问|^各.{0,20}(?:人民政府|单位)|[:：]$)")


def title_of(text: str, lay: Layout, finder: PlaceFinder | None = None) -> Detail:
    """The headline: among the first lines that are not chrome, a short line without sentence punctuation;
    one that names a place and is not a site's or an addressee's line is preferred (a 原标题 line first)."""
    m = re.search(r"原标题[:：]\s*《?([^\n》]{4,60})", text[:600])
    if m:
        return Detail(m.group(1).strip(), "原标题 line", (m.start(1), m.end(1)))
    best = None
    for i, (a, _b, line) in enumerate(_first_lines(text, lay, 8)):
        if _TITLE_NOISE.match(line) or _DATE.match(line):
            continue
        clean = re.sub(r"[-_|]\s*[^\s_|-]{2,12}(网|频道)$", "", line).strip()   # 标题-新华网
        if not (4 <= len(clean) <= 60) or re.search(r"[。；！]", clean[:-1]) or lay.chrome[_line_no(lay, a)]:
            continue
        score = -i * 0.1 - (3 if _SITE_LINE.search(clean) else 0) - (2 if clean.count("，") + clean.count(",") >= 2 else 0)
        if finder is not None and finder.mentions(clean):
            score += 1
        if len(clean) >= 10:
            score += 0.5
        if best is None or score > best[0]:
            best = (score, i, a, clean)
    if best is None or best[0] < -2.5:
        return Detail(None, "no headline line in the opening")
    _, i, a, clean = best
    return Detail(clean, f"headline (line {i + 1})", (a, a + len(clean)))


def _line_no(lay: Layout, pos: int) -> int:
    return next((i for i, (a, b) in enumerate(lay.lines) if a <= pos <= b), 0)


def publisher_of(text: str) -> Detail:
    head = text[:800]
    m = _PUBLISHER.search(head)
    if m:
        group = 1 if m.group(1) else 2
        name = re.sub(r"(\d{4}.*)$", "", m.group(group)).strip(" -—:：")
        if name and _SPAM.search(name):
            return Detail(None, f"来源 line overwritten by spam (「{name}」)")
        if name:
            return Detail(name, "来源 line", (m.start(group), m.start(group) + len(name)))
    m = _BYLINE.search(head)
    if m and m.group(1):
        return Detail(m.group(1), "newspaper named in the dateline", (m.start(1), m.end(1)))
    return Detail(None, "no 来源 line or newspaper dateline")


def published_of(text: str, lay: Layout) -> Detail:
    """The dateline's date: the first full date in the first lines (or a 发布日期/成文日期 field)."""
    for a, _b, line in _first_lines(text, lay, 10):
        m = _DATE.search(line)
        if m and (len(line) < 60 or re.search(r"(发布|时间|日期|来源)", line[:m.start() + 8])):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return Detail(f"{y:04d}-{mo:02d}-{d:02d}", "dateline", (a + m.start(), a + m.end()))
    m = re.search(r"(?:发布日期|发布时间|成文日期|日期)\s*[:：】]\s*" + _DATE.pattern, text[:1200])
    if m:
        return Detail(f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", "date field",
                      (m.start(1), m.end()))
    return Detail(None, "no dateline")


def place_of(text: str, lay: Layout, finder: PlaceFinder, title: Detail, publisher: Detail,
             given: str | None = None) -> Detail:
    """The report's place: what the analyst gave; else the deepest unit the title names; else the publisher's
    place; else the place the opening (first 600 characters of the article) names most, with its parents."""
    if given:
        return Detail(given, "given by the analyst")
    body = text[: min(lay.article_end, 2500)]
    mentions = finder.chain(finder.mentions(body))
    province = _dominant_province(finder, mentions)
    if title.value:
        got = finder.deepest(finder.chain(finder.mentions(title.value), province, unique_ok=True))
        if got:
            return Detail(got, f"title names 「{finder.index.get(got)['name_zh']}」")
    mentions = finder.chain(finder.mentions(body), province)
    by_publisher = None
    if publisher.value:
        got = finder.deepest(finder.chain(finder.mentions(publisher.value), province))
        if got and (province is None or finder.province_of(got) == province):
            by_publisher = got
    opening = [(m, c) for m, c in finder.chain(finder.mentions(body[:600]), province)
               if province is None or finder.province_of(c) == province]
    if not opening:
        opening = [(m, c) for m, c in mentions if province is None or finder.province_of(c) == province]
    if not opening:
        if by_publisher:
            return Detail(by_publisher, f"publisher 「{publisher.value}」")
        return Detail(None, "the text names no place")
    counts: dict[str, float] = {}
    for m, code in opening:
        w = 1.0 + (0.5 if m.start < 200 else 0.0)
        if _IN_A_NAME.match(body, m.end):
            w = 0.2                                    # 浙江省一建建设集团: a company's name, not the report's place
        for c in (code, *finder.index.ancestors(code)):
            counts[c] = counts.get(c, 0.0) + (w if c == code else w * 0.9)
    top = max(counts.values())
    best = [c for c, v in counts.items() if v >= top * 0.6]
    got = max(best, key=lambda c: (len(finder.index.ancestors(c)), counts[c]))
    if by_publisher and not (got == by_publisher or by_publisher in finder.index.ancestors(got)):
        return Detail(by_publisher, f"publisher 「{publisher.value}」")
    scope = SCOPE_WORDS.search(body[:600])
    return Detail(got, f"the opening names 「{finder.index.get(got)['name_zh']}」" + (
        f" (and says 「{scope.group(0)}」)" if scope else ""))


def _dominant_province(finder: PlaceFinder, mentions: list) -> str | None:
    counts: dict[str, int] = {}
    for _m, code in mentions:
        p = finder.province_of(code)
        if p:
            counts[p] = counts.get(p, 0) + 1
    if not counts:
        return None
    top = max(counts.values())
    best = [p for p, n in counts.items() if n == top]
    return best[0] if len(best) == 1 else None


def details(text: str, lay: Layout, finder: PlaceFinder, given_place: str | None = None) -> ReportDetails:
    title = title_of(text, lay, finder)
    publisher = publisher_of(text)
    return ReportDetails(title, publisher, published_of(text, lay),
                         place_of(text, lay, finder, title, publisher, given_place))
