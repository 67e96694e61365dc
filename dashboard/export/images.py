"""One chart → one image: the dashboard's figure, laid out on a copy, rendered by kaleido."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import plotly.graph_objects as go

from .names import safe_filename  # noqa: F401 - re-exported
from .prepare import prepare_figure
from .render import render
from .sizes import Size, get_size


class ChartLike(Protocol):
    """What dashboard.chart_specs.ChartSpec provides (duck-typed so tests can pass their own)."""

    key: str
    title: str
    figure: go.Figure
    sources_text: str


@dataclass(frozen=True)
class Chart:
    """A chart to export; `Chart.of(spec)` accepts a chart_specs.ChartSpec."""

    key: str
    title: str
    figure: go.Figure
    sources_text: str = ""

    @classmethod
    def of(cls, spec: Any) -> Chart:
        return cls(spec.key, spec.title, spec.figure, getattr(spec, "sources_text", "") or "")


# progress(index starting at 1, total, chart, seconds it took)
Progress = Callable[[int, int, Chart, float], None]


def chart_image(chart: Any, fmt: str = "png", size: Size | str = "16:9") -> bytes:
    """PNG/SVG/PDF bytes of one chart at one of the export sizes, with title and source footnote."""
    chart = chart if isinstance(chart, Chart) else Chart.of(chart)
    size = get_size(size) if isinstance(size, str) else size
    fig = prepare_figure(chart.figure, size, title=chart.title, footnote=chart.sources_text)
    return render(fig, fmt, width=size.width, height=size.height, scale=size.scale)


def chart_images(
    charts: Sequence[Any], fmt: str, size: Size | str, progress: Progress | None = None
) -> list[tuple[Chart, bytes]]:
    out = []
    items = [c if isinstance(c, Chart) else Chart.of(c) for c in charts]
    for i, chart in enumerate(items, 1):
        t0 = time.perf_counter()
        data = chart_image(chart, fmt, size)
        if progress:
            progress(i, len(items), chart, time.perf_counter() - t0)
        out.append((chart, data))
    return out
