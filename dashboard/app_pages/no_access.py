"""无权访问 Not for this account: what a signed-in person sees on the address of a page their role lacks (a
shared link to the Import page opened by a viewer). Streamlit's own English "page not found" showed there."""

from __future__ import annotations

import streamlit as st

from core.labels import t
from dashboard import ui


def main() -> None:
    lg = ui.lang()
    ui.page_header("no_access_title", None, scope=False)
    st.warning(t("no_access_body", lg), icon=":material/block:")


main()
