"""The three roles and what each may do; a ``Principal`` is who is asking, and how they signed in."""

from __future__ import annotations

from dataclasses import dataclass

VIEWER, ANALYST, ADMIN = "viewer", "analyst", "admin"
ROLES = (VIEWER, ANALYST, ADMIN)

VIEW, EXPORT, IMPORT, REVIEW, ROLLBACK_OWN, ROLLBACK_ANY, ACCOUNTS, AUDIT, DRAFTS, PUBLISH = (
    "view", "export", "import", "review", "rollback_own", "rollback_any", "accounts", "audit", "drafts", "publish")

# DRAFTS: see batches not published yet (marked 草稿). PUBLISH: publish and unpublish any batch; with
# DJCX_PUBLISH=second_analyst an analyst may also publish another analyst's batch (etl.intake.publish).
PERMISSIONS: dict[str, frozenset[str]] = {
    VIEWER: frozenset({VIEW, EXPORT}),
    ANALYST: frozenset({VIEW, EXPORT, IMPORT, REVIEW, ROLLBACK_OWN, DRAFTS}),
    ADMIN: frozenset({VIEW, EXPORT, IMPORT, REVIEW, ROLLBACK_OWN, ROLLBACK_ANY, ACCOUNTS, AUDIT, DRAFTS, PUBLISH}),
}

# how a principal signed in: a local account, the organisation's OpenID Connect provider, or the command line
# (whoever runs the CLI already holds the data folder's files, so it acts as an administrator)
LOCAL, OIDC, CLI = "local", "oidc", "cli"


def can(role: str | None, permission: str) -> bool:
    return permission in PERMISSIONS.get(role or "", frozenset())


def check_role(role: str) -> str:
    r = (role or "").strip().lower()
    if r not in ROLES:
        raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    return r


@dataclass(frozen=True)
class Principal:
    name: str
    role: str
    via: str = LOCAL
    client: str = ""        # the browser's address, for the audit log and the per-client lockout

    def can(self, permission: str) -> bool:
        return can(self.role, permission)

    @property
    def label(self) -> str:
        """How the batch log and the audit log name this principal: ``oidc:alice@example.org``, ``cli:root``."""
        return self.name if self.via == LOCAL else f"{self.via}:{self.name}"


def operator(name: str) -> Principal:
    """The person at the command line (``python -m etl …``)."""
    return Principal(name, ADMIN, CLI)
