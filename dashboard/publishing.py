"""The Import page's 发布 section: the batches a signed-in user may publish or unpublish, through
``etl.intake.service`` (the one door for writes; ``etl.intake.publish`` checks the role and the setting again)."""

from __future__ import annotations

import streamlit as st

from core import settings
from core.labels import t
from dashboard import auth, ui
from etl.intake import service


def state_label(batch: dict, lg: str) -> str:
    """rolled back (when) | 草稿 | 已发布 (when, by whom)."""
    if batch.get("rolled_back"):
        return t("imp_rolled_back_at", lg, when=batch.get("rolled_back_at"))
    if batch.get("state", "published") == "draft":
        return t("pub_state_draft", lg)
    by = batch.get("published_by")
    return t("pub_state_published", lg) + (f" · {batch.get('published_at')} · {by}" if by else "")


def loaded_note(batches: list[dict], lg: str) -> str | None:
    """What an analyst is told after a load that made drafts: who must publish them before viewers see them."""
    drafts = [str(b["batch_id"]) for b in batches if b.get("state") == "draft"]
    if not drafts:
        return None
    return t("pub_loaded_as_draft", lg, batches=", ".join(drafts), who=t(f"pub_who_{settings.publish_mode()}", lg))


def section(rows: list[dict], lg: str) -> None:
    """Publish or unpublish one batch; only the batches this user may change are offered."""
    me = auth.current()
    if me is None:
        return
    st.markdown(f"#### {t('pub_section', lg)}")
    st.caption(t("pub_section_help", lg))
    if settings.publish_mode() == "auto":
        st.caption(t("pub_auto_note", lg))
    live = [b for b in rows if not b.get("rolled_back") and service.may_publish(b, me)]
    if not live:
        st.caption(t("pub_none", lg))
        return
    labels = {b["batch_id"]: f"{b['batch_id']} · {b['file_name']} · {state_label(b, lg)}" for b in live}
    c1, c2 = st.columns([3, 2])
    if st.session_state.get("pub_pick") not in labels:
        st.session_state.pop("pub_pick", None)
    pick = c1.selectbox(t("pub_pick", lg), list(labels)[::-1], index=None, key="pub_pick",
                        format_func=lambda b: labels[b], placeholder=t("choose", lg))
    if pick is None:
        return
    chosen = next(b for b in live if b["batch_id"] == pick)
    event = "unpublish" if chosen.get("state", "published") == "published" else "publish"
    c2.markdown("<div style='height:1.75rem'></div>", unsafe_allow_html=True)
    if c2.button(t(f"pub_button_{event}", lg), key="pub_go", type="primary" if event == "publish" else "secondary",
                 icon=":material/publish:" if event == "publish" else ":material/unpublished:"):
        act = service.publish if event == "publish" else service.unpublish
        try:
            act(int(pick), me, settings.data_dir(), settings.warehouse_location())
        except (service.UsageError, service.PermissionDenied, service.ValidationError) as exc:
            ui.say(st.error, str(exc))
            return
        st.session_state.pop("pub_pick", None)
        st.session_state["imp_done"] = t(f"pub_done_{event}", lg, batch=pick)
        st.rerun()
