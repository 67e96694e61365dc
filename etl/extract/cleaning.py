"""The text the extractor reads, and the way back to the characters of the original.

Reports come Traditional or Simplified, with full-width digits, and some (seed 001) with pinyin glosses
after characters (來(lái)). The extractor reads a cleaned copy: glosses dropped, Traditional → Simplified,
full-width → half-width; ``Cleaned.to_original`` maps every cleaned index back to the original text, so a
candidate's span is always in the file's own characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.radicals import RADICALS
from core.text import to_simplified

# a pinyin gloss in brackets right after a Chinese character: 來(lái), 個(gè)
_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,8}[)）]")
_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "％": "%", "，": "，", "．": ".",
                        "～": "～", "－": "-", "　": " "})


@dataclass(frozen=True)
class Cleaned:
    text: str
    index: list[int]       # cleaned position → original position (one more entry: the end)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original characters of cleaned ``[start, end)``."""
        return self.index[start], self.index[end - 1] + 1 if end > start else self.index[start]


def clean(original: str) -> Cleaned:
    kept: list[str] = []
    index: list[int] = []
    pos = 0
    for m in _GLOSS.finditer(original):
        kept.append(original[pos:m.start()])
        index.extend(range(pos, m.start()))
        pos = m.end()
    kept.append(original[pos:])
    index.extend(range(pos, len(original)))
    text = "".join(kept).translate(_WIDTH).translate(RADICALS)
    simple = to_simplified(text)
    if len(simple) != len(text):  # a phrase conversion changed the length: convert character by character
        simple = "".join(to_simplified(ch) if len(to_simplified(ch)) == 1 else ch for ch in text)
    index.append(len(original))
    return Cleaned(simple, index)
