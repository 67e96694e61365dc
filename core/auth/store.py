"""Local accounts: names, roles and argon2id password hashes (never the password, never logged).

Managed from the command line (``python -m etl users …``). No account is ever created by default; with no
active account the dashboard is a read-only public dashboard without write pages.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from core.auth import db
from core.auth.roles import check_role

MIN_PASSWORD = 10
NAME = re.compile(r"^[\w.@+-]{1,64}$")     # letters (any script), digits and . @ + - _
_HASHER = PasswordHasher()                # argon2id, RFC 9106 low-memory profile


@functools.cache
def _dummy() -> str:
    """Verified against when the account does not exist, so a wrong name costs as long as a wrong password.
    Made on the first sign-in, not at import: hashing costs 0.3 s, which the sign-in page would wait for."""
    return _HASHER.hash("not a password: timing equaliser")


class AccountError(ValueError):
    """A request on the account store that cannot be carried out (unknown name, weak password …)."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    disabled: bool
    created_at: str
    changed_at: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def check_name(name: str) -> str:
    n = (name or "").strip()
    if not NAME.match(n):
        raise AccountError(f"account name {name!r}: 1–64 letters, digits or . @ + - _ , no spaces")
    return n


def check_password(password: str, name: str = "") -> str:
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"the password needs at least {MIN_PASSWORD} characters")
    if name and password.strip().lower() == name.strip().lower():
        raise AccountError("the password may not be the account name")
    return password


def _row(r) -> Account:
    return Account(r[0], r[1], bool(r[2]), r[3], r[4])


def accounts(path: Path | None = None) -> list[Account]:
    with db.connect(path, create=False) as con:
        if con is None:
            return []
        rows = con.execute("SELECT name, role, disabled, created_at, changed_at FROM account ORDER BY name")
        return [_row(r) for r in rows.fetchall()]


def get(name: str, path: Path | None = None) -> Account | None:
    with db.connect(path, create=False) as con:
        if con is None:
            return None
        r = con.execute("SELECT name, role, disabled, created_at, changed_at FROM account WHERE name = ?",
                        [name]).fetchone()
        return _row(r) if r else None


def any_active(path: Path | None = None) -> bool:
    """Whether the app has sign-in at all: at least one account that is not disabled."""
    return any(not a.disabled for a in accounts(path))


def add(name: str, role: str, password: str, path: Path | None = None) -> Account:
    name, role = check_name(name), check_role(role)
    check_password(password, name)
    with db.connect(path) as con:
        if con.execute("SELECT 1 FROM account WHERE name = ?", [name]).fetchone():
            raise AccountError(f"account {name!r} already exists (reset its password, or delete it first)")
        now = _now()
        con.execute("INSERT INTO account VALUES (?, ?, ?, 0, ?, ?)", [name, role, _HASHER.hash(password), now, now])
    return get(name, path)


def _update(name: str, path: Path | None, sql: str, args: list) -> Account:
    with db.connect(path) as con:
        cur = con.execute(f"UPDATE account SET {sql}, changed_at = ? WHERE name = ?", [*args, _now(), name])
        if cur.rowcount == 0:
            raise AccountError(f"no account {name!r}")
    return get(name, path)


def set_disabled(name: str, disabled: bool, path: Path | None = None) -> Account:
    return _update(name, path, "disabled = ?", [int(disabled)])


def set_role(name: str, role: str, path: Path | None = None) -> Account:
    return _update(name, path, "role = ?", [check_role(role)])


def reset(name: str, password: str, path: Path | None = None) -> Account:
    check_password(password, name)
    return _update(name, path, "hash = ?", [_HASHER.hash(password)])


def delete(name: str, path: Path | None = None) -> None:
    with db.connect(path) as con:
        if con.execute("DELETE FROM account WHERE name = ?", [name]).rowcount == 0:
            raise AccountError(f"no account {name!r}")


def verify(name: str, password: str, path: Path | None = None) -> Account | None:
    """The account when the name and password match an active account, else None (in about the same time)."""
    dummy = _dummy()      # made before the lookup, so the first check costs the same for any name
    with db.connect(path, create=False) as con:
        r = None if con is None else con.execute(
            "SELECT name, role, disabled, created_at, changed_at, hash FROM account WHERE name = ?",
            [(name or "").strip()]).fetchone()
    try:
        _HASHER.verify(r[5] if r else dummy, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if r is None or r[2]:
        return None
    if _HASHER.check_needs_rehash(r[5]):
        reset(r[0], password, path)
    return _row(r)
