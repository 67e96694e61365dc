"""打印本页: a view's charts as one A4-landscape PDF, one chart per page, each with its title, unit line and
source footnote, the text layer searchable (see pdf_text.py). The server renders it, so it does not depend on
the browser's print layout (which scales or clips charts drawn for a wider screen)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from pypdf import PdfReader, PdfWriter

from .images import Progress, chart_images


def page_pdf(charts: Sequence[Any], progress: Progress | None = None) -> bytes:
    """One A4 landscape page (841.9×595.3 pt) per chart, in the page's order."""
    writer = PdfWriter()
    for _, data in chart_images(charts, "pdf", "a4", progress):
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    writer.add_metadata({"/Title": "党建成效统计看板", "/Creator": "djcx dashboard"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
