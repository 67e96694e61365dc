"""Account changes, as an administrator: each checks the caller's role and is written to the audit log.

The CLI (``python -m etl users``) and the Accounts page both come through here.
"""

from __future__ import annotations

from core.auth import audit, guard, lockout, sessions, store
from core.auth.roles import ACCOUNTS, Principal


def _admin(who: Principal | str | None, action: str) -> Principal:
    return guard.require(who, ACCOUNTS, action)


def add(who, name: str, role: str, password: str) -> store.Account:
    me = _admin(who, "account_add")
    acc = store.add(name, role, password)
    audit.record(me, "account_add", target=acc.name, detail=f"role {acc.role}")
    return acc


def reset(who, name: str, password: str) -> store.Account:
    me = _admin(who, "account_reset")
    acc = store.reset(name, password)
    lockout.clear(acc.name)
    sessions.end_all(acc.name)
    audit.record(me, "account_reset", target=acc.name)
    return acc


def set_disabled(who, name: str, disabled: bool) -> store.Account:
    action = "account_disable" if disabled else "account_enable"
    me = _admin(who, action)
    if disabled and me.name == name and me.via == "local":
        raise store.AccountError("you cannot disable the account you are signed in with")
    acc = store.set_disabled(name, disabled)
    if disabled:
        sessions.end_all(acc.name)
    else:
        lockout.clear(acc.name)
    audit.record(me, action, target=acc.name)
    return acc


def set_role(who, name: str, role: str) -> store.Account:
    me = _admin(who, "account_role")
    acc = store.set_role(name, role)
    audit.record(me, "account_role", target=acc.name, detail=f"role {acc.role}")
    return acc


def delete(who, name: str) -> None:
    me = _admin(who, "account_delete")
    if me.name == name and me.via == "local":
        raise store.AccountError("you cannot delete the account you are signed in with")
    store.delete(name)
    sessions.end_all(name)
    audit.record(me, "account_delete", target=name)
