"""What every write function calls before it writes: who is asking, and may they?

The dashboard passes the signed-in ``Principal``; a write asked for inside the app without one is refused,
so a page reached by a crafted request cannot write as "nobody". The command line passes a name (or none)
and acts as the operator. A local account is looked up again at each write: an account disabled, deleted or
demoted since it signed in cannot write with its old session.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from core.auth import audit, store
from core.auth.roles import LOCAL, Principal, operator


class PermissionDenied(Exception):
    """The caller may not do this; the message says what is missing."""


def in_app() -> bool:
    """Whether this runs inside a Streamlit script run (a page), not the CLI, a notebook or a test."""
    if "streamlit" not in sys.modules:
        return False
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    return get_script_run_ctx(suppress_warning=True) is not None


def actor(who: Principal | str | None) -> Principal:
    if isinstance(who, Principal):
        return who
    if in_app():
        raise PermissionDenied("sign in to write: the dashboard writes only as a signed-in user")
    from core import settings

    return operator(settings.user_name(who))


def require(who: Principal | str | None, permission: str, action: str, path: Path | None = None) -> Principal:
    """The principal allowed to do ``permission``, or PermissionDenied (recorded in the audit log)."""
    p = actor(who)
    if p.via == LOCAL:
        acc = store.get(p.name, path)
        if acc is None or acc.disabled:
            audit.record(p, action, outcome="denied", detail="account missing or disabled", path=path)
            raise PermissionDenied(f"account {p.name!r} is disabled or no longer exists")
        p = dataclasses.replace(p, role=acc.role)
    if not p.can(permission):
        audit.record(p, action, outcome="denied", detail=f"role {p.role} lacks {permission}", path=path)
        raise PermissionDenied(f"role {p.role!r} may not {permission.replace('_', ' ')}")
    return p
