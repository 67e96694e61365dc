"""Page helpers shared by every page: current filters and language, URL parameters of a page,
rendering a chart (slide-ready camera button, click-to-source), evidence from the source text."""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from core import settings
from core.labels import name, t
from core.text import md_escape as md
from core.text import strip_pinyin_annotations
from dashboard import db, queries, sidebar
from dashboard import formatting as fmt
from dashboard.chart_specs import ChartSpec
from dashboard.charts import image_config
from dashboard.filters import Filters
from dashboard.selection import Selection, from_points

log = logging.getLogger("dashboard")

# URL parameters owned by pages (cleared when another page is shown); filters live in PARAM_NAMES.
PAGE_PARAMS = ("sort", "mode", "indicator", "more", "cat_pick", "level", "pc", "pg", "map_indicator",
               "facts", "s_indicator", "s_region", "s_category", "concept", "kind")
SOURCES_PAGE = "app_pages/sources.py"


def filters() -> Filters:
    """The filters set in the sidebar on this run (app.py puts them in session state)."""
    f = st.session_state.get("_filters")
    return f if isinstance(f, Filters) else Filters.from_query_params(st.query_params)


def lang() -> str:
    return filters().lang


def debug() -> bool:
    return settings.debug()


# ------------------------------------------------------------------ URL parameters of a page

def param(key: str, default: str | None = None, valid=None) -> str | None:
    """A page parameter from the URL (the last value if repeated); ``valid`` filters bad values."""
    v = st.query_params.get(key)
    if v is None or v == "":
        return default
    v = str(v)[:200]
    if valid is not None and v not in valid:
        return default
    return v


def seed(widget_key: str, url_key: str, default=None, valid=None, cast=None) -> None:
    """Give a page widget its value from the URL when the page (re)appears in a session.

    While the page stays open the widget keeps its own state; Streamlit drops that state when
    another page is shown, so coming back (or opening a shared link) reads the URL again.
    """
    if widget_key in st.session_state:
        return
    raw = param(url_key, None)
    try:
        value = cast(raw) if (cast and raw is not None) else raw
    except (TypeError, ValueError):
        value = None
    if valid is not None and value not in valid:
        value = None
    st.session_state[widget_key] = value if value is not None else default


def set_page_params(**values) -> None:
    """Write this page's parameters into the URL, removing other pages' parameters."""
    qp = st.query_params
    for key in PAGE_PARAMS:
        v = values.get(key)
        if v in (None, "", [], False):
            if key in qp:
                del qp[key]
        elif qp.get(key) != str(v):
            qp[key] = str(v)


# ------------------------------------------------------------------ charts

def chart(spec: ChartSpec, key: str | None = None, show_selection: bool = True) -> Selection:
    """Show a chart with the slide-ready camera button; a click shows the figures behind it."""
    key = key or f"chart-{spec.key}"
    phone_title(spec)
    event = st.plotly_chart(spec.figure, key=key, on_select="rerun", selection_mode=("points",),
                            config=image_config(spec.title), theme=None, width="stretch")
    phone_footnote(spec)
    sel = Selection()
    try:
        points = event.selection.points if event else []
        sel = from_points(points)
    except (AttributeError, KeyError, TypeError):
        pass
    if show_selection:
        if sel.is_empty():
            st.caption(t("sel_hint", lang()))
        else:
            selection_panel(sel, key)
    return sel


def phone_title(spec: ChartSpec) -> None:
    """The chart's title and unit line as wrapping text, shown only on a phone (theme.py): a title drawn in the
    figure does not wrap, so a long (English) one ran off the chart under the modebar."""
    sub = spec.figure.layout.title.subtitle.text if spec.figure.layout.title.subtitle else ""
    sub_html = f"<div class='sub'>{html.escape(re.sub(r'<[^>]+>', '', sub))}</div>" if sub else ""
    st.markdown(f"<div class='djcx-title-phone'><b>{html.escape(spec.title)}</b>{sub_html}</div>",
                unsafe_allow_html=True)


def phone_footnote(spec: ChartSpec) -> None:
    """The chart's sources and notes as wrapping text, shown only on a phone (theme.py), where the footnote
    drawn in the figure (one line per source) would run off its right edge; the figure's own footnote stays
    for wider screens and the camera button's PNG."""
    lines = (spec.figure.layout.meta or {}).get("sources") if isinstance(spec.figure.layout.meta, dict) else None
    if lines:
        body = "<br>".join(html.escape(str(line).strip()) for line in lines)
        st.markdown(f"<div class='djcx-foot-phone'>{body}</div>", unsafe_allow_html=True)


def selection_panel(sel: Selection, key: str) -> None:
    """The figures behind a clicked mark, with evidence, and a link to 指标与来源."""
    lg, f = lang(), filters()
    df = queries.figures(f, sel, limit=20)
    with st.container(border=True):
        st.markdown(f"**{t('sel_heading', lg)}**")
        if df.empty:
            st.info(t("filtered_empty", lg))
        for row in df.head(6).to_dict("records"):
            figure_card(row, lg, evidence=True)
        if len(df) > 6:
            st.caption(t("first_n_rows", lg, n=6, total=int(df["total"].iloc[0])))
        params = f.to_query_params() | sel.to_query_params()
        left, right = st.columns(2)
        with left:
            st.page_link(SOURCES_PAGE, label=t("sel_open", lg), icon=":material/arrow_forward:",
                         query_params=params)
        # cross-filtering: the clicked region narrows every chart of the page (drill-down; the URL keeps it)
        regions = df["region_code"].dropna().unique() if len(df) else []
        if len(regions) == 1 and regions[0] != f.region_code:
            label = fmt.region_label(df.iloc[0].to_dict(), lg).split(" · ")[0]
            if right.button(t("sel_drill", lg, region=label), key=f"{key}-drill", icon=":material/filter_alt:"):
                sidebar.drill_region(str(regions[0]))


def figure_card(row: dict, lg: str, evidence: bool = True) -> None:
    """One figure as a leader reads it: indicator, region, value, report, date; then the evidence."""
    value = fmt.value(row.get("value"), row.get("qualifier"), lg, row.get("unit"), row.get("unit_en"),
                      row.get("value_max"))
    org = row.get("organization_zh")
    where = fmt.subject_label(row, lg) if row.get("subject_kind") else (
        fmt.region_label(row, lg) + (f" · {fmt.organization(row, lg)}" if not fmt.is_missing(org) else ""))
    head = f"**{md(name(row, 'indicator', lg))}** · {md(where)} — **{md(value)}** · {md(fmt.year(row, lg))}"
    draft = row.get("is_draft")
    if draft is not None and not pd.isna(draft) and bool(draft):
        head += f" · :orange-badge[{t('pub_draft_mark', lg)}]"
    st.markdown(head)
    unverified = "" if not fmt.is_missing(row.get("source_sha256")) else f" · ⚠ {t('unverifiable', lg)}"
    st.caption(md(f"{fmt.report_ref(row, lg)} · {fmt.publisher(row, lg)} · "
                  f"{fmt.published(row, lg, long=True)}") + unverified)
    if evidence:
        evidence_block(row, lg)


def say(box, text: str, **kw) -> None:
    """A message box (st.error, st.success …) holding user text (a file name, a title), shown as typed."""
    box(md(text), **kw)


@st.cache_resource(show_spinner=False, max_entries=4)
def _library(folders: tuple[str, ...], stamp: tuple):
    from core.sources import SourceLibrary

    return SourceLibrary(list(folders))


def source_library():
    """The user's copies of the reports, in every source folder (see core.settings.sources_dirs)."""
    folders = settings.sources_dirs()
    stamp = []
    for folder in folders:
        try:
            files = sorted(folder.iterdir()) if folder.is_dir() else []
            stamp.append((folder.stat().st_mtime_ns if folder.exists() else 0, len(files),
                          sum(p.stat().st_mtime_ns for p in files if p.is_file())))
        except OSError:
            stamp.append((0, 0, 0))
    return _library(tuple(str(f) for f in folders), tuple(stamp))


def evidence_html(row: dict) -> str | None:
    """The source text around the figure, the figure highlighted; None if the text is absent."""
    sha, start, end = row.get("source_sha256"), row.get("char_start"), row.get("char_end")
    if fmt.is_missing(sha) or fmt.is_missing(start) or fmt.is_missing(end):
        return None
    ev = source_library().evidence(str(sha), int(start), int(end))
    if ev is None:
        return None
    # Each segment is cleaned on its own, after the split at the offsets, so the highlight stays exact.
    # Pinyin glosses in damaged copies (来(lái)) are dropped for reading; the text is otherwise as given.
    clean = lambda s: html.escape(" ".join(strip_pinyin_annotations(s).split()))  # noqa: E731
    return (f"<div class='djcx-evidence'>…{clean(ev.before)}<mark>{clean(ev.figure)}</mark>"
            f"{clean(ev.after)}…</div>")


def evidence_block(row: dict, lg: str) -> None:
    if fmt.is_missing(row.get("char_start")):
        st.caption(t("src_evidence_none", lg))
        return
    block = evidence_html(row)
    if block is None:
        st.caption(t("src_evidence_missing", lg, folder=Path(settings.sources_dir()).name))
    else:
        st.markdown(block, unsafe_allow_html=True)


# ------------------------------------------------------------------ guard

def warehouse_ready(lg: str) -> bool:
    """Show a friendly message (and how to build) when the warehouse is missing, empty or unreadable."""
    status = db.warehouse_status()
    if status == db.STATUS_OK:
        return True
    title = {db.STATUS_MISSING: "wh_missing_title", db.STATUS_EMPTY: "wh_empty_title"}.get(status,
                                                                                          "wh_invalid_title")
    st.warning(f"**{t(title, lg)}**\n\n{t('wh_howto', lg)}", icon=":material/database:")
    st.caption(t("wh_path", lg, path=settings.warehouse_location().display))
    return False


def empty_note(df: pd.DataFrame | None, lg: str, key: str = "filtered_empty") -> bool:
    """Show a note and return True when a query came back empty."""
    if df is None or len(df) == 0:
        st.info(t(key, lg), icon=":material/filter_alt_off:")
        return True
    return False


# ------------------------------------------------------------------ page header

def page_header(title_key: str, intro_key: str | None = None, scope: bool = True) -> None:
    """Title, intro, and (``scope``) the active filters as chips with the breadcrumb back up. The write pages
    pass ``scope=False``: they show no figures and run before any warehouse exists."""
    f = filters()
    chips = "".join(f"<span class='djcx-scope'>{html.escape(c)}</span>" for c in queries.filter_words(f)) \
        if scope else ""
    intro = f"<p>{html.escape(t(intro_key, f.lang))}</p>" if intro_key else ""
    st.markdown(f"<div class='djcx-pagehead'><h1>{html.escape(t(title_key, f.lang))}</h1>{intro}"
                f"{chips}</div>", unsafe_allow_html=True)
    if scope:
        sidebar.breadcrumb(f)
        drafts_banner(f)


def drafts_banner(f: Filters) -> None:
    """Say so when the page holds figures of draft batches (only analysts and administrators ever see them)."""
    drafts = queries.draft_batches(f)
    if drafts:
        st.warning(t("pub_drafts_banner", f.lang, n=len(drafts), batches=", ".join(map(str, drafts[:8]))
                     + (" …" if len(drafts) > 8 else "")), icon=":material/draft:")
