"""Who is signed in to this browser, and signing in and out (docs/SECURITY.md).

Two ways in: a local account (``core.auth.store``, the sign-in page's form) or the organisation's OpenID
Connect provider (Streamlit's ``st.login``, configured by ``[auth]`` in ``.streamlit/secrets.toml``). Either
way the session lives on the server (``core.auth.sessions``); the browser keeps only a random token in the
``djcx_session`` cookie, so a reload or a new tab stays signed in, and sign-out or expiry ends it for good.
With neither configured, nobody signs in and the dashboard is read-only for everyone.
"""

from __future__ import annotations

import json
import time

import streamlit as st

from core import settings
from core.auth import audit, client_address, lockout, oidc_roles, sessions, store
from core.auth.roles import EXPORT, LOCAL, OIDC, VIEW, Principal
from dashboard import session_cookie

COOKIE = "djcx_session"
KEY = "_djcx_session"          # this browser session's {"name", "role", "via", "token"}
NOTICE = "_djcx_auth_notice"   # a message for the sign-in page (e.g. "your session expired")
COOKIE_OUT = "_djcx_cookie"    # the cookie to write on the next run: a token, or "" to delete it


def client() -> str:
    """The browser's address ("localhost" from this machine), for the audit log and the per-client lockout:
    the connection's, or a trusted proxy's ``X-Forwarded-For`` (``core/auth/client_address.py``)."""
    try:
        from streamlit.runtime import get_instance
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        session = get_instance().get_client(ctx.session_id) if ctx else None
        context = getattr(session, "client_context", None)
        if context is None:
            return client_address.LOCAL
        reported = context.remote_ip      # not st.context.ip_address, which hides which loopback address
        forwarded = [v for k, v in context.headers if k.lower() == "x-forwarded-for"]
    except Exception:   # no request context (AppTest)
        return client_address.LOCAL
    return client_address.client_address(reported, forwarded, settings.trusted_proxies(),
                                         settings.server_forwarded_allow_ips())


def _secrets_section(name: str) -> dict:
    try:
        return dict(st.secrets.get(name) or {})
    except Exception:   # no secrets file, or one that does not parse: no single sign-on
        return {}


def oidc_provider() -> str | None:
    """The provider ``st.login`` uses: "" for a lone ``[auth]`` provider, a ``[auth.NAME]``'s name, or None."""
    section = _secrets_section("auth")
    if not section.get("redirect_uri") or not section.get("cookie_secret"):
        return None
    if section.get("client_id"):
        return ""
    named = [k for k, v in section.items() if isinstance(v, dict) and v.get("client_id")]
    return named[0] if named else None


def local_accounts() -> bool:
    return store.any_active()


def sign_in_exists() -> bool:
    return oidc_provider() is not None or local_accounts()


def public_view(exists: bool | None = None) -> bool:
    """Whether visitors who are not signed in see the dashboard: always without sign-in, else by setting.
    ``exists``: ``sign_in_exists()`` when the caller has it already (one store read per page run)."""
    return not (sign_in_exists() if exists is None else exists) or settings.public_dashboard()


def _start(name: str, role: str, via: str) -> Principal:
    token = sessions.create(name, role, via)
    st.session_state[KEY] = {"name": name, "role": role, "via": via, "token": token}
    st.session_state[COOKIE_OUT] = token
    p = Principal(name, role, via, client())
    audit.record(p, "sign_in")
    return p


def _cookie_token() -> str | None:
    try:
        return st.context.cookies.get(COOKIE)
    except Exception:
        return None


def _oidc_user() -> dict | None:
    try:
        return st.user.to_dict() if st.user.is_logged_in else None
    except Exception:
        return None


def current() -> Principal | None:
    """The signed-in principal, or None. An expired session, a disabled account or a single-sign-on identity
    that is gone ends the session here."""
    s = st.session_state.get(KEY)
    token = s["token"] if s else _cookie_token()
    live, was_expired = sessions.lookup(token)
    if live is None:
        if was_expired or s:
            st.session_state[NOTICE] = "auth_expired"
            if s:
                audit.record(Principal(s["name"], s["role"], s["via"], client()), "session_expired")
            _forget(s and s["via"] == OIDC)
        return _maybe_oidc_sign_in()
    if live.via == LOCAL:
        acc = store.get(live.name)
        if acc is None or acc.disabled:
            st.session_state[NOTICE] = "auth_disabled"
            sessions.end(token)
            _forget(False)
            return None
        role = acc.role
    else:
        if _oidc_user() is None:   # the identity cookie is gone (signed out elsewhere): so is this session
            sessions.end(token)
            _forget(False)
            return None
        role = live.role
    st.session_state[KEY] = {"name": live.name, "role": role, "via": live.via, "token": token}
    return Principal(live.name, role, live.via, client())


def _maybe_oidc_sign_in() -> Principal | None:
    """A single-sign-on identity just back from the provider (``st.user``) starts a session."""
    if oidc_provider() is None:
        return None
    user = _oidc_user()
    if not user:
        return None
    issued = float(user.get("iat") or 0)
    if (st.session_state.get(NOTICE) == "auth_expired" or sessions.revoked(_identity(user))
            or time.time() - issued > settings.session_max_seconds()):
        st.logout()     # signed out or expired here: the provider's identity cookie starts no new session
        return None
    role = oidc_roles.role_from_claims(user, _secrets_section("djcx_roles"))
    name = oidc_roles.display_name(user)
    if role is None:
        st.session_state[NOTICE] = "auth_no_role"
        audit.record(Principal(name, "none", OIDC, client()), "sign_in", outcome="denied", detail="no role")
        st.logout()
        return None
    return _start(name, role, OIDC)


def _identity(user: dict) -> str:
    return f"{user.get('iss', '')}|{user.get('sub', '')}|{user.get('iat', '')}"


def _forget(oidc: bool) -> None:
    st.session_state.pop(KEY, None)
    st.session_state[COOKIE_OUT] = ""
    user = _oidc_user() if oidc else None
    if user is not None:
        sessions.revoke(_identity(user))
        st.logout()     # deletes Streamlit's identity cookie; ends the provider's session when it can


def cookie_script(token: str, age: int, secure: bool) -> str:
    """The script that writes the session cookie where the server cannot (``dashboard/session_cookie.py``):
    ``SameSite=Strict``, ``Secure`` behind TLS (``DJCX_BEHIND_TLS``) or on https; a script cannot make it HttpOnly."""
    always = "true" if secure else "false"
    return (f"<script>document.cookie = {json.dumps(f'{COOKIE}={token}')} + "
            f"'; path=/; max-age={age}; SameSite=Strict' + "
            f"({always} || location.protocol === 'https:' ? '; Secure' : '');</script>")


def write_cookie() -> None:
    """Write (or delete) the session cookie asked for by the last run. Called by app.py on every run."""
    if COOKIE_OUT not in st.session_state:
        return
    token = st.session_state.pop(COOKIE_OUT)
    age = int(settings.session_max_seconds()) if token else 0
    if session_cookie.route_ready(COOKIE):     # the server writes it, HttpOnly
        html = session_cookie.script(session_cookie.grant(token, age, settings.behind_tls()))
    else:
        html = cookie_script(token, age, settings.behind_tls())
    st.html(html, unsafe_allow_javascript=True)


def sign_in_local(name: str, password: str) -> tuple[Principal | None, str, dict]:
    """(principal, message key, its values): refused while the account or this client must wait."""
    name, where = (name or "").strip(), client()
    verdict, acc = lockout.attempt(name, where, lambda: store.verify(name, password))   # one atomic step
    if not verdict.allowed:
        audit.record(Principal(name or "?", "none", LOCAL, where), "sign_in", outcome="throttled",
                     detail=f"wait {verdict.wait:.0f} s")
        return None, ("auth_locked" if verdict.locked else "auth_wait"), {"s": max(1, round(verdict.wait))}
    if acc is None:
        audit.record(Principal(name or "?", "none", LOCAL, where), "sign_in", outcome="failed")
        return None, "auth_bad_password", {}
    return _start(acc.name, acc.role, LOCAL), "", {}


def sign_out() -> None:
    """End the session here; for single sign-on also the provider's (the browser is sent away: no rerun)."""
    s = st.session_state.get(KEY)
    if s:
        sessions.end(s["token"])
        audit.record(Principal(s["name"], s["role"], s["via"], client()), "sign_out")
        _forget(s["via"] == OIDC)
        if s["via"] == OIDC:
            st.stop()       # st.logout has asked the browser to go to /auth/logout; a rerun would race it
    st.rerun()


def can(p: Principal | None, permission: str, public: bool | None = None) -> bool:
    """``public``: ``public_view()`` when the caller has it already."""
    if p is None:
        return permission in (VIEW, EXPORT) and (public_view() if public is None else public)
    return p.can(permission)
