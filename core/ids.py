"""Stable identifiers computed from content, shared by the build and the intake."""

from __future__ import annotations

import hashlib


def org_id(name: str, region_code: str | None) -> str:
    """An organization: md5 of its normalized name and region (12 hex digits)."""
    return hashlib.md5(f"{name}|{region_code or ''}".encode()).hexdigest()[:12]
