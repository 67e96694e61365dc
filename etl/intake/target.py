"""Where a write goes, and the steps every write shares: the lock, the warehouse's location, the repair after
a killed write, and the target a write's transaction runs on (a private copy of the file swapped in with
``os.replace``, or the lake itself). Used by ``etl.intake.service`` (add, rollback) and ``etl.intake.publish``."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import duckdb

from core import labels, location, settings
from etl.warehouse import archive, events, files
from etl.warehouse.files import manifest_rows, write_manifest_json


class UsageError(Exception):
    """A request that cannot be carried out (no warehouse, unknown batch …)."""


@contextlib.contextmanager
def writing(data_dir: Path, what: str, who: str | None):
    """The write lock; a write already in progress is a UsageError that says which, by whom, since when."""
    try:
        with archive.lock(data_dir, what, who):
            yield
    except archive.WriterBusy as exc:
        raise UsageError(str(exc)) from exc


def locate(warehouse) -> location.Location:
    loc = location.parse(warehouse or settings.warehouse_location())
    if not loc.is_lake and not loc.exists():
        raise UsageError(labels.both("cli_no_warehouse", path=loc.display))
    return loc


def repair(data_dir: Path, loc: location.Location, log: bool = True) -> None:
    """After a killed write: its temporary copy removed, the manifest side file in step, and (``log``) the log given the events the warehouse
    committed (an add does that on the connection it writes with)."""
    if not loc.is_lake:
        events.remove_leftovers(loc.path)
        files.repair_manifest(loc.path)     # a write killed right after its swap left the side file stale
    events.remove_stale_archive_temp(data_dir)
    if log:
        repair_log(data_dir, loc)


class Target:
    """Where an add writes: a private copy of the file (published by ``os.replace``) or the lake itself."""

    def __init__(self, loc: location.Location):
        self.loc, self.copy = loc, None
        if not loc.is_lake:
            self.copy = files.new_file_beside(loc.path)
            shutil.copyfile(loc.path, self.copy)
            self.con = duckdb.connect(str(self.copy))
        else:
            self.con = loc.connect()

    def swap_in(self) -> list[dict]:
        """After COMMIT: the file swapped in (the lake has it already); the load manifest."""
        manifest = manifest_rows(self.con)
        if self.copy is not None:
            self.con.execute("CHECKPOINT")
            self.con.close()
            os.chmod(self.copy, 0o644)
            os.replace(self.copy, self.loc.path)
            write_manifest_json(manifest, self.loc.path)
        return manifest

    def close(self) -> None:
        with contextlib.suppress(duckdb.Error):
            self.con.close()
        if self.copy is not None:
            files.remove(self.copy)


def repair_log(data_dir: Path, loc: location.Location) -> None:
    if archive.archive_dir(data_dir).is_dir():
        con = loc.connect(read_only=True)
        try:
            events.reconcile(data_dir, con)
        finally:
            con.close()
