"""Chart export: PNG/SVG/PDF sizes and content, Chinese glyphs (not tofu), the ZIP and the PPTX deck.

One warm kaleido server (system Chromium) serves the whole module; about a dozen small renders.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import plotly.graph_objects as go
import pytest
from PIL import Image, ImageChops
from pptx import Presentation
from pptx.oxml.ns import qn

from dashboard.export import (
    Chart,
    DeckMeta,
    NoCJKFontError,
    build_deck,
    build_zip,
    chart_image,
    fonts,
    render,
)
from dashboard.export.prepare import prepare_figure
from dashboard.export.sizes import SIZES

TITLE = "党组织覆盖率排名"
SOURCES = "来源：[001] 某市党建工作报告 · 市委组织部 · 2023年5月"
NOTE = "示意：数据为测试用"


def builder_like_figure(title: str = TITLE, sources: str = SOURCES) -> go.Figure:
    """A figure shaped like the dashboard builders' output: bold title, unit in the subtitle,
    a footnote annotation under the plot and its lines in layout.meta["sources"]."""
    fig = go.Figure(go.Bar(y=["淄博市", "三明市", "济南市", "连云港市"], x=[95, 88, 100, 76], orientation="h",
                           marker_color="#B8141B", text=["95%", "88%", "100%", "76%"], textposition="outside"))
    fig.update_layout(title={"text": f"<b>{title}</b>", "subtitle": {"text": "单位：%"}},
                      font={"family": fonts.FONT_FAMILY, "size": 14}, height=700, plot_bgcolor="white",
                      margin={"l": 24, "r": 32, "t": 88, "b": 80}, meta={"sources": [sources]})
    fig.add_annotation(text=f"{sources}<br>{NOTE}", xref="paper", yref="paper", x=0, y=0, xanchor="left",
                       yanchor="top", yshift=-34, showarrow=False, align="left")
    return fig


@pytest.fixture(scope="module")
def warm():
    """The process-wide kaleido server: started once, kept warm for the other export tests,
    stopped at interpreter exit (render.stop is registered with atexit)."""
    render.start()


@pytest.fixture(scope="module")
def charts():
    other = "来源：[002] 报告乙 · 出版方 · 2021年"
    return [Chart("c1", TITLE, builder_like_figure(), SOURCES),
            Chart("c2", "各市党员人数", builder_like_figure("各市党员人数", other), other)]


def png(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


# ------------------------------------------------------------------ fonts: no tofu, ever

def test_fontconfig_resolves_a_cjk_font_and_the_export_uses_it():
    families = fonts.cjk_families()
    assert families, "fontconfig lists no font for :lang=zh"
    used = fonts.require_cjk_font()
    assert used in families
    fig = prepare_figure(builder_like_figure(), SIZES["16:9"])
    assert fig.layout.font.family.split(",")[0].strip() == used == "Noto Sans CJK SC"
    assert used in fig.layout.annotations[-1].font.family   # the footnote too


def test_export_refuses_without_a_cjk_font(monkeypatch, charts):
    monkeypatch.setattr(fonts, "cjk_families", lambda: ())
    with pytest.raises(NoCJKFontError, match="fonts-noto-cjk"):
        chart_image(charts[0], "png")


def _text_image(text: str) -> Image.Image:
    fig = go.Figure()
    fig.add_annotation(text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font={"size": 48, "family": fonts.FONT_FAMILY})
    fig.update_layout(xaxis_visible=False, yaxis_visible=False, margin={"l": 0, "r": 0, "t": 0, "b": 0},
                      paper_bgcolor="white", plot_bgcolor="white")
    return png(render.render(fig, "png", width=320, height=100, scale=1)).convert("L")


def test_chinese_is_rendered_as_glyphs_not_tofu(warm):
    """Missing glyphs all draw the same box, so two different strings render alike. Real Chinese
    glyphs differ from each other and from the boxes of private-use characters (no font has them)."""
    tofu_a, tofu_b = _text_image("\ue000\ue001\ue002\ue003"), _text_image("\ue010\ue011\ue012\ue013")
    zh_a, zh_b = _text_image("党建成效"), _text_image("统计看板")
    same = lambda a, b: ImageChops.difference(a, b).getbbox() is None  # noqa: E731
    assert same(tofu_a, tofu_b), "control: missing glyphs should all look alike"
    assert not same(zh_a, zh_b)
    assert not same(zh_a, tofu_a) and not same(zh_b, tofu_a)
    # ink on white: inverted, the glyphs are the only non-zero pixels, so a blank render has no box
    assert ImageChops.invert(zh_a).getbbox() is not None
    assert ImageChops.invert(_text_image(" ")).getbbox() is None, "control: a blank render has no ink"


# ------------------------------------------------------------------ images

@pytest.mark.parametrize("size", ["16:9", "4:3", "a4"])
def test_png_has_the_requested_pixel_size_and_is_not_blank(warm, charts, size):
    img = png(chart_image(charts[0], "png", size))
    assert img.size == (SIZES[size].px_width, SIZES[size].px_height)
    colors = img.getcolors(maxcolors=1 << 20)
    assert colors is not None and len(colors) > 20           # text, bars, grey footnote, antialiasing
    assert any(r > 150 and g < 60 and b < 60 for _, (r, g, b) in colors)   # the red bars are drawn


def test_svg_carries_title_unit_footnote_and_font(warm, charts):
    svg = chart_image(charts[0], "svg").decode("utf-8")
    for text in (TITLE, "单位：%", "市委组织部", "2023年5月", NOTE, "淄博市"):
        assert text in svg
    assert "Noto Sans CJK SC" in svg
    assert 'width="960"' in svg and 'height="540"' in svg


def test_pdf_contains_the_chinese_title(warm, charts, tmp_path):
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils is part of the project's setup (make system)"
    path = tmp_path / "c.pdf"
    path.write_bytes(chart_image(charts[0], "pdf", "4:3"))
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert TITLE in text and "市委组织部" in text


def test_export_adjusts_a_copy_and_keeps_one_footnote():
    fig = builder_like_figure()
    before = fig.to_json()
    out = prepare_figure(fig, SIZES["a4"], footnote="should not be used: the builder's footnote wins")
    assert fig.to_json() == before                            # the dashboard's figure is untouched
    # A4 landscape laid out in CSS px (841.9×595.3 pt; it was 1754×1240 px, a 1315.9×930 pt page)
    assert (round(out.layout.width, 1), round(out.layout.height, 1)) == (1122.5, 793.6)
    notes = [a for a in out.layout.annotations if SOURCES in (a.text or "")]
    assert len(notes) == 1 and NOTE in notes[0].text
    assert not any("should not be used" in (a.text or "") for a in out.layout.annotations)
    assert out.layout.font.size > 14                          # fonts scale up on the A4 page


def test_zip_holds_one_numbered_file_per_chart(warm, charts):
    data = build_zip(charts, "svg", "16:9")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        assert [i.filename for i in infos] == [f"01_{TITLE}.svg", "02_各市党员人数.svg"]
        assert all(i.flag_bits & 0x800 for i in infos)        # UTF-8 names: Chinese survives unzip
        assert TITLE in zf.read(infos[0]).decode("utf-8")


# ------------------------------------------------------------------ the deck

def test_pptx_deck(warm, charts):
    meta = DeckMeta(subtitle="地区对比", filters=["省份：山东省"])
    prs = Presentation(io.BytesIO(build_deck(charts, meta)))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.001
    slides = list(prs.slides)
    assert len(slides) == 1 + len(charts)

    def texts(slide):
        return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)

    first = texts(slides[0])
    assert "党建成效统计看板" in first and "省份：山东省" in first and meta.date.isoformat() in first
    for slide, chart in zip(slides[1:], charts, strict=True):
        body = texts(slide)
        assert chart.title in body and "单位：%" in body
        assert chart.sources_text in body                     # the source footnote, as text on the slide
        native = [s for s in slide.shapes if s.has_chart]    # a bar chart: native and editable, not a picture
        assert len(native) == 1 and not [s for s in slide.shapes if s.shape_type == 13]
        plot = native[0].chart.plots[0]
        assert list(plot.categories) == list(chart.figure.data[0].y)
        assert list(plot.series[0].values) == list(chart.figure.data[0].x)
        assert [p.data_label.text_frame.text for p in plot.series[0].points] == list(chart.figure.data[0].text)
    picture = Chart("map-x", "地图", builder_like_figure("地图"), SOURCES)     # maps stay pictures
    pic_slide = list(Presentation(io.BytesIO(build_deck([picture], meta))).slides)[1]
    pics = [s for s in pic_slide.shapes if s.shape_type == 13]
    assert len(pics) == 1 and png(pics[0].image.blob).size[0] >= 1920
    runs = [r for s in slides for sh in s.shapes if sh.has_text_frame
            for p in sh.text_frame.paragraphs for r in p.runs]
    assert runs
    for run in runs:
        rpr = run._r.find(qn("a:rPr"))
        assert rpr.get("lang") == "zh-CN" and rpr.get("altLang") == "en-US"
        faces = {tag: rpr.find(qn(f"a:{tag}")) for tag in ("latin", "ea", "cs")}
        assert all(el is not None and el.get("typeface") for el in faces.values())
        assert faces["ea"].get("typeface") in ("Microsoft YaHei", "Noto Sans CJK SC")
        children = [c.tag for c in rpr]
        assert children.index(qn("a:latin")) < children.index(qn("a:ea")) < children.index(qn("a:cs"))


def test_a_chart_with_nothing_drawn_gets_no_slide_but_is_named(warm, charts):
    empty = Chart("c0", "覆盖率：各指标与地区", go.Figure(), "")
    prs = Presentation(io.BytesIO(build_deck([empty, *charts], DeckMeta())))
    slides = list(prs.slides)
    assert len(slides) == 1 + len(charts)
    first = "\n".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame)
    assert "未纳入（当前筛选条件下无数据）：覆盖率：各指标与地区" in first


def test_one_warm_server_serves_every_render(warm, charts):
    render.start()
    thread = render._server()._thread  # noqa: SLF001
    chart_image(charts[1], "svg")
    assert render.is_running() and render._server()._thread is thread  # noqa: SLF001


def test_a4_pdf_is_a4_landscape(warm, charts):
    """"A4 横向" gave a 1315.9×930 pt page (issue #11, defect 5); A4 landscape is 841.9×595.3 pt."""
    from pypdf import PdfReader

    pdf = chart_image(charts[0], "pdf", "a4")
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert abs(float(box.width) - 841.9) < 1 and abs(float(box.height) - 595.3) < 1


def test_zip_members_are_readable_and_dated_now(warm, charts):
    import time
    import zipfile

    from dashboard.export import build_zip

    zf = zipfile.ZipFile(io.BytesIO(build_zip(charts[:1], "svg")))
    info = zf.infolist()[0]
    assert (info.external_attr >> 16) & 0o777 == 0o644
    assert info.date_time[0] == time.localtime().tm_year


# 比 一 人 大 用 日 面 门 长: each has a Kangxi radical or radical-supplement look-alike sharing its glyph
RADICAL_PRONE = "比一人大用日面门长"


def test_pdf_text_layer_has_the_chinese_title_not_radicals(warm, charts):
    """About 10% of exported Chinese extracted as Kangxi radicals (⽐ for 比; issue #11, defect 5):
    pdftotext must return the chart's title exactly."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    title = f"{RADICAL_PRONE}党组织覆盖率"
    chart = Chart("k", title, builder_like_figure(title), SOURCES)
    pdf = chart_image(chart, "pdf", "a4")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert title in text.split("\n")
    assert not [c for c in text if 0x2E80 <= ord(c) <= 0x2FDF]


def test_fix_cmap_rewrites_radicals_in_ranges_and_keeps_the_rest():
    from dashboard.export.pdf_text import _entries, fix_cmap

    cmap = ("begincmap\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
            "2 beginbfchar\n<01> <2F50>\n<02> <0041>\nendbfchar\n"       # ⽐ → 比
            "1 beginbfrange\n<10> <12> <2F00>\nendbfrange\n"             # ⼀ ⼁ ⼂ (a range)
            "1 beginbfrange\n<20> <21> [<2ED4> <2F3E>]\nendbfrange\nendcmap\n")   # ⻔ → 门, ⼾ → 户 or 戶
    fixed = fix_cmap(cmap, drawn="比一户门")
    got = _entries(fixed)
    assert got == {"01": "比", "02": "A", "10": "一", "11": "丨", "12": "丶", "20": "门", "21": "户"}
    assert fixed.startswith("begincmap\n1 begincodespacerange") and fixed.endswith("endcmap\n")
    assert _entries(fix_cmap(cmap, drawn="戶"))["21"] == "戶"     # the figure's own character wins
    assert fix_cmap("1 beginbfchar\n<01> <6BD4>\nendbfchar\n", drawn="") is None


def test_print_this_page_pdf_is_a4_landscape_one_chart_per_page(warm, charts):
    from pypdf import PdfReader

    from dashboard.export.print_pdf import page_pdf

    reader = PdfReader(io.BytesIO(page_pdf(charts)))
    assert len(reader.pages) == len(charts)
    for page, chart in zip(reader.pages, charts, strict=True):
        assert abs(float(page.mediabox.width) - 841.9) < 1 and abs(float(page.mediabox.height) - 595.3) < 1
        assert chart.title in page.extract_text()
