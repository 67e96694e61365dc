"""The first page's story in words: for each headline concept, how the regions with comparable figures
stand. Pure: rows from queries.concept_story (+ the figures they name) → sentences. Nothing is summed across
regions; every sentence says its years; a concept with one region says there is nothing to compare yet."""

from __future__ import annotations

from dataclasses import dataclass

from core import subjects
from core.labels import name, present, t
from dashboard import formatting as fmt


@dataclass(frozen=True)
class StoryLine:
    concept: str
    text: str
    below_target: int = 0        # regions under the target (rates with a target), for the mark on screen


def _years(row: dict, lang: str) -> str:
    lo, hi, undated = row.get("year_min"), row.get("year_max"), int(row.get("n_undated") or 0)
    if not present(lo):
        return t("story_years_none", lang)
    span = f"{int(lo)}" if int(lo) == int(hi) else f"{int(lo)}–{int(hi)}"
    return t("story_years", lang, span=span) + (t("story_undated", lang, n=undated) if undated else "")


def _figure(fact: dict | None, lang: str) -> str:
    if not fact:
        return t("unknown", lang)
    value = fmt.value(fact.get("value"), fact.get("qualifier"), lang, fact.get("unit"), fact.get("unit_en"),
                      fact.get("value_max"))
    return t("story_figure", lang, subject=fmt.subject_label(fact, lang), value=value, year=fmt.year(fact, lang))


def story_lines(rows: list[dict], facts: dict[str, dict], lang: str = "zh") -> list[StoryLine]:
    out = []
    twice = {k for k in (r.get("concept_key") for r in rows) if k and sum(x.get("concept_key") == k for x in rows) > 1}
    for r in rows:
        concept = name(r, "concept", lang)
        if r.get("concept_key") in twice and r.get("subject_kind") in subjects.LABEL_KEY:
            # one concept about two kinds of subject: two lines, each saying which
            concept += t("story_of_kind", lang, kind=t(subjects.LABEL_KEY[r["subject_kind"]], lang))
        n = int(r["n_regions"])
        top, low = facts.get(r["top_fact"]), facts.get(r["low_fact"])
        if n < 2:
            text = t("story_single", lang, figure=_figure(top, lang))
            below = 0
            if present(r.get("concept_target")) and top:
                target = f"{float(r['concept_target']):g}"
                below = int(float(top["value"]) < float(r["concept_target"]))
                text += t("story_one_below" if below else "story_one_met", lang, target=target)
            out.append(StoryLine(concept, text, below))
            continue
        text = t("story_compare", lang, n=n, years=_years(r, lang), top=_figure(top, lang), low=_figure(low, lang))
        below = 0
        if present(r.get("concept_target")):
            below = int(r.get("n_below") or 0)
            target = f"{float(r['concept_target']):g}"
            text += t("story_below", lang, n=below, target=target) if below else t("story_all_met", lang, target=target)
        out.append(StoryLine(concept, text, below))
    return out
