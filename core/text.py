"""Small text helpers: Traditional → Simplified, whitespace, pinyin-annotation stripping.

All helpers are pure functions of their input; the OpenCC converter is built once per process.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

# Latin letters that occur in pinyin: plain a-z, ü, and the tone-marked vowels
# (precomposed forms plus combining tone marks U+0300/U+0301/U+0304/U+030C for decomposed text).
_PINYIN_LETTER = "a-zü" "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ" "\u0300\u0301\u0304\u030c"
_TONE_OR_UMLAUT = re.compile("[üāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ\u0300\u0301\u0304\u030c]")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ffff"

# "(lái)", "（xiàn）", "( lái xī )": a bracketed run of lowercase pinyin syllables.
_ANNOTATION = re.compile(
    rf"(?P<prev>[{_CJK}]?)\s*[(（]\s*(?P<body>[{_PINYIN_LETTER}]+(?:\s+[{_PINYIN_LETTER}]+)*)\s*[)）]"
)

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def to_simplified(s: str) -> str:
    """Traditional → Simplified Chinese (OpenCC ``t2s``); other characters pass through."""
    if not s or s.isascii():          # pinyin and English names: nothing to convert (a third of the lookups)
        return s
    return _t2s().convert(s)


def to_traditional(s: str) -> str:
    """Simplified → Traditional Chinese (OpenCC ``s2t``); used to build aliases."""
    if not s:
        return s
    return _s2t().convert(s)


def strip_pinyin_annotations(s: str) -> str:
    """Remove pinyin glosses such as ``莱(lái)西`` → ``莱西`` found in damaged text.

    A bracketed run (ASCII or full-width parentheses) is removed when it contains only lowercase
    pinyin letters and either carries a tone mark / ü or directly follows a CJK character.
    Capitalised or upper-case content (``(GDP)``, ``(Zibo)``) is left alone.
    Note that removal shortens the string: do not apply it to text whose offsets matter.
    """
    if not s or ("(" not in s and "（" not in s):
        return s

    def repl(m: re.Match[str]) -> str:
        body = m.group("body")
        if m.group("prev") or _TONE_OR_UMLAUT.search(body):
            return m.group("prev")
        return m.group(0)

    return _ANNOTATION.sub(repl, s)


def normalize_name(s: str | None) -> str:
    """Canonical form of a name: NFKC, no stray whitespace, Simplified Chinese.

    Whitespace (including full-width U+3000 and zero-width characters) is removed next to CJK
    characters and collapsed to one space between Latin words (``Inner  Mongolia``).
    """
    if s is None:
        return ""
    return _normalize_name(str(s))


@lru_cache(maxsize=1 << 16)
def _normalize_name(s: str) -> str:
    """(cached: a large file repeats the same few names on every row; each distinct one is worked out once)"""
    s = unicodedata.normalize("NFKC", s)
    s = _ZERO_WIDTH.sub("", s)
    s = _SPACE_NEAR_CJK.sub("", s.strip())
    s = _SPACES.sub(" ", s)
    return to_simplified(s)


# Characters no user-supplied text may carry: C0/C1 controls (but tab and newline), and the bidirectional
# controls that can make shown text read differently from what is stored (U+202E "right-to-left override").
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def unsafe_char(s: str) -> str | None:
    """The first control or bidirectional-override character in ``s``, as ``U+XXXX`` (None: there is none)."""
    m = UNSAFE.search(s or "")
    return None if m is None else f"U+{ord(m.group(0)):04X}"


def safe_name(s: str, limit: int = 200) -> str:
    """A user-supplied name (an uploaded file's) safe to log and print: controls and bidi overrides removed,
    at most ``limit`` characters."""
    cleaned = UNSAFE.sub("", str(s or "")).replace("\n", " ").replace("\t", " ").strip()
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$>])")
# GFM turns bare addresses into links after escapes are resolved: an invisible word joiner breaks the pattern
_AUTOLINK = re.compile(r"(?i)(?<=http)(?=s?:)|(?<=www)(?=\.)|(?=@)|(?<=ftp)(?=:)|(?<=mailto)(?=:)")
WORD_JOINER = "\u2060"


def md_escape(s) -> str:
    """User text (a title, an organisation, a file name) made inert for Streamlit's Markdown: every Markdown
    and Streamlit directive character backslash-escaped and ``<`` written as an entity, so a link, an image
    (which would make the viewer's browser fetch another host), a tag or ``:red[…]`` shows as the text typed.
    A bare address (``http://…``, ``www.…``, ``a@b.c``) gets an invisible word joiner, so it is not made a link."""
    text = _AUTOLINK.sub(WORD_JOINER, str(s if s is not None else ""))
    return _MD_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;").replace("\n", " ")
