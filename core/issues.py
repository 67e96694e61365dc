"""Validation problems that name the file, the row as Excel shows it, the column, and what to do.

Messages and hints come from the label table (``core/labels.toml``, keys ``msg_*`` and ``hint_*``):
``Problem.of(file, row, column, value, "msg_unknown_region", "hint_official_region_name")``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from core import labels


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None          # spreadsheet row: the header is row 1, the first data row is row 2
    column: str | None
    value: str | None
    message_zh: str
    message_en: str
    hint_zh: str = ""
    hint_en: str = ""
    code: str = ""           # the message's key in the label table ("" for messages built elsewhere)

    @classmethod
    def of(cls, file: str, row: int | None, column: str | None, value: Any, message: str,
           hint: str | None = None, /, **fmt: Any) -> Problem:
        """A problem worded from the label table: ``message`` and ``hint`` are keys, ``fmt`` fills them."""
        zh, en = labels.pair(message, **fmt)
        hint_zh, hint_en = labels.pair(hint, **fmt) if hint else ("", "")
        return cls(file, row, column, value, zh, en, hint_zh, hint_en, message)

    def location(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"第{self.row}行 (row {self.row})")
        if self.column:
            parts.append(f"列 {self.column}")
        return ", ".join(parts)

    def format(self) -> str:
        value = f" 值 value={self.value!r}" if self.value not in (None, "") else ""
        text = f"{self.location()}:{value} {self.message_zh} / {self.message_en}"
        if self.hint_zh or self.hint_en:
            text += f" → {self.hint_zh} / {self.hint_en}"
        return text

    def as_dict(self) -> dict:
        return asdict(self)


def unknown_region(file: str, row: int | None, column: str, value: str, hints: list[str]) -> Problem:
    """An unrecognised region name, with up to three suggestions."""
    return Problem.of(file, row, column, value, "msg_unknown_region",
                      "hint_did_you_mean_region" if hints else "hint_official_region_name",
                      hints_zh="、".join(hints), hints_en=", ".join(hints))


class ValidationError(Exception):
    """One or more problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.report())

    def report(self, limit: int = 50) -> str:
        lines = [f"{len(self.problems)} 个问题，未写入任何数据 / {len(self.problems)} problem(s), nothing was written:"]
        lines += ["  " + p.format() for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  … 另有 {len(self.problems) - limit} 个 / {len(self.problems) - limit} more")
        return "\n".join(lines)
