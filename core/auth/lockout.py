"""Repeated failed sign-ins are slowed down, then locked for a while: per account and per client.

The first ``FREE`` failures cost nothing. After that each failure makes the next attempt wait twice as long
as the last (2 s, 4 s, … at most ``MAX_WAIT``), and at ``LOCK_AT`` failures the key is locked for
``LOCK_SECONDS``. A key is an account name (whether or not the account exists, so probing names shows
nothing) or a client address. A success clears the account's and the client's counts; failures older than
``FORGET_SECONDS`` are forgotten. An attempt made while a key must wait is refused without checking the
password, and is not counted.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from core.auth import db

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


def check(account: str, client: str, now: float | None = None, path: Path | None = None) -> Verdict:
    now = time.time() if now is None else now
    wait, locked = 0.0, False
    with db.connect(path, create=False) as con:
        if con is None:
            return Verdict(0.0, False)
        for key in keys(account, client):
            r = con.execute("SELECT count, last_at, locked_until FROM failure WHERE key = ?", [key]).fetchone()
            if not r or now - r[1] > FORGET_SECONDS and r[2] <= now:
                continue
            if r[2] > now:
                wait, locked = max(wait, r[2] - now), True
            else:
                wait = max(wait, r[1] + _wait_after(r[0]) - now)
    return Verdict(max(wait, 0.0), locked)


def failed(account: str, client: str, now: float | None = None, path: Path | None = None) -> None:
    now = time.time() if now is None else now
    with db.connect(path) as con:
        for key in keys(account, client):
            r = con.execute("SELECT count, last_at FROM failure WHERE key = ?", [key]).fetchone()
            count = 1 if not r or now - r[1] > FORGET_SECONDS else r[0] + 1
            until = now + LOCK_SECONDS if count >= LOCK_AT else 0
            con.execute("INSERT OR REPLACE INTO failure VALUES (?, ?, ?, ?)", [key, count, now, until])


def succeeded(account: str, client: str, path: Path | None = None) -> None:
    with db.connect(path) as con:
        for key in keys(account, client):
            con.execute("DELETE FROM failure WHERE key = ?", [key])


def clear(account: str, path: Path | None = None) -> None:
    """An administrator's unlock (``users reset`` or ``users enable``)."""
    with db.connect(path) as con:
        con.execute("DELETE FROM failure WHERE key = ?", keys(account, "")[:1])
