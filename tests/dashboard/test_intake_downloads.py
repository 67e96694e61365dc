"""dashboard/downloads.py: figures as CSV (utf-8-sig) and XLSX, safe against formula injection."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.downloads import figures_csv_bytes, figures_xlsx_bytes, neutralize, template_files

DANGER = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "淄博市", "普通文本"]


def frame() -> pd.DataFrame:
    return pd.DataFrame({"text": DANGER, "value": [1.0, -2.0, 3.5, 0.0, 7700.0, 17.0, 609.0],
                         "=col": ["a"] * len(DANGER)})


def test_neutralize_prefixes_formula_text_only():
    out = neutralize(frame())
    assert list(out["text"]) == ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "'\t=x", "淄博市", "普通文本"]
    assert list(out["value"]) == list(frame()["value"])            # numbers stay numbers, -2.0 included
    assert list(out.columns) == ["text", "value", "'=col"]
    assert list(frame()["text"]) == DANGER                          # the input is not modified


def test_csv_is_utf8_with_bom_and_neutralized():
    data = figures_csv_bytes(frame())
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back["text"].iloc[0] == "'=1+1" and back["text"].iloc[5] == "淄博市"


def test_xlsx_holds_text_not_formulas():
    wb = load_workbook(io.BytesIO(figures_xlsx_bytes(frame())))
    ws = wb.active
    cells = [ws.cell(r, 1) for r in range(2, 2 + len(DANGER))]
    assert [c.value for c in cells][:4] == ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd"]
    assert all(c.data_type == "s" for c in cells)
    assert ws.cell(3, 2).value == -2


def test_template_files_for_the_pages():
    files = template_files()
    assert [f[1] for f in files] == ["djcx_template.csv", "djcx_template.xlsx"]
    assert files[0][2].startswith(b"\xef\xbb\xbfreport_title,")


def test_sources_page_offers_the_figures_as_csv_and_xlsx(built_warehouse, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from core.settings import PROJECT_ROOT

    monkeypatch.setenv("DJCX_WAREHOUSE", str(built_warehouse))
    monkeypatch.setenv("DJCX_DEBUG", "1")
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard" / "app.py"), default_timeout=90).run()
    at.switch_page("app_pages/sources.py").run()
    assert not at.exception, [e.value for e in at.exception]
    keys = {b.key for b in at.get("download_button")}
    assert {"src_dl_csv", "src_dl_xlsx"} <= keys


WRITE_PAGES = ("import_data.py", "review.py", "audit.py", "accounts.py")


@pytest.mark.parametrize("role, reachable", [
    (None, ()), ("viewer", ()), ("analyst", ("import_data.py", "review.py")),
    ("admin", ("import_data.py", "review.py", "audit.py", "accounts.py"))])
def test_write_pages_are_registered_only_for_roles_that_have_them(built_warehouse, monkeypatch, account_store,
                                                                   role, reachable):
    """With no accounts the dashboard is public and read-only; with accounts, a page a role lacks does not
    exist in its session (switching to it fails as for any unknown page)."""
    from auth_support import sign_in
    from streamlit.testing.v1 import AppTest

    from core.auth import store
    from core.settings import PROJECT_ROOT

    monkeypatch.setenv("DJCX_WAREHOUSE", str(built_warehouse))
    app = str(PROJECT_ROOT / "dashboard" / "app.py")
    at = AppTest.from_file(app, default_timeout=90).run()          # no accounts: public, no write page
    assert any("总览" in m.value for m in at.markdown)
    for page in WRITE_PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"app_pages/{page}").run()
    store.add("someone", "viewer", "a long passphrase 7")           # sign-in now exists
    at = AppTest.from_file(app, default_timeout=90)
    if role:
        sign_in(at, f"u_{role}", role)
    at.run()
    if role is None:                                               # anonymous: the sign-in page only
        assert any("登录" in m.value for m in at.markdown) and not any("总览" in m.value for m in at.markdown)
        assert not [s for s in at.selectbox if s.key and s.key.startswith("flt_")]   # no region names either
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page("app_pages/overview.py").run()
    for page in WRITE_PAGES:
        if page in reachable:
            at.switch_page(f"app_pages/{page}").run()
            assert not at.exception, [e.value for e in at.exception]
        else:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(f"app_pages/{page}").run()


def test_the_data_grids_own_csv_download_is_off_and_uploads_are_limited():
    """The grid's "Download as CSV" exported =SUM(…) raw while the page's buttons neutralise it (issue #13, item
    14): the grid's export is turned off; the uploader's limit is the intake's (20 MB), not Streamlit's 200."""
    import tomllib

    from core.settings import PROJECT_ROOT

    config = tomllib.loads((PROJECT_ROOT / "dashboard" / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True
    assert config["server"]["maxUploadSize"] == 20 and config["server"]["address"] == "127.0.0.1"
