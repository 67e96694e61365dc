"""A report file → its plain text, the text every offset refers to.

- ``.txt``: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK or Big5, told apart by
  charset-normalizer; the text is kept exactly as decoded.
- ``.html``/``.htm``: a saved news page; the article is kept (headings and paragraphs of running text),
  the page chrome (scripts, styles, navigation, headers, footers, share bars, comment boxes) is dropped.
- ``.docx``: paragraphs and table cells, one per line (python-docx).
- ``.pdf`` with a text layer: each page's text (pypdf). A PDF without one is refused with a clear message.

For the last three the extracted text is the source: ``SourceStore.put`` keeps it in the source library
(``data/sources/``, never committed) under the sha256 of its UTF-8 bytes, beside the sha256 of the
original file, so offsets always refer to a text the product keeps.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path

from core.radicals import RADICALS

KINDS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
MAX_BYTES = 50_000_000


class DocumentError(ValueError):
    """A file that cannot give a text (unknown kind, undecodable, no text layer)."""


@dataclass(frozen=True)
class Document:
    name: str
    kind: str                 # txt | html | docx | pdf
    text: str
    encoding: str | None      # of a txt/html file
    original_sha256: str      # of the file as given
    text_sha256: str          # of the text (UTF-8), what a report registers

    def meta(self) -> dict:
        d = asdict(self)
        d.pop("text")
        return d


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode(data: bytes, name: str = "") -> tuple[str, str]:
    """Bytes of a text file → (text, encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16_le", "utf_16_be"]).best()
    if best is None:
        raise DocumentError(f"{name}: 无法识别文字编码（不是 UTF-8、GB18030/GBK 或 Big5） / "
                            "cannot tell the text encoding (not UTF-8, GB18030/GBK or Big5)")
    encoding = best.encoding.replace("_", "-")
    return data.decode(best.encoding), encoding


# ------------------------------------------------------------------ html

_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button",
         "select", "template", "head"}
_BLOCK = {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "td", "th", "br",
          "blockquote", "pre", "dd", "dt", "table", "ul", "ol"}
_CHROME = re.compile(r"nav|menu|footer|header|breadcrumb|share|comment|sidebar|copyright|related|login|toolbar|"
                     r"banner|advert|\bad\b|recommend|hot|rank|tag", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")


class _Article(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.in_article = 0
        self.article_blocks: list[int] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        chrome = tag in _SKIP or bool(_CHROME.search(f"{a.get('class', '')} {a.get('id', '')}"))
        if tag in ("br", "img", "hr", "meta", "link", "input"):
            self.blocks.append([])
            return
        self.stack.append((tag, chrome))
        if chrome:
            self.skip_depth += 1
        if tag == "article":
            self.in_article += 1
        if tag in _BLOCK:
            self.blocks.append([])

    def handle_endtag(self, tag):
        while self.stack:
            t, chrome = self.stack.pop()
            if chrome:
                self.skip_depth -= 1
            if t == "article":
                self.in_article -= 1
            if t == tag:
                break
        if tag in _BLOCK:
            self.blocks.append([])

    def handle_data(self, data):
        if self.skip_depth <= 0 and data.strip():
            if self.in_article and len(self.blocks) - 1 not in self.article_blocks:
                self.article_blocks.append(len(self.blocks) - 1)
            self.blocks[-1].append(data)


def html_text(markup: str) -> str:
    """The article of a page: the blocks of an <article> if there is one, else every block of running text
    (at least 8 Chinese characters, or a heading), page chrome dropped."""
    parser = _Article()
    parser.feed(markup)
    parser.close()
    blocks = [" ".join(" ".join(b).split()) for b in parser.blocks]
    if parser.article_blocks:
        keep = [blocks[i] for i in parser.article_blocks]
    else:
        keep = [b for b in blocks if len(_CJK.findall(b)) >= 8]
    title = re.search(r"<title[^>]*>(.*?)</title>", markup, re.S | re.I)
    lines = [b for b in keep if b]
    if title and lines and html.unescape(title.group(1)).strip()[:10] not in lines[0]:
        lines.insert(0, " ".join(html.unescape(title.group(1)).split()))
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ docx, pdf

def docx_text(data: bytes) -> str:
    import docx

    doc = docx.Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(line for line in lines if line.strip()) + "\n"


def pdf_text(data: bytes, name: str = "") -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = [(page.extract_text() or "") for page in reader.pages]
    text = "\n".join(p.strip("\n") for p in pages).translate(RADICALS)   # ⼈ (a Kangxi radical) → 人
    if not _CJK.search(text) and not re.search(r"\d", text):
        raise DocumentError(f"{name}: PDF 没有文字层（可能是扫描件），请提供文字版 / the PDF has no text layer "
                            "(a scan?): give a text version")
    return text + "\n"


def read_document(data: bytes, name: str) -> Document:
    """Bytes of a report file → its text (see the module docstring)."""
    kind = KINDS.get(Path(name).suffix.lower())
    if kind is None:
        raise DocumentError(f"{name}: 不支持的文件类型，可用 .txt .html .docx .pdf / unsupported file type: "
                            "use .txt, .html, .docx or .pdf")
    if len(data) > MAX_BYTES:
        raise DocumentError(f"{name}: 文件过大 / file too large ({len(data) // 1_000_000} MB)")
    encoding = None
    if kind == "txt":
        text, encoding = decode(data, name)
    elif kind == "html":
        meta = re.search(rb"charset=[\"']?([\w-]+)", data[:4096])
        try:
            raw, encoding = (data.decode(meta.group(1).decode()), meta.group(1).decode()) if meta else decode(data, name)
        except (LookupError, UnicodeDecodeError):
            raw, encoding = decode(data, name)
        text = html_text(raw)
    elif kind == "docx":
        text = docx_text(data)
    else:
        text = pdf_text(data, name)
    return Document(Path(name).name, kind, text, encoding, hashlib.sha256(data).hexdigest(), sha256_text(text))


class SourceStore:
    """The source library on disk: ``<text sha256>.txt`` (UTF-8) and ``<text sha256>.json`` (where it came
    from). Readers find a text by the sha256 a report registers (``core.sources.SourceLibrary``)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def put(self, doc: Document) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# report texts are never committed\n*\n", encoding="utf-8")
        path = self.folder / f"{doc.text_sha256}.txt"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(doc.text.encode("utf-8"))
            tmp.replace(path)
        (self.folder / f"{doc.text_sha256}.json").write_text(json.dumps(doc.meta(), ensure_ascii=False, indent=1),
                                                             encoding="utf-8")
        return path

    def texts(self) -> list[dict]:
        """What the library holds: one record per text (name, kind, sha256s)."""
        out = []
        for meta in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            try:
                out.append(json.loads(meta.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue
        return out
