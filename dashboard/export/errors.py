"""Errors the export raises. Each message says what is wrong and how to fix it (zh + en)."""

from __future__ import annotations


class ExportError(RuntimeError):
    """Any export failure a user can act on; the CLI prints it and exits non-zero."""

    exit_code = 1


class NoCJKFontError(ExportError):
    """fontconfig knows no font with Chinese glyphs: the export would draw tofu, so it refuses."""

    exit_code = 3


class NoBrowserError(ExportError):
    """No Chromium for kaleido; the export never downloads one."""

    exit_code = 4


class NoDataError(ExportError):
    """No warehouse, or the view has no charts for these filters."""

    exit_code = 5
