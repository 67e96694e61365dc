"""What any cell of an analyst's file may hold, whatever its column: no control or text-direction character (the
shown text would differ from the stored one), and no more than its column's length."""

from __future__ import annotations

from collections.abc import Iterator

from core.text import unsafe_char

MAX_FIELD = 300                                                     # characters, for most columns
MAX_FIELD_OF = {"url": 2000, "source_file": 500, "note": 10_000}    # (a note has its own, smaller limit too)


def cell_problems(values: dict[str, str]) -> Iterator[tuple[str, str, str, dict]]:
    """(column, message, hint, format fields) for every cell that breaks these rules."""
    for col, text in values.items():
        if not text:
            continue
        found = unsafe_char(text)
        if found:
            yield col, "msg_control_character", "hint_remove_control_character", {"value": text[:40], "char": found}
        limit = MAX_FIELD_OF.get(col, MAX_FIELD)
        if len(text) > limit:
            yield col, "msg_field_too_long", "hint_field_too_long", {"value": text[:40] + "…", "n": len(text),
                                                                    "limit": limit}


def offsets(values: dict) -> tuple[int | None, int | None, str | None]:
    """The evidence offsets (start, end) of a row, and the column to blame when they are not two integers
    start < end (both empty is fine: no evidence)."""
    s, e = values.get("char_start", "").strip(), values.get("char_end", "").strip()
    if not s and not e:
        return None, None, None
    if not (s.isdigit() and e.isdigit() and int(s) < int(e)):
        return None, None, "char_start" if not s.isdigit() else "char_end"
    return int(s), int(e), None
