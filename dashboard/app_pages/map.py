"""地图 Map: city and district bubbles sized by an indicator, drawn offline on a plain lng/lat plane
(no boundary data, no national border). A city figure filed under its province sits at the seat."""

from __future__ import annotations

import streamlit as st

from core.labels import name, t
from dashboard import chart_specs, sidebar, ui


def main() -> None:
    f = ui.filters()
    lg = f.lang
    ui.page_header("map_page_title", "map_intro")
    if not f.region_code:                      # all of China: the provinces as tiles; a click drills in
        for spec in chart_specs.tile_charts(f):
            sel = ui.chart(spec, show_selection=False)
            if sel.region:
                sidebar.drill_to(province=sel.region)
    opts = chart_specs.map_indicator_options(f)
    if ui.empty_note(opts, lg, "map_empty"):
        ui.set_page_params()
        return
    labels = {r["indicator_key"]: name(r, "indicator", lg) for r in opts.to_dict("records")}
    default = chart_specs.default_indicator(f, options=opts)
    ui.seed("map_ind", "map_indicator", default)
    if st.session_state.get("map_ind") not in labels:
        st.session_state["map_ind"] = default
    indicator = st.selectbox(t("map_indicator", lg), list(labels), key="map_ind", placeholder=t("choose", lg), format_func=labels.get)
    ui.set_page_params(map_indicator=indicator if indicator != default else None)
    for spec in chart_specs.map_charts(f, indicator):
        ui.chart(spec)


main()
