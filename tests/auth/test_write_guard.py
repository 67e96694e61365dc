"""The write functions check the caller's role themselves (issue #13): a viewer, a disabled account, another
analyst, or a page asking without a signed-in principal cannot write, and every write is audited."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.auth import audit, store
from core.auth.roles import ADMIN, ANALYST, VIEWER, Principal
from etl.intake import service

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "etl"))
from intake_support import csv_bytes, synthetic_rows  # noqa: E402

PW = "a long passphrase 7"


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture
def people(account_store):
    for name, role in (("zhang", ANALYST), ("li", ANALYST), ("wang", VIEWER), ("boss", ADMIN)):
        store.add(name, role, PW)
    return {n: Principal(n, r) for n, r in (("zhang", ANALYST), ("li", ANALYST), ("wang", VIEWER),
                                             ("boss", ADMIN))}


def _upload(part: int = 0) -> list[service.Upload]:
    """Synthetic figures for two cities (part 0) or two others (part 1)."""
    rows = synthetic_rows(4)[4 * part: 4 * part + 4]
    return [service.Upload(f"合成{part}.csv", csv_bytes(rows))]


def test_a_viewer_and_a_disabled_analyst_cannot_write(env, people):
    data, wh = env
    before = _sha(wh)
    with pytest.raises(service.PermissionDenied):
        service.add(_upload(), None, people["wang"], data, wh)
    with pytest.raises(service.PermissionDenied):
        service.add(_upload(), None, Principal("wang", ADMIN), data, wh)    # a forged role: the store decides
    store.set_disabled("zhang", True)
    with pytest.raises(service.PermissionDenied):
        service.add(_upload(), None, people["zhang"], data, wh)
    assert _sha(wh) == before
    assert [e["outcome"] for e in audit.entries()][:3] == ["denied"] * 3


def test_analysts_roll_back_their_own_batches_and_admins_any(env, people):
    data, wh = env
    a = service.add(_upload(0), None, people["zhang"], data, wh).batches[0]
    b = service.add(_upload(1), None, people["li"], data, wh).batches[0]
    assert (a["who"], a["via"]) == ("zhang", "local")
    with pytest.raises(service.PermissionDenied):
        service.rollback(a["batch_id"], people["li"], data, wh)
    with pytest.raises(service.PermissionDenied):
        service.rollback(b["batch_id"], people["wang"], data, wh)
    service.rollback(b["batch_id"], people["li"], data, wh)
    service.rollback(a["batch_id"], people["boss"], data, wh)
    log = [(e["actor"], e["action"], e["batch_id"], e["outcome"]) for e in reversed(audit.entries())]
    assert ("zhang", "add", a["batch_id"], "ok") in log and ("li", "add", b["batch_id"], "ok") in log
    assert ("li", "rollback", a["batch_id"], "denied") in log
    assert ("li", "rollback", b["batch_id"], "ok") in log and ("boss", "rollback", a["batch_id"], "ok") in log
    assert service.may_roll_back(a, people["zhang"]) and not service.may_roll_back(a, people["li"])


def test_a_page_cannot_write_without_a_signed_in_principal(env, account_store):
    """Inside the app a write given a bare name (or none) is refused: only the CLI acts as the operator."""
    data, wh = env
    before = _sha(wh)

    def script(data_dir: str, warehouse: str, body: bytes):
        import streamlit as st

        from etl.intake import service

        try:
            service.add([service.Upload("x.csv", body)], None, "someone", data_dir, warehouse)
            st.write("WROTE")
        except service.PermissionDenied as exc:
            st.write(f"DENIED {exc}")

    at = AppTest.from_function(script, args=(str(data), str(wh), _upload()[0].data), default_timeout=60).run()
    assert any(m.value.startswith("DENIED") for m in at.markdown), [m.value for m in at.markdown]
    assert _sha(wh) == before
