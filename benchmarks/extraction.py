"""Extraction scored against independent annotations: the 12 development reports (figures_gold.csv) and
the five seed reports (our curated figures). Precision, recall and F1 at three levels, and speed.

    python -m benchmarks.extraction            # prints and writes benchmarks/results/extraction.{json,md}

A candidate matches a gold figure when the values are equal and its span lies inside the gold evidence
(level 1); and the unit and qualifier agree (level 2); and the indicator or concept agrees (level 3).
Gold conventions: ``approx_more_than`` is our ``more_than``; 约 is annotated ``exact`` there.

Level 3 needs catalogue keys on the gold side. figures_gold.csv names indicators in its own words, so for the
development reports the key is the one our review gave the figure at that span (data/figures/1*.csv); for the
seeds it is the curated indicator. The candidate's key is what the catalogue matcher proposes before review:
level 3 says how much of the review the matcher already does.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from core.settings import DATA_DIR, PROJECT_ROOT
from etl.extract.catalogue import Catalogue, read_rows
from etl.extract.figures import Candidate, extract

SHARED = PROJECT_ROOT.parent / "shared"
RESULTS = PROJECT_ROOT / "benchmarks" / "results"
UNIT_OF = {"名": "人", "位": "人"}
REPEAT = 20


def _reviewed() -> dict[str, list[dict]]:
    """Our reviewed figures of the development reports: file → [{start, end, indicator}]."""
    files = {r["report_id"]: r["source_file"] for r in read_rows(DATA_DIR / "reference" / "reports.csv")}
    out: dict[str, list[dict]] = {}
    for path in sorted((DATA_DIR / "figures").glob("1*.csv")):
        for r in read_rows(path):
            out.setdefault(files[r["report_id"]], []).append(
                {"start": int(r["char_start"]), "end": int(r["char_end"]), "indicator": r["indicator_key"]})
    return out


def _gold_dev() -> dict[str, list[dict]]:
    folder = SHARED / "reports"
    reviewed = _reviewed()
    out: dict[str, list[dict]] = {}
    for r in read_rows(folder / "figures_gold.csv"):
        q = {"approx_more_than": "more_than"}.get(r["qualifier"], r["qualifier"])
        start, end = int(r["evidence_start"]), int(r["evidence_end"])
        key = next((x["indicator"] for x in reviewed.get(r["file"], []) if start <= x["start"] and x["end"] <= end),
                   None)
        out.setdefault(r["file"], []).append({
            "start": start, "end": end, "value": float(r["value"]),
            "unit": UNIT_OF.get(r["unit"], r["unit"]), "qualifier": q, "label": key,
            "rate": float(r["rate_percent"]) if r["rate_percent"] else None})
    return out


def _gold_seeds() -> dict[str, list[dict]]:
    reports = {r["report_id"]: r["source_file"] for r in read_rows(DATA_DIR / "reference" / "reports.csv")}
    out: dict[str, list[dict]] = {}
    for path in sorted((DATA_DIR / "figures").glob("0*.csv")):     # the five seed reports
        for r in read_rows(path):
            if not r["char_start"]:
                continue
            out.setdefault(reports[r["report_id"]], []).append({
                "start": int(r["char_start"]), "end": int(r["char_end"]), "value": float(r["value"]),
                "unit": r["unit"], "qualifier": r["qualifier"], "label": r["indicator_key"], "rate": None})
    return out


CATALOGUE = Catalogue.from_reference()


def _concept(indicator: str | None) -> str | None:
    row = CATALOGUE.indicators.get(indicator or "")
    return (row.get("concept_key") or None) if row else None


def _match(c: Candidate, g: dict, level: int) -> bool:
    same_value = abs(c.value - g["value"]) < 1e-6 or (g["rate"] is not None and c.unit == "%"
                                                        and abs(c.value - g["rate"]) < 1e-6 and g["unit"] == "%")
    inside = g["start"] <= c.char_start and c.char_end <= g["end"]
    if not (same_value and inside):
        return False
    if level >= 2:
        unit_ok = (c.unit or "") == g["unit"] or {c.unit, g["unit"]} <= {"个", "家"}
        q_ok = c.qualifier == g["qualifier"] or (g["qualifier"] == "exact" and c.qualifier == "approx")
        if not (unit_ok and q_ok):
            return False
    if level >= 3:
        m = CATALOGUE.match(c.label, c.unit, c.context)
        same = (m.indicator and m.indicator == g["label"]) or (m.concept and m.concept == _concept(g["label"]))
        if not same:
            return False
    return True


def score(gold: dict[str, list[dict]], folder: Path) -> dict:
    tp = {1: 0, 2: 0, 3: 0}
    n_pred = n_gold = 0
    chars = 0
    seconds = 0.0
    misses, extras = [], []
    for name, figures in sorted(gold.items()):
        text = (folder / name).read_text(encoding="utf-8")
        cands = extract(text)                          # warm (first use loads the dictionaries)
        t0 = time.perf_counter()
        for _ in range(REPEAT):
            extract(text)
        seconds += (time.perf_counter() - t0) / REPEAT
        chars += len(text.encode("utf-8"))
        n_pred += len(cands)
        n_gold += len(figures)
        for level in (1, 2, 3):
            used = set()
            for g in figures:
                hit = next((i for i, c in enumerate(cands) if i not in used and _match(c, g, level)), None)
                if hit is not None:
                    used.add(hit)
                    tp[level] += 1
                elif level == 1:
                    misses.append(f"{name}: {g['value']:g}{g['unit']} at {g['start']}-{g['end']}")
            if level == 1:
                extras += [f"{name}: {c.value:g}{c.unit or ''} at {c.char_start}-{c.char_end}"
                           for i, c in enumerate(cands) if i not in used]
    out = {"reports": len(gold), "gold": n_gold, "predicted": n_pred, "mb": round(chars / 1e6, 3),
           "mb_per_s": round(chars / 1e6 / seconds, 2)}
    for level in (1, 2, 3):
        p = tp[level] / n_pred if n_pred else 0.0
        r = tp[level] / n_gold if n_gold else 0.0
        out[f"level{level}"] = {"precision": round(p, 3), "recall": round(r, 3),
                                "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}
    out["misses"], out["extras"] = misses, extras
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args()
    if not (SHARED / "reports").is_dir():
        raise SystemExit("../shared/reports is not here: nothing to score")
    results = {"development": score(_gold_dev(), SHARED / "reports"),
               "seeds": score(_gold_seeds(), SHARED / "seeds")}
    for k, v in results.items():
        print(k, {x: v[x] for x in v if x not in ("misses", "extras")})
        if not args.quiet:
            print("  misses:", *v["misses"], sep="\n    ")
            print("  extras:", *v["extras"], sep="\n    ")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "extraction.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
    lines = ["# Extraction scored (python -m benchmarks.extraction)", "",
             "| set | reports | gold | predicted | level | precision | recall | F1 |", "|---|---|---|---|---|---|---|---|"]
    for k, v in results.items():
        for level, name in ((1, "span + value"), (2, "+ unit, qualifier"), (3, "+ indicator or concept")):
            s = v[f"level{level}"]
            lines.append(f"| {k} | {v['reports']} | {v['gold']} | {v['predicted']} | {name} | {s['precision']} | "
                         f"{s['recall']} | {s['f1']} |")
    lines += ["", "Speed, warm, text of each report processed on its own (MB of UTF-8 per second): "
              + ", ".join(f"{k} {v['mb_per_s']}" for k, v in results.items()), "",
              "Misses and extras at level 1 are listed in extraction.json with their spans (no report text)."]
    (RESULTS / "extraction.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
