"""A reviewed sheet as the project's own curated data: ``data/figures/NNN_<place>.csv`` (one row per accepted
figure, with its offsets), the report registered in ``data/reference/reports.csv`` with the text's sha256, and
any report-specific indicator the reviewer named added to ``data/reference/indicators.csv``.

Only the project's maintainers write curated data (the build loads it for everyone, published); an analyst's
review goes through ``service.review_load`` into a batch. The title registered is the reviewer's own short
description (``title_zh`` of the sheet's report), never the report's headline: no report sentence enters the
repository.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import io
from pathlib import Path

from core import levels, units
from core.regions import RegionIndex
from core.text import normalize_name
from etl.extract.candidates import plain
from etl.intake.review_sheet import resolve_region

MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
FIGURE_COLUMNS = ["fact_id", "report_id", "region", "province", "scope_level", "organization", "subject_kind",
                  "indicator_key", "value", "value_max", "unit", "qualifier", "implied", "period", "char_start",
                  "char_end", "note"]


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as fh:
        r = csv.DictReader(fh)
        return list(r.fieldnames or []), list(r)


def _write(path: Path, cols: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


@contextlib.contextmanager
def locked(data_dir: Path):
    """One curator at a time: reports.csv and indicators.csv are read, changed and written whole."""
    with open(Path(data_dir) / "reference" / ".curate.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_curated(sheet: dict, report_id: str, stem: str, data_dir: Path, index: RegionIndex, catalogue,
                  parse) -> Path:
    """Write the sheet's accepted figures as ``data/figures/{report_id}_{stem}.csv`` and register the report and
    new indicators. ``parse``: the value parser (``core.numbers.parse_quantity``)."""
    with locked(data_dir):
        return _write_curated(sheet, report_id, stem, data_dir, index, catalogue, parse)


def _write_curated(sheet: dict, report_id: str, stem: str, data_dir: Path, index: RegionIndex, catalogue,
                   parse) -> Path:
    rep = sheet["report"]
    ref = Path(data_dir) / "reference"
    place = resolve_region(index, rep.get("place"))
    out = []
    new_indicators: dict[str, dict] = {}
    n = 0
    for f in sheet["figures"]:
        if not f["accept"]:
            continue
        n += 1
        code = resolve_region(index, f.get("region")) or place
        row = index.get(code)
        province = index.get(row["province_code"])["name_zh"] if row and row.get("province_code") else ""
        key = f.get("indicator") or (catalogue.indicator_of(f["concept"], f.get("unit")) if f.get("concept") else None)
        if f.get("new_indicator"):
            ni = f["new_indicator"]
            key = ni["key"]
            new_indicators[key] = ni
        q = parse(str(f["value"]))
        unit = f.get("unit") or ""
        base = catalogue.indicators[key]["unit"] if key in catalogue.indicators else (new_indicators.get(key) or {}).get("unit")
        if base and unit != base and units.same_kind(unit, base):
            unit = base                       # 42家 of an indicator counted in 个: the curated file takes its unit
        out.append({
            "fact_id": f"{report_id}-{n:02d}", "report_id": report_id, "region": row["name_zh"] if row else "",
            "province": province, "scope_level": row["level"] if row else levels.PROVINCE,
            "organization": normalize_name(f.get("subject") or "") if f.get("subject_kind") != "region" else "",
            "subject_kind": f.get("subject_kind") or "", "indicator_key": key or "", "value": plain(q.value),
            "value_max": plain(q.value_max) if q.value_max is not None else "", "unit": unit,
            "qualifier": f.get("qualifier") or q.qualifier, "period": f.get("period") or "",
            "char_start": f["char_start"], "char_end": f["char_end"], "note": f.get("note") or "",
            "implied": "true" if f.get("implied") else "false",
        })
    path = Path(data_dir) / "figures" / f"{report_id}_{stem}.csv"
    _write(path, FIGURE_COLUMNS, out)
    _register_report(ref / "reports.csv", sheet, report_id, index, place)
    if new_indicators:
        _add_indicators(ref / "indicators.csv", new_indicators, report_id)
    return path


def _register_report(path: Path, sheet: dict, report_id: str, index: RegionIndex, place: str | None) -> None:
    cols, rows = _rows(path)
    rep = sheet["report"]
    chain = {}
    row = index.get(place) if place else None
    while row:
        chain[row["level"]] = row["name_zh"]
        row = index.get(row.get("parent_code") or "")
    record = {
        "report_id": report_id, "source_file": sheet["file"], "sha256": sheet["text_sha256"],
        "title_zh": rep.get("title_zh") or rep.get("title") or "", "title_en": rep.get("title_en") or "", "title_is_original": "false",
        "publisher": rep.get("publisher") or "", "publisher_en": rep.get("publisher_en") or "",
        "publisher_status": rep.get("publisher_status") or ("confirmed" if rep.get("publisher") else "unknown"),
        "published_on": rep.get("published_on") or "",
        "published_status": rep.get("published_status") or ("confirmed" if rep.get("published_on") else "unknown"),
        "published_note": rep.get("published_note") or "", "url": rep.get("url") or "",
        "province": chain.get("province", ""), "city": chain.get("prefecture", "") or (
            chain.get("province", "") if chain.get("province", "") in MUNICIPALITIES else ""),
        "organization": rep.get("organization") or "", "script": rep.get("script") or "simplified",
        "damaged": "true" if rep.get("damaged") else "false",
        "source": rep.get("source") or "shared/corpus/SOURCES.csv; figures reviewed from etl extract (etl review)",
    }
    rows = [r for r in rows if r["report_id"] != report_id] + [record]
    _write(path, cols, sorted(rows, key=lambda r: r["report_id"]))


def _add_indicators(path: Path, new: dict[str, dict], report_id: str) -> None:
    cols, rows = _rows(path)
    have = {r["indicator_key"] for r in rows}
    for key, ni in new.items():
        if key in have:
            continue
        rows.append({"indicator_key": key, "name_zh": ni["name_zh"], "name_en": ni.get("name_en", ""),
                     "unit": ni["unit"], "unit_en": ni.get("unit_en", ""), "category": ni.get("category", "业务成效"),
                     "category_en": ni.get("category_en", "Business outcomes"), "description": ni.get("description", ""),
                     "synonyms": "", "is_rate": "true" if ni["unit"] == "%" else "false",
                     "source": f"report {report_id}, reviewed (etl review)", "concept_key": "", "concept_note": ""})
    _write(path, cols, rows)
