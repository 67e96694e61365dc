"""导出 Export: the current view's charts as PNG / SVG / PDF (16:9, 4:3, A4), a ZIP, or a 16:9 PPTX deck.

The charts come from dashboard.chart_specs.charts_for_view under the sidebar filters (and the page
options kept in the URL), exactly as the other pages draw them; files are rendered on the server
by kaleido (system Chromium, one warm process) only when a download button is clicked.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from core.labels import t
from core.text import md_escape as md
from dashboard import queries, ui
from dashboard.export import DeckMeta, ExportError, build_zip, chart_image, render, safe_filename
from dashboard.export.chart_selection import VIEWS, collect, view_label, view_options
from dashboard.export.deck_content import deck_for
from dashboard.export.fonts import require_cjk_font
from dashboard.export.print_pdf import page_pdf
from dashboard.export.sizes import FORMATS, SIZES

CHOICES = (*VIEWS, "all")


def ready() -> bool:
    """A Chinese font and Chromium are needed; say how to install them instead of offering tofu."""
    try:
        require_cjk_font()
        render.start()   # warm up Chromium in the background: the first download does not wait for it
    except ExportError as e:
        st.error(str(e), icon=":material/error:")     # our own words (which font package to install)
        return False
    return True


def main() -> None:
    f = ui.filters()
    lg = f.lang
    ui.page_header("nav_export")
    st.caption(t("exp_intro", lg))
    if not ready():
        return
    ui.seed("exp_view", "view", "all", valid=CHOICES)
    view = st.segmented_control(t("exp_view", lg), list(CHOICES), key="exp_view", required=True,
                                format_func=lambda v: t("exp_all_views", lg) if v == "all" else view_label(v, lg))
    c2, c3 = st.columns(2)
    size = c2.segmented_control(t("exp_size", lg), list(SIZES), key="exp_size", default="16:9", required=True,
                                format_func=lambda s: SIZES[s].label(lg),
                                help=("；" if lg == "zh" else "; ").join(s.detail(lg) for s in SIZES.values()))
    fmt = c3.segmented_control(t("exp_format", lg), list(FORMATS), key="exp_fmt", default="png", required=True,
                               format_func=str.upper)
    view, size, fmt = view or "all", size or "16:9", fmt or "png"
    views = list(VIEWS) if view == "all" else [view]
    options = {v: view_options(v, st.query_params) for v in views}
    try:
        groups = collect(views, f, options=options)
    except ExportError:
        st.info(t("exp_no_charts", lg), icon=":material/filter_alt_off:")
        return
    charts = [c for g in groups for c in g.charts]
    scope = queries.filter_words(f, labelled=True)
    st.caption(md(f"{t('exp_scope', lg)}{'：' if lg == 'zh' else ': '}"     # report titles are user text
                  f"{'；'.join(scope) if scope else t('exp_unfiltered', lg)} · {t('exp_n_charts', lg, n=len(charts))}"))

    today = dt.date.today()
    name = safe_filename(f"{t('app_title', lg)}_{t('exp_all_views', lg) if view == 'all' else view_label(view, lg)}")
    meta = DeckMeta(subtitle=" · ".join(view_label(g.view, lg) for g in groups if g.charts), filters=scope,
                    date=today, lang=lg)
    st.markdown(f"##### {t('exp_whole_view', lg)}")
    b1, b2, b3 = st.columns(3)
    b1.download_button(t("exp_deck", lg), data=lambda: deck_for(f, charts, meta), file_name=f"{name}_{today}.pptx",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       icon=":material/slideshow:", type="primary", help=t("exp_deck_help", lg), width="stretch",
                       on_click="ignore", key="exp_deck")
    b2.download_button(t("exp_zip", lg, fmt=fmt.upper()), data=lambda: build_zip(charts, fmt, size),
                       file_name=f"{name}_{size.replace(':', 'x')}_{fmt}.zip", mime="application/zip",
                       icon=":material/folder_zip:", width="stretch", on_click="ignore", key="exp_zip")
    b3.download_button(t("exp_print", lg), data=lambda: page_pdf(charts), file_name=f"{name}_A4_{today}.pdf",
                       mime="application/pdf", icon=":material/print:", width="stretch", on_click="ignore",
                       key="exp_print", help=t("exp_print_help", lg))

    st.markdown(f"##### {t('exp_one_chart', lg)}")
    preview = st.toggle(t("exp_preview", lg), key="exp_preview")
    for i, chart in enumerate(charts):
        with st.container(border=True):
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.markdown(f"**{md(chart.title)}**")
            if chart.sources_text:
                left.caption(md(chart.sources_text))       # report titles and publishers are user text
            right.download_button(t("exp_download", lg, fmt=fmt.upper()),
                                  data=lambda chart=chart: chart_image(chart, fmt, size),
                                  file_name=f"{safe_filename(chart.title)}.{fmt}", mime=FORMATS[fmt],
                                  icon=":material/download:", width="stretch", on_click="ignore",
                                  key=f"exp_one_{i}_{chart.key}")
            if preview:
                try:
                    st.image(chart_image(chart, "png", size), width="stretch")
                except ExportError as e:
                    ui.say(st.error, str(e))
    st.caption(t("exp_camera_hint", lg))


main()
