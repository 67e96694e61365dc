"""党建成效统计看板 — entry point: `streamlit run dashboard/app.py` (or `make run`)."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from core import settings
from core.labels import t
from dashboard import db, sidebar, ui
from dashboard.filters import Filters
from dashboard.theme import CSS

HERE = Path(__file__).resolve().parent
log = logging.getLogger("dashboard")

st.set_page_config(page_title="党建成效统计看板", page_icon=str(HERE / "assets" / "favicon.png"), layout="wide",
                   initial_sidebar_state="auto")   # collapsed on a phone, open on a desk
st.markdown(CSS, unsafe_allow_html=True)

lang = sidebar.current_lang()
pages = [
    st.Page("app_pages/overview.py", title=t("nav_overview", lang), icon=":material/dashboard:",
            url_path="overview", default=True),
    st.Page("app_pages/coverage.py", title=t("nav_coverage", lang), icon=":material/donut_large:",
            url_path="coverage"),
    st.Page("app_pages/compare.py", title=t("nav_compare", lang), icon=":material/bar_chart:",
            url_path="compare"),
    st.Page("app_pages/concepts.py", title=t("nav_concepts", lang), icon=":material/join_inner:",
            url_path="concepts"),
    st.Page("app_pages/sources.py", title=t("nav_sources", lang), icon=":material/menu_book:",
            url_path="sources"),
    st.Page("app_pages/map.py", title=t("nav_map", lang), icon=":material/bubble_chart:", url_path="map"),
    st.Page("app_pages/bigscreen.py", title=t("nav_bigscreen", lang), icon=":material/tv:", url_path="bigscreen"),
]
standalone = set()  # pages that run even without a warehouse
if (HERE / "app_pages" / "export.py").exists():
    pages.append(st.Page("app_pages/export.py", title=t("nav_export", lang), icon=":material/download:",
                         url_path="export"))
if (HERE / "app_pages" / "import_data.py").exists() and settings.import_enabled():
    imp = st.Page("app_pages/import_data.py", title=t("nav_import", lang), icon=":material/upload_file:",
                  url_path="import")
    pages.append(imp)
    standalone.add(imp.url_path)
    pages.append(st.Page("app_pages/review.py", title=t("nav_review", lang), icon=":material/fact_check:",
                         url_path="review"))

page = st.navigation(pages, position="top")

# Streamlit's own uploader words are English only: say them in the page's language (CSS, no script)
_limit = st.get_option("server.maxUploadSize")
st.markdown(f"""<style>
[data-testid="stFileUploaderDropzoneInstructions"] * {{ font-size: 0 !important; }}
[data-testid="stFileUploaderDropzoneInstructions"]::after {{ content: "{t('upload_limit', lang, mb=_limit)}";
  font-size: .85rem; color: #7A7A7A; }}
[data-testid="stFileUploaderDropzone"] button {{ font-size: 0 !important; }}
[data-testid="stFileUploaderDropzone"] button::after {{ content: "{t('upload_button', lang)}"; font-size: .9rem; }}
</style>""", unsafe_allow_html=True)

big_screen = page.url_path == "bigscreen"      # full screen: no sidebar, the filters come from its URL
if not big_screen:
    st.sidebar.markdown(f"<div class='djcx-brand'>{t('app_title', lang)}</div>", unsafe_allow_html=True)
    lang = sidebar.render_language()

try:
    if db.warehouse_status() != db.STATUS_OK:
        if page.url_path in standalone:
            page.run()
        else:
            ui.warehouse_ready(lang)  # explains how to build it
        st.stop()
    st.session_state["_filters"] = Filters.from_query_params(st.query_params) if big_screen else sidebar.render(lang)
    page.run()
except Exception:  # never a traceback on a leader's screen
    log.exception("page %s failed", page.url_path)
    if ui.debug():
        raise
    st.error(f"**{t('error_title', lang)}**\n\n{t('error_body', lang)}", icon=":material/error:")
