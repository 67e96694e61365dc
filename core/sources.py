"""The user's own copies of the source reports, found by sha256 (never stored in the repo)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Evidence:
    before: str
    figure: str
    after: str


class SourceLibrary:
    """Indexes every file in one or more folders by the sha256 of its bytes."""

    def __init__(self, folders: Path | str | list | tuple | None):
        if folders is None:
            folders = []
        elif isinstance(folders, str | Path):
            folders = [folders]
        self.folders = [Path(f) for f in folders if f]
        self.folder = self.folders[0] if self.folders else None
        self._by_sha: dict[str, Path] = {}
        for folder in self.folders:
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                if path.is_file() and path.stat().st_size < 20_000_000:
                    self._by_sha.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), path)

    def __contains__(self, sha256: str) -> bool:
        return sha256 in self._by_sha

    def path(self, sha256: str) -> Path | None:
        return self._by_sha.get(sha256)

    def text(self, sha256: str) -> str | None:
        path = self._by_sha.get(sha256)
        return _read_text(str(path)) if path else None

    def evidence(self, sha256: str, start: int, end: int, context: int = 60) -> Evidence | None:
        """The figure's span with ``context`` characters either side, from the user's copy."""
        text = self.text(sha256)
        if text is None or start is None or end is None or end > len(text):
            return None
        return Evidence(text[max(0, start - context):start], text[start:end], text[end:end + context])


@cache
def _read_text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")
