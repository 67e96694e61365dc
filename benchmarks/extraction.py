"""The extractor scored against independent annotations (``benchmarks.gold_sets``): what a reviewer would
have to fix, report by report.

    python -m benchmarks.extraction            # prints and writes benchmarks/results/extraction.{json,md}
    python -m benchmarks.extraction --set corpus

A proposal matches a gold figure when the values are equal (a rate may equal the gold's paired rate) and its
span lies inside the gold evidence (or the gold's other span: a headline restating it). On the matched pairs:

- **concept**: precision over the proposals that name a concept, recall over the gold figures that have one;
- **subject kind**, **place at city level** (province and prefecture), **year** the figure refers to: accuracy;
- **reviewer edits** per report: a missed figure, a wrong figure left ticked (an uncertain proposal starts
  unticked: a right one of those is one tick), a wrong concept, and one edit per distinct value the reviewer
  has to set for subject kind, place and year (the Review page sets those for many figures at once), plus a
  wrong or missing publisher, date or report place.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from benchmarks.gold_sets import GoldFigure, GoldReport, corpus, development, place_of_code, reviewed, seeds
from core.settings import PROJECT_ROOT
from etl.extract.candidates import Reader
from etl.extract.documents import read_document

RESULTS = PROJECT_ROOT / "benchmarks" / "results"
PEOPLE = {"人", "名", "位"}


def _inside(p: dict, g: GoldFigure) -> bool:
    spans = [(g.start, g.end)] + ([g.alt] if g.alt else [])
    return any(a <= p["char_start"] and p["char_end"] <= b for a, b in spans)


def _same_value(p: dict, g: GoldFigure) -> bool:
    if abs(p["value"] - g.value) < 1e-6:
        return True
    return g.rate is not None and p["unit"] == "%" and abs(p["value"] - g.rate) < 1e-6


def match(preds: list[dict], gold: list[GoldFigure]) -> list[tuple[int, int]]:
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        hit = next((i for i, p in enumerate(preds) if i not in used and _same_value(p, g) and _inside(p, g)), None)
        if hit is not None:
            used.add(hit)
            pairs.append((hit, gi))
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "tp": tp, "predicted": n_pred, "gold": n_gold}


def score_report(rep: GoldReport, reading, index) -> dict:
    preds = reading.rows
    pairs = match(preds, rep.figures)
    matched_p = {i for i, _ in pairs}
    out = Counter()
    out["gold"], out["pred"], out["tp"] = len(rep.figures), len(preds), len(pairs)
    out["unit_q"] = sum(1 for i, gi in pairs if _unit_ok(preds[i], rep.figures[gi]))
    out["c_pred"] = sum(1 for p in preds if p["concept"])
    out["c_gold"] = sum(1 for g in rep.figures if g.concept)
    out["c_tp"] = sum(1 for i, gi in pairs if preds[i]["concept"] and preds[i]["concept"] == rep.figures[gi].concept)
    edits = {"missed": len(rep.figures) - len(pairs), "extra_ticked": 0, "tick": 0, "concept": 0,
             "subject": 0, "place": 0, "year": 0, "details": 0}
    edits["extra_ticked"] = sum(1 for i, p in enumerate(preds) if i not in matched_p and not p["uncertain"])
    wrong_subject, wrong_place, wrong_year = set(), set(), set()
    for i, gi in pairs:
        p, g = preds[i], rep.figures[gi]
        edits["tick"] += 1 if p["uncertain"] else 0
        if (p["concept"] or None) != (g.concept or None):
            edits["concept"] += 1
        if g.subject_kind:
            out["s_n"] += 1
            if p["subject_kind"] == g.subject_kind:
                out["s_ok"] += 1
            else:
                wrong_subject.add(g.subject_kind)
        if g.place is not None:
            out["pl_n"] += 1
            if place_of_code(index, p["region_code"]) == g.place:
                out["pl_ok"] += 1
            else:
                wrong_place.add(g.place)
        if g.year_known:
            out["y_n"] += 1
            if p["ref_year"] == g.year:
                out["y_ok"] += 1
            else:
                wrong_year.add(g.year)
    edits["subject"], edits["place"], edits["year"] = len(wrong_subject), len(wrong_place), len(wrong_year)
    if rep.has_details:
        det = reading.details
        edits["details"] += int((det.publisher.value or None) != rep.publisher)
        edits["details"] += int((det.published_on.value or None) != rep.published_on)
        edits["details"] += int(place_of_code(index, det.place.value) != rep.place)
        out["d_n"] += 3
        out["d_ok"] += 3 - edits["details"]
    out["edits"] = sum(edits.values())
    return {"counts": dict(out), "edits": edits}


def _unit_ok(p: dict, g: GoldFigure) -> bool:
    unit = (p["unit"] or "") == g.unit or {p["unit"], g.unit} <= {"个", "家"} or {p["unit"], g.unit} <= PEOPLE
    q = p["qualifier"] == g.qualifier or (g.qualifier == "exact" and p["qualifier"] == "approx")
    return unit and q


def score_set(name: str, reports: list[GoldReport], reader: Reader) -> dict:
    total = Counter()
    per_report = {}
    seconds = 0.0
    for rep in reports:
        path = Path(rep.folder) / rep.file
        doc = read_document(path.read_bytes(), path.name)
        t0 = time.perf_counter()
        reading = reader.read(doc)
        seconds += time.perf_counter() - t0
        s = score_report(rep, reading, reader.index)
        total.update(s["counts"])
        per_report[rep.file] = {"edits": s["edits"], "edit_total": s["counts"]["edits"],
                                "gold": s["counts"]["gold"], "tp": s["counts"]["tp"]}
    acc = lambda ok, n: round(total[ok] / total[n], 3) if total[n] else None  # noqa: E731
    return {
        "reports": len(reports), "gold": total["gold"], "predicted": total["pred"],
        "span_value": _prf(total["tp"], total["pred"], total["gold"]),
        "unit_qualifier": _prf(total["unit_q"], total["pred"], total["gold"]),
        "concept": _prf(total["c_tp"], total["c_pred"], total["c_gold"]),
        "subject_kind_accuracy": acc("s_ok", "s_n"), "subject_kind_n": total["s_n"],
        "place_city_accuracy": acc("pl_ok", "pl_n"), "place_n": total["pl_n"],
        "year_accuracy": acc("y_ok", "y_n"), "year_n": total["y_n"],
        "details_accuracy": acc("d_ok", "d_n"),
        "edits_per_report": round(total["edits"] / len(reports), 2) if reports else None,
        "seconds_per_report": round(seconds / max(1, len(reports)), 4),
        "per_report": per_report,
    }


def folder_speed(n: int = 100) -> dict:
    """``etl extract`` on a folder of ``n`` short reports (copies of the corpus, development and seed texts),
    one process, start-up included: the issue's goal is under 30 s on 2 cores."""
    import shutil
    import subprocess
    import sys
    import tempfile

    from benchmarks.gold_sets import SHARED

    texts = [p for sub in ("corpus", "reports", "seeds") for p in sorted((SHARED / sub).glob("*.txt"))]
    with tempfile.TemporaryDirectory() as d:
        folder, data = Path(d) / "reports", Path(d) / "data"
        folder.mkdir()
        shutil.copytree(PROJECT_ROOT / "data" / "reference", data / "reference")
        for i in range(n):
            shutil.copyfile(texts[i % len(texts)], folder / f"r{i:03d}_{texts[i % len(texts)].name}")
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "etl", "extract", str(folder), "--format", "jsonl", "--out",
                               str(Path(d) / "out.jsonl"), "--data", str(data)], capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        out = Path(d) / "out.jsonl"
        figures = len(out.read_text(encoding="utf-8").splitlines()) if done.returncode == 0 else None
    return {"reports": n, "seconds": round(seconds, 2), "figures": figures, "exit": done.returncode}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--set", choices=("corpus", "development", "seeds", "reviewed", "all"), default="all")
    p.add_argument("--no-write", action="store_true")
    args = p.parse_args()
    reader = Reader.from_reference()
    held_out = {r.file for r in corpus()}
    sets = {"corpus": lambda: corpus(), "development": lambda: development(reader.index),
            "seeds": lambda: seeds(reader.index), "reviewed": lambda: reviewed(reader.index, held_out)}
    chosen = list(sets) if args.set == "all" else [args.set]
    results = {k: score_set(k, sets[k](), reader) for k in chosen}
    if args.set == "all":
        results["speed"] = folder_speed()
    for k, v in results.items():
        print(k, json.dumps({x: v[x] for x in v if x != "per_report"}, ensure_ascii=False))
    if args.no_write or args.set != "all":
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "extraction.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (RESULTS / "extraction.md").write_text(markdown(results), encoding="utf-8")


def markdown(results: dict) -> str:
    lines = ["# Extraction scored (python -m benchmarks.extraction)", "",
             "Gold: `corpus` = 20 corpus reports annotated before any extractor output on them was seen;",
             "`development` = the 12 development reports (independent annotation); `seeds` = our curated seeds;",
             "`reviewed` = the other corpus reports as our reviewers loaded them (a development set, not independent).", "",
             "| set | reports | gold | proposed | span+value P / R / F1 | concept P / R / F1 | subject kind | "
             "place (city) | year | details | edits / report |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for k, v in results.items():
        if k == "speed":
            continue
        sv, c = v["span_value"], v["concept"]
        lines.append(f"| {k} | {v['reports']} | {v['gold']} | {v['predicted']} | {sv['precision']} / {sv['recall']} / "
                     f"{sv['f1']} | {c['precision']} / {c['recall']} / {c['f1']} | {v['subject_kind_accuracy']} | "
                     f"{v['place_city_accuracy']} | {v['year_accuracy']} | {v['details_accuracy']} | "
                     f"{v['edits_per_report']} |")
    if "speed" in results:
        sp = results["speed"]
        lines += ["", f"Speed: `etl extract` on a folder of {sp['reports']} short reports, one process, start-up "
                  f"included: {sp['seconds']} s ({sp['figures']} figures). Goal: under 30 s on 2 cores."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
