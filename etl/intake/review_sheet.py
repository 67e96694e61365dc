"""The Review page's work on the command line: a review sheet per report (JSON), proposed by the extractor,
edited by the analyst, checked and loaded through the intake service — and, for the project's own curated
data, written out as a figure file of ``data/figures/`` with its report registered.

A sheet holds the report's details (title, publisher, date, place: each proposed with its basis) and one entry
per figure: ``accept`` and the fields a reviewer may change (value, unit, qualifier, concept or indicator,
subject kind and name, region, period), beside ``proposed``, what the extractor said. ``edits`` counts what
the reviewer changed: every field of a figure, every tick, every report detail (a field set for the whole
report counts once). The sheet never holds the report's sentences: figures are spans and values.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core.regions import RegionIndex
from etl.extract.candidates import Meta, Reader, Reading, written_value
from etl.extract.documents import Document
from etl.intake.review import Draft

FIGURE_FIELDS = ("accept", "value", "unit", "qualifier", "concept", "indicator", "new_indicator", "subject_kind",
                 "subject", "region", "period")
REPORT_FIELDS = ("title", "publisher", "publisher_status", "published_on", "published_status", "url", "place",
                 "organization")
SHEET_VERSION = 1


def region_name(index: RegionIndex, code: str | None) -> str:
    """名 path of a region (浙江省 金华市 义乌市), for a reader of the sheet."""
    names = []
    row = index.get(code) if code else None
    while row:
        names.append(row["name_zh"])
        row = index.get(row.get("parent_code") or "")
    return " ".join(reversed(names))


def resolve_region(index: RegionIndex, value: str | None) -> str | None:
    """A region as a sheet holds it: a code (330782), or a name, alone or after its parents (金华市义乌市)."""
    text = (value or "").replace(" ", "").strip()
    if not text:
        return None
    if text.isdigit():
        return text if index.get(text) else None
    return index.resolve(text)


def propose(reading: Reading, index: RegionIndex, meta: Meta | None = None) -> dict:
    """A sheet from a reading: everything the extractor proposes, ticked where it is confident."""
    meta = meta or Meta()
    det = reading.details
    report = {
        "title": meta.title or det.title.value, "publisher": meta.publisher or det.publisher.value,
        "publisher_status": meta.publisher_status or ("confirmed" if det.publisher.value else "unknown"),
        "published_on": meta.published_on or det.published_on.value,
        "published_status": meta.published_status or ("confirmed" if det.published_on.value else "unknown"),
        "url": meta.url or None, "place": det.place.value, "organization": meta.organization or None,
    }
    figures = []
    for i, r in enumerate(reading.rows):
        if r["excluded"]:
            continue
        fields = {"accept": not r["uncertain"], "value": written_value(r), "unit": r["unit"],
                  "qualifier": r["qualifier"], "concept": r["concept"], "indicator": r["indicator"],
                  "new_indicator": None, "subject_kind": r["subject_kind"], "subject": r["subject"],
                  "region": r["region_code"], "period": r["period"]}
        figures.append({
            "id": i, "char_start": r["char_start"], "char_end": r["char_end"], "text": r["text"], **fields,
            "region_name": region_name(index, r["region_code"]),
            "reasons": {"concept": r["concept_reason"], "subject": r["subject_reason"], "region": r["region_reason"],
                        "period": r["period_reason"], "confidence": r["confidence"]},
            "suggestions": r["concept_suggestions"], "links": r["links"], "computed_rate": r["computed_rate"],
            "rate_check": r["rate_check"], "proposed": dict(fields),
        })
    return {"version": SHEET_VERSION, "file": reading.doc.name, "text_sha256": reading.doc.text_sha256,
            "proposed_at": time.time(), "report": report, "report_proposed": dict(report),
            "report_basis": {k: v["basis"] for k, v in det.as_dict().items()}, "figures": figures}


def write(sheet: dict, path: Path) -> None:
    path.write_text(json.dumps(sheet, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read(path: Path) -> dict:
    sheet = json.loads(path.read_text(encoding="utf-8"))
    if sheet.get("version") != SHEET_VERSION:
        raise ValueError(f"{path}: not a review sheet of version {SHEET_VERSION}")
    return sheet


@dataclass(frozen=True)
class Edits:
    ticks: int            # figures ticked or unticked
    fields: int           # fields of accepted figures changed, one by one
    bulk: int             # a field set to one value for many figures at once (counted once)
    report: int           # report details changed
    added: int = 0        # figures the extractor missed, added by the reviewer

    @property
    def total(self) -> int:
        return self.ticks + self.fields + self.bulk + self.report + self.added


def edits(sheet: dict) -> Edits:
    """What the reviewer changed. A field changed to the same value on three or more accepted figures counts as
    one edit: the Review page sets place, subject and period for the whole report in one step."""
    proposed = [f for f in sheet["figures"] if f.get("proposed")]
    added = sum(1 for f in sheet["figures"] if not f.get("proposed") and f.get("accept"))
    ticks = sum(1 for f in proposed if bool(f["accept"]) != bool(f["proposed"]["accept"]))
    changes: dict[tuple[str, str], int] = {}
    for f in proposed:
        if not f["accept"]:
            continue
        for k in FIGURE_FIELDS[1:]:
            if k == "indicator" and f.get("concept") and f.get("concept") == f["proposed"].get("concept"):
                continue          # the concept's own indicator, written out or left empty: no change
            if _norm(f.get(k)) != _norm(f["proposed"].get(k)):
                key = (k, json.dumps(f.get(k), ensure_ascii=False, sort_keys=True))
                changes[key] = changes.get(key, 0) + 1
    bulk = sum(1 for (k, _), n in changes.items() if n >= 3 and k in ("subject_kind", "subject", "region", "period"))
    fields = sum(n for (k, _), n in changes.items() if not (n >= 3 and k in ("subject_kind", "subject", "region",
                                                                               "period")))
    report = sum(1 for k in REPORT_FIELDS if _norm(sheet["report"].get(k)) != _norm(sheet["report_proposed"].get(k)))
    return Edits(ticks, fields, bulk, report, added)


def _norm(v):
    return None if v in ("", None) else v


def to_draft(sheet: dict, doc: Document, reader: Reader) -> tuple[Draft, pd.DataFrame]:
    """The sheet as the Review page's draft and its rows (``service.review_load`` takes them)."""
    rep = sheet["report"]
    index = reader.index
    place = resolve_region(index, rep.get("place"))
    # each row carries its own region (a figure may be another district's); the report's place fills the rest
    meta = Meta(title=rep.get("title") or "", publisher=rep.get("publisher") or "",
                published_on=rep.get("published_on") or "", published_status=rep.get("published_status") or "",
                publisher_status=rep.get("publisher_status") or "", url=rep.get("url") or "",
                organization=rep.get("organization") or "")
    rows = []
    for f in sheet["figures"]:
        new = f.get("new_indicator") or {}
        rows.append({"accept": bool(f["accept"]), "text": f.get("text") or doc.text[f["char_start"]:f["char_end"]],
                     "value": f["value"], "unit": f.get("unit") or "", "qualifier": f.get("qualifier") or "",
                     "concept": f.get("concept") or "", "indicator": f.get("indicator") or "",
                     "new_indicator": new.get("name_zh", "") if isinstance(new, dict) else str(new or ""),
                     "subject_kind": f.get("subject_kind") or "", "organization": f.get("subject") or "",
                     "region_code": resolve_region(index, f.get("region")) or place or "",
                     "period": f.get("period") or "", "char_start": f["char_start"], "char_end": f["char_end"]})
    return Draft(doc, pd.DataFrame(rows), meta), pd.DataFrame(rows)
