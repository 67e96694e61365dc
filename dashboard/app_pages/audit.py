"""审计日志 Audit log: every write (add, review load, rollback, account change) and every sign-in, newest
first. Registered only for administrators; the log itself is ``core.auth.audit``."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.auth import audit
from core.auth.roles import AUDIT
from core.labels import t
from dashboard import auth, ui

SHOWN = 2000


def main() -> None:
    lg = ui.lang()
    ui.page_header("aud_title", "aud_intro", scope=False)
    me = auth.current()
    if not auth.can(me, AUDIT):     # registered for administrators only; checked again here
        st.stop()
    rows = audit.entries(SHOWN)
    if not rows:
        st.caption(t("aud_none", lg))
        return
    df = pd.DataFrame(rows)
    c1, c2 = st.columns(2)
    actions = sorted(df["action"].unique())
    pick = c1.multiselect(t("aud_actions", lg), actions, key="aud_actions", placeholder=t("all", lg))
    outcomes = sorted(df["outcome"].unique())
    out = c2.multiselect(t("aud_outcomes", lg), outcomes, key="aud_outcomes", placeholder=t("all", lg))
    if pick:
        df = df[df["action"].isin(pick)]
    if out:
        df = df[df["outcome"].isin(out)]
    cols = ["at", "actor", "role", "via", "client", "action", "batch_id", "target", "outcome", "detail"]
    st.dataframe(df[cols], hide_index=True, width="stretch",
                 column_config={c: st.column_config.Column(t(f"aud_col_{c}", lg)) for c in cols})
    st.caption(t("aud_shown", lg, n=len(df), limit=SHOWN))


main()
