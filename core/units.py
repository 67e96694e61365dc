"""Measure words that count the same thing: 72家企业 are 72个企业, 58个突击队 are 58支; 30次 and 30场 活动 are
thirty events. One place for every check that compares a figure's unit with its indicator's (the intake, the
build, verify, the catalogue)."""

from __future__ import annotations

COUNTING = frozenset({"个", "家", "所", "座", "处", "支", "项", "幢", "栋"})   # things
EVENTS = frozenset({"次", "场", "期", "轮"})                                   # occasions
GROUPS = (COUNTING, EVENTS)


def same_kind(a: str | None, b: str | None) -> bool:
    """Whether two measure words count the same kind of thing (equal, or both in one group)."""
    if a == b:
        return True
    return any(a in g and b in g for g in GROUPS)
