"""The sidebar: language switch and filters, kept in the URL (st.query_params) so a link reproduces the view."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import levels
from core.labels import name, t
from dashboard import formatting as fmt
from dashboard import queries
from dashboard.filters import LANGS, NO_PERIOD, PARAM_NAMES, Filters

KEYS = {"province": "flt_province", "city": "flt_city", "district": "flt_district",
        "category": "flt_category", "period": "flt_period", "report_id": "flt_report"}
LANG_KEY = "flt_lang"
LANG_LABELS = {"zh": "中文", "en": "English"}
BELOW = {"province": ("city", "district"), "city": ("district",)}


def seed_from_url() -> None:
    """On the first run of a session, the widgets take their values from the URL."""
    if st.session_state.get("_flt_seeded"):
        return
    f = Filters.from_query_params(st.query_params)
    for field, key in KEYS.items():
        st.session_state[key] = getattr(f, field) or ALL
    st.session_state[LANG_KEY] = f.lang
    st.session_state["_flt_seeded"] = True


def drill_to(**params: str) -> None:
    """Narrow the filters from a click (a tile, a bar): the URL takes the new filters and the sidebar reads
    them on the next run (its widgets cannot be changed once drawn on this one)."""
    for key, value in params.items():
        st.query_params[key] = value
    st.session_state.pop("_flt_seeded", None)
    st.rerun()


def current_lang() -> str:
    seed_from_url()
    v = st.session_state.get(LANG_KEY)
    return v if v in LANGS else "zh"


def _reset_below(level: str) -> None:
    for field in BELOW.get(level, ()):
        st.session_state[KEYS[field]] = ALL


def _clear() -> None:
    for key in KEYS.values():
        st.session_state[key] = ALL


def _region_label(df: pd.DataFrame, lang: str):
    labels = {}
    for r in df.to_dict("records"):
        n = int(r["n_facts"])
        nm = name(r, "name", lang) if lang == "en" else r["name_zh"]
        labels[r["code"]] = f"{nm}（{n}）" if n and lang == "zh" else (f"{nm} ({n})" if n else nm)
    return labels


ALL = ""  # the "全部" option (None would show Streamlit's English placeholder)


def _select(label: str, field: str, options: list, labels: dict, lang: str, on_change=None, args=None):
    key = KEYS[field]
    if st.session_state.get(key) not in options:
        st.session_state[key] = ALL
    value = st.sidebar.selectbox(label, [ALL] + options, key=key, on_change=on_change, args=args, placeholder=t("choose", lang),
                                 format_func=lambda v: t("all", lang) if v == ALL else labels.get(v, str(v)))
    return value or None


def render_language() -> str:
    """The 中文 / English switch (query parameter lang)."""
    seed_from_url()
    lang = st.sidebar.segmented_control(t("language", "zh"), list(LANGS), key=LANG_KEY, required=True,
                                        format_func=LANG_LABELS.get, width="stretch")
    lang = lang if lang in LANGS else "zh"
    qp = st.query_params
    if lang == "zh" and "lang" in qp:
        del qp["lang"]
    elif lang != "zh" and qp.get("lang") != lang:
        qp["lang"] = lang
    return lang


def render(lang: str) -> Filters:
    """Draw the filters; return the Filters and write them to the URL."""
    sb = st.sidebar
    sb.markdown(f"#### {t('filters', lang)}")

    provinces = queries.region_options(levels.PROVINCE)
    province = _select(t("f_province", lang), "province", list(provinces["code"]),
                       _region_label(provinces, lang), lang, _reset_below, ("province",))
    city = district = None
    shown = set()
    if province:
        cities = queries.region_options(levels.PREFECTURE, province)
        if len(cities):
            city = _select(t("f_city", lang), "city", list(cities["code"]), _region_label(cities, lang), lang,
                           _reset_below, ("city",))
            shown.add("city")
        parent = city or (province if cities.empty else None)  # municipalities: districts directly
        if parent:
            districts = queries.region_options(levels.COUNTY, parent)
            if len(districts):
                district = _select(t("f_district", lang), "district", list(districts["code"]),
                                   _region_label(districts, lang), lang)
                shown.add("district")
    for field in ("city", "district"):
        if field not in shown:  # a hidden box keeps no stale value
            st.session_state[KEYS[field]] = ALL

    everything = Filters(lang=lang)
    cats = queries.category_options(everything)
    category = _select(t("f_category", lang), "category", list(cats["category"]),
                       {r["category"]: name(r, "category", lang) for r in cats.to_dict("records")}, lang)
    periods = queries.period_options(everything)
    period = _select(t("f_period", lang), "period", list(periods["period"]),
                     {p: (t("no_period", lang) if p == NO_PERIOD else p) for p in periods["period"]}, lang)
    reps = queries.report_options(everything)
    report = _select(t("f_report", lang), "report_id", list(reps["report_id"]),
                     {r["report_id"]: f"[{r['report_id']}] {_short(fmt.report_title(r, lang), 22)}"
                      for r in reps.to_dict("records")}, lang)

    f = Filters(province, city, district, category, period, report, lang)
    if f.is_filtered():
        sb.button(t("reset_filters", lang), on_click=_clear, icon=":material/filter_alt_off:", width="stretch")
    sb.caption(t("share_hint", lang))
    write_url(f)
    return f


def _short(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def write_url(f: Filters) -> None:
    """Set the filter parameters in the URL (leaving the page's own parameters alone)."""
    wanted = f.to_query_params()
    qp = st.query_params
    for param in PARAM_NAMES.values():
        if param in wanted:
            if qp.get(param) != wanted[param]:
                qp[param] = wanted[param]
        elif param in qp:
            del qp[param]


# ------------------------------------------------------------------ drill-down and the breadcrumb back up

def area_params(code: str | None) -> dict[str, str | None]:
    """The province / city / district URL filters that pick out region `code` (None: all of China)."""
    if not code:
        return {"province": None, "city": None, "district": None}
    info = queries.region_info(code)
    if info.empty:
        return {"province": None, "city": None, "district": None}
    r = info.iloc[0]
    level = r["level"]
    return {"province": str(r["province_code"]),
            "city": str(r["city_code"]) if level in (levels.PREFECTURE, levels.COUNTY) and r["city_code"] else None,
            "district": str(code) if level == levels.COUNTY else None}


def drill_region(code: str | None) -> None:
    """Narrow every chart of the page to region `code` (or widen to all of China): the URL keeps it."""
    for key, value in area_params(code).items():
        if value:
            st.query_params[key] = value
        elif key in st.query_params:
            del st.query_params[key]
    st.session_state.pop("_flt_seeded", None)
    st.rerun()


def breadcrumb(f: Filters) -> None:
    """全国 › 山东省 › 淄博市: each level above the current one is a button back up."""
    if not f.region_code:
        return
    chain = [(None, t("crumb_all", f.lang))]
    for code in (f.province, f.city, f.district):
        if code:
            info = queries.region_info(code)
            label = name(info.iloc[0].to_dict(), "name", f.lang) if len(info) else code
            chain.append((code, label))
    with st.container(horizontal=True, gap="small", key="djcx-crumbs"):
        for i, (code, label) in enumerate(chain):
            if i:
                st.markdown("›")
            if i == len(chain) - 1:
                st.markdown(f"**{label}**")       # a reference name, not user text
            elif st.button(label, key=f"crumb_{i}", type="tertiary", icon=":material/arrow_upward:" if i == 0 else None):
                drill_region(code)


PREVIEW_KEY = "djcx_preview_viewer"     # an analyst's switch: see the pages as viewers do (published only)


def render_account(me, lang: str) -> None:
    """Who is signed in (as text, never Markdown), the switch to preview as viewers (for those who see drafts)
    and the sign-out button; nothing when sign-in does not exist."""
    from core.auth.roles import DRAFTS
    from core.text import md_escape
    from dashboard import auth

    if me is None:
        return
    sb = st.sidebar
    sb.caption(md_escape(t("auth_signed_in_as", lang, who=me.name, role=t(f"role_{me.role}", lang))))
    if me.can(DRAFTS):
        sb.toggle(t("pub_preview_viewer", lang), key=PREVIEW_KEY)
    if sb.button(t("auth_sign_out", lang), key="auth_sign_out", icon=":material/logout:", width="stretch"):
        auth.sign_out()
