"""The analyst's review of a report's extracted figures, behind the intake service.

``draft`` reads an uploaded report (or one from the source library), keeps its text in the library and
proposes every figure with what it measures (a concept of the catalogue and four alternatives), whose it is,
where and when, and the report's own details, each with its basis. Uncertain figures come first and start
unticked; a figure the catalogue cannot name starts unticked too and needs a concept, an existing indicator
or a new indicator named on purpose. ``to_template`` turns the accepted rows into the analysts' template (with
the offsets and the text's sha256), which ``service.add`` checks, previews and loads like any file.
``queue`` lists the library's texts not yet loaded, with their counts of figures and uncertain ones.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from core import location
from core.regions import RegionIndex
from etl.extract.candidates import Meta, Reader, written_value
from etl.extract.documents import Document, DocumentError, SourceStore, read_document
from etl.extract.report_meta import ReportDetails
from etl.template.columns import KEYS

NEW_PREFIX = "新指标："   # an indicator name the catalogue does not have yet, proposed by the analyst
NEW_PREFIXES = (NEW_PREFIX, "新指标:", "new:", "New:")
ROW_COLUMNS = ["accept", "text", "value", "unit", "qualifier", "concept", "indicator", "new_indicator",
               "subject_kind", "organization", "region_code", "period", "confidence", "uncertain", "suggestions",
               "reason", "char_start", "char_end"]
EDITABLE = ["accept", "value", "unit", "qualifier", "concept", "indicator", "new_indicator", "subject_kind",
            "organization", "region_code", "period"]


@dataclass
class Draft:
    doc: Document
    rows: pd.DataFrame       # one row per proposed figure (ROW_COLUMNS), uncertain ones first
    meta: Meta
    details: ReportDetails | None = None
    loaded: list[int] = field(default_factory=list)     # batch ids, once loaded (no second load)


@functools.lru_cache(maxsize=4)
def _reader(data_dir: str, stamp: tuple) -> Reader:
    return Reader.from_reference(Path(data_dir))


def reader(data_dir: Path) -> Reader:
    """The extractor's catalogue, cues and regions, loaded once per process (again when the files change)."""
    ref = Path(data_dir) / "reference"
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(ref.glob("*.csv")))
    return _reader(str(data_dir), stamp)


def library(data_dir: Path) -> list[dict]:
    """Texts already in the source library (name, kind, sha256s)."""
    return SourceStore(Path(data_dir) / "sources").texts()


def library_text(data_dir: Path, text_sha256: str) -> tuple[bytes, str]:
    folder = Path(data_dir) / "sources"
    meta = next((m for m in SourceStore(folder).texts() if m["text_sha256"] == text_sha256), None)
    path = folder / f"{text_sha256}.txt"
    if meta is None or not path.exists():
        raise DocumentError(f"来源库中没有该文本 / no such text in the source library: {text_sha256}")
    return path.read_bytes(), Path(meta["name"]).stem + ".txt"


def draft(data: bytes, name: str, data_dir: Path, meta: Meta | None = None) -> Draft:
    """Read the report, keep its text, propose every figure (raises DocumentError for an unreadable file)."""
    doc = read_document(data, name)
    SourceStore(Path(data_dir) / "sources").put(doc)
    rd = reader(Path(data_dir))
    reading = rd.read(doc, meta or Meta())
    rows = pd.DataFrame([{
        "accept": not r["uncertain"], "text": r["text"], "value": written_value(r), "unit": r["unit"] or "",
        "qualifier": r["qualifier"], "concept": r["concept"] or "", "indicator": r["indicator"] or "",
        "new_indicator": "", "subject_kind": r["subject_kind"] or "", "organization": r["subject"] or "",
        "region_code": r["region_code"] or "", "period": r["period"] or "", "confidence": r["confidence"],
        "uncertain": bool(r["uncertain"]), "suggestions": [s["concept"] for s in r["concept_suggestions"]],
        "reason": r["concept_reason"] or "", "char_start": r["char_start"], "char_end": r["char_end"],
    } for r in reading.rows], columns=ROW_COLUMNS)
    if not rows.empty:     # the uncertain first, then in the order of the text
        rows = rows.sort_values(["uncertain", "char_start"], ascending=[False, True]).reset_index(drop=True)
    return Draft(doc, rows, meta or Meta(), reading.details)


def missing_indicator(rows: pd.DataFrame) -> list[int]:
    """Accepted rows that name neither a concept, nor an indicator, nor a new indicator: they cannot load."""
    if rows.empty:
        return []
    ok = rows["concept"].astype(str).str.strip().ne("") | rows["indicator"].astype(str).str.strip().ne("") | \
        rows["new_indicator"].astype(str).str.strip().ne("")
    return [int(i) for i in rows.index[rows["accept"].astype(bool) & ~ok]]


def to_template(d: Draft, rows: pd.DataFrame, index: RegionIndex | None = None,
                new_category: str = "业务成效", catalogue=None) -> tuple[bytes, bool]:
    """The accepted rows as a template CSV (UTF-8) and whether it proposes new indicators."""
    meta = d.meta
    cat = catalogue
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=KEYS, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    proposes = False
    for r in rows.to_dict("records"):
        if not bool(r.get("accept")):
            continue
        name, new = _indicator_name(r, cat)
        proposes |= new
        region = index.get(r["region_code"]) if (index and r.get("region_code")) else None
        names = {}
        while region:
            names[region["level"]] = region["name_zh"]
            region = index.get(region["parent_code"]) if region.get("parent_code") else None
        w.writerow({
            "report_title": meta.title or d.doc.name, "publisher": meta.publisher, "published_on": meta.published_on,
            "url": meta.url, "province": names.get("province", meta.province) if names else meta.province,
            "city": names.get("prefecture", "") if names else meta.city,
            "district": names.get("county", "") if names else meta.district,
            "organization": r.get("organization") or "", "indicator": name,
            "value": r["value"], "unit": r.get("unit") or "", "period": r.get("period") or "",
            "source_file": d.doc.name, "source_sha256": d.doc.text_sha256,
            "publisher_status": meta.publisher_status, "published_status": meta.published_status,
            "subject_kind": r.get("subject_kind") or "", "char_start": r["char_start"], "char_end": r["char_end"],
            "new_indicator_unit": (r.get("unit") or "") if new else "",
            "new_indicator_category": new_category if new else "",
        })
    return buf.getvalue().encode("utf-8"), proposes


def _indicator_name(r: dict, cat) -> tuple[str, bool]:
    """(the template's indicator name, whether it is new): the concept's indicator, else the chosen indicator,
    else a new indicator named on purpose (new_indicator, or an indicator written 新指标：…)."""
    concept = str(r.get("concept") or "").strip()
    indicator = str(r.get("indicator") or "").strip()
    new = str(r.get("new_indicator") or "").strip()
    if concept and cat is not None:
        key = cat.indicator_of(concept, r.get("unit") or None)
        if key:
            return cat.indicators[key]["name_zh"], False
    if indicator.startswith(NEW_PREFIXES):
        return next(indicator[len(p):] for p in NEW_PREFIXES if indicator.startswith(p)).strip(), True
    if indicator:
        if cat is not None and indicator in cat.indicators:
            return cat.indicators[indicator]["name_zh"], False
        return indicator, False
    if new:
        return new, True
    return "", False


def queue(data_dir: Path, warehouse) -> list[dict]:
    """The library's texts whose figures are not in the warehouse yet, with how many figures each has and how
    many of those are uncertain: the analyst's work list, the most uncertain first."""
    loaded = _loaded_sha256(warehouse)
    out = []
    rd = reader(Path(data_dir))
    for m in library(Path(data_dir)):
        if m["text_sha256"] in loaded:
            continue
        try:
            data, name = library_text(Path(data_dir), m["text_sha256"])
            rows = rd.read(read_document(data, name)).rows
        except DocumentError:
            continue
        figs = [r for r in rows if not r["excluded"]]
        out.append({"name": m["name"], "text_sha256": m["text_sha256"], "figures": len(figs),
                    "uncertain": sum(1 for r in figs if r["uncertain"])})
    return sorted(out, key=lambda q: (-q["uncertain"], q["name"]))


def _loaded_sha256(warehouse) -> set[str]:
    loc = location.parse(warehouse)
    if not loc.is_lake and not loc.exists():
        return set()
    con = loc.connect(read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT DISTINCT sha256 FROM dim_report WHERE sha256 IS NOT NULL").fetchall()}
    finally:
        con.close()
