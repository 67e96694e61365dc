"""The session cookie, written by the server with ``HttpOnly`` (#22 item 23; docs/SECURITY.md "Sessions").

Streamlit gives a script no response of its own, so a cookie written by the page's script can never be
``HttpOnly``. This module adds one route, ``POST /_djcx/session``, to the Starlette app that serves the
dashboard (the app a session's WebSocket arrived on), and the page's script only hands it a one-time grant:
a random value, held in this process for ``GRANT_SECONDS``, that the route exchanges once for the
``Set-Cookie`` header. The token itself never reaches a script. A grant can also ask for the cookie's deletion
(sign-out, expiry). The route refuses a request from another origin, so no other site can plant or delete it.

When the route cannot be added (no Starlette server: an older Streamlit, AppTest), ``route_ready`` is False
and ``dashboard.auth`` writes the cookie from the script as before (``SameSite=Strict``, not ``HttpOnly``).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time

PATH = "_djcx/session"
GRANT_SECONDS = 60
_GRANTS: dict[str, tuple[str, int, bool, float]] = {}   # sha256(grant) -> (token or "", max-age, secure, until)
_LOCK = threading.Lock()
_ADDED: set[int] = set()                                   # the Starlette apps the route was added to


def _digest(grant: str) -> str:
    return hashlib.sha256(grant.encode("utf-8", "replace")).hexdigest()


def grant(token: str, age: int, secure: bool) -> str:
    """A one-time grant for writing ``token`` (``""``: deleting the cookie) with this max-age."""
    g = secrets.token_urlsafe(32)
    now = time.time()
    with _LOCK:
        for k in [k for k, v in _GRANTS.items() if v[3] < now]:
            del _GRANTS[k]
        _GRANTS[_digest(g)] = (token, age, secure, now + GRANT_SECONDS)
    return g


def redeem(g: str) -> tuple[str, int, bool] | None:
    with _LOCK:
        entry = _GRANTS.pop(_digest(g or ""), None)
    if entry is None or entry[3] < time.time():
        return None
    return entry[0], entry[1], entry[2]


def set_cookie_header(name: str, token: str, age: int, secure: bool) -> str:
    return (f"{name}={token}; Path=/; Max-Age={age if token else 0}; SameSite=Strict; HttpOnly"
            + ("; Secure" if secure else ""))


def _base() -> str:
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/" if base else "/"


def url() -> str:
    return _base() + PATH


def _same_origin(request) -> bool:
    origin = request.headers.get("origin")
    if origin is None:
        return request.headers.get("sec-fetch-site") in (None, "same-origin")
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] == host


def _handler(cookie_name: str):
    from starlette.responses import Response

    async def session_cookie(request):
        if not _same_origin(request) or request.headers.get("x-djcx-grant") is None:
            return Response(status_code=403)
        body = (await request.body())[:200].decode("ascii", "replace")
        entry = redeem(body.strip())
        if entry is None:
            return Response(status_code=403)
        token, age, secure = entry
        secure = secure or request.url.scheme == "https"
        return Response(status_code=204, headers={"Set-Cookie": set_cookie_header(cookie_name, token, age, secure),
                                                  "Cache-Control": "no-store"})

    return session_cookie


def route_ready(cookie_name: str) -> bool:
    """Add the route to the server this session is served by (once); whether it is there."""
    try:
        from starlette.routing import Route
        from streamlit.runtime import get_instance
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        client = get_instance().get_client(ctx.session_id) if ctx else None
        app = client._websocket.scope["app"]          # Starlette puts itself in every scope
        routes = app.router.routes
    except Exception:     # noqa: BLE001 - no Starlette server here: the script writes the cookie
        return False
    with _LOCK:
        if id(app) not in _ADDED:
            routes.insert(0, Route(url(), _handler(cookie_name), methods=["POST"]))
            _ADDED.add(id(app))
    return True


def script(g: str) -> str:
    """The page's script: hands the grant to the route, which answers with the cookie."""
    return (f"<script>fetch({json.dumps(url())}, {{method: 'POST', credentials: 'same-origin', "
            f"headers: {{'X-DJCX-Grant': '1', 'Content-Type': 'text/plain'}}, body: {json.dumps(g)}}});</script>")
