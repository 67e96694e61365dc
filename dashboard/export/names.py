"""File names from chart titles (Chinese kept)."""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_filename(title: str, fallback: str = "chart", max_len: int = 80) -> str:
    """A file name from a chart title: Chinese kept, path and shell-hostile characters replaced."""
    name = unicodedata.normalize("NFC", title or "")
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" ._")
    return name[:max_len].rstrip(" ._") or fallback
