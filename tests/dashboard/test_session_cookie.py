"""The server-written session cookie (#22 item 23): a grant is good once and briefly; the header is HttpOnly."""

from __future__ import annotations

from dashboard import session_cookie as sc


def test_a_grant_is_redeemed_once_and_expires(monkeypatch):
    g = sc.grant("tok", 600, False)
    assert sc.redeem(g) == ("tok", 600, False)
    assert sc.redeem(g) is None and sc.redeem("made-up") is None and sc.redeem("") is None
    late = sc.grant("tok", 600, True)
    now = sc.time.time()
    monkeypatch.setattr(sc.time, "time", lambda: now + sc.GRANT_SECONDS + 1)
    assert sc.redeem(late) is None


def test_the_cookie_header_is_http_only_strict_and_secure_when_asked():
    h = sc.set_cookie_header("djcx_session", "tok", 600, False)
    assert h == "djcx_session=tok; Path=/; Max-Age=600; SameSite=Strict; HttpOnly"
    assert sc.set_cookie_header("djcx_session", "tok", 600, True).endswith("; HttpOnly; Secure")
    assert "Max-Age=0" in sc.set_cookie_header("djcx_session", "", 600, False)     # deletion
