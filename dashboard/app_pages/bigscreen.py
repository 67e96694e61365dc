"""大屏 Big screen: a full-screen 1920×1080 layout for a meeting-room display. Headline figures, the
province tile map and the rankings on one screen; dark or light; optional rotation through the rankings
every N seconds; a clock and a data-as-of line; no sidebar or chrome. Everything is in its URL:

    /bigscreen?theme=dark&rotate=30&province=370000&lang=zh
"""

from __future__ import annotations

import html

import streamlit as st

from core import levels
from core.labels import t
from dashboard import cards, chart_specs, queries, ui
from dashboard.charts.bigscreen import THEMES, big_screen

ROTATE_MIN, ROTATE_MAX = 10, 600
CHART_PX = {"zh": 540, "en": 490}    # the map and the ranking under the cards, within 1080 px (en cards are taller)
MAP_PX, RANK_PX = 760, 1060      # about how wide they are drawn at 1920 (columns 5 : 7)


def css(theme: str) -> str:
    c = THEMES[theme]
    return f"""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"] {{ display: none !important; }}
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{ background: {c['bg']} !important; }}
[data-testid="stMainBlockContainer"] {{ padding: 1.2rem 2rem 0.6rem 2rem !important; max-width: 100% !important; }}
/* the page's style-only blocks take no room (each was an empty row and a gap above the title) */
[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]:has(style) {{ display: none !important; }}
.djcx-big-head {{ display: flex; justify-content: space-between; align-items: baseline; color: {c['ink']};
  border-bottom: 3px solid #B8141B; padding-bottom: .4rem; margin-bottom: .8rem; }}
.djcx-big-head h1 {{ font-size: 2.6rem; margin: 0; color: {c['ink']}; padding: 0; }}
@media (min-width: 1200px) {{ .djcx-big-head h1 {{ white-space: nowrap; }} }}   /* one line on the display */
@media (max-width: 700px) {{ .djcx-big-head {{ flex-wrap: wrap; }} }}
.djcx-big-head .scope {{ font-size: 1.3rem; color: {c['muted']}; margin-left: 1.2rem; }}
.djcx-big-head .asof {{ font-size: 1.1rem; color: {c['muted']}; text-align: right; }}
.djcx-big .djcx-card {{ background: {c['panel']}; border-color: {c['grid']}; min-height: 10rem; padding: .7rem 1rem; }}
.djcx-big .djcx-card .label {{ color: {c['ink']}; font-size: 1.25rem; }}
.djcx-big .djcx-card .value {{ font-size: 3.4rem; color: {'#FF5A5F' if theme == 'dark' else '#B8141B'}; }}
.djcx-big .djcx-card .value .unit {{ color: {c['ink']}; font-size: 1.4rem; }}
.djcx-big .djcx-card .companion {{ color: {c['ink']}; font-size: 1.1rem; }}
.djcx-big .djcx-card .meta {{ color: {c['muted']}; font-size: 1rem; line-height: 1.3; }}
.djcx-big .djcx-card .peers {{ color: {c['muted']}; font-size: 1rem; line-height: 1.3; margin-top: .3rem; }}
.djcx-big-note {{ color: {c['muted']}; font-size: 1.15rem; }}
</style>"""


def clock(theme: str, lg: str) -> None:
    """A clock that ticks in the browser (no reruns, no network)."""
    c = THEMES[theme]
    locale = "zh-CN" if lg == "zh" else "en-GB"
    st.iframe(f"""<div id="c" style="font: 600 min(30px, 8vw) 'Noto Sans CJK SC', sans-serif; white-space: nowrap; color: {c['ink']};
        text-align: right; font-variant-numeric: tabular-nums"></div>
        <script>const el = document.getElementById("c");
        const tick = () => {{ el.textContent = new Date().toLocaleString("{locale}", {{ dateStyle: "medium",
          timeStyle: "medium", hour12: false }}); }}; tick(); setInterval(tick, 1000);</script>""", height=46)


def panels(f) -> list:
    """The rankings to show (and rotate through): every concept with comparable figures in at least two
    regions at city level, then at district level; the coverage chart when there is nothing to rank."""
    out = []
    for level in (levels.PREFECTURE, levels.COUNTY):
        overview = queries.concept_overview(f, level)
        for row in overview[overview["n_regions"] >= queries.MIN_TO_RANK].to_dict("records"):
            out.append((row["concept_key"], row["subject_kind"], level))
    return out or [None]


def panel_chart(f, panel, theme: str):
    if panel is None:
        specs = chart_specs.coverage_charts(f)
    else:
        specs = chart_specs.concept_charts(f, panel[0], panel[1], panel[2])
    return big_screen(specs[0].figure, theme, height=CHART_PX[f.lang], lang=f.lang, width=RANK_PX) if specs else None


def main() -> None:
    f = ui.filters()
    lg = f.lang
    theme = ui.param("theme", "dark", valid=THEMES)
    rotate = ui.param("rotate")
    seconds = min(max(int(rotate), ROTATE_MIN), ROTATE_MAX) if rotate and rotate.isdigit() else None
    st.markdown(css(theme), unsafe_allow_html=True)

    asof = queries.data_as_of(f)
    scope = " · ".join(queries.filter_words(f)) or t("big_all", lg)
    newest = asof["newest"].isoformat() if asof["newest"] else t("unknown", lg)
    written = asof["written"].strftime("%Y-%m-%d %H:%M") if asof["written"] else t("unknown", lg)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.markdown(f"<div class='djcx-big-head'><div><h1>{html.escape(t('app_title', lg))}"
                  f"<span class='scope'>{html.escape(scope)}</span></h1></div>"
                  f"<div class='asof'>{html.escape(t('big_as_of', lg, newest=newest, n=asof['reports'], at=written))}"
                  f"</div></div>", unsafe_allow_html=True)
    with right:
        clock(theme, lg)

    rows = cards.headline_rows(f)
    if rows:
        cols = st.columns(len(rows), gap="small")
        for col, (row, comp, word) in zip(cols, rows, strict=False):
            col.markdown(f"<div class='djcx-big'>{cards.card_html(row, comp, word, lg)}</div>", unsafe_allow_html=True)
    else:
        st.markdown(f"<div class='djcx-big-note'>{html.escape(t('filtered_empty', lg))}</div>", unsafe_allow_html=True)
        return
    note = cards.years_note([r for r, _, _ in rows], lg)
    if note:       # about the cards, so under the cards (it stood under the ranking, which it did not describe)
        st.markdown(f"<div class='djcx-big-note'>{html.escape(t('big_cards_years', lg, note=note))}</div>",
                    unsafe_allow_html=True)

    map_col, rank_col = st.columns([5, 7], gap="medium")
    with map_col:
        tiles = chart_specs.tile_charts(f)
        if tiles:
            st.plotly_chart(big_screen(tiles[0].figure, theme, height=CHART_PX[lg], lang=lg, width=MAP_PX), theme=None, width="stretch",
                            config={"displayModeBar": False, "staticPlot": True}, key="big_tiles")
    items = panels(f)

    @st.fragment(run_every=seconds)
    def ranking() -> None:
        i = st.session_state.get("big_panel", -1) + 1 if seconds else 0
        st.session_state["big_panel"] = i
        fig = panel_chart(f, items[i % len(items)], theme)
        if fig is not None:
            st.plotly_chart(fig, theme=None, width="stretch", config={"displayModeBar": False, "staticPlot": True},
                            key=f"big_rank_{i % len(items)}")
        pos = t("big_panel", lg, i=i % len(items) + 1, n=len(items)) if seconds and len(items) > 1 else ""
        if pos:
            st.markdown(f"<div class='djcx-big-note'>{html.escape(pos)}</div>", unsafe_allow_html=True)

    with rank_col:
        ranking()


main()
