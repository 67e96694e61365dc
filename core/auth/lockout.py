"""Repeated failed sign-ins are slowed down, then locked for a while: per account and per client.

The first ``FREE`` failures cost nothing. After that each failure makes the next attempt wait twice as long
as the last (2 s, 4 s, … at most ``MAX_WAIT``), and at ``LOCK_AT`` failures the key is locked for
``LOCK_SECONDS``. A key is an account name (whether or not the account exists, so probing names shows
nothing) or a client address. A success clears the account's and the client's counts; failures older than
``FORGET_SECONDS`` are forgotten. An attempt made while a key must wait is refused without checking the
password, and is not counted.

``attempt`` is one sign-in: in one write transaction of the store (``BEGIN IMMEDIATE``) it checks the keys and,
when the attempt may go ahead, counts it as a failure at once; the password is checked afterwards, outside the
lock, and a success takes the failure back. So attempts sent at once are let through one after another, as if
sent in turn: 16 at once get ``FREE`` password checks, not as many as the check could start before the first
failure was written (8 in issue #22). A process killed during the check leaves the failure counted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from core.auth import db

T = TypeVar("T")

FREE = 3
LOCK_AT = 10
MAX_WAIT = 60
LOCK_SECONDS = 15 * 60
FORGET_SECONDS = 60 * 60


@dataclass(frozen=True)
class Verdict:
    wait: float          # seconds until the next attempt is allowed (0: now)
    locked: bool         # locked (rather than only slowed down)

    @property
    def allowed(self) -> bool:
        return self.wait <= 0


def keys(account: str, client: str) -> list[str]:
    out = [f"account:{(account or '').strip().lower()}"]
    if client:
        out.append(f"client:{client}")
    return out


def _wait_after(count: int) -> float:
    return 0.0 if count < FREE else float(min(2 ** (count - FREE + 1), MAX_WAIT))


def _verdict(con, account: str, client: str, now: float) -> Verdict:
    wait, locked = 0.0, False
    for key in keys(account, client):
        r = con.execute("SELECT count, last_at, locked_until FROM failure WHERE key = ?", [key]).fetchone()
        if not r or now - r[1] > FORGET_SECONDS and r[2] <= now:
            continue
        if r[2] > now:
            wait, locked = max(wait, r[2] - now), True
        else:
            wait = max(wait, r[1] + _wait_after(r[0]) - now)
    return Verdict(max(wait, 0.0), locked)


def _count(con, account: str, client: str, now: float) -> None:
    for key in keys(account, client):
        r = con.execute("SELECT count, last_at FROM failure WHERE key = ?", [key]).fetchone()
        count = 1 if not r or now - r[1] > FORGET_SECONDS else r[0] + 1
        until = now + LOCK_SECONDS if count >= LOCK_AT else 0
        con.execute("INSERT OR REPLACE INTO failure VALUES (?, ?, ?, ?)", [key, count, now, until])


def check(account: str, client: str, now: float | None = None, path: Path | None = None) -> Verdict:
    now = time.time() if now is None else now
    with db.connect(path, create=False) as con:
        return Verdict(0.0, False) if con is None else _verdict(con, account, client, now)


def failed(account: str, client: str, now: float | None = None, path: Path | None = None) -> None:
    now = time.time() if now is None else now
    with db.connect(path) as con:
        _count(con, account, client, now)


def attempt(account: str, client: str, verify: Callable[[], T | None],
            path: Path | None = None) -> tuple[Verdict, T | None]:
    """One sign-in: (the verdict, ``verify()``'s result, None when refused or wrong). The check and the count
    are one transaction; ``verify`` (the password check) runs only when the attempt was let through."""
    with db.connect(path) as con:          # BEGIN IMMEDIATE: the next attempt waits for this one's count
        now = time.time()
        verdict = _verdict(con, account, client, now)
        if not verdict.allowed:
            return verdict, None
        _count(con, account, client, now)  # counted before the password is checked: taken back on success
    result = verify()
    if result is not None:
        succeeded(account, client, path)
    return verdict, result


def succeeded(account: str, client: str, path: Path | None = None) -> None:
    with db.connect(path) as con:
        for key in keys(account, client):
            con.execute("DELETE FROM failure WHERE key = ?", [key])


def clear(account: str, path: Path | None = None) -> None:
    """An administrator's unlock (``users reset`` or ``users enable``)."""
    with db.connect(path) as con:
        con.execute("DELETE FROM failure WHERE key = ?", keys(account, "")[:1])
