"""Every label the product shows comes from one table (core/labels.toml), in zh and en."""

from __future__ import annotations

import re
import string

from core.issues import Problem
from core.labels import pair, t, table
from core.settings import PROJECT_ROOT

MESSAGE_KEY = re.compile(r"""["'](msg_\w+|hint_\w+)["']""")     # Problem.of(..., "msg_…", "hint_…")
T_CALL = re.compile(r"""\bt\(\s*["'](\w+)["']""")                   # t("nav_overview", lang)
NOT_KEYS = {"hint_zh", "hint_en"}                                  # Problem's fields


def _keys_used() -> set[str]:
    used = set()
    for folder in ("core", "etl", "dashboard"):
        for p in (PROJECT_ROOT / folder).rglob("*.py"):
            text = p.read_text(encoding="utf-8")
            used |= set(MESSAGE_KEY.findall(text)) | set(T_CALL.findall(text))
    return used - NOT_KEYS


def test_every_key_the_code_names_is_in_the_table():
    missing = sorted(k for k in _keys_used() if k not in table())
    assert not missing, missing


def test_both_languages_fill_the_same_placeholders():
    fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    for key, (zh, en) in table().items():
        if key.startswith(("msg_", "hint_")):
            assert fields(en) <= fields(zh) | fields(en), key
            pair(key, **{f: "x" for f in fields(zh) | fields(en)})        # formats without a KeyError


def test_problems_are_worded_from_the_table():
    p = Problem.of("a.csv", 3, "region", "淄搏市", "msg_unknown_region", "hint_did_you_mean_region",
                   hints_zh="淄博市", hints_en="淄博市")
    assert (p.message_zh, p.message_en, p.code) == ("无法识别的地区", "unknown region", "msg_unknown_region")
    assert p.hint_zh == "是否指 淄博市？" and p.hint_en == "did you mean 淄博市?"
    # a placeholder named like a parameter of Problem.of is still a placeholder
    q = Problem.of("a.csv", 5, None, None, "msg_duplicates_row", "hint_delete_or_tell_apart", row=2)
    assert q.row == 5 and q.message_zh == "与第2行重复"


def test_unknown_key_falls_back_to_itself():
    assert t("no_such_label", "en") == "no_such_label"
