"""Kangxi radicals and CJK radical supplements → the unified ideograph they look like.

Fonts draw ⼈ (U+2F08) and 人 (U+4EBA) with one glyph, so a PDF's text layer, which maps glyphs back
to characters, may say ⼈ where 人 was meant: search and copy-paste then fail. Two places need the
way back: reading PDF reports (etl.extract) and our own exported PDFs (dashboard.export.pdf_text).

- U+2F00–U+2FD5 (Kangxi radicals): Unicode's compatibility decomposition (NFKC) names the ideograph.
- U+2E80–U+2EF3 (radical supplements, mostly simplified forms such as ⻔ 门): they have no
  decomposition. `SUPPLEMENT` is the ideograph that shares the glyph in Noto Sans CJK SC, derived
  once from the font's cmap (see docs/EXPORT.md); it agrees with Unicode's EquivalentUnifiedIdeograph.
One character for one, so offsets into the text do not move.
"""

from __future__ import annotations

import unicodedata

SUPPLEMENT: dict[int, int] = {
    0x2E82: 0x4E5B, 0x2E83: 0x4E5A, 0x2E85: 0x4EBB, 0x2E87: 0x20628, 0x2E89: 0x5202, 0x2E8B: 0x353E,
    0x2E8D: 0x2D544, 0x2E8F: 0x5C23, 0x2E90: 0x5C22, 0x2E92: 0x5DF3, 0x2E93: 0x5E7A, 0x2E94: 0x5F51,
    0x2E95: 0x5F50, 0x2E96: 0x5FC4, 0x2E98: 0x624C, 0x2E99: 0x6535, 0x2E9B: 0x65E1, 0x2E9E: 0x6B7A,
    0x2EA0: 0x6C11, 0x2EA1: 0x6C35, 0x2EA3: 0x706C, 0x2EA4: 0x722B, 0x2EA6: 0x4E2C, 0x2EA8: 0x72AD,
    0x2EA9: 0x248E9, 0x2EAD: 0x793B, 0x2EAE: 0x25AD7, 0x2EAF: 0x7CF9, 0x2EB0: 0x7E9F, 0x2EB1: 0x7F53,
    0x2EB3: 0x34C1, 0x2EB9: 0x8002, 0x2EBA: 0x8080, 0x2EBD: 0x26951, 0x2EBE: 0x8279, 0x2EC2: 0x8864,
    0x2EC5: 0x89C1, 0x2EC6: 0x89D2, 0x2EC7: 0x278B2, 0x2EC8: 0x8BA0, 0x2EC9: 0x8D1D, 0x2ECA: 0x27FB7,
    0x2ECB: 0x8F66, 0x2ECC: 0x8FB6, 0x2ED0: 0x9485, 0x2ED1: 0x9577, 0x2ED2: 0x9578, 0x2ED3: 0x957F,
    0x2ED4: 0x95E8, 0x2ED5: 0x28E0F, 0x2ED6: 0x961D, 0x2ED8: 0x9752, 0x2ED9: 0x97E6, 0x2EDA: 0x9875,
    0x2EDB: 0x98CE, 0x2EDC: 0x98DE, 0x2EDD: 0x98DF, 0x2EDE: 0x2967F, 0x2EDF: 0x98E0, 0x2EE0: 0x9963,
    0x2EE1: 0x29810, 0x2EE2: 0x9A6C, 0x2EE3: 0x9AA8, 0x2EE4: 0x9B3C, 0x2EE5: 0x9C7C, 0x2EE6: 0x9E1F,
    0x2EE7: 0x5364, 0x2EE8: 0x9EA6, 0x2EE9: 0x9EC4, 0x2EEA: 0x9EFE, 0x2EEB: 0x6589, 0x2EEC: 0x9F50,
    0x2EEE: 0x9F7F, 0x2EEF: 0x7ADC, 0x2EF0: 0x9F99, 0x2EF1: 0x9F9C, 0x2EF2: 0x4E80,
}

# the simplified-font reading where it differs from NFKC (⼾: NFKC 戶, Noto Sans CJK SC draws 户)
SIMPLIFIED_FORM: dict[int, int] = {0x2F3E: 0x6237}


def is_radical(ch: str) -> bool:
    return 0x2E80 <= ord(ch) <= 0x2FDF


def ideographs(ch: str) -> tuple[str, ...]:
    """The unified ideographs a radical may stand for, most likely first (empty if `ch` is none)."""
    cp = ord(ch)
    if not 0x2E80 <= cp <= 0x2FDF:
        return ()
    out: list[str] = []
    if cp in SUPPLEMENT:
        out.append(chr(SUPPLEMENT[cp]))
    nfkc = unicodedata.normalize("NFKC", ch)
    if len(nfkc) == 1 and nfkc != ch:
        out.append(nfkc)
    if cp in SIMPLIFIED_FORM:
        out.append(chr(SIMPLIFIED_FORM[cp]))
    return tuple(dict.fromkeys(out))


# str.translate table: each radical → its first ideograph
RADICALS = {c: ideographs(chr(c))[0] for c in range(0x2E80, 0x2FE0) if ideographs(chr(c))}


def unradical(text: str) -> str:
    """`text` with every radical replaced by its ideograph (same length)."""
    return text.translate(RADICALS)
