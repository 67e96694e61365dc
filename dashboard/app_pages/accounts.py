"""账号管理 Accounts: administrators add accounts, set roles, disable, enable, reset passwords and delete.

Registered only for administrators. Every change goes through ``core.auth.manage``, which checks the caller's
role again and writes the audit log; the same functions serve ``python -m etl users``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.auth import manage, store
from core.auth.roles import ACCOUNTS, ROLES
from core.labels import t
from core.text import md_escape as md
from dashboard import auth, ui


def _run(fn, *args) -> None:
    try:
        fn(*args)
    except (store.AccountError, ValueError, manage.guard.PermissionDenied) as exc:
        ui.say(st.error, str(exc))
        return
    st.session_state["acc_done"] = t("acc_done", ui.lang())
    st.rerun()


def main() -> None:
    lg = ui.lang()
    ui.page_header("acc_title", "acc_intro", scope=False)
    me = auth.current()
    if not auth.can(me, ACCOUNTS):
        st.stop()
    done = st.session_state.pop("acc_done", None)
    if done:
        st.success(done)
    rows = store.accounts()
    st.dataframe(pd.DataFrame([{t("auth_name", lg): a.name, t("acc_role", lg): t(f"role_{a.role}", lg),
                                t("acc_state", lg): t("acc_disabled" if a.disabled else "acc_active", lg),
                                t("acc_since", lg): a.created_at} for a in rows]),
                 hide_index=True, width="stretch")
    with st.form("acc_add", clear_on_submit=True):
        st.markdown(f"**{t('acc_add', lg)}**")
        c1, c2, c3 = st.columns(3)
        name = c1.text_input(t("auth_name", lg), max_chars=64)
        role = c2.selectbox(t("acc_role", lg), ROLES, format_func=lambda r: t(f"role_{r}", lg))
        password = c3.text_input(t("auth_password", lg), type="password", help=t("acc_password_help", lg))
        if st.form_submit_button(t("acc_add", lg), icon=":material/person_add:"):
            _run(manage.add, me, name, role, password)
    names = [a.name for a in rows]
    if not names:
        return
    st.markdown(f"**{t('acc_change', lg)}**")
    c1, c2 = st.columns([2, 3])
    who = c1.selectbox(t("auth_name", lg), names, key="acc_pick")
    acc = next(a for a in rows if a.name == who)
    c2.caption(md(f"{acc.name} · {t(f'role_{acc.role}', lg)} · "
                  f"{t('acc_disabled' if acc.disabled else 'acc_active', lg)}"))
    b1, b2, b3 = st.columns(3)
    new_role = b1.selectbox(t("acc_role", lg), ROLES, index=ROLES.index(acc.role), key="acc_role",
                            format_func=lambda r: t(f"role_{r}", lg))
    if b1.button(t("acc_set_role", lg), key="acc_set_role", disabled=new_role == acc.role):
        _run(manage.set_role, me, who, new_role)
    if b2.button(t("acc_enable" if acc.disabled else "acc_disable", lg), key="acc_toggle"):
        _run(manage.set_disabled, me, who, not acc.disabled)
    sure = b3.checkbox(t("acc_delete_sure", lg), key="acc_del_sure")
    if b3.button(t("acc_delete", lg), key="acc_delete", disabled=not sure):
        _run(manage.delete, me, who)
    with st.form("acc_reset", clear_on_submit=True):
        pw = st.text_input(t("acc_new_password", lg), type="password", help=t("acc_password_help", lg))
        if st.form_submit_button(t("acc_reset", lg), icon=":material/key:"):
            _run(manage.reset, me, who, pw)


main()
