"""A dashboard figure as a native, editable PowerPoint chart (python-pptx chart objects).

Read from the Plotly figure the builders made, so the slide shows the same numbers and labels:
- bars (horizontal or vertical) → a clustered bar / column chart, a series per trace;
- named marker traces on a category axis (the coverage dot plot) → a clustered bar chart, one series
  per kind of rate (reported, computed from n/N);
- lines over years (the trend) → a line chart with markers, a series per region.
Each point keeps its own label (7700+, 97% · 2017), so qualifiers survive the conversion. Connector
lines and text-only traces are decoration and are left out. What PowerPoint cannot draw (the maps:
positions on a grid of longitude/latitude or tiles) returns None, and the slide gets a picture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import plotly.graph_objects as go
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.util import Pt

PICTURE_ONLY = ("map",)        # chart keys that start so are maps: a picture, never a chart
_TAG = re.compile(r"<[^>]+>")
PALETTE = ("B8141B", "1F4E79", "C9A227", "5B8C5A", "7F7F7F", "8E5572", "2E8B8B", "D2691E")


def plain(text) -> str:
    """Plotly label HTML (<b>品牌创建率</b><br>三明市) as one line of text: 品牌创建率 · 三明市."""
    s = str(text if text is not None else "")
    s = re.sub(r"<br\s*/?>", " · ", s)
    return _TAG.sub("", s).strip()


@dataclass
class NativeChart:
    kind: str                                   # "bar" | "column" | "line"
    categories: list[str]
    series: list[tuple[str, list[float | None], list[str]]] = field(default_factory=list)  # name, values, labels
    reverse: bool = False                        # first category on top (horizontal bars)
    percent: bool = False
    colors: list[str] = field(default_factory=list)

    @property
    def chart_type(self):
        return {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
                "line": XL_CHART_TYPE.LINE_MARKERS}[self.kind]


def _color(trace) -> str | None:
    c = getattr(getattr(trace, "marker", None), "color", None)
    if isinstance(c, str) and re.fullmatch(r"#[0-9A-Fa-f]{6}", c):
        return c[1:].upper()
    return None


def _labels(trace, n: int) -> list[str]:
    text = trace.text
    if text is None or isinstance(text, str):
        return [plain(text)] * n if text else [""] * n
    return [plain(x) for x in list(text)] + [""] * max(0, n - len(text))


def from_figure(fig: go.Figure, key: str = "") -> NativeChart | None:
    """The PowerPoint chart for `fig`, or None when it must be a picture."""
    if key.startswith(PICTURE_ONLY) or not fig.data:
        return None
    traces = [t for t in fig.data if t.type in ("bar", "scatter") and t.visible not in (False, "legendonly")]
    if len(traces) != len(fig.data):
        return None                                   # heatmaps, shapes-only … : a picture
    bars = [t for t in traces if t.type == "bar"]
    if bars and len(bars) == len(traces):
        return _bars(fig, bars)
    lines = [t for t in traces if t.type == "scatter" and "lines" in (t.mode or "") and t.name]
    if lines and all(_is_number(x) for t in lines for x in t.x if x is not None):
        return _lines(fig, lines)
    dots = [t for t in traces if t.type == "scatter" and "markers" in (t.mode or "") and t.name]
    if dots and all(isinstance(y, str) for t in dots for y in t.y if y is not None):
        return _dots(fig, dots)
    return None


def _is_number(x) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _percent(fig: go.Figure) -> bool:
    axis = fig.layout.xaxis
    return (axis.ticksuffix == "%") or (fig.layout.yaxis.ticksuffix == "%")


def _bars(fig: go.Figure, bars) -> NativeChart:
    horizontal = (bars[0].orientation or "v") == "h"
    cats: list[str] = []
    for t in bars:
        for c in (t.y if horizontal else t.x):
            if plain(c) not in cats:
                cats.append(plain(c))
    chart = NativeChart("bar" if horizontal else "column", cats, percent=_percent(fig),
                        reverse=horizontal and fig.layout.yaxis.autorange == "reversed")
    for i, t in enumerate(bars):
        keys, vals = (t.y, t.x) if horizontal else (t.x, t.y)
        by = {plain(k): (v, lab) for k, v, lab in zip(keys, vals, _labels(t, len(vals)), strict=False)}
        chart.series.append((plain(t.name) or f"{i + 1}", [by.get(c, (None, ""))[0] for c in cats],
                             [by.get(c, (None, ""))[1] for c in cats]))
        chart.colors.append(_color(t) or PALETTE[i % len(PALETTE)])
    return chart


def _dots(fig: go.Figure, dots) -> NativeChart:
    cats: list[str] = []
    for t in dots:
        for c in t.y:
            if c is not None and plain(c) not in cats:
                cats.append(plain(c))
    chart = NativeChart("bar", cats, percent=_percent(fig), reverse=fig.layout.yaxis.autorange == "reversed")
    for i, t in enumerate(dots):
        by = {plain(k): v for k, v in zip(t.y, t.x, strict=False) if k is not None}
        values = [by.get(c) for c in cats]
        suffix = "%" if chart.percent else ""
        chart.series.append((plain(t.name), values, [f"{v:g}{suffix}" if v is not None else "" for v in values]))
        chart.colors.append(_color(t) or PALETTE[i % len(PALETTE)])
    return chart


def _lines(fig: go.Figure, lines) -> NativeChart:
    xs = sorted({x for t in lines for x in t.x if x is not None})
    cats = [str(int(x)) if float(x).is_integer() else str(x) for x in xs]
    chart = NativeChart("line", cats, percent=_percent(fig))
    for i, t in enumerate(lines):
        by = dict(zip(t.x, zip(t.y, _labels(t, len(t.y)), strict=False), strict=False))
        chart.series.append((plain(t.name), [by.get(x, (None, ""))[0] for x in xs],
                             [by.get(x, (None, ""))[1] for x in xs]))
        chart.colors.append(_color(t) or PALETTE[i % len(PALETTE)])
    return chart


def add_to_slide(slide, native: NativeChart, box, set_fonts) -> object:
    """Place the chart in `box` (left, top, width, height); `set_fonts(rPr)` gives runs the CJK typefaces."""
    data = CategoryChartData(number_format='0.##"%"' if native.percent else "#,##0.##")
    data.categories = native.categories
    for name, values, _ in native.series:
        data.add_series(name, values)
    frame = slide.shapes.add_chart(native.chart_type, *box, data)
    frame.name = "Chart"
    chart = frame.chart
    chart.has_title = False                      # the slide's title says it (else PowerPoint shows "1")
    chart.has_legend = len(native.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
    chart.font.size = Pt(12)
    set_fonts(chart.font._rPr)  # noqa: SLF001 - python-pptx exposes only <a:latin>; CJK needs <a:ea>
    if native.kind in ("bar", "column"):
        chart.plots[0].gap_width = 60
        chart.plots[0].overlap = 0 if len(native.series) == 1 else -10
        if native.reverse:
            chart.category_axis.reverse_order = True
    value_axis = chart.value_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xDD, 0xDD, 0xDD)
    value_axis.tick_labels.font.size = Pt(11)
    chart.category_axis.tick_labels.font.size = Pt(11 if len(native.categories) <= 12 else 9)
    for plot_series, (_, values, labels), color in zip(chart.plots[0].series, native.series, native.colors,
                                                         strict=True):
        fill = plot_series.format
        if native.kind == "line":
            fill.line.color.rgb = RGBColor.from_string(color)
            fill.line.width = Pt(2.25)
            plot_series.marker.format.fill.solid()
            plot_series.marker.format.fill.fore_color.rgb = RGBColor.from_string(color)
        else:
            fill.fill.solid()
            fill.fill.fore_color.rgb = RGBColor.from_string(color)
        for j, (v, label) in enumerate(zip(values, labels, strict=True)):
            if v is None or not label:
                continue
            dl = plot_series.points[j].data_label
            dl.position = XL_LABEL_POSITION.OUTSIDE_END if native.kind != "line" else XL_LABEL_POSITION.ABOVE
            tf = dl.text_frame
            tf.text = label
            for para in tf.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(10)
                    set_fonts(run._r.get_or_add_rPr())  # noqa: SLF001
    return frame
