"""党建成效统计看板 — entry point: `streamlit run dashboard/app.py` (or `make run`)."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from core import settings
from core.auth.roles import ACCOUNTS, AUDIT, DRAFTS, EXPORT, IMPORT, REVIEW, VIEW
from core.labels import t
from dashboard import auth, db, server_settings, sidebar, ui
from dashboard.filters import Filters
from dashboard.theme import CSS

HERE = Path(__file__).resolve().parent
log = logging.getLogger("dashboard")

st.set_page_config(page_title="党建成效统计看板", page_icon=str(HERE / "assets" / "favicon.png"), layout="wide",
                   initial_sidebar_state="auto")   # collapsed on a phone, open on a desk
st.markdown(CSS, unsafe_allow_html=True)

lang = sidebar.current_lang()
# started with unsafe settings (a flag, a STREAMLIT_* variable): say what and how to start right, serve nothing else
unsafe = server_settings.current_problems(settings.max_file_mb())
if unsafe:
    log.error("refusing to serve: %s", "; ".join(f"{p.option} = {p.value!r}: {p.en}" for p in unsafe))
    st.error(f"**{t('unsafe_settings_title', lang)}**\n\n"
             + "\n".join(f"- `{p.option} = {p.value}`: {p.zh if lang == 'zh' else p.en}" for p in unsafe)
             + f"\n\n{t('unsafe_settings_fix', lang)}", icon=":material/gpp_bad:")
    st.stop()
me = auth.current()            # the signed-in principal, or None; pages a role lacks are never registered
sign_in_exists = me is not None or auth.sign_in_exists()
public = auth.public_view(sign_in_exists)


registered: set[str] = set()     # the URL paths of the pages made here (a default page's url_path reads "")


def _page(file: str, key: str, icon: str, url: str, **kw) -> st.Page:
    registered.add(url)
    return st.Page(f"app_pages/{file}", title=t(key, lang), icon=f":material/{icon}:", url_path=url, **kw)


# every page's URL path, whoever may see it
ALL_PATHS = ("overview", "coverage", "compare", "concepts", "sources", "map", "bigscreen", "export", "import",
             "review", "audit", "accounts")
pages: list[st.Page] = []
standalone: list[st.Page] = []  # pages that run even without a warehouse
quiet: list[st.Page] = []   # pages the data filters mean nothing to: sign-in, audit, accounts
if auth.can(me, VIEW, public):
    pages += [
        # the first page at the root; and at /overview too (a default page's own path is reserved but not served:
        # a link to /overview showed Streamlit's English "page not found")
        _page("overview.py", "nav_overview", "dashboard", "home", default=True, visibility="hidden"),
        _page("overview.py", "nav_overview", "dashboard", "overview"),
        _page("coverage.py", "nav_coverage", "donut_large", "coverage"),
        _page("compare.py", "nav_compare", "bar_chart", "compare"),
        _page("concepts.py", "nav_concepts", "join_inner", "concepts"),
        _page("sources.py", "nav_sources", "menu_book", "sources"),
        _page("map.py", "nav_map", "bubble_chart", "map"),
        _page("bigscreen.py", "nav_bigscreen", "tv", "bigscreen"),
    ]
if auth.can(me, EXPORT, public):
    pages.append(_page("export.py", "nav_export", "download", "export"))
if auth.can(me, IMPORT, public):
    imp = _page("import_data.py", "nav_import", "upload_file", "import")
    pages.append(imp)
    standalone.append(imp)
if auth.can(me, REVIEW, public):
    pages.append(_page("review.py", "nav_review", "fact_check", "review"))
if auth.can(me, AUDIT, public):
    quiet.append(_page("audit.py", "nav_audit", "policy", "audit"))
    pages.append(quiet[-1])
    standalone.append(quiet[-1])
if auth.can(me, ACCOUNTS, public):
    quiet.append(_page("accounts.py", "nav_accounts", "manage_accounts", "accounts"))
    pages.append(quiet[-1])
    standalone.append(quiet[-1])
if sign_in_exists and me is None:
    sign_in = _page("sign_in.py", "nav_sign_in", "login", "sign-in", default=not pages)
    pages.append(sign_in)
    quiet.append(sign_in)
    standalone.append(sign_in)
    # A shared link, or a page left open when the session ended, asks for sign-in on its own address (a hidden
    # page with the same URL path runs the sign-in form), never Streamlit's English "page not found". After
    # sign-in the rerun finds the real page by that path (a page is known by its URL path), with the link's
    # filters still in the address.
    for path in [p for p in ALL_PATHS if p not in registered]:
        alias = _page("sign_in.py", "nav_sign_in", "login", path, visibility="hidden")
        pages.append(alias)
        quiet.append(alias)
        standalone.append(alias)
elif pages:
    # signed in (or a public dashboard): a page above this role answers on its own address with a word that it
    # is not for this account, never Streamlit's English "page not found" (a viewer opening a link to /import)
    for path in [p for p in ALL_PATHS if p not in registered]:
        alias = _page("no_access.py", "no_access_title", "block", path, visibility="hidden")
        pages.append(alias)
        quiet.append(alias)
        standalone.append(alias)

page = st.navigation(pages, position="top")
auth.write_cookie()

# Streamlit's own uploader words are English only: say them in the page's language (CSS, no script)
_limit = min(st.get_option("server.maxUploadSize"), int(settings.max_file_mb()))   # the smaller limit holds
st.markdown(f"""<style>
[data-testid="stFileUploaderDropzoneInstructions"] * {{ font-size: 0 !important; }}
[data-testid="stFileUploaderDropzoneInstructions"]::after {{ content: "{t('upload_limit', lang, mb=_limit)}";
  font-size: .85rem; color: #7A7A7A; }}
[data-testid="stFileUploaderDropzone"] button:not([aria-label]),
[data-testid="stFileUploaderDropzone"] button:not([aria-label]) [data-testid="stMarkdownContainer"] p {{ font-size: 0 !important; }}
[data-testid="stFileUploaderDropzone"] button:not([aria-label])::after {{ content: "{t('upload_button', lang)}"; font-size: .9rem; }}
</style>""", unsafe_allow_html=True)

# full screen: no sidebar, the filters come from its URL (not the sign-in form shown on its address)
big_screen = page.url_path == "bigscreen" and not any(page is q for q in quiet)
# What this session's queries see: drafts (batches not published yet) only for analysts and administrators, never
# on the big screen (it hangs where viewers see it), and not while they preview the page as viewers see it.
db.set_audience(db.AUDIENCE_ALL if auth.can(me, DRAFTS, public) and not big_screen
                and not st.session_state.get(sidebar.PREVIEW_KEY) else db.AUDIENCE_PUBLISHED)
if not big_screen:
    st.sidebar.markdown(f"<div class='djcx-brand'>{t('app_title', lang)}</div>", unsafe_allow_html=True)
    lang = sidebar.render_language()
    sidebar.render_account(me, lang)

try:
    if db.warehouse_status() != db.STATUS_OK:
        if any(page is p for p in standalone):
            page.run()
        else:
            ui.warehouse_ready(lang)  # explains how to build it
        st.stop()
    if big_screen or any(page is q for q in quiet):   # (no region or report names before sign-in)
        st.session_state["_filters"] = Filters.from_query_params(st.query_params)
    else:
        st.session_state["_filters"] = sidebar.render(lang)
    page.run()
except Exception:  # never a traceback on a leader's screen
    log.exception("page %s failed", page.url_path)
    if ui.debug():
        raise
    st.error(f"**{t('error_title', lang)}**\n\n{t('error_body', lang)}", icon=":material/error:")
