"""Where a figure is: the places a text names, found by the region list, and resolved to today's units.

``PlaceFinder.mentions`` lists every region name in a (cleaned, Simplified) text: full names (济南市, 鄞州区),
short names (济南, 上海, 鄞州) and past names (户县), longest first; a short name that is also a common word
(城区, 新区, 中山 in 孙中山) or part of a street or building name (中山路, 北京大厦) is not a place.
``resolve`` picks the unit a name means, inside the report's own province when the name is shared
(朝阳 in Beijing or Liaoning), and a name written after its parent (海口龙华区) inside that parent.

The words 全市, 我省, 全区, 本县 … are places too: the report's own city, province or county.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.regions import RegionIndex

# short names that are words (or other things) far more often than places
_NOT_PLACES = {"城区", "郊区", "新区", "矿区", "新城", "中山", "长安", "和平", "新华", "向阳", "河东", "河西", "城中",
               "市中", "江北", "江南", "东区", "西区", "南区", "北区", "中区", "高新", "经开", "开发", "东方", "长城",
               "南山", "东山", "北山", "西山", "青山", "白云", "太平", "永安", "永和", "永定", "兴安", "安定", "红旗",
               "前进", "胜利", "光明", "团结", "民主", "文明", "振兴", "富民", "安居", "和顺", "吉利", "兴业", "宁安",
               "安宁", "城关", "永康", "建设", "龙山", "清河", "新兴", "东安", "河口", "山南", "金山", "铁山", "南城",
               "北城", "桥东", "桥西", "城东", "城西", "城南", "城北", "江东", "江口", "台江", "东湖", "南湖", "北湖",
               "云龙", "长宁", "海城", "龙港", "东港", "城阳", "合作", "和田", "五指山", "普兰", "安康", "平安", "永福",
               "仁和", "和林", "德惠", "丰收", "长丰", "大安", "吉安", "泰安", "永丰", "延长", "双桥", "新乡", "新村",
               "资源", "新建", "同心", "公安", "惠民", "会同", "平和", "东风", "互助", "友好", "通道", "建水", "新和",
               "兴和", "政和", "和政", "和安", "大化", "新平", "泰山", "海棠", "上党", "路北", "卫东", "恒山", "龙江",
               "文昌", "龙井", "凤台", "西城", "东城", "安全", "长兴", "友谊", "富裕", "和县", "正安", "同仁", "宁国",
               "阳光", "新源", "乐业", "安源", "双城", "东兴", "长顺", "大方", "德化", "安化", "和龙", "新宁"}
# a name followed by one of these is a street, a building or an institution, not a place
_NOT_AFTER = re.compile(r"^(?:路|街|大街|大道|巷|村|里|小区|花园|广场|大厦|大楼|中学|小学|学校|学院|大学|医院|公园|"
                        r"纪念|宾馆|饭店|酒店|银行|商场|苑|府|园|城市花园|号)")
# a name preceded by one of these is part of a longer word (孙中山, 最美)
_NOT_BEFORE = re.compile(r"(?:孙|逸|华|中|大|小|新|老|美|东|西|南|北)$")
SCOPE_WORDS = re.compile(r"(全省|我省|本省|省内|全市|我市|本市|市内|全区|我区|本区|区内|全县|我县|本县|县内|全州|我州|全旗|"
                         r"全盟|辖区|全域|全自治区)")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str
    codes: tuple[str, ...]     # the units this name can mean (today's first)
    short: bool                # a short name (济南), not a full one (济南市)


class PlaceFinder:
    def __init__(self, index: RegionIndex):
        self.index = index
        self._names: dict[str, tuple[tuple[str, ...], bool]] = {}
        for code in index.current_codes():
            row = index.get(code)
            self._add(row["name_zh"], code, False)
            short = row.get("short_name_zh") or ""
            if len(short) >= 2 and short != row["name_zh"] and short not in _NOT_PLACES:
                self._add(short, code, True)
        for code in index.all_codes():                  # past units, by their full names only
            row = index.get(code)
            if not index.is_current(code) and row["name_zh"] not in self._names:
                self._add(row["name_zh"], code, False)
        self._longest = max(len(n) for n in self._names)
        self._last_counts: dict[str, int] = {}

    def _add(self, name: str, code: str, short: bool) -> None:
        codes, was_short = self._names.get(name, ((), short))
        if code not in codes:
            self._names[name] = ((*codes, code), was_short and short)

    def _repeated(self, m: Mention) -> bool:
        return self._last_counts.get(m.name, 0) >= 2

    def mentions(self, text: str) -> list[Mention]:
        out: list[Mention] = []
        i, n = 0, len(text)
        while i < n:
            hit = None
            for length in range(min(self._longest, n - i), 1, -1):
                found = self._names.get(text[i:i + length])
                if found is not None:
                    hit = (length, found)
                    break
            if hit is None:
                i += 1
                continue
            length, (codes, short) = hit
            name = text[i:i + length]
            after = text[i + length:i + length + 4]
            before = text[max(0, i - 1):i]
            if not _NOT_AFTER.match(after) and not (short and before and _NOT_BEFORE.search(before)):
                out.append(Mention(i, i + length, name, codes, short or name in _NOT_PLACES))
            i += length
        counts: dict[str, int] = {}
        for m in out:
            counts[m.name] = counts.get(m.name, 0) + 1
        self._last_counts = counts      # a county's short name said twice in the text stands on its own
        return out

    def resolve(self, m: Mention, within: str | None = None, parent: str | None = None) -> str | None:
        """The unit ``m`` means: inside ``parent`` (a unit written just before it) or ``within`` (the report's
        province or city) when the name is shared; else the highest level when that is unique."""
        codes = list(m.codes)
        for scope in (parent, within):
            if scope and len(codes) > 1:
                inside = [c for c in codes if c == scope or scope in self.index.ancestors(c)]
                if inside:
                    codes = inside
        if len(codes) == 1:
            return codes[0]
        rank = {"province": 0, "prefecture": 1, "county": 2}
        best = min(rank[self.index.get(c)["level"]] for c in codes)
        top = [c for c in codes if rank[self.index.get(c)["level"]] == best]
        return top[0] if len(top) == 1 else None

    def chain(self, mentions: list[Mention], within: str | None = None,
              unique_ok: bool = False) -> list[tuple[Mention, str]]:
        """Each mention resolved, reading a name after its parent inside that parent (海口龙华区). A county's
        short name (资源, 公安, 同心 are words too) counts only inside ``within`` (the report's province or
        city), never on its own; ``unique_ok`` (a title): one that names a single county anywhere counts too."""
        out: list[tuple[Mention, str]] = []
        prev: tuple[Mention, str] | None = None
        for m in mentions:
            if m.name in _NOT_PLACES and not (prev and prev[0].end == m.start):
                continue                     # 城区, 新区 … only right after their parent (晋城市城区)
            if m.short and all(self.index.get(c)["level"] == "county" for c in m.codes):
                inside = [c for c in m.codes if within and (c == within or within in self.index.ancestors(c))]
                if not inside and not within and len(m.codes) == 1 and (unique_ok or self._repeated(m)):
                    inside = list(m.codes)
                if not inside:
                    continue
                m = Mention(m.start, m.end, m.name, tuple(inside), True)
            parent = prev[1] if prev and prev[0].end >= m.start - 1 else None
            code = self.resolve(m, within, parent)
            if code:
                out.append((m, code))
                prev = (m, code)
        return out

    def deepest(self, resolved: list[tuple[Mention, str]]) -> str | None:
        """The deepest unit that every other named unit contains (海口市 + 龙华区 → 龙华区); the first named when
        they disagree."""
        if not resolved:
            return None
        codes = [c for _, c in resolved]
        for code in sorted(set(codes), key=lambda c: -len(self.index.ancestors(c))):
            if all(c == code or c in self.index.ancestors(code) for c in codes):
                return code
        return codes[0]

    def province_of(self, code: str | None) -> str | None:
        if not code:
            return None
        row = self.index.get(code)
        return row["region_code"] if row["level"] == "province" else row.get("province_code") or None

    def city_of(self, code: str | None) -> str | None:
        """The prefecture of a county (or the county itself for a province's direct county-level city)."""
        if not code:
            return None
        row = self.index.get(code)
        if row["level"] == "prefecture":
            return code
        if row["level"] == "county":
            parent = self.index.get(row.get("parent_code") or "")
            return parent["region_code"] if parent and parent["level"] == "prefecture" else None
        return None
