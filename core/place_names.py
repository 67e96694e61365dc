"""Short forms of region names: 淄博市 → 淄博, 广西壮族自治区 → 广西, 管城回族区 → 管城.

Used by the region index (aliases) and by the generator of data/reference/regions.csv."""

from __future__ import annotations

import re

_ETHNIC = ["蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家",
           "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜",
           "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒",
           "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲",
           "门巴", "珞巴", "基诺", "高山", "各"]
# Multi-character group names may appear without 族 (博尔塔拉蒙古自治州, 察布查尔锡伯自治县).
_ETHNIC_RE = re.compile(
    "(?:" + "|".join(
        f"{re.escape(e)}族" if len(e) == 1 else f"{re.escape(e)}族?"
        for e in sorted(_ETHNIC, key=len, reverse=True)
    ) + ")$"
)
_BANNER_KEEP = set("左右前中后")
_AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")
_SUFFIXES = ("特别行政区", "地区", "林区", "特区", "新区", "矿区", "省", "市", "盟", "县", "区", "旗")



def _strip_ethnic(stem: str) -> str:
    """Remove trailing ethnic-group names (壮族, 土家族苗族, 蒙古 …) while ≥ 2 characters remain."""
    while True:
        m = _ETHNIC_RE.search(stem)
        if not m:
            return stem
        if m.start() < 2:
            if m.start() == 0 and stem.endswith("族") and len(stem) >= 3:
                return stem[:-1]  # 鄂温克族(自治旗) → 鄂温克, 东乡族(自治县) → 东乡
            return stem
        stem = stem[: m.start()]


def short_name(name: str) -> str:
    """Name without its administrative suffix (see module docstring); at least two characters."""
    for suffix in _AUTONOMOUS:
        if name.endswith(suffix):
            stem = _strip_ethnic(name[: -len(suffix)])
            return stem if len(stem) >= 2 else name
    if name.endswith("旗") and name[-2:-1] in _BANNER_KEEP:
        return name  # 乌拉特前旗, 巴林左旗: "乌拉特前" is not a name anyone uses
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            return _strip_ethnic(stem) if stem.endswith("族") else stem  # 管城回族区 → 管城
    return name
