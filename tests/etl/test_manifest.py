"""The side file ``warehouse.manifest.json`` (issue #22, item 22): written atomically, and a write killed right
after its swap (the warehouse new, the side file old) is repaired by the next command."""

from __future__ import annotations

import json
import os

import pytest
from intake_support import add, csv_bytes, query, synthetic_rows

from etl.intake import target
from etl.warehouse import files


def _side(wh) -> list[dict]:
    return json.loads(wh.with_name("warehouse.manifest.json").read_text(encoding="utf-8"))


def _rows(period: str) -> list[list[str]]:
    return [[*r[:11], period, *r[12:]] for r in synthetic_rows(2)]


def _table(wh) -> list[str]:
    return [r[0] for r in query(wh, "SELECT file_path FROM load_manifest ORDER BY file_path")]


def test_a_kill_after_the_swap_leaves_a_side_file_the_next_command_repairs(env, monkeypatch):
    data, wh = env
    assert add(env, ("first.csv", csv_bytes(_rows("2023")))).loaded
    before = [r["file_path"] for r in _side(wh)]
    assert before == _table(wh)

    real = target.write_manifest_json

    def killed(rows, warehouse):     # the process dies after os.replace of the warehouse, before the side file
        monkeypatch.setattr(target, "write_manifest_json", real)
        raise KeyboardInterrupt

    monkeypatch.setattr(target, "write_manifest_json", killed)
    with pytest.raises(KeyboardInterrupt):
        add(env, ("second.csv", csv_bytes(_rows("2022"))))
    after = _table(wh)
    assert len(after) == len(before) + 1                     # the warehouse has the batch …
    assert [r["file_path"] for r in _side(wh)] == before     # … the side file is stale

    add(env, ("third.csv", csv_bytes(_rows("2021"))), dry_run=True)   # the next command
    assert [r["file_path"] for r in _side(wh)] == after
    assert _side(wh)[-1].keys() == {"file_path", "kind", "file_sha256", "rows_read", "rows_loaded"}


def test_the_side_file_is_replaced_whole_or_not_at_all(env, monkeypatch):
    data, wh = env
    files.write_manifest_json([{"file_path": "old"}], wh)

    def fail(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError):
        files.write_manifest_json([{"file_path": "new"}], wh)
    assert _side(wh) == [{"file_path": "old"}]
    assert sorted(p.name for p in wh.parent.glob("warehouse.manifest.json*")) == ["warehouse.manifest.json"]
