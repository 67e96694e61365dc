"""A document's figures as reviewable proposals: value, unit, qualifier, span; what each measures (a catalogue
concept ranked with the next four, or none), whose it is (subject kind and name), where (a region, with the
basis: named in its clause, or the report's own place), when (the period near it, or the publication date),
and how it pairs with others (n-of-N, a stated rate checked against the computed one). Each comes with a
confidence and the reason, so that review starts from the uncertain ones.

Everything here is a proposal for the analyst: unknown stays None rather than a guess, and what is inferred
says so. ``Reader`` holds the catalogue, the cues and the region list, loaded once for any number of reports.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from core.regions import RegionIndex
from core.settings import DATA_DIR
from etl.extract import periods, report_meta
from etl.extract.catalogue import Catalogue
from etl.extract.chrome import layout
from etl.extract.cleaning import clean
from etl.extract.concepts import NONE, ConceptRanker, Ranked
from etl.extract.coverage import pair
from etl.extract.documents import Document
from etl.extract.figures import extract
from etl.extract.places import SCOPE_WORDS, PlaceFinder
from etl.extract.subject_kinds import report_subject, subject_of, title_subject
from etl.extract.windows import Segments, window

FIELDS = ["file", "char_start", "char_end", "text", "value", "unit", "qualifier", "value_max", "indicator",
          "label", "concept", "concept_confidence", "concept_reason", "concept_suggestions", "region_code",
          "region_basis", "region_reason", "subject", "subject_kind", "subject_confidence", "subject_reason",
          "period", "ref_date", "ref_year", "period_basis", "period_reason", "links", "computed_rate",
          "rate_check", "confidence", "uncertain", "excluded"]
CONFIDENT = 0.75          # at or above: proposed ticked, acceptable all at once; below: reviewed first, unticked
_AWAY = re.compile(r"(?:到|赴|去|往|向|与|同|学习|参观|考察|对接|借鉴)$")
_AWAY_AFTER = re.compile(r"^(?:等地|等省|等市|的经验|经验|做法|模式|考察|学习)")
_FOR_ORGANS = {"party_branch_count": "organ_party_branch_count"}
_PROVINCE_BODY = re.compile(r"(省委|省政府|省人民政府|省住房和城乡建设厅|省住建厅|省委组织部|自治区党委|自治区住房)")


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


@dataclass
class Reading:
    """One document read: its proposed details and its figures."""
    doc: Document
    details: report_meta.ReportDetails
    rows: list[dict] = field(default_factory=list)


class Reader:
    def __init__(self, catalogue: Catalogue, ranker: ConceptRanker, index: RegionIndex):
        self.catalogue, self.ranker, self.index = catalogue, ranker, index
        self.finder = PlaceFinder(index)

    @classmethod
    def from_reference(cls, data_dir: Path = DATA_DIR) -> Reader:
        catalogue = Catalogue.from_reference(Path(data_dir))
        return cls(catalogue, ConceptRanker.from_reference(Path(data_dir), catalogue.concepts),
                   RegionIndex.from_csv(Path(data_dir) / "reference" / "regions.csv"))

    # ------------------------------------------------------------------ a document

    def read(self, doc: Document, meta: Meta | None = None, include_excluded: bool = False) -> Reading:
        meta = meta or Meta()
        cleaned = clean(doc.text)
        text = cleaned.text
        lay = layout(text)
        given = self._given_place(meta)
        det = report_meta.details(text, lay, self.finder, given)
        # the details' spans point into the original text, like every figure's
        for d in (det.title, det.publisher, det.published_on):
            if d.span:
                d.span = cleaned.span(*d.span)
        published_on = meta.published_on or det.published_on.value
        status = meta.published_status or ("confirmed" if det.published_on.value else "")
        title_clean = None
        if det.title.span:
            title_clean = report_meta.title_of(text, lay, self.finder).span
        found = extract(doc.text, include_excluded=True, cleaned=cleaned, lay=lay, title=title_clean)
        figures = [c for c in found if not c.excluded]
        seg = Segments(text)
        spans = [(c.clean_start, c.clean_end) for c in figures]
        times = periods.time_phrases(text)
        windows = [window(seg, c.clean_start, c.clean_end, spans) for c in figures]
        pairing = pair(text, figures, lambda i: windows[i].sentence)
        place = det.place.value
        report_org, report_is_org = meta.organization or None, False
        if report_org:
            report_is_org = not re.search(r"(组织部|工委|政府|党委$)", report_org)
        else:
            report_org, _why = report_subject(text)
            report_is_org = report_org is not None
        report_kind = title_subject(det.title.value)
        rows: list[dict] = []
        by_fig = {id(c): k for k, c in enumerate(figures)}
        for c in found:
            if c.excluded:
                if include_excluded:
                    rows.append(self._excluded_row(doc, c))
                continue
            k = by_fig[id(c)]
            w = windows[k]
            rows.append(self._row(doc, c, w, pairing[k], figures, text, place, det, times, seg,
                                  published_on, status, report_org, report_is_org, report_kind))
        self._follow_pairs([r for r in rows if not r["excluded"]])
        for r in rows:
            r["links"] = {name: figures[j].char_start for name, j in r.pop("_links", {}).items()}
        return Reading(doc, det, rows)

    def _follow_pairs(self, rows: list[dict]) -> None:
        """What a pairing says about meaning: a rate of a count is the coverage (or share) whose numerator is
        that count's concept (占50.53% after 1436 managed estates: property-service coverage); a part whose own
        words name nothing (其中孝感城区592个) counts what its whole counts."""
        by_num: dict[str, list[str]] = {}
        for key, c in self.catalogue.concepts.items():
            if c.get("numerator_concept"):
                by_num.setdefault(c["numerator_concept"], []).append(key)
        for r in rows:
            whole = r["_links"].get("denominator")
            if r["unit"] != "%" and whole is not None and not r["concept_suggestions"] and r["concept"] is None \
                    and "no concept" not in (r["concept_reason"] or ""):
                w = rows[whole]
                if w["concept"]:
                    r.update(concept=w["concept"], indicator=w["indicator"], concept_confidence=0.7,
                             concept_reason=f"part of {w['text']}, which counts the same")
        for r in rows:
            of = r["_links"].get("rate_of")
            if r["unit"] != "%" or of is None or not rows[of]["concept"]:
                continue
            rates = by_num.get(rows[of]["concept"], [])
            if len(rates) == 1 and r["concept"] != rates[0]:
                r.update(concept=rates[0], indicator=self.catalogue.indicator_of(rates[0], "%"),
                         concept_confidence=max(0.75, r["concept_confidence"] or 0),
                         concept_reason=f"the rate of {rows[of]['text']} ({rows[of]['concept']})")

    def _given_place(self, meta: Meta) -> str | None:
        given = meta.district or meta.city or meta.province
        return self.index.resolve(given, meta.province or None) if given else None

    def _excluded_row(self, doc: Document, c) -> dict:
        row = dict.fromkeys(FIELDS)
        row.update(file=doc.name, char_start=c.char_start, char_end=c.char_end, text=c.text, value=c.value,
                   unit=c.unit, qualifier=c.qualifier, value_max=c.value_max, excluded=c.excluded, confidence=0.0,
                   uncertain=False, links={}, concept_suggestions=[])
        return row

    # ------------------------------------------------------------------ one figure

    def _row(self, doc, c, w, pairing, figures, text, place, det, times, seg, published_on, status, report_org,
             report_is_org, report_kind) -> dict:
        ranked = self.ranker.rank(w, c.unit)
        named = self.catalogue.match(c.label, c.unit, c.context)
        ranked = _merge_named(ranked, named, self.catalogue)
        concept, conf, reason = _decide(ranked)
        indicator = named.indicator if named.indicator and (
            concept is None or self.catalogue.indicators[named.indicator].get("concept_key") == concept) else None
        if concept and indicator is None:
            indicator = self.catalogue.indicator_of(concept, c.unit)
        subj = subject_of(w, report_org, report_is_org, report_kind)
        if concept in _FOR_ORGANS and subj.kind == "government_organs":      # 党支部 of 市直机关: organs' branches
            concept = _FOR_ORGANS[concept]
            indicator = self.catalogue.indicator_of(concept, c.unit)
        region, basis, region_reason = self._place(w, text, place, det)
        prev_start = seg.sentence(max(0, w.sentence[0] - 2), max(0, w.sentence[0] - 1))[0] if w.sentence[0] else None
        per = periods.period_of(times, c.clean_start, w.sentence, prev_start, published_on, status)
        overall = (conf if concept else 0.4) - (0.15 if subj.confidence < 0.6 else 0.0) - (0.0 if region else 0.15)
        return {
            "file": doc.name, "char_start": c.char_start, "char_end": c.char_end, "text": c.text,
            "value": c.value, "unit": c.unit, "qualifier": c.qualifier, "value_max": c.value_max,
            "indicator": indicator, "label": c.label or None, "concept": concept,
            "concept_confidence": conf, "concept_reason": reason,
            "concept_suggestions": [{"concept": r.concept, "score": r.score, "reason": r.reason}
                                    for r in ranked if r.concept != NONE][:5],
            "region_code": region, "region_basis": basis, "region_reason": region_reason,
            "subject": subj.name if subj.kind != "region" else None, "subject_kind": subj.kind,
            "subject_confidence": subj.confidence, "subject_reason": subj.reason,
            "period": per.period, "ref_date": per.ref_date, "ref_year": per.ref_year, "period_basis": per.basis,
            "period_reason": per.reason, "_links": dict(pairing.links), "computed_rate": pairing.computed_rate,
            "rate_check": pairing.rate_check, "confidence": round(max(0.0, overall), 2),
            "uncertain": overall < CONFIDENT or concept is None, "excluded": None,
        }

    def _place(self, w, text: str, report_place: str | None, det) -> tuple[str | None, str | None, str]:
        """The nearest explicit place before the figure in its sentence (or a scope word such as 全省), else
        the report's own place."""
        lo, hi = w.sentence
        start = lo + len(w.head)
        province = self.finder.province_of(report_place)
        best = None
        for m, code in self.finder.chain(self.finder.mentions(text[lo:hi]), province or report_place):
            a = lo + m.start
            if a >= start and a > start + len(w.after) + 2:
                continue
            if _AWAY.search(text[max(lo, a - 3):a]) or _AWAY_AFTER.match(text[lo + m.end:lo + m.end + 4]):
                continue
            if province and self.finder.province_of(code) != province:
                continue
            dist = start - a if a < start else 1000 + a
            if best is None or dist < best[0]:
                best = (dist, code, f"clause names 「{m.name}」")
        for m in list(SCOPE_WORDS.finditer(w.head)) + list(_PROVINCE_BODY.finditer(w.head)):
            code = self._scope(m.group(0), report_place)
            dist = len(w.head) - m.start()
            if code and (best is None or dist < best[0]):
                best = (dist, code, f"clause says 「{m.group(0)}」")
        if best is not None:
            return best[1], "clause", best[2]
        if report_place:
            return report_place, "report", det.place.basis
        return None, None, "neither the clause nor the report names a place"

    def _scope(self, word: str, report_place: str | None) -> str | None:
        if not report_place:
            return None
        row = self.index.get(report_place)
        if "省" in word or "自治区" in word:
            return self.finder.province_of(report_place)
        if "市" in word:
            if row["level"] == "county" and row["name_zh"].endswith("市"):
                return report_place              # a county-level city's own 我市
            return self.finder.city_of(report_place) or (report_place if row["level"] != "county" else None)
        if "区" in word:
            if row["level"] == "county":
                return report_place
            province = self.index.get(self.finder.province_of(report_place) or "")
            if province and province["name_zh"].endswith("自治区") and row["level"] == "prefecture":
                return province["region_code"]
            return report_place
        if "县" in word or "旗" in word:
            return report_place if row["level"] == "county" else None
        return report_place


def _merge_named(ranked: list[Ranked], named, catalogue: Catalogue) -> list[Ranked]:
    """The catalogue's name match (an indicator's name or synonym in the figure's words) as one more vote, when
    the cues say little."""
    concept = named.concept if named and named.score >= 85 else None
    if not concept or concept not in catalogue.concepts or (ranked and ranked[0].score >= 1.2):
        return ranked
    score = 1.2 if named.indicator else 1.0
    out = [r for r in ranked if r.concept != concept]
    old = next((r for r in ranked if r.concept == concept), None)
    best = max(score, old.score + 0.3) if old else score
    out.append(Ranked(concept, round(best, 3), old.reason if old else f"catalogue name ({named.score:g})"))
    return sorted(out, key=lambda r: (-r.score, r.concept))


def _decide(ranked: list[Ranked]) -> tuple[str | None, float, str]:
    """The best concept if its cues are strong enough, with a confidence from its score and its lead."""
    if not ranked:
        return None, 0.0, "no cue of any concept in the words around the figure"
    top = ranked[0]
    if top.concept == NONE:
        return None, 0.8, f"of no concept: {top.reason}"
    second = ranked[1].score if len(ranked) > 1 else 0.0
    if top.score < 0.8:
        return None, round(min(0.5, top.score / 2), 2), f"weak: {top.reason}"
    lead = (top.score - second) / top.score
    conf = min(0.97, 0.45 + 0.12 * min(top.score, 3) + 0.25 * lead)
    return top.concept, round(conf, 2), top.reason


def candidates(doc: Document, catalogue: Catalogue, index: RegionIndex | None = None, meta: Meta | None = None,
               include_excluded: bool = False, reader: Reader | None = None) -> list[dict]:
    """The proposals for one document (``Reader.read``'s rows)."""
    if reader is None:
        reader = Reader(catalogue, ConceptRanker.from_reference(concepts=catalogue.concepts),
                        index or RegionIndex.from_csv())
    return reader.read(doc, meta, include_excluded).rows


def written_value(r: dict) -> str:
    """The value as a report would write it, so the intake reads the same qualifier back: 7700多, 约300."""
    v = plain(r["value"])
    return {"more_than": f"{v}多", "at_least": f"至少{v}", "approx": f"约{v}",
            "range": f"{v}-{plain(r.get('value_max') or r['value'])}"}.get(r["qualifier"], v)


def plain(x: float) -> str:
    """A number without an exponent (144000000, not 1.44e+08; 0.5, not 5e-01)."""
    text = f"{float(x):.6f}".rstrip("0").rstrip(".")
    return text or "0"


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
