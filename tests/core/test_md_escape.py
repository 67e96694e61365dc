"""User text shown through Streamlit's Markdown stays text (issue #13, item 13)."""

import re

from core.text import WORD_JOINER, md_escape


def _shown(s: str) -> str:
    """What Markdown shows for the escaped text: each escape undone, the invisible joiner removed."""
    return re.sub(r"\\(.)", r"\1", s.replace("&lt;", "<")).replace(WORD_JOINER, "")


def test_links_images_tags_and_directives_are_inert_and_read_the_same():
    for s in ("[点此查看原文](https://example.org/)", "![x](http://example.org/p.png)", "<script>alert(1)</script>",
              ":red[合成]", "**粗体** _斜体_ `code`", "# 标题", "1. 列表", "$x$", "| 表 |", "www.example.org a@b.cn"):
        out = md_escape(s)
        assert "](" not in out and "<" not in out and not re.search(r"(?<!\\)[\[\]*_`#|$]", out), out
        assert not re.search(r"https?://|www\.|\w@\w", out.replace("\\", "")), out      # no bare address to link
        assert _shown(out) == s
    assert md_escape(None) == "" and md_escape("第1行\n第2行") == "第1行 第2行"
