"""Downloads as pure functions (no Streamlit): the figures table as CSV / XLSX, and the templates.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and tab / carriage
return) as a formula; ``neutralize`` prefixes such text cells with ``'`` so they show as text.
Numbers are left as numbers (a negative number is not text and is safe).
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe(v):
    if isinstance(v, str) and v.startswith(FORMULA_PREFIXES):
        return "'" + v
    return v


def neutralize(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and column names) cannot be run as formulas."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = pd.Series([_safe(v) for v in out[col]], index=out.index, dtype=object)
    out.columns = [_safe(str(c)) for c in out.columns]
    return out


def tidy_numbers(df: pd.DataFrame) -> pd.DataFrame:
    """Whole numbers as integers (3, not 3.0) and yes/no as true/false, the same in CSV and XLSX."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_bool_dtype(s):
            out[col] = s.map({True: "true", False: "false"}).astype(object)
        elif pd.api.types.is_float_dtype(s):
            vals = s.dropna()
            if len(vals) and (vals == vals.round()).all() and vals.abs().max() < 2**53:
                out[col] = s.astype("Int64")
            else:   # mixed: whole values as 5, not 5.0 (the XLSX shows 5 too); the others unchanged
                out[col] = pd.Series([int(v) if pd.notna(v) and float(v).is_integer() and abs(v) < 2**53
                                      else v for v in s], index=s.index, dtype=object)
    return out


def figures_frame(df: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The figures as a download: one header row in the page's language (no internal column names),
    names in that language, numbers as numbers, unknowns as empty cells, the evidence as offsets + sha256."""
    from core.labels import name, present, t
    from dashboard import formatting as fmt

    rows = df.to_dict("records")
    opt = lambda v: v if present(v) else None  # noqa: E731
    cols = {
        "col_fact_id": [r["fact_id"] for r in rows],
        "col_indicator": [name(r, "indicator", lang) for r in rows],
        "dl_indicator_key": [r.get("indicator_key") for r in rows],
        "col_category": [name(r, "category", lang) for r in rows],
        "dl_concept": [name(r, "concept", lang) if present(r.get("concept_key")) else None for r in rows],
        "dl_region_code": [opt(r.get("region_code")) for r in rows],
        "col_region": [fmt.region_label(r, lang) for r in rows],
        "col_organization": [fmt.organization(r, lang) if present(r.get("organization_zh")) else None for r in rows],
        "col_value": [opt(r.get("value")) for r in rows],
        "dl_value_max": [opt(r.get("value_max")) for r in rows],
        "col_qualifier": [fmt.qualifier_word(r.get("qualifier"), lang) for r in rows],
        "dl_unit": [fmt.unit_text(r.get("unit"), r.get("unit_en"), lang) or None for r in rows],
        "col_period": [opt(r.get("period")) for r in rows],
        "dl_ref_year": [int(r["ref_year"]) if present(r.get("ref_year")) else None for r in rows],
        "dl_report_id": [r.get("report_id") for r in rows],
        "col_title": [fmt.report_title(r, lang) for r in rows],
        "col_publisher": [fmt.publisher(r, lang) for r in rows],
        "col_date": [opt(r.get("published_on")) for r in rows],
        "col_link": [opt(r.get("url")) for r in rows],
        "dl_sha256": [opt(r.get("source_sha256")) for r in rows],
        "dl_char_start": [opt(r.get("char_start")) for r in rows],
        "dl_char_end": [opt(r.get("char_end")) for r in rows],
    }
    out = pd.DataFrame({t(k, lang): v for k, v in cols.items()})
    for key in ("col_value", "dl_value_max", "dl_ref_year", "dl_char_start", "dl_char_end"):
        out[t(key, lang)] = pd.to_numeric(out[t(key, lang)], errors="coerce")
    return out


def figures_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so Excel on Windows shows the Chinese text correctly."""
    return neutralize(tidy_numbers(df)).to_csv(index=False).encode("utf-8-sig")


def figures_xlsx_bytes(df: pd.DataFrame, sheet: str = "figures") -> bytes:
    buf = io.BytesIO()
    frame = neutralize(tidy_numbers(df))
    for col in frame.columns:   # Excel has no time zones
        if isinstance(frame[col].dtype, pd.DatetimeTZDtype):
            frame[col] = frame[col].dt.tz_localize(None)
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet, index=False)
        ws = writer.sheets[sheet]
        for cells in ws.iter_rows(min_row=2):   # keep text as text: no formula, no autoformat
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        ws.freeze_panes = "A2"
    return buf.getvalue()


def template_files() -> list[tuple[str, str, bytes, str]]:
    """The analyst templates as (label, file name, bytes, mime) for download buttons."""
    from etl.intake import service

    return [("CSV 模板 template", "djcx_template.csv", service.template_csv_bytes(), CSV_MIME),
            ("Excel 模板 template", "djcx_template.xlsx", service.template_xlsx_bytes(), XLSX_MIME)]
