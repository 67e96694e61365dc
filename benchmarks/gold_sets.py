"""The gold the extractor is scored against, in one shape: per report file, its figures (span, value, unit,
qualifier, concept, subject kind, place, year) and its details (publisher, date, place).

- ``corpus``: 20 reports of ../shared/corpus annotated by independent annotators before any extractor output
  on them was seen (``benchmarks/gold/corpus/part_*.csv``; guide in ``benchmarks/gold/ANNOTATION.md``), their
  concepts mapped to the catalogue by another annotator (``concepts.csv``).
- ``development``: the 12 development reports (../shared/reports/figures_gold.csv, an independent annotation)
  with concepts mapped the same way (``benchmarks/gold/dev_concepts.csv``); subject kinds from our reviewed
  figures at the same span where there is one.
- ``seeds``: the five seed reports, our curated figures (``data/figures/0*.csv``).
- ``reviewed``: the corpus reports reviewed through ``etl review`` and curated (``data/figures/2*.csv``) that are
  not in the held-out set: what the reviewers decided, a development set for the rules (not an independent
  annotation: the reviewers started from the extractor's proposals).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from core.regions import RegionIndex
from core.settings import DATA_DIR, PROJECT_ROOT

SHARED = PROJECT_ROOT.parent / "shared"
GOLD = PROJECT_ROOT / "benchmarks" / "gold"
UNIT_OF = {"名": "人", "位": "人", "個": "个"}
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass
class GoldFigure:
    start: int
    end: int
    value: float
    unit: str
    qualifier: str
    alt: tuple[int, int] | None = None
    rate: float | None = None
    concept: str | None = None
    subject_kind: str | None = None
    place: tuple[str, str] | None = None      # (province, city) names; city '' for a province's figure
    year: int | None = None
    year_known: bool = True                    # False: the gold has no opinion on the year


@dataclass
class GoldReport:
    file: str
    folder: Path
    figures: list[GoldFigure] = field(default_factory=list)
    publisher: str | None = None
    published_on: str | None = None
    place: tuple[str, str] | None = None
    title: tuple[int, int] | None = None
    has_details: bool = False


def city_level(province: str, city: str, index: RegionIndex | None = None) -> tuple[str, str]:
    """(province, prefecture) names; a county-level city given as the city (大冶市) counts as its prefecture."""
    province, city = (province or "").strip(), (city or "").strip()
    if province in MUNICIPALITIES:
        city = province
    elif city and index is not None:
        code = index.resolve(city, province or None)
        row = index.get(code) if code else None
        if row and row["level"] == "county":
            parent = index.get(row.get("parent_code") or "")
            city = parent["name_zh"] if parent and parent["level"] == "prefecture" else ""
    return province, city


def place_of_code(index: RegionIndex, code: str | None) -> tuple[str, str] | None:
    """A region code as (province, city) names at city level."""
    if not code:
        return None
    row = index.get(code)
    chain = {row["level"]: row["name_zh"]}
    cur = row
    while cur.get("parent_code"):
        cur = index.get(cur["parent_code"])
        if cur is None:
            break
        chain[cur["level"]] = cur["name_zh"]
    return city_level(chain.get("province", ""), chain.get("prefecture", ""))


def _year(text: str) -> int | None:
    m = re.search(r"(19|20)\d{2}", text or "")
    return int(m.group(0)) if m else None


def corpus() -> list[GoldReport]:
    folder = SHARED / "corpus"
    concepts = {(r["file"], r["evidence_start"]): r["concept_key"] or None for r in rows(GOLD / "corpus" / "concepts.csv")}
    reports: dict[str, GoldReport] = {}
    for path in sorted((GOLD / "corpus").glob("part_?_reports.csv")):
        for r in rows(path):
            rep = reports.setdefault(r["file"], GoldReport(r["file"], folder))
            rep.publisher = r["publisher"] or None
            rep.published_on = r["published_on"] or None
            rep.place = city_level(r["province"], r["city"])
            rep.title = (int(r["title_start"]), int(r["title_end"])) if r["title_start"] else None
            rep.has_details = True
    for path in sorted((GOLD / "corpus").glob("part_?.csv")):
        for r in rows(path):
            rep = reports.setdefault(r["file"], GoldReport(r["file"], folder))
            rep.figures.append(GoldFigure(
                int(r["evidence_start"]), int(r["evidence_end"]), float(r["value"]),
                UNIT_OF.get(r["unit"], r["unit"]), r["qualifier"],
                (int(r["alt_start"]), int(r["alt_end"])) if r["alt_start"] else None, None,
                concepts.get((r["file"], r["evidence_start"])), r["subject_kind"] or None,
                city_level(r["province"], r["city"]) if r["province"] else None,
                int(r["ref_year"]) if r["ref_year"] else None))
    return list(reports.values())


def development(index: RegionIndex) -> list[GoldReport]:
    folder = SHARED / "reports"
    sources = {r["file"]: r for r in rows(folder / "SOURCES.csv")}
    concepts = {(r["file"], r["evidence_start"]): r["concept_key"] or None for r in rows(GOLD / "dev_concepts.csv")}
    reviewed = _reviewed_dev()
    reports: dict[str, GoldReport] = {}
    for r in rows(folder / "figures_gold.csv"):
        rep = reports.setdefault(r["file"], GoldReport(r["file"], folder))
        start, end = int(r["evidence_start"]), int(r["evidence_end"])
        pub = sources.get(r["file"], {}).get("published_on", "")
        period = r["period"]
        year = _year(period) if period != "as_of_publication" else _year(pub)
        if year is None and re.search(r"发布当年|as_of", period):
            year = _year(pub)
        kind = next((x["kind"] for x in reviewed.get(r["file"], []) if start <= x["start"] and x["end"] <= end), None)
        rep.figures.append(GoldFigure(
            start, end, float(r["value"]), UNIT_OF.get(r["unit"], r["unit"]),
            {"approx_more_than": "more_than"}.get(r["qualifier"], r["qualifier"]), None,
            float(r["rate_percent"]) if r["rate_percent"] else None, concepts.get((r["file"], r["evidence_start"])),
            kind, city_level(r["region_province"], r["region_city"], index), year, year_known=bool(year or not pub)))
    return list(reports.values())


def _reviewed_dev() -> dict[str, list[dict]]:
    files = {r["report_id"]: r["source_file"] for r in rows(DATA_DIR / "reference" / "reports.csv")}
    out: dict[str, list[dict]] = {}
    for path in sorted((DATA_DIR / "figures").glob("1*.csv")):
        for r in rows(path):
            out.setdefault(files[r["report_id"]], []).append(
                {"start": int(r["char_start"]), "end": int(r["char_end"]), "kind": r["subject_kind"]})
    return out


def seeds(index: RegionIndex) -> list[GoldReport]:
    folder = SHARED / "seeds"
    reports_csv = {r["report_id"]: r for r in rows(DATA_DIR / "reference" / "reports.csv")}
    indicators = {r["indicator_key"]: r for r in rows(DATA_DIR / "reference" / "indicators.csv")}
    out: dict[str, GoldReport] = {}
    for path in sorted((DATA_DIR / "figures").glob("0*.csv")):
        for r in rows(path):
            if not r["char_start"]:
                continue
            rep_row = reports_csv[r["report_id"]]
            rep = out.setdefault(rep_row["source_file"], GoldReport(rep_row["source_file"], folder))
            code = index.resolve(r["region"], r["province"] or None)
            year = _year(r["period"]) or _year(rep_row["published_on"])
            rep.figures.append(GoldFigure(
                int(r["char_start"]), int(r["char_end"]), float(r["value"]), r["unit"], r["qualifier"],
                concept=indicators.get(r["indicator_key"], {}).get("concept_key") or None,
                subject_kind=r["subject_kind"] or None,
                place=place_of_code(index, code) if r["scope_level"] != "province" or r["region"] != r["province"]
                else city_level(r["province"], ""), year=year, year_known=bool(year)))
    return list(out.values())


def reviewed(index: RegionIndex, exclude: set[str] = frozenset()) -> list[GoldReport]:
    """The curated corpus reports (data/figures/2*.csv) as gold, leaving out ``exclude`` (held-out files)."""
    from core.dates import reference_date

    reports_csv = {r["report_id"]: r for r in rows(DATA_DIR / "reference" / "reports.csv")}
    indicators = {r["indicator_key"]: r for r in rows(DATA_DIR / "reference" / "indicators.csv")}
    out: dict[str, GoldReport] = {}
    for path in sorted((DATA_DIR / "figures").glob("2*.csv")):
        for r in rows(path):
            rep_row = reports_csv[r["report_id"]]
            if rep_row["source_file"] in exclude:
                continue
            rep = out.setdefault(rep_row["source_file"], GoldReport(rep_row["source_file"], SHARED / "corpus"))
            code = index.resolve(r["region"], r["province"] or None)
            ref, _ = reference_date(r["period"] or None, rep_row["published_on"] or None, rep_row["published_status"])
            rep.figures.append(GoldFigure(
                int(r["char_start"]), int(r["char_end"]), float(r["value"]), UNIT_OF.get(r["unit"], r["unit"]),
                r["qualifier"], concept=indicators.get(r["indicator_key"], {}).get("concept_key") or None,
                subject_kind=r["subject_kind"] or None,
                place=place_of_code(index, code) if r["scope_level"] != "province" else city_level(r["province"], ""),
                year=int(ref[:4]) if ref else None, year_known=True))
    return list(out.values())
