"""The analyst's review of a report's extracted figures, behind the intake service.

``draft`` reads an uploaded report (or one from the source library), keeps its text in the library and
proposes every figure; ``to_template`` turns the accepted, edited rows into the analysts' template (with the
offsets and the text's sha256), which ``service.add`` checks, previews and loads like any file, so a
reviewed figure carries the same provenance as a curated one and ``verify`` covers it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core import subjects
from core.regions import RegionIndex
from etl.extract.candidates import Meta, candidates, written_value
from etl.extract.catalogue import Catalogue
from etl.extract.documents import Document, DocumentError, SourceStore, read_document
from etl.template.columns import KEYS

EDITABLE = ["accept", "indicator", "value", "unit", "qualifier", "subject_kind", "period", "organization"]
NEW_PREFIX = "新指标："   # an indicator name the catalogue does not have yet, proposed by the analyst
NEW_PREFIXES = (NEW_PREFIX, "新指标:", "new:", "New:")


@dataclass
class Draft:
    doc: Document
    rows: pd.DataFrame       # one row per candidate, the editable columns and the fixed ones
    meta: Meta


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
    catalogue = Catalogue.from_reference(Path(data_dir))
    index = RegionIndex.from_csv(Path(data_dir) / "reference" / "regions.csv")
    meta = meta or Meta()
    found = candidates(doc, catalogue, index, meta)
    rows = pd.DataFrame([{
        "accept": True,
        "indicator": catalogue.indicators[c["indicator"]]["name_zh"] if c["indicator"] else
        (f"{NEW_PREFIX}{c['label']}" if c["label"] else ""),
        "value": written_value(c), "unit": c["unit"] or "", "qualifier": c["qualifier"],
        "subject_kind": c["subject_kind"] or subjects.default_kind(meta.organization),
        "period": c["period"] or "", "organization": meta.organization,
        "text": c["text"], "char_start": c["char_start"], "char_end": c["char_end"],
        "concept": catalogue.concepts[c["concept"]]["name_zh"] if c["concept"] else "",
        "confidence": c["confidence"], "region_code": c["region_code"] or "",
    } for c in found])
    if rows.empty:
        rows = pd.DataFrame(columns=[*EDITABLE, "text", "char_start", "char_end", "concept", "confidence",
                                     "region_code"])
    return Draft(doc, rows, meta)


def to_template(d: Draft, rows: pd.DataFrame, index: RegionIndex | None = None,
                new_category: str = "业务成效") -> tuple[bytes, bool]:
    """The accepted rows as a template CSV (UTF-8) and whether it proposes new indicators."""
    meta = d.meta
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=KEYS, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    proposes = False
    for r in rows.to_dict("records"):
        if not bool(r.get("accept")):
            continue
        indicator = str(r.get("indicator") or "").strip()
        new = indicator.startswith(NEW_PREFIXES)
        proposes |= new
        region = index.get(r["region_code"]) if (index and r.get("region_code")) else None
        names = {}
        while region:
            names[region["level"]] = region["name_zh"]
            region = index.get(region["parent_code"]) if region.get("parent_code") else None
        w.writerow({
            "report_title": meta.title or d.doc.name, "publisher": meta.publisher, "published_on": meta.published_on,
            "url": meta.url, "province": meta.province or names.get("province", ""),
            "city": meta.city or names.get("prefecture", ""), "district": meta.district or names.get("county", ""),
            "organization": r.get("organization") or "", "indicator": next((indicator[len(p):] for p in NEW_PREFIXES if indicator.startswith(p)), indicator).strip(),
            "value": r["value"], "unit": r.get("unit") or "", "period": r.get("period") or "",
            "source_file": d.doc.name, "source_sha256": d.doc.text_sha256,
            "publisher_status": meta.publisher_status, "published_status": meta.published_status,
            "subject_kind": r.get("subject_kind") or "", "char_start": r["char_start"], "char_end": r["char_end"],
            "new_indicator_unit": (r.get("unit") or "") if new else "",
            "new_indicator_category": new_category if new else "",
        })
    return buf.getvalue().encode("utf-8"), proposes
