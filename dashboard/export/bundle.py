"""All charts of a view as one ZIP of PNG/SVG/PDF files, numbered in the view's order."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Sequence
from typing import Any

from .images import Progress, chart_images
from .names import safe_filename
from .sizes import Size


def zip_names(titles: Sequence[str], ext: str) -> list[str]:
    """`01_标题.png`, `02_…`; unique even when two charts share a title."""
    names, seen = [], set()
    for i, title in enumerate(titles, 1):
        stem = f"{i:02d}_{safe_filename(title)}"
        name = f"{stem}.{ext}"
        n = 2
        while name in seen:
            name, n = f"{stem}_{n}.{ext}", n + 1
        seen.add(name)
        names.append(name)
    return names


def build_zip(
    charts: Sequence[Any], fmt: str = "png", size: Size | str = "16:9", progress: Progress | None = None
) -> bytes:
    rendered = chart_images(charts, fmt, size, progress)
    names = zip_names([c.title for c, _ in rendered], fmt)
    buf = io.BytesIO()
    now = time.localtime()[:6]                        # the files are dated when they were made
    # zipfile marks non-ASCII names as UTF-8 (flag bit 11), so Chinese names survive unzip.
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, (_, data) in zip(names, rendered, strict=True):
            kind = zipfile.ZIP_STORED if fmt == "png" else zipfile.ZIP_DEFLATED
            info = zipfile.ZipInfo(name, date_time=now)
            info.external_attr = 0o644 << 16          # rw-r--r-- when unzipped, not 0600
            zf.writestr(info, data, compress_type=kind)
    return buf.getvalue()
