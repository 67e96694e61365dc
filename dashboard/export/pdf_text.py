"""The text layer of an exported PDF: the characters the chart shows, not radical look-alikes.

Chromium (Skia) writes each font's /ToUnicode CMap by reversing the font's cmap, glyph → code point.
Noto Sans CJK draws 一 and the Kangxi radical ⼀ with one glyph, and Skia may pick the radical: about
one Chinese character in ten then extracts as ⽐ for 比, and search or copy-paste fails. We rewrite the
CMaps: every radical becomes the ideograph it stands for, preferring the one the figure's own text
uses (the figure is what was drawn, so that is the character meant).
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.generic import StreamObject

from core.radicals import ideographs, is_radical

_BLOCK = re.compile(r"\d+\s+begin(bfchar|bfrange)(.*?)end\1", re.S)
_HEX = re.compile(r"<([0-9A-Fa-f]*)>")
_RANGE = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")


def _decode(hexstr: str) -> str:
    return bytes.fromhex(hexstr).decode("utf-16-be", errors="replace") if hexstr else ""


def _encode(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _entries(cmap: str) -> dict[str, str]:
    """source code (hex, as written) → destination text, from every bfchar and bfrange block."""
    out: dict[str, str] = {}
    for kind, body in _BLOCK.findall(cmap):
        if kind == "bfchar":
            hexes = _HEX.findall(body)
            for src, dst in zip(hexes[::2], hexes[1::2], strict=False):
                out[src] = _decode(dst)
            continue
        for lo, hi, dst in _RANGE.findall(body):
            width, start, end = len(lo), int(lo, 16), int(hi, 16)
            if dst.startswith("["):
                for i, d in enumerate(_HEX.findall(dst)):
                    out[f"{start + i:0{width}X}"] = _decode(d)
                continue
            first = _decode(dst[1:-1])
            for i in range(end - start + 1):
                out[f"{start + i:0{width}X}"] = first[:-1] + chr(ord(first[-1]) + i) if first else ""
    return out


def _choose(ch: str, drawn: str) -> str:
    if ch in drawn:                 # the figure really shows a radical: keep it
        return ch
    options = ideographs(ch)
    return next((o for o in options if o in drawn), options[0] if options else ch)


def fix_cmap(cmap: str, drawn: str) -> str | None:
    """The CMap with radicals mapped to ideographs, or None when it needs no change."""
    entries = _entries(cmap)
    if not any(is_radical(c) for dst in entries.values() for c in dst):
        return None
    fixed = {src: "".join(_choose(c, drawn) if is_radical(c) else c for c in dst) for src, dst in entries.items()}
    items = sorted(fixed.items(), key=lambda kv: int(kv[0], 16))
    blocks = []
    for i in range(0, len(items), 100):                 # at most 100 entries per block (PDF spec)
        chunk = items[i:i + 100]
        lines = "\n".join(f"<{src}> <{_encode(dst)}>" for src, dst in chunk)
        blocks.append(f"{len(chunk)} beginbfchar\n{lines}\nendbfchar")
    first = _BLOCK.search(cmap)
    last = list(_BLOCK.finditer(cmap))[-1]
    return cmap[:first.start()] + "\n".join(blocks) + cmap[last.end():]


def _fonts(reader: PdfReader):
    seen: set[int] = set()

    def walk(resources):
        if not resources:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            ref = getattr(font, "idnum", None)
            if ref in seen:
                continue
            seen.add(ref)
            yield font.get_object()
        for xobj in (resources.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Form":
                yield from walk(xobj.get("/Resources"))

    for page in reader.pages:
        yield from walk(page.get("/Resources"))


def fix_text_layer(pdf: bytes, drawn: str) -> bytes:
    """`pdf` with every font's ToUnicode CMap cleared of radical look-alikes (unchanged if none).

    Written as an incremental update (PDF 32000-1, 7.5.6): the original bytes stay as they are and the
    rewritten CMap streams are appended with their own xref section. Copying the whole document instead (a
    Type 3 font per 256 glyphs, hundreds of objects) took 0.4 s per chart.
    """
    reader = PdfReader(io.BytesIO(pdf))
    changed: list[tuple[int, int, bytes]] = []
    for font in _fonts(reader):
        for f in (font, *[d.get_object() for d in font.get("/DescendantFonts") or []]):
            ref = f.raw_get("/ToUnicode") if "/ToUnicode" in f else None
            if ref is None or not hasattr(ref, "idnum"):
                continue
            stream = ref.get_object()
            if not isinstance(stream, StreamObject):
                continue
            fixed = fix_cmap(stream.get_data().decode("latin-1"), drawn)
            if fixed is not None:
                changed.append((ref.idnum, ref.generation, fixed.encode("latin-1")))
    if not changed:
        return pdf
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = []
    for idnum, gen, data in changed:
        offsets.append((idnum, gen, len(out)))
        out += f"{idnum} {gen} obj\n<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream\nendobj\n"
    xref_at = len(out)
    out += b"xref\n"
    for idnum, gen, offset in sorted(offsets):
        out += f"{idnum} 1\n{offset:010d} {gen:05d} n \n".encode()
    trailer = reader.trailer
    extra = "".join(f" /{k[1:]} {trailer.raw_get(k).idnum} {trailer.raw_get(k).generation} R"
                    for k in ("/Root", "/Info") if k in trailer and hasattr(trailer.raw_get(k), "idnum"))
    prev = _startxref(pdf)
    out += f"trailer\n<< /Size {trailer['/Size']}{extra} /Prev {prev} >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)


def _startxref(pdf: bytes) -> int:
    tail = pdf[-1024:]
    i = tail.rfind(b"startxref")
    return int(tail[i + len(b"startxref"):].split()[0])


__all__ = ["fix_cmap", "fix_text_layer"]
