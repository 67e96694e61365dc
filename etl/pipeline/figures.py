"""Curated figure files (data/figures/*.csv): validate every row and normalize it into fact rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from core import levels, subjects
from core.ids import org_id
from core.issues import Problem, unknown_region
from core.numbers import QUALIFIERS, NumberFormatError, parse_quantity
from core.text import normalize_name
from etl.pipeline.reference import Reference, parse_bool, read_csv, sha256_file

FIGURE_COLUMNS = ["fact_id", "report_id", "region", "province", "scope_level", "organization", "subject_kind",
                  "indicator_key", "value", "value_max", "unit", "qualifier", "implied", "period",
                  "char_start", "char_end", "note"]
REQUIRED = ["fact_id", "report_id", "region", "indicator_key", "value", "unit"]
FACT_COLUMNS = ["fact_id", "report_id", "region_code", "scope_level", "org_id", "organization", "subject_kind",
                "indicator_key", "value", "value_max", "unit", "qualifier", "implied", "period",
                "char_start", "char_end", "note"]


def _int_or_none(text: str) -> int | None:
    t = str(text).strip()
    return int(t) if t.lstrip("-").isdigit() else None


def normalize_figures(df: pd.DataFrame, rel: str, ref: Reference, problems: list[Problem],
                      report_ids: set[str]) -> pd.DataFrame:
    """Validate a figures table; return fact rows. Problems are appended, never raised."""
    missing = [c for c in REQUIRED if c not in df.columns]
    for c in missing:
        problems.append(Problem.of(rel, 1, c, None, 'msg_required_column_is_missing', 'hint_add_the_column_c_to_the_header', c=c))
    if missing:
        return pd.DataFrame(columns=FACT_COLUMNS)
    df = df.reindex(columns=FIGURE_COLUMNS, fill_value="")
    indicators = ref.indicators.set_index("indicator_key")
    # a curated figure of a report whose text is registered must point at its characters
    with_source = set(ref.reports.loc[ref.reports["sha256"].str.strip() != "", "report_id"])
    rows = []
    for i, r in df.iterrows():
        row = i + 2
        before = len(problems)

        def bad(col, message, hint=None, /, row=row, r=r, **fmt):
            problems.append(Problem.of(rel, row, col, r.get(col, ""), message, hint, **fmt))

        for col in REQUIRED:
            if not str(r[col]).strip():
                bad(col, 'msg_required_field_is_empty', 'hint_fill_in_col', col=col)
        kind = r["subject_kind"].strip() or subjects.default_kind(r["organization"].strip())
        if kind not in subjects.KINDS:
            bad("subject_kind", "msg_invalid_subject_kind", "hint_one_of", choices=" / ".join(subjects.KINDS))
        if len(problems) > before:
            continue
        if r["report_id"] not in report_ids:
            bad("report_id", 'msg_report_id_is_not_in_reports_csv', 'hint_register_the_report_first')
        code = ref.index.resolve(normalize_name(r["region"]), province=r["province"] or None)
        if code is None:
            hints = [ref.index.label(c) for c, _, _ in ref.index.suggest(r["region"], limit=3)]
            problems.append(unknown_region(rel, row, "region", r.get("region", ""), hints))
        key = r["indicator_key"].strip()
        if key not in indicators.index:
            bad("indicator_key", 'msg_indicator_is_not_in_the_catalogue', 'hint_add_it_to_data_reference_indicators_csv')
        try:
            q = parse_quantity(r["value"])
        except NumberFormatError:
            bad("value", 'msg_value_is_not_a_number', 'hint_write_e_g_707_7700_1_2')
            q = None
        value_max = None
        if str(r["value_max"]).strip():
            try:
                value_max = parse_quantity(r["value_max"]).value
            except NumberFormatError:
                bad("value_max", 'msg_value_max_is_not_a_number')
        qualifier = r["qualifier"].strip() or (q.qualifier if q else "exact")
        if qualifier not in QUALIFIERS:
            bad("qualifier", "msg_invalid_qualifier", "hint_one_of", choices=" / ".join(QUALIFIERS))
        if q and q.value_max is not None and value_max is None:
            value_max = q.value_max
        if qualifier == "range" and value_max is None:
            bad("value_max", 'msg_a_range_needs_value_max', 'hint_fill_in_the_upper_bound')
        implied = parse_bool(r["implied"])
        if implied is None:
            bad("implied", 'msg_must_be_true_or_false')
        scope = levels.normalize(r["scope_level"]) if r["scope_level"].strip() else None
        if r["scope_level"].strip() and scope is None:
            bad("scope_level", 'msg_invalid_scope_level', 'hint_use_province_prefecture_county')
        start, end = _int_or_none(r["char_start"]), _int_or_none(r["char_end"])
        if (r["char_start"] or r["char_end"]) and (start is None or end is None or not 0 <= start < end):
            bad("char_start", 'msg_invalid_character_offsets', 'hint_use_integers_with_start_end')
        elif start is None and r["report_id"].strip() in with_source:
            bad("char_start", "msg_offsets_missing", "hint_offsets_missing")
        if key in indicators.index and q is not None:
            unit = r["unit"].strip()
            if unit != indicators.at[key, "unit"]:
                bad("unit", "msg_unit_must_be", "hint_convert_to_base_unit", unit=indicators.at[key, "unit"])
            if parse_bool(indicators.at[key, "is_rate"]) and not 0 <= q.value <= 100:
                bad("value", 'msg_a_rate_must_lie_between_0_and')
        kind = r["subject_kind"].strip() or subjects.default_kind(r["organization"].strip())
        if kind not in subjects.KINDS:
            bad("subject_kind", "msg_invalid_subject_kind", "hint_one_of", choices=" / ".join(subjects.KINDS))
        if len(problems) > before:
            continue
        level = ref.index.get(code)["level"]
        org = normalize_name(r["organization"]) if r["organization"].strip() else None
        rows.append({
            "fact_id": r["fact_id"].strip(), "report_id": r["report_id"].strip(), "region_code": code,
            "scope_level": scope or level,
            "org_id": org_id(org, code) if org else None, "organization": org, "subject_kind": kind,
            "indicator_key": key, "value": q.value, "value_max": value_max, "unit": r["unit"].strip(),
            "qualifier": qualifier, "implied": implied, "period": r["period"].strip() or None,
            "char_start": start, "char_end": end, "note": r["note"].strip() or None,
            "source_row": row,
        })
    return pd.DataFrame(rows, columns=FACT_COLUMNS + ["source_row"])


def load_figure_files(data_dir: Path, ref: Reference, problems: list[Problem],
                      paths: list[Path] | None = None):
    """Curated figure files → (facts, {relpath: (sha256, rows_read, rows_loaded)}).

    ``paths`` defaults to every data/figures/*.csv; the build passes only the curated ones
    (analyst template files dropped there are loaded by ``etl.intake``).
    """
    report_ids = set(ref.reports["report_id"])
    if paths is None:
        paths = sorted((Path(data_dir) / "figures").glob("*.csv"))
    frames, files = [], {}
    for path in paths:
        rel = f"data/figures/{path.name}"
        try:
            df = read_csv(path)
        except (UnicodeDecodeError, pd.errors.ParserError) as exc:
            problems.append(Problem.of(rel, None, None, None, 'msg_cannot_read_the_file_exc', 'hint_save_it_as_utf_8_csv', exc=exc))
            continue
        facts = normalize_figures(df, rel, ref, problems, report_ids)
        files[rel] = (sha256_file(path), len(df), len(facts))
        frames.append(facts.assign(source_rel=rel))
    facts = (pd.concat(frames, ignore_index=True) if frames
             else pd.DataFrame(columns=FACT_COLUMNS + ["source_row", "source_rel"]))
    dup = facts[facts["fact_id"].duplicated(keep=False)]
    for fid, grp in dup.groupby("fact_id"):
        problems.append(Problem.of(grp["source_rel"].iloc[-1], int(grp["source_row"].iloc[-1]), "fact_id", fid, 'msg_fact_id_is_used_more_than_once', 'hint_use_a_unique_id_per_row'))
    return facts, files
