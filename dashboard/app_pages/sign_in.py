"""登录 Sign in: a local account's name and password, or the organisation's single sign-on (``st.login``).

Registered only while nobody is signed in and sign-in exists (``dashboard.auth``). Repeated failures are
slowed down and then locked, per account and per client (``core.auth.lockout``).
"""

from __future__ import annotations

import streamlit as st

from core.labels import t
from dashboard import auth, ui


def main() -> None:
    lg = ui.lang()
    ui.page_header("auth_title", "auth_intro", scope=False)
    notice = st.session_state.pop(auth.NOTICE, None)
    if notice:
        st.info(t(notice, lg), icon=":material/info:")
    provider = auth.oidc_provider()
    if provider is not None and st.button(t("auth_sso", lg), type="primary", icon=":material/badge:",
                                          key="auth_sso"):
        st.login(provider or None)
    if auth.local_accounts():
        with st.form("auth_form", border=True):
            name = st.text_input(t("auth_name", lg), key="auth_name", max_chars=64)
            password = st.text_input(t("auth_password", lg), type="password", key="auth_password", max_chars=256)
            go = st.form_submit_button(t("auth_go", lg), type="primary" if provider is None else "secondary",
                                       icon=":material/login:")
        if go:
            who, message, values = auth.sign_in_local(name, password)
            if who is None:
                st.error(t(message, lg, **values), icon=":material/error:")
            else:
                st.rerun()
    st.caption(t("auth_roles_note", lg))


main()
