"""The regions generator's guards: the snapshot's list is checked before it is trusted, and the hand-kept
change table must account for every unit that left the list, naming no successor the change events do not."""

from __future__ import annotations

import zipfile

import pytest

from etl.tools import division_snapshot as ds
from etl.tools.reference_regions import _check_changes, _successor_of


def _listing(**cities) -> dict:
    base = {"河北省": {"code": "130000000000", "cities": {
        "石家庄市": {"code": "130100000000", "counties": {"长安区": "130102000000"}}}}}
    base["河北省"]["cities"].update(cities)
    return {"meta": {"fetched_at": "2026-09-11 23:22:44"}, "provinces": base}


def test_parse_units_levels_and_parents():
    listing = _listing()
    listing["provinces"]["重庆市"] = {"code": "500000000000", "cities": {"": {"code": None, "counties": {
        "两江新区": "500157000000", "忠县": "500233000000"}}}}
    listing["provinces"]["台湾省"] = {"code": "710000000000", "cities": {}}
    units = ds.parse_units(listing)
    assert units["130100"] == {"name": "石家庄市", "level": "prefecture", "parent_code": "130000"}
    assert units["130102"]["parent_code"] == "130100"
    assert units["500157"] == {"name": "两江新区", "level": "county", "parent_code": "500000"}
    assert "710000" not in units                       # mainland only


@pytest.mark.parametrize(("bad", "message"), [
    ({"保定市": {"code": "130600000000", "counties": {"竞秀区": "130602000000", "莲池区": "130602000000"}}},
     "listed twice"),
    ({"保定市": {"code": "130600000000", "counties": {"竞秀区": "130702000000"}}}, "not a county code under"),
    ({"保定市": {"code": "1306", "counties": {}}}, "not a 12-digit"),
    ({"保定市": {"code": "130600000001", "counties": {}}}, "not a 12-digit"),     # a township's code
    ({"保定市": {"code": "120600000000", "counties": {}}}, "not a prefecture code of 河北省"),
])
def test_parse_units_refuses_a_bad_listing(bad, message):
    with pytest.raises(ds.SnapshotError, match=message):
        ds.parse_units(_listing(**bad))


def test_a_wheel_that_is_not_the_pinned_one_is_refused(tmp_path):
    fake = tmp_path / ds.WHEEL
    with zipfile.ZipFile(fake, "w") as zf:
        zf.writestr(ds.LIST_FILE, "{}")
        zf.writestr(ds.EVENTS_FILE, "{}")
    with pytest.raises(ds.SnapshotError, match="sha256"):
        ds.load(fake)


class _Snap:
    def __init__(self, events):
        self.events = events

    abolished = ds.Snapshot.abolished


_EVENT = {"year": 2025, "type": "撤销", "curated": True, "old": {"code": "500105000000", "name": "江北区"},
          "new": {"code": "500157000000", "name": "两江新区"}}
_CURRENT = {"500157": {"name": "两江新区"}, "500109": {"name": "北碚区"}}
_LATEST = {"500105": {"name": "江北区"}, "500157": {"name": "两江新区"}, "500109": {"name": "北碚区"}}


def _row(new, kind="merged"):
    return {"500105": {"old_code": "500105", "new_code": new, "kind": kind, "effective": "2025-11"}}


def test_changes_that_agree_with_the_events_pass():
    _check_changes(_row("500157"), _CURRENT, _LATEST, _Snap([_EVENT]))
    _check_changes(_row("", "split"), _CURRENT, _LATEST, _Snap([_EVENT]))   # empty: never a guess


@pytest.mark.parametrize(("changes", "message"), [
    ({}, "not in today's list"),                               # a unit left the list without a recorded change
    (_row("500109"), "change event says 500157"),              # a successor the events do not give
    (_row(""), "only for kind=split"),
    (_row("500199"), "not a current unit"),
])
def test_changes_that_do_not_agree_stop_the_generator(changes, message):
    with pytest.raises(ValueError, match=message):
        _check_changes(changes, _CURRENT, _LATEST, _Snap([_EVENT]))


def test_successor_order():
    changes = {"500112": {"new_code": ""}, "500105": {"new_code": "500157"}}
    assert _successor_of("500105", {"id": "500105"}, _CURRENT, changes) == "500157"   # the table first
    assert _successor_of("510218", {"id": "500112"}, _CURRENT, changes) == ""         # its id was split
    assert _successor_of("510215", {"id": "500109"}, _CURRENT, changes) == "500109"   # its id is today's
    assert _successor_of("510224", {"id": "510224"}, _CURRENT, changes) == ""         # unknown
