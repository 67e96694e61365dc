"""The Accounts and Audit log pages (administrators): an account added, disabled and deleted from the page goes
through the checked, audited functions; the audit page lists it; a disabled account's session ends."""

from __future__ import annotations

from auth_support import sign_in
from streamlit.testing.v1 import AppTest

from core.auth import audit, sessions, store
from core.settings import PROJECT_ROOT

ACCOUNTS = str(PROJECT_ROOT / "dashboard" / "app_pages" / "accounts.py")
AUDIT = str(PROJECT_ROOT / "dashboard" / "app_pages" / "audit.py")


def test_an_admin_manages_accounts_on_the_page_and_reads_the_audit(account_store):
    at = sign_in(AppTest.from_file(ACCOUNTS, default_timeout=60), "boss", "admin").run()
    assert not at.exception, [e.value for e in at.exception]
    form = at.text_input                                       # account name, password (add form), new password
    form[0].set_value("zhao")
    form[1].set_value("a long passphrase 8")
    at.button[0].click().run()                                 # the add form's submit
    assert not at.exception and store.get("zhao").role == "viewer"
    token = sessions.create("zhao", "viewer", "local")
    at.selectbox(key="acc_pick").set_value("zhao").run()
    at.button(key="acc_toggle").click().run()
    assert store.get("zhao").disabled and sessions.lookup(token)[0] is None
    at.checkbox(key="acc_del_sure").check().run()
    at.button(key="acc_delete").click().run()
    assert store.get("zhao") is None
    actions = [(e["actor"], e["action"], e["target"]) for e in audit.entries()]
    assert actions[:3] == [("boss", "account_delete", "zhao"), ("boss", "account_disable", "zhao"),
                           ("boss", "account_add", "zhao")]
    page = sign_in(AppTest.from_file(AUDIT, default_timeout=60), "boss", "admin").run()
    assert not page.exception and len(page.dataframe) == 1
    assert "account_delete" in set(page.dataframe[0].value["action"])


def test_an_analyst_signed_in_cannot_use_the_accounts_page_even_if_reached(account_store):
    at = sign_in(AppTest.from_file(ACCOUNTS, default_timeout=60), "zhang", "analyst").run()
    assert not at.exception and len(at.text_input) == 0 and len(at.dataframe) == 0
