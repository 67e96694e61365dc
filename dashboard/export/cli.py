"""python -m dashboard.export — the dashboard's views as images, a ZIP or a PPTX deck, in batch.

    python -m dashboard.export --format pptx --out weekly.pptx --view all --province 山东省
    python -m dashboard.export --format png --out charts/ --view compare --size 4:3

One progress line per chart (with its render time) goes to stderr. Failures (no Chinese font,
no Chromium, no warehouse, nothing to export) exit non-zero with a message saying what to do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from .errors import ExportError
from .sizes import FORMATS, SIZES

FORMAT_CHOICES = ("pptx", "png", "svg", "pdf", "zip")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m dashboard.export",
                                description="导出看板图表（PNG/SVG/PDF、ZIP、PPTX）。Export dashboard charts.")
    p.add_argument("--format", required=True, choices=FORMAT_CHOICES)
    p.add_argument("--out", required=True, type=Path,
                   help="file (.pptx/.zip, or one image) or a folder for several images")
    p.add_argument("--view", default="all", choices=("overview", "coverage", "compare", "map", "all"))
    p.add_argument("--lang", default="zh", choices=("zh", "en"))
    p.add_argument("--size", default="16:9", choices=tuple(SIZES), help="image size (the deck is always 16:9)")
    p.add_argument("--image-format", default="png", choices=tuple(FORMATS), help="images inside --format zip")
    g = p.add_argument_group("filters (as in the dashboard sidebar; names or GB/T 2260 codes)")
    for name in ("province", "city", "district", "category", "period", "report"):
        g.add_argument(f"--{name}")
    p.add_argument("--from-url", metavar="URL",
                   help="a saved view: a dashboard address copied from the browser (its page, filters and page "
                        "options, e.g. http://host:8501/compare?province=370000&concept=…); overrides --view and "
                        "the filters")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    return p


def _progress(quiet: bool, prefix: str = ""):
    def report(i: int, n: int, chart, seconds: float) -> None:
        if not quiet:
            print(f"[{i:>2}/{n}] {prefix}{chart.title} … {seconds:.2f} s", file=sys.stderr, flush=True)
    return report


def _image_paths(out: Path, titles: list[str], ext: str) -> list[Path]:
    from .bundle import zip_names

    if out.suffix.lower() == f".{ext}":
        if len(titles) != 1:
            raise ExportError(f"这个视图有 {len(titles)} 张图：--out 请给一个文件夹，或使用 --format zip。"
                              f"The view has {len(titles)} charts: give a folder as --out, or use --format zip.")
        return [out]
    return [out / name for name in zip_names(titles, ext)]


def saved_view(url: str, lang: str = "zh"):
    """(filters, views, page options) from a dashboard address: the page in its path (all views for
    the home page), the filters and the page's own options in its query string."""
    from urllib.parse import parse_qs, urlsplit

    from dashboard.filters import Filters

    from .chart_selection import VIEWS, view_options

    parts = urlsplit(url)
    params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    params.setdefault("lang", lang)
    page = parts.path.strip("/").split("/")[-1] or "overview"
    views = [page] if page in VIEWS else list(VIEWS)
    return Filters.from_query_params(params), views, {v: view_options(v, params) for v in views}


def run(args: argparse.Namespace) -> int:
    from dashboard import queries

    from . import render
    from .chart_selection import (
        check_warehouse,
        collect,
        expand_views,
        make_filters,
        view_label,
    )
    from .fonts import require_cjk_font

    t0 = time.perf_counter()
    require_cjk_font()              # fail fast, before any query or browser
    render.chromium_path()
    check_warehouse()
    render.start()                  # Chromium boots in the background while we query and lay out
    if args.from_url:
        filters, views, options = saved_view(args.from_url, args.lang)
    else:
        filters = make_filters(province=args.province, city=args.city, district=args.district,
                               category=args.category, period=args.period, report=args.report, lang=args.lang)
        views, options = expand_views(args.view), None
    groups = collect(views, filters, options=options)
    charts = [c for g in groups for c in g.charts]
    progress = _progress(args.quiet)
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    if args.format == "pptx":
        from .deck import DeckMeta
        from .deck_content import deck_for

        meta = DeckMeta(subtitle=" · ".join(view_label(g.view, args.lang) for g in groups if g.charts),
                        filters=queries.filter_words(filters, labelled=True), date=dt.date.today(), lang=args.lang)
        data = deck_for(filters, charts, meta, progress)
        out.write_bytes(data)
        written = [out]
    elif args.format == "zip":
        from .bundle import build_zip

        out.write_bytes(build_zip(charts, args.image_format, args.size, progress))
        written = [out]
    else:
        from .images import chart_images

        paths = _image_paths(out, [c.title for c in charts], args.format)
        paths[0].parent.mkdir(parents=True, exist_ok=True)
        written = []
        for path, (_, data) in zip(paths, chart_images(charts, args.format, args.size, progress), strict=True):
            path.write_bytes(data)
            written.append(path)
    if not args.quiet:
        total = time.perf_counter() - t0
        where = written[0] if len(written) == 1 else f"{len(written)} files in {written[0].parent}"
        print(f"✓ {len(charts)} charts → {where} ({total:.1f} s)", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except ExportError as e:
        print(f"导出失败 / export failed: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        return 130
