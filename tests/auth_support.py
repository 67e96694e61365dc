"""Signing an AppTest session in, for the tests of write pages."""

from __future__ import annotations


def sign_in(at, name: str = "analyst1", role: str = "analyst", password: str = "correct horse 1"):
    """An AppTest session signed in as a local account (created in the current store when missing)."""
    from core.auth import sessions, store
    from dashboard import auth

    if store.get(name) is None:
        store.add(name, role, password)
    token = sessions.create(name, role, "local")
    at.session_state[auth.KEY] = {"name": name, "role": role, "via": "local", "token": token}
    return at
