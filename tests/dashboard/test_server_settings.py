"""#22 item 21: started as `streamlit run /path/to/dashboard/app.py` from another folder (a service unit, say),
the server listened on every interface, the upload limit fell back to 200 MB and the data grid's own CSV
download came back, because `.streamlit/config.toml` was read from the current folder only. The app's settings
now sit beside its script, and a server whose settings are still unsafe serves nothing but what is wrong."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from core.settings import PROJECT_ROOT
from dashboard import server_settings

APP = PROJECT_ROOT / "dashboard" / "app.py"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> list[str]:
    """The local addresses listening on ``port`` (Linux /proc/net/tcp and tcp6, in hex)."""
    out = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, p = local.rsplit(":", 1)
            if state == "0A" and int(p, 16) == port:          # 0A: LISTEN
                out.append(address)
    return out


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc/net/tcp")
def test_started_from_another_folder_it_listens_on_this_machine_only(tmp_path):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port)],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.3)
        # 0100007F is 127.0.0.1; every interface would be 00000000 (or :: in tcp6)
        assert _listening(port) == ["0100007F"], _listening(port)
        # the warm-up that make run does (scripts/warm_up.py): the app's own settings enable the script check
        assert subprocess.run([sys.executable, str(PROJECT_ROOT / "scripts" / "warm_up.py"), str(port)],
                              timeout=90).returncode == 0
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_started_from_another_folder_it_reads_the_apps_own_settings(tmp_path):
    """What `streamlit run` resolves, from another folder: the upload limit and the grid's export as the app set."""
    probe = ("import json, sys; from streamlit import config; config._main_script_path = sys.argv[1]; "
             "config.get_config_options(force_reparse=True); "
             "print(json.dumps({k: config.get_option(k) for k in sys.argv[2:]}))")
    keys = ["server.address", "server.maxUploadSize", "client.disableDataExport", "server.enableXsrfProtection"]
    got = json.loads(subprocess.run([sys.executable, "-c", probe, str(APP), *keys], cwd=tmp_path, check=True,
                                    capture_output=True, text=True).stdout)
    assert got == {"server.address": "127.0.0.1", "server.maxUploadSize": 20, "client.disableDataExport": True,
                   "server.enableXsrfProtection": True}


def _settings(**values):
    where = {k: v[1] for k, v in values.items()}
    return (lambda k: values[k][0]), (lambda k: where[k])


SAFE = {"server.address": ("127.0.0.1", "file"), "server.maxUploadSize": (20, "file"),
        "client.disableDataExport": (True, "file"), "server.enableXsrfProtection": (True, "file")}


def test_what_counts_as_unsafe():
    assert server_settings.problems(*_settings(**SAFE), 20) == []
    flag = server_settings.FLAG
    for key, value, where in [("server.address", None, "<default>"), ("server.address", "0.0.0.0", "/etc/x.toml"),
                              ("server.maxUploadSize", 200, "<default>"), ("server.maxUploadSize", 200, flag),
                              ("client.disableDataExport", False, "<default>"),
                              ("server.enableXsrfProtection", False, flag)]:
        found = server_settings.problems(*_settings(**{**SAFE, key: (value, where)}), 20)
        assert [p.option for p in found] == [key], (key, value, where)
    # a smaller intake limit is the intake's to hold (Streamlit's 20 MB uploads are refused there); a larger one
    # may raise the uploader's to match
    assert server_settings.problems(*_settings(**SAFE), 5) == []
    assert server_settings.problems(*_settings(**{**SAFE, "server.maxUploadSize": (50, flag)}), 50) == []
    # beyond this machine by a flag (make run's ADDRESS) is a choice, not an accident
    assert server_settings.problems(*_settings(**{**SAFE, "server.address": ("0.0.0.0", flag)}), 20) == []


@pytest.fixture
def unsafe_server(monkeypatch):
    """A real server's mode, its grid export turned back on by a flag; restored afterwards."""
    monkeypatch.setattr(config, "_server_mode", "starlette-managed", raising=False)
    saved = {k: (config.get_option(k), config.get_where_defined(k)) for k in SAFE}
    for k, (v, _) in SAFE.items():
        config.set_option(k, v)
    config.set_option("client.disableDataExport", False, where_defined=server_settings.FLAG)
    yield
    for k, (v, where) in saved.items():
        config.set_option(k, v, where_defined=where)


def test_a_server_with_unsafe_settings_serves_nothing_but_what_is_wrong(unsafe_server, seed_warehouse, monkeypatch,
                                                                       tmp_path):
    monkeypatch.setenv("DJCX_WAREHOUSE", str(seed_warehouse))
    monkeypatch.setenv("DJCX_ACCOUNTS", str(tmp_path / "none.sqlite"))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert [e.value for e in at.error] and "client.disableDataExport" in at.error[0].value
    assert "服务器设置不安全" in at.error[0].value and "make run" in at.error[0].value
    # nothing else: no figures, no charts, no sign-in form, no filters
    assert not at.metric and not at.get("plotly_chart") and not at.text_input and not at.selectbox
