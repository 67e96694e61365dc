"""``etl verify --sources DIR``: every fact's offsets point at its figure in the source text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.numbers import find_quantities
from core.sources import SourceLibrary
from core.text import strip_pinyin_annotations, to_simplified


@dataclass(frozen=True)
class Mismatch:
    fact_id: str
    report_id: str
    reason: str

    def format(self) -> str:
        return f"{self.fact_id} (report {self.report_id}): {self.reason}"


def span_holds_value(span: str, value: float, value_max: float | None = None) -> bool:
    """True when a quantity read from ``span`` equals ``value`` (and ``value_max`` for ranges)."""
    cleaned = to_simplified(strip_pinyin_annotations(span))
    for q in find_quantities(cleaned):
        if abs(q.value - value) < 1e-6 and (value_max is None or q.value_max == value_max):
            return True
    return False


def unverifiable_count(warehouse: Path) -> int:
    """Facts with offsets whose report registers no sha256 (analyst data without a source text)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("""SELECT count(*) FROM fact f JOIN dim_report r USING (report_id)
                              WHERE f.char_start IS NOT NULL AND r.sha256 IS NULL""").fetchone()[0]
    finally:
        con.close()


def verify(warehouse: Path, sources: Path) -> tuple[int, list[Mismatch]]:
    """Returns (facts checked, mismatches). Facts without offsets, or whose report registers no
    sha256 (analyst data), cannot be checked and are skipped; see ``unverifiable_count``."""
    library = SourceLibrary(sources)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        facts = con.execute("""
            SELECT f.fact_id, f.report_id, r.sha256, r.source_file, f.value, f.value_max,
                   f.char_start, f.char_end
            FROM fact f JOIN dim_report r USING (report_id)
            WHERE f.char_start IS NOT NULL AND r.sha256 IS NOT NULL ORDER BY f.fact_id""").fetchall()
        mentions = con.execute("""
            SELECT m.report_id, m.char_start, m.char_end, r.sha256, g.short_name_zh, g.name_zh
            FROM region_mention m JOIN dim_report r USING (report_id)
            JOIN dim_region g USING (region_code)""").fetchall()
    finally:
        con.close()
    bad: list[Mismatch] = []
    for fact_id, report_id, sha, source_file, value, value_max, start, end in facts:
        text = library.text(sha) if sha else None
        if text is None:
            bad.append(Mismatch(fact_id, report_id, f"no file with sha256 {sha} ({source_file}) in {sources}"))
            continue
        if end > len(text):
            bad.append(Mismatch(fact_id, report_id, f"offsets {start}-{end} beyond the text ({len(text)} chars)"))
            continue
        if not span_holds_value(text[start:end], value, value_max):
            bad.append(Mismatch(fact_id, report_id,
                                f"text at {start}-{end} does not hold the value {value:g}"))
    for report_id, start, end, sha, short, full in mentions:
        text = library.text(sha)
        span = to_simplified(text[start:end]) if text else ""
        if short not in span and full not in span:
            bad.append(Mismatch(f"mention:{full}", report_id, f"text at {start}-{end} does not name {full}"))
    return len(facts) + len(mentions), bad
