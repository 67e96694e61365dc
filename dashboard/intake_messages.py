"""The intake's verdicts and problems in the reader's language (the other language on demand): the
command line prints both, the pages one."""

from __future__ import annotations

import pandas as pd

from core import labels
from core.labels import t

COLUMNS = (("file", "msg_col_file"), ("row", "msg_col_row"), ("column", "msg_col_column"),
           ("value", "col_value"), ("message", "msg_col_message"), ("hint", "msg_col_hint"))


def summary(plan, verdict: str, lang: str) -> str:
    """「a.csv：5 行 — 新增 4，…→ 可以导入」 in one language."""
    return t("preview_summary_one", lang, file=plan.file, rows=plan.rows_in,
             verdict=labels.t(f"verdict_{verdict}", lang), **plan.counts())


def verdict(v: str, lang: str) -> str:
    return labels.t(f"verdict_{v}", lang)


def one_language(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A problems or warnings frame (message_zh, message_en, hint_zh, hint_en …) with the reader's language
    only, under headers in that language."""
    src = {"file": "file", "row": "row", "column": "column", "value": "value",
           "message": f"message_{lang}", "hint": f"hint_{lang}"}
    return pd.DataFrame({t(key, lang): df[src[col]] for col, key in COLUMNS if src[col] in df.columns})


PREVIEW_HEADERS = {"file": "msg_col_file", "row": "msg_col_row", "status": "imp_pcol_status", "report": "col_report",
                   "region": "col_region", "organization": "col_organization", "indicator": "col_indicator",
                   "value": "col_value", "existing": "imp_pcol_existing", "problem": "imp_pcol_problem"}


def preview_headers(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The preview table (``preview_frame(…, lang=lang)``) under headers in the reader's language."""
    return frame.rename(columns={c: t(PREVIEW_HEADERS[c], lang) for c in frame.columns if c in PREVIEW_HEADERS})
