"""Every label of the product in Chinese (default) and English, read from ``labels.toml`` beside
this file: the dashboard's words, the Export and Import pages, and the ETL's messages to analysts.

Category, indicator, region and report names come from the warehouse's ``*_zh`` / ``*_en`` columns
(see ``name``); the table holds only the product's own words.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

LABELS_FILE = Path(__file__).with_name("labels.toml")
LANGS = ("zh", "en")
CATEGORY_ORDER = ["组织覆盖", "队伍建设", "阵地建设", "品牌创建", "制度机制", "服务成效", "业务成效"]


@functools.cache
def table() -> dict[str, tuple[str, str]]:
    with LABELS_FILE.open("rb") as fh:
        raw = tomllib.load(fh)
    return {k: (v["zh"], v["en"]) for k, v in raw.items()}


def t(key: str, lang: str = "zh", /, **fmt: Any) -> str:
    """The label ``key`` in ``lang`` (zh | en); unknown keys fall back to the key itself."""
    pair = table().get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**fmt) if fmt else text


def pair(key: str, /, **fmt: Any) -> tuple[str, str]:
    """(zh, en) of a label, formatted: for messages shown in both languages (files, the CLI)."""
    zh, en = table().get(key, (key, key))
    return zh.format(**fmt), en.format(**fmt)


def name(row: Any, base: str, lang: str = "zh") -> str:
    """``row[base_zh]`` or ``row[base_en]`` (falling back to Chinese, then to 未注明 / n/a)."""
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    zh, en = get(f"{base}_zh", get(base)), get(f"{base}_en")
    value = en if lang == "en" and present(en) else zh
    return str(value) if present(value) else t("unknown", lang)


def present(v: Any) -> bool:
    """A value that is there: not None, not NaN, not blank."""
    if v is None:
        return False
    try:
        if v != v:  # NaN
            return False
    except (TypeError, ValueError):
        pass
    return str(v).strip() != ""


def both(key: str, /, **fmt: Any) -> str:
    """「中文 / English」 in one line: for the command line and files, read by either."""
    zh, en = pair(key, **fmt)
    return zh if zh == en else f"{zh} / {en}"
