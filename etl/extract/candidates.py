"""A document's figures as reviewable candidates: value, unit, qualifier, span, the catalogue indicator
and concept they seem to be, region, period, a confidence, and the links between a rate and its counts.

Everything here is a proposal for the analyst: unknown stays None (region, subject, indicator) rather
than a guess, and what is inferred says so (``region_basis``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from core.regions import RegionIndex
from etl.extract.catalogue import COUNTING, Catalogue
from etl.extract.documents import Document
from etl.extract.figures import extract

FIELDS = ["file", "char_start", "char_end", "text", "value", "unit", "qualifier", "value_max", "indicator",
          "label", "concept", "region_code", "region_basis", "subject", "subject_kind", "period", "confidence",
          "links", "excluded"]
_WHOLE = re.compile(r"(全市|全区|全县|全省|全州|全盟|我市|我区|我县|我省|城区|全域)")
_PERIOD = re.compile(r"(截至|截止|到|至)?\s*((?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:底|末)?"
                     r"|今年(?:上半年|以来)?|去年(?:底)?|上半年)")


@dataclass(frozen=True)
class Meta:
    """What the analyst says about the report (all optional)."""
    title: str = ""
    publisher: str = ""
    published_on: str = ""
    published_status: str = ""
    publisher_status: str = ""
    url: str = ""
    province: str = ""
    city: str = ""
    district: str = ""
    organization: str = ""


def infer_region(text: str, index: RegionIndex) -> str | None:
    """The region the report is about, when the text names one clearly: today's units whose full name
    occurs, the most mentioned (a deeper unit wins a tie, when it lies inside the other)."""
    head = text[:3000]
    counts: dict[str, int] = {}
    for code in index.current_codes():
        name = index.get(code)["name_zh"]
        if len(name) >= 3 and name in head:
            counts[code] = head.count(name)
    if not counts:
        return None
    rank = {"province": 0, "prefecture": 1, "county": 2}
    best = max(counts, key=lambda c: (counts[c], rank[index.get(c)["level"]]))
    deeper = [c for c in counts if best in index.ancestors(c)]
    return max(deeper, key=lambda c: counts[c]) if deeper else best


def _confidence(c, matched: bool) -> float:
    score = 0.55
    if c.unit in COUNTING or c.unit in ("人", "%", "元", "户", "平方米"):
        score += 0.25
    if matched:
        score += 0.15
    if not c.text[:1].isdigit():
        score -= 0.2
    return round(max(0.05, min(0.99, score)), 2)


def candidates(doc: Document, catalogue: Catalogue, index: RegionIndex | None = None, meta: Meta | None = None,
               include_excluded: bool = False) -> list[dict]:
    meta = meta or Meta()
    region, basis = None, None
    if index is not None:
        given = meta.district or meta.city or meta.province
        if given:
            region, basis = index.resolve(given, meta.province or None), "stated by the analyst"
        else:
            region = infer_region(doc.text, index)
            basis = "inferred from the text" if region else None
    out = []
    found = extract(doc.text, include_excluded=include_excluded)
    for i, c in enumerate(found):
        m = catalogue.match(c.label, c.unit, c.context) if not c.excluded else None
        period = None
        if not c.excluded:
            before = c.context[: max(0, c.context.find(c.text[:2]))] if c.context else ""
            pm = _PERIOD.search(before)
            period = pm.group(0).strip() if pm else None
        whole = bool(c.context and _WHOLE.search(c.context))
        out.append({
            "file": doc.name, "char_start": c.char_start, "char_end": c.char_end, "text": c.text,
            "value": c.value, "unit": c.unit, "qualifier": c.qualifier, "value_max": c.value_max,
            "indicator": m.indicator if m else None, "label": c.label or None, "concept": m.concept if m else None,
            "region_code": region, "region_basis": basis, "subject": meta.organization or None,
            "subject_kind": "region" if whole and not meta.organization else None, "period": period,
            "confidence": _confidence(c, bool(m and (m.indicator or m.concept))) if not c.excluded else 0.0,
            "links": {k: found[v].char_start for k, v in c.links.items()}, "excluded": c.excluded,
            "id": i,
        })
    return out


def written_value(r: dict) -> str:
    """The value as a report would write it, so the intake reads the same qualifier back: 7700多, 约300."""
    v = f"{r['value']:g}"
    return {"more_than": f"{v}多", "at_least": f"至少{v}", "approx": f"约{v}",
            "range": f"{v}-{(r.get('value_max') or r['value']):g}"}.get(r["qualifier"], v)


# ------------------------------------------------------------------ the reviewable CSV (template columns)

def review_csv(rows: list[dict], docs: dict[str, Document], catalogue: Catalogue, index: RegionIndex | None,
               metas: dict[str, Meta]) -> str:
    """Candidates in the analysts' template columns plus offsets and the source sha256: edit, then
    ``python -m etl add`` it. The indicator column holds the catalogue name when one matched, else the
    proposed label (which the intake then questions, with suggestions)."""
    from etl.template.columns import KEYS

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=KEYS, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for r in rows:
        if r["excluded"]:
            continue
        meta = metas.get(r["file"], Meta())
        doc = docs[r["file"]]
        region = index.get(r["region_code"]) if (index and r["region_code"]) else None
        chain = []
        while region:
            chain.append(region)
            region = index.get(region["parent_code"]) if region.get("parent_code") else None
        by_level = {g["level"]: g["name_zh"] for g in chain}
        indicator = catalogue.indicators[r["indicator"]]["name_zh"] if r["indicator"] else (r["label"] or "")
        w.writerow({
            "report_title": meta.title or doc.name, "publisher": meta.publisher, "published_on": meta.published_on,
            "url": meta.url, "province": by_level.get("province", meta.province),
            "city": by_level.get("prefecture", meta.city), "district": by_level.get("county", meta.district),
            "organization": meta.organization, "indicator": indicator,
            "value": written_value(r), "unit": r["unit"] or "", "period": r["period"] or "",
            "source_file": doc.name, "source_sha256": doc.text_sha256,
            "publisher_status": meta.publisher_status, "published_status": meta.published_status,
            "subject_kind": r["subject_kind"] or "", "char_start": r["char_start"], "char_end": r["char_end"],
        })
    return buf.getvalue()
