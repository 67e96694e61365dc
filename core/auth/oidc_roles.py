"""A single-sign-on user's role, from the ``[djcx_roles]`` table of ``.streamlit/secrets.toml``.

    [djcx_roles]
    claim = "djcx_role"                 # an ID-token claim that carries the role (a string or a list)
    default = "viewer"                  # for users neither mapped nor carrying the claim ("" refuses them)
    [djcx_roles.users]                  # by e-mail (any case) or by subject
    "zhang.wei@example.org" = "admin"

The mapping of a user wins over the claim; an unknown role name is ignored, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping

from core.auth.roles import ROLES, VIEWER


def role_from_claims(claims: Mapping, config: Mapping | None) -> str | None:
    config = config or {}
    users = {str(k).strip().lower(): str(v).strip().lower() for k, v in (config.get("users") or {}).items()}
    for key in (claims.get("email"), claims.get("sub")):
        if key and str(key).strip().lower() in users and users[str(key).strip().lower()] in ROLES:
            return users[str(key).strip().lower()]
    claim = config.get("claim", "djcx_role")
    value = claims.get(claim) if claim else None
    values = value if isinstance(value, list | tuple) else [value]
    found = [str(v).strip().lower() for v in values if str(v).strip().lower() in ROLES]
    if found:
        return max(found, key=ROLES.index)
    default = str(config.get("default", VIEWER)).strip().lower()
    return default if default in ROLES else None


def display_name(claims: Mapping) -> str:
    for key in ("email", "preferred_username", "name", "sub"):
        if claims.get(key):
            return str(claims[key])
    return "?"
