"""Headline cards as HTML: the figure, its subject and year, its report. Shared by the overview and the
big screen. Every user-supplied string is escaped."""

from __future__ import annotations

import html

from core.labels import name, t
from dashboard import formatting as fmt
from dashboard import queries

PEERS_SHOWN = 3   # other places named on a card; the rest are counted


def card_html(row: dict, companion: dict | None, companion_key: str | None, lg: str) -> str:
    unit = fmt.unit_text(row.get("unit"), row.get("unit_en"), lg)
    number = fmt.value(row.get("value"), row.get("qualifier"), lg, None, None, row.get("value_max"))
    comp = ""
    if companion and companion_key:
        if companion_key == "card_coverage":
            v = fmt.short_value(companion["value"], companion.get("qualifier"), lg, percent=True)
            comp = t(companion_key, lg, rate=v)
        else:
            comp = t(companion_key, lg, n=fmt.value(companion["value"], companion.get("qualifier"), lg))
    more = int(row.get("n_regions") or 1) - 1
    meta = [f"{fmt.subject_label(row, lg)} · {fmt.year(row, lg)}",
            fmt.report_ref(row, lg),
            f"{fmt.publisher(row, lg)} · {fmt.published(row, lg, long=True)}"]
    e = html.escape
    peers = row.get("peers") or []
    peers_html = ""
    if peers:
        year = "（{}）" if lg == "zh" else " ({})"
        shown = "、".join(
            f"{e(fmt.region_label(p, lg))} <b>{e(fmt.value(p.get('value'), p.get('qualifier'), lg, None, None, p.get('value_max')))}</b>"
            + year.format(e(fmt.year(p, lg))) for p in peers[:PEERS_SHOWN])
        rest = len(peers) - PEERS_SHOWN
        peers_html = (f"<div class='peers'>{e(t('card_peers', lg, n=len(peers) + 1))}{shown}"
                      f"{e(t('card_peers_more', lg, n=rest)) if rest > 0 else ''}</div>")
    elif more > 0:
        meta.append(t("ov_more_regions", lg, n=more))
    unit_html = f"<span class='unit'>{e(unit)}</span>" if unit else ""
    return (f"<div class='djcx-card'><div class='label'>{e(name(row, 'indicator', lg))}</div>"
            f"<div class='value'>{e(number)}{unit_html}</div>"
            f"<div class='companion'>{e(comp) if comp else '&nbsp;'}</div>"
            f"<div class='meta'>{'<br>'.join(e(m) for m in meta)}</div>{peers_html}</div>")


def headline_rows(f, limit: int = 6) -> list[tuple[dict, dict | None, str | None]]:
    """(figure, its companion figure or None, the companion's wording key) per headline card."""
    df = queries.headline_figures(f, limit=limit)
    if df.empty:
        return []
    comps = queries.companion_figures(f)
    wording = {k: (c, w) for k, c, w in queries.HEADLINES}
    out = []
    for row in df.to_dict("records"):
        comp_key, comp_word = wording.get(row["indicator_key"], (None, None))
        comp = None
        if comp_key:
            hit = comps[(comps["indicator_key"] == comp_key) & (comps["report_id"] == row["report_id"])
                        & (comps["region_code"] == row["region_code"])]
            comp = hit.iloc[0].to_dict() if len(hit) else None
        row["peers"] = _peers(f, row)
        out.append((row, comp, comp_word))
    # the best-known figures lead (stable: the configured order within equals)
    return sorted(out, key=lambda rcw: -known(rcw[0]))


def known(row: dict) -> float:
    """How well a figure is known: its place down to a city, its year, its publisher and date, each stated
    (1) or inferred (½); a figure naming no city, no year and no publisher scores 0."""
    def status(s) -> float:
        return {"confirmed": 1.0, "inferred": 0.5}.get(str(s or ""), 0.0)

    score = 0.0 if row.get("region_unnamed") is True or fmt.is_missing(row.get("region_code")) else 1.0
    score += 0.0 if fmt.is_missing(row.get("ref_year")) else (0.5 if row.get("ref_date_basis") == "inferred" else 1.0)
    score += status(row.get("publisher_status")) if not fmt.is_missing(row.get("publisher")) else 0.0
    score += status(row.get("published_status")) if not fmt.is_missing(row.get("published_on")) else 0.0
    return score


def _peers(f, row: dict) -> list[dict]:
    """The same concept about the same kind of subject at the same level in other places (newest each,
    largest first): a card never shows one place's figure as if it were the whole."""
    if fmt.is_missing(row.get("concept_key")) or fmt.is_missing(row.get("subject_kind")):
        return []
    df = queries.concept_ranking(f, row["concept_key"], row["subject_kind"], row.get("scope_level"))
    df = df[df["region_code"] != row.get("region_code")]
    return df.to_dict("records")


def years_note(rows: list[dict], lg: str) -> str | None:
    """「数据所指年份不同：2017、2023；1 项未注明」 when the cards mix years."""
    years = sorted({int(r["ref_year"]) for r in rows if not fmt.is_missing(r.get("ref_year"))})
    undated = sum(fmt.is_missing(r.get("ref_year")) for r in rows)
    if len(years) > 1 or (years and undated):
        return t("ov_years_mixed", lg, years="、".join(map(str, years)) if lg == "zh" else ", ".join(map(str, years)),
                 n=undated)
    return None
