"""The words around a figure, in the cleaned text: its phrase, the phrases before it in its sentence, and the
sentence's governing words. Every rule that says what a figure means (concept, subject, place, period) reads
these windows, so they are cut once, the same way for all.

A *sentence* ends at 。！？； or a line break; a *phrase* at a comma, a colon or an enumeration comma (、).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

SENTENCE_END = re.compile(r"[。！？；;!?\n]")
PHRASE_END = re.compile(r"[，,：:、；;。！？!?\n]")
MAX_SPAN = 160          # a sentence longer than this is read only this far either side of the figure


@dataclass(frozen=True)
class Segments:
    """Sentence and phrase boundaries of one cleaned text, found once."""

    text: str

    @cached_property
    def _sentence_ends(self) -> list[int]:
        return [m.start() for m in SENTENCE_END.finditer(self.text)]

    @cached_property
    def _phrase_ends(self) -> list[int]:
        return [m.start() for m in PHRASE_END.finditer(self.text)]

    @staticmethod
    def _around(ends: list[int], start: int, end: int, n: int) -> tuple[int, int]:
        i = bisect.bisect_left(ends, start)
        lo = ends[i - 1] + 1 if i > 0 else 0
        j = bisect.bisect_left(ends, end)
        hi = ends[j] if j < len(ends) else n
        return lo, hi

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        lo, hi = self._around(self._sentence_ends, start, end, len(self.text))
        return max(lo, start - MAX_SPAN), min(hi, end + MAX_SPAN)

    def phrase(self, start: int, end: int) -> tuple[int, int]:
        return self._around(self._phrase_ends, start, end, len(self.text))

    def phrases_before(self, start: int, lo: int) -> list[tuple[int, int]]:
        """The phrases of the sentence before the one holding ``start`` (nearest first), from ``lo``."""
        out = []
        i = bisect.bisect_left(self._phrase_ends, start)
        hi = self._phrase_ends[i - 1] if i > 0 else 0
        while i > 0 and hi > lo:
            i -= 1
            p_lo = self._phrase_ends[i - 1] + 1 if i > 0 else 0
            out.append((max(p_lo, lo), hi))
            hi = self._phrase_ends[i - 1] if i > 0 else 0
        return out


@dataclass(frozen=True)
class Window:
    """The words of one figure: ``before`` and ``after`` it in its phrase, the phrases before it in its
    sentence (nearest first), and the sentence and phrase bounds."""

    before: str
    after: str
    earlier: tuple[str, ...]
    sentence: tuple[int, int]
    phrase: tuple[int, int]
    head: str                 # the sentence from its start up to the figure

    @property
    def phrase_text(self) -> str:
        return f"{self.before}#{self.after}"


# where the shared predicate of coordinated figures begins (…企业和1234家社团都已建立了党组织)
_PREDICATE = re.compile(r"(?:已|均|都|全部|全面|先后|累计|共|分别)?(?:建立|成立|组建|建有|建起|实现|设立|覆盖|参与|报到|"
                        r"达到|获评|入选|被评为|被命名|完成|开展|选派|纳入)")
_JOINER = re.compile(r"(?:和|及|与|以及|、|，|,)+$")


def window(seg: Segments, start: int, end: int, figures: list[tuple[int, int]] = ()) -> Window:
    """The words of the figure at ``[start, end)``; ``figures``: every figure's span in the text, sorted, so
    that a figure coordinated with the next (N家企业和M家组织建立了党组织) reads its own noun and the shared
    predicate, not the next figure's noun."""
    s_lo, s_hi = seg.sentence(start, end)
    p_lo, p_hi = seg.phrase(start, end)
    p_lo, p_hi = max(p_lo, s_lo), min(p_hi, s_hi)
    after = seg.text[end:p_hi]
    later = [f for f in figures if end <= f[0] < p_hi]
    if later:
        own = _JOINER.sub("", seg.text[end:later[0][0]])
        rest = seg.text[later[-1][1]:p_hi]
        m = _PREDICATE.search(rest)
        after = own + (rest[m.start():] if m else "")
    earlier = tuple(seg.text[a:b] for a, b in seg.phrases_before(start, s_lo)[:3])
    return Window(seg.text[p_lo:start], after, earlier, (s_lo, s_hi), (p_lo, p_hi), seg.text[s_lo:start])
