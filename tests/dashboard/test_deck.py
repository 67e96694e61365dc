"""The presenter's deck from the real warehouse: a headline slide, native PowerPoint charts (pictures
only for maps), speaker notes with each figure's location, and a LibreOffice rendering without
missing glyphs or overlapping shapes."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from itertools import combinations
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard.export import DeckMeta, render
from dashboard.export.chart_selection import collect, expand_views, make_filters
from dashboard.export.deck_content import deck_for, fact_ids


@pytest.fixture(scope="module")
def deck(built_warehouse: Path, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("DJCX_WAREHOUSE", str(built_warehouse))
    render.start()
    f = make_filters(lang="zh")
    charts = [c for g in collect(expand_views("all"), f) for c in g.charts]
    data = deck_for(f, charts, DeckMeta(subtitle="总览 · 覆盖率 · 地区对比 · 地图"))
    mp.undo()
    path = tmp_path_factory.mktemp("deck") / "deck.pptx"
    path.write_bytes(data)
    return path, charts


def test_native_charts_headline_slide_and_pictures_only_for_maps(deck):
    path, charts = deck
    slides = list(Presentation(str(path)).slides)
    assert len(slides) == 2 + len(charts)
    headline = slides[1]
    values = [s.text_frame.text for s in headline.shapes if s.name.startswith("Value ")]
    assert 3 <= len(values) <= 6 and all(re.search(r"\d", v) for v in values)
    for slide, chart in zip(slides[2:], charts, strict=True):
        kinds = {s.shape_type for s in slide.shapes}
        title = next(s.text_frame.text for s in slide.shapes if s.name == "Title")
        assert title == chart.title
        if chart.key.startswith("map"):
            assert MSO_SHAPE_TYPE.PICTURE in kinds and MSO_SHAPE_TYPE.CHART not in kinds
        else:
            native = [s for s in slide.shapes if s.has_chart]
            assert len(native) == 1, chart.key
            plot = native[0].chart.plots[0]
            assert plot.categories and all(len(list(s.values)) == len(plot.categories) for s in plot.series)
        assert any(s.name == "Sources" and "来源" in s.text_frame.text for s in slide.shapes)


def test_speaker_notes_give_locations_not_text(deck):
    path, charts = deck
    slides = list(Presentation(str(path)).slides)[2:]
    for slide, chart in zip(slides, charts, strict=True):
        notes = slide.notes_slide.notes_text_frame.text
        ids = fact_ids(chart.figure)
        if ids:
            assert ids[0] in notes and re.search(r"第 \d+–\d+ 字符（sha256 [0-9a-f]{12}…）", notes)
        assert not re.search(r"[\u4e00-\u9fff，。]{40,}", notes)     # no sentence copied from a report


def _boxes(slide):
    for s in slide.shapes:
        if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE:      # backgrounds: the title band, the headline cards
            continue
        yield s.name, (s.left, s.top, s.left + s.width, s.top + s.height)


def test_nothing_overlaps_on_any_slide(deck):
    path, _ = deck
    prs = Presentation(str(path))
    for n, slide in enumerate(prs.slides, 1):
        for (a, (l1, t1, r1, b1)), (b, (l2, t2, r2, b2)) in combinations(list(_boxes(slide)), 2):
            assert min(r1, r2) <= max(l1, l2) or min(b1, b2) <= max(t1, t2), f"slide {n}: {a} overlaps {b}"
        for name, (left, top, right, bottom) in _boxes(slide):
            assert left >= 0 and top >= 0 and right <= prs.slide_width and bottom <= prs.slide_height, name


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is installed by `make test` (setup --test)")
def test_libreoffice_renders_every_slide_with_its_chinese(deck, tmp_path):
    path, charts = deck
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "deck.pdf"
    from pypdf import PdfReader

    assert len(PdfReader(str(pdf)).pages) == 2 + len(charts)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"NotoSansCJK|Noto Sans CJK", fonts), fonts      # Chinese drawn with a CJK font
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    for chart in charts:
        assert chart.title in text
    assert "核心数据" in text and "\ufffd" not in text
    # a glyph no font has would be drawn as the .notdef box by a last-resort font
    assert "LastResort" not in fonts


def test_deck_opens_in_python_pptx_from_bytes(deck):
    path, _ = deck
    prs = Presentation(io.BytesIO(path.read_bytes()))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.001
