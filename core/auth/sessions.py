"""Signed-in sessions, kept on the server: the browser holds only a random token (a cookie), the store its
sha256. A session ends after ``DJCX_SESSION_IDLE_MINUTES`` without use, after ``DJCX_SESSION_MAX_HOURS`` in
any case, or at sign-out, which deletes it here: a copied cookie is worth nothing afterwards."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from core import settings
from core.auth import db

TOUCH_EVERY = 30.0     # at most, seconds between writes of "last seen" (a rerun need not write the store)


@dataclass(frozen=True)
class Session:
    name: str
    role: str
    via: str
    since: float
    seen: float


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(name: str, role: str, via: str, now: float | None = None, path: Path | None = None) -> str:
    now = time.time() if now is None else now
    token = secrets.token_urlsafe(32)
    with db.connect(path) as con:
        con.execute("INSERT INTO session VALUES (?, ?, ?, ?, ?, ?)", [_hash(token), name, role, via, now, now])
        # forget sessions that ran out long ago
        con.execute("DELETE FROM session WHERE seen < ?", [now - settings.session_max_seconds() - 86400])
    return token


def expired(s: Session, now: float) -> bool:
    return now - s.seen > settings.session_idle_seconds() or now - s.since > settings.session_max_seconds()


def lookup(token: str | None, now: float | None = None, path: Path | None = None) -> tuple[Session | None, bool]:
    """(the live session, whether one existed but has expired — and is now deleted)."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None, False
    now = time.time() if now is None else now
    with db.connect(path, create=False) as con:
        if con is None:
            return None, False
        r = con.execute("SELECT name, role, via, since, seen FROM session WHERE token_hash = ?",
                        [_hash(token)]).fetchone()
        if r is None:
            return None, False
        s = Session(*r)
        if expired(s, now):
            con.execute("DELETE FROM session WHERE token_hash = ?", [_hash(token)])
            return None, True
        if now - s.seen > min(TOUCH_EVERY, settings.session_idle_seconds() / 4):
            con.execute("UPDATE session SET seen = ? WHERE token_hash = ?", [now, _hash(token)])
            s = Session(s.name, s.role, s.via, s.since, now)
        return s, False


def end(token: str | None, path: Path | None = None) -> None:
    if token:
        with db.connect(path) as con:
            con.execute("DELETE FROM session WHERE token_hash = ?", [_hash(token)])


def end_all(name: str, path: Path | None = None) -> None:
    """Every session of an account (disabled, deleted, password reset)."""
    with db.connect(path) as con:
        con.execute("DELETE FROM session WHERE name = ? AND via = 'local'", [name])


def revoke(identity: str, now: float | None = None, path: Path | None = None) -> None:
    """A single-sign-on identity (its provider's cookie may outlive the sign-out) may not start a session again."""
    now = time.time() if now is None else now
    with db.connect(path) as con:
        con.execute("INSERT OR REPLACE INTO revoked VALUES (?, ?)", [identity, now])
        con.execute("DELETE FROM revoked WHERE at < ?", [now - 40 * 86400])   # the provider cookie's life, and more


def revoked(identity: str, path: Path | None = None) -> bool:
    with db.connect(path, create=False) as con:
        return con is not None and con.execute("SELECT 1 FROM revoked WHERE identity = ?", [identity]).fetchone() \
            is not None
