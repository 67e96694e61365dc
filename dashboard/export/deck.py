"""The PPTX deck: 16:9, a title slide, then one slide per chart (title, image, source footnote).

Every text run gets lang="zh-CN" and explicit latin / ea (East Asian) / cs typefaces, so
PowerPoint and WPS pick a Chinese font for the Han characters instead of a Latin theme font.
python-pptx only exposes <a:latin>, so <a:ea> and <a:cs> are added through its XML layer.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from .images import Chart, Progress
from .measure import text_px, wrap
from .native_chart import add_to_slide, from_figure
from .prepare import footnote_lines, prepare_figure, subtitle_text
from .render import render
from .sizes import Size

DECK_PX_WIDTH = 2080   # slide images: 12.5 in wide, ~166 dpi (layout 1040 px at scale 2: 14 px text ≈ 12 pt)

DECK_FONT = "Microsoft YaHei"   # on every run: latin, ea and cs (Linux viewers map it to Noto Sans CJK SC)
LANG = "zh-CN"
ALT_LANG = "en-US"

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)     # 16:9
MARGIN = Inches(0.4)
CONTENT_W = SLIDE_W - 2 * MARGIN
TITLE_TOP, TITLE_H = Inches(0.22), Inches(0.62)
SUBTITLE_H = Inches(0.36)
FOOT_BOTTOM = SLIDE_H - Inches(0.18)
GAP = Inches(0.08)
DARK = RGBColor(0x1F, 0x2A, 0x44)
GREY = RGBColor(0x55, 0x55, 0x55)
RED = RGBColor(0xC0, 0x00, 0x00)


@dataclass(frozen=True)
class Headline:
    """One big figure on the headline slide (see deck_content.headlines)."""

    label: str          # the indicator: 物业管理区域（小区）数
    value: str          # 707 个 / 7,700+ people
    subject: str        # 安徽省 · 城市未注明 · 2023年
    source: str         # [001]


@dataclass
class DeckMeta:
    """What the title slide says."""

    name: str = "党建成效统计看板"
    subtitle: str = ""                      # e.g. the view(s): 总览 · 覆盖率
    filters: list[str] = field(default_factory=list)   # "省份：山东省" …; empty → "全部数据"
    date: dt.date = field(default_factory=dt.date.today)
    lang: str = "zh"


def set_run_font(run, size_pt: float, *, bold: bool = False, color: RGBColor = DARK,
                 typeface: str = DECK_FONT) -> None:
    """Size, colour and the latin/ea/cs typefaces + zh-CN language on one run."""
    font = run.font
    font.size = Pt(size_pt)
    font.bold = bold
    font.color.rgb = color
    set_rpr_fonts(run._r.get_or_add_rPr(), typeface)  # noqa: SLF001


def set_rpr_fonts(rpr, typeface: str = DECK_FONT) -> None:
    """On an <a:rPr>/<a:endParaRPr>: lang, altLang and <a:latin>, <a:ea>, <a:cs> in schema order."""
    rpr.set("lang", LANG)
    rpr.set("altLang", ALT_LANG)
    for tag in ("a:latin", "a:ea", "a:cs"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    for tag in ("a:latin", "a:ea", "a:cs"):   # after fills/effects, before sym/hlinkClick/rtl/extLst
        el = rpr.makeelement(qn(tag), {"typeface": typeface})
        rpr.insert_element_before(el, "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")


def _text_box(slide, box, lines: Sequence[str], size_pt: float, *, bold=False, color=DARK,
              align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP, name: str = ""):
    shape = slide.shapes.add_textbox(*box)
    if name:
        shape.name = name
    tf = shape.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    tf.margin_left = tf.margin_right = Inches(0.05)
    for i, line in enumerate(lines):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        para.alignment = align
        run = para.add_run()
        run.text = line
        set_run_font(run, size_pt, bold=bold, color=color)
        set_rpr_fonts(para._p.get_or_add_endParaRPr())  # noqa: SLF001
    return shape


def _footnote_layout(lines: list[str], width_emu: int) -> tuple[float, list[str]]:
    """Font size (10 pt, smaller for long source lists) and the wrapped lines of the footnote."""
    width_pt = Emu(width_emu).pt - 10
    for size in (10, 9, 8):
        wrapped = [w for line in lines for w in wrap(line, width_pt, size)]
        if len(wrapped) <= 5:
            return size, wrapped
    return 8, wrapped


def title_slide(prs, meta: DeckMeta, left_out: Sequence[str] = ()) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])   # blank
    zh = meta.lang == "zh"
    name = meta.name if zh else f"{meta.name} · Party-Building Outcomes Dashboard"
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(2.0), SLIDE_W, Inches(0.08))
    band.fill.solid()
    band.fill.fore_color.rgb = RED
    band.line.fill.background()
    _text_box(slide, (Inches(0.8), Inches(2.25), SLIDE_W - Inches(1.6), Inches(1.2)), [name], 40 if zh else 32,
              bold=True, anchor=MSO_ANCHOR.TOP, name="Title")
    y = Inches(3.55)
    if meta.subtitle:
        _text_box(slide, (Inches(0.8), y, SLIDE_W - Inches(1.6), Inches(0.6)), [meta.subtitle], 22, name="Views")
        y += Inches(0.7)
    label = "筛选条件" if zh else "Filters"
    filters = meta.filters or (["全部数据（未筛选）"] if zh else ["All data (no filters)"])
    _text_box(slide, (Inches(0.8), y, SLIDE_W - Inches(1.6), Inches(1.6)),
              [f"{label}：" if zh else f"{label}:", *filters], 16, color=GREY, name="Filters")
    if left_out:
        note = ("未纳入（当前筛选条件下无数据）：" if zh else "Left out (no data under these filters): ") + \
            ("；" if zh else "; ").join(left_out)
        _text_box(slide, (Inches(0.8), Inches(6.1), SLIDE_W - Inches(1.6), Inches(0.5)), [note], 12,
                  color=GREY, name="LeftOut")
    date_label = "导出日期" if zh else "Exported"
    _text_box(slide, (Inches(0.8), Inches(6.6), SLIDE_W - Inches(1.6), Inches(0.5)),
              [f"{date_label}：{meta.date.isoformat()}" if zh else f"{date_label}: {meta.date.isoformat()}"],
              14, color=GREY, name="Date")


def headline_slide(prs, items: Sequence[Headline], lang: str = "zh") -> None:
    """The headline numbers: up to six big figures, each with its subject, year and report."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    zh = lang == "zh"
    _text_box(slide, (MARGIN, TITLE_TOP, CONTENT_W, TITLE_H), ["核心数据" if zh else "Headline figures"], 26,
              bold=True, anchor=MSO_ANCHOR.MIDDLE, name="Title")
    cols, gap = 3, Inches(0.25)
    w = (CONTENT_W - gap * (cols - 1)) // cols
    h = Inches(2.6)
    for i, item in enumerate(items[:6]):
        left = MARGIN + (w + gap) * (i % cols)
        top = TITLE_TOP + TITLE_H + Inches(0.35) + (h + gap) * (i // cols)
        card = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, w, h)
        card.name = f"Headline {i + 1}"
        card.fill.solid()
        card.fill.fore_color.rgb = RGBColor(0xF7, 0xF3, 0xF0)
        card.line.color.rgb = RGBColor(0xE2, 0xD6, 0xCF)
        pad = Inches(0.15)
        _text_box(slide, (left + pad, top + pad, w - 2 * pad, Inches(0.45)), [item.label], 14, color=GREY,
                  name=f"Label {i + 1}")
        size = 40 if text_px(item.value, 40) <= Emu(w - 2 * pad).pt - 10 else 28
        _text_box(slide, (left + pad, top + Inches(0.6), w - 2 * pad, Inches(0.9)), [item.value], size, bold=True,
                  color=RED, name=f"Value {i + 1}")
        _text_box(slide, (left + pad, top + Inches(1.6), w - 2 * pad, Inches(0.9)), [item.subject, item.source],
                  11, color=GREY, name=f"Subject {i + 1}")
    _text_box(slide, (MARGIN, FOOT_BOTTOM - Inches(0.45), CONTENT_W, Inches(0.45)),
              ["每项数据来自所注报告；编号见“指标与来源”页。" if zh else
               "Each figure is from the report in brackets; see the Figures & sources page."], 10, color=GREY,
              anchor=MSO_ANCHOR.BOTTOM, name="Sources")


def _notes(slide, lines: Sequence[str]) -> None:
    if lines:
        slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def chart_slide(prs, chart: Chart, image_for: Callable[[Size], bytes], notes: Sequence[str] = ()) -> None:
    """Title (+ the unit line), the chart (a native PowerPoint chart where its type allows, else an
    image) in the space left, the sources and notes as text, and the figures' locations as speaker notes."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    size = 26 if text_px(chart.title, 26) <= Emu(CONTENT_W).pt - 10 else 20
    _text_box(slide, (MARGIN, TITLE_TOP, CONTENT_W, TITLE_H), [chart.title], size, bold=True,
              anchor=MSO_ANCHOR.MIDDLE, name="Title")
    top = TITLE_TOP + TITLE_H
    subtitle = subtitle_text(chart.figure)
    if subtitle:
        _text_box(slide, (MARGIN, top, CONTENT_W, SUBTITLE_H), [subtitle], 14, color=GREY,
                  anchor=MSO_ANCHOR.TOP, name="Unit")
        top += SUBTITLE_H
    top += GAP
    foot_size, lines = _footnote_layout(footnote_lines(chart.figure, chart.sources_text), CONTENT_W)
    foot_h = int(Pt(foot_size * 1.3).emu * max(len(lines), 1)) + Inches(0.1) if lines else 0
    foot_top = FOOT_BOTTOM - foot_h
    if lines:
        _text_box(slide, (MARGIN, foot_top, CONTENT_W, foot_h), lines, foot_size, color=GREY,
                  anchor=MSO_ANCHOR.BOTTOM, name="Sources")
    box_h = foot_top - GAP - top
    _notes(slide, notes)
    native = from_figure(chart.figure, chart.key)
    if native is not None:
        add_to_slide(slide, native, (MARGIN, top, CONTENT_W, box_h), set_rpr_fonts)
        return
    img = Size("slide", "幻灯片图片", "slide image", DECK_PX_WIDTH, round(DECK_PX_WIDTH * box_h / CONTENT_W))
    slide.shapes.add_picture(io.BytesIO(image_for(img)), MARGIN, top, CONTENT_W, box_h)


def deck_image(chart: Chart, size: Size) -> bytes:
    """The slide's PNG: the chart without its own title, unit line and footnote (the slide has them)."""
    fig = prepare_figure(chart.figure, size, title=chart.title, footnote=chart.sources_text,
                         show_title=False, show_footnote=False)
    return render(fig, "png", width=size.width, height=size.height, scale=size.scale)


def build_deck(charts: Sequence[Any], meta: DeckMeta | None = None, progress: Progress | None = None,
               headlines: Sequence[Headline] = (), notes: dict[str, list[str]] | None = None) -> bytes:
    """Title slide, the headline numbers (when given), then a slide per chart with speaker notes."""
    meta = meta or DeckMeta()
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    prs.core_properties.title = meta.name + (f" · {meta.subtitle}" if meta.subtitle else "")
    prs.core_properties.language = LANG
    every = [c if isinstance(c, Chart) else Chart.of(c) for c in charts]
    # A chart with nothing drawn (no data under the filters) gets no slide; the title slide names it.
    items = [c for c in every if c.figure.data]
    title_slide(prs, meta, left_out=[c.title for c in every if not c.figure.data])
    if headlines:
        headline_slide(prs, headlines, meta.lang)
    for i, chart in enumerate(items, 1):
        t0 = time.perf_counter()
        chart_slide(prs, chart, lambda size, chart=chart: deck_image(chart, size), (notes or {}).get(chart.key, ()))
        if progress:
            progress(i, len(items), chart, time.perf_counter() - t0)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
