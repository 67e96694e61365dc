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
            out[col] = out[col].map(_safe).astype(object)
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
