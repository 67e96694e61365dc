"""Every setting of the product, in one place: the project's paths and the environment variables.

No other module reads ``os.environ``. Each setting is read when asked for (not at import), so tests
and the benchmarks can set a variable for one call.

| variable            | default                     | meaning                                                    |
|---------------------|-----------------------------|------------------------------------------------------------|
| ``DJCX_WAREHOUSE``   | ``data/warehouse.duckdb``    | the warehouse every command and the dashboard use: a file, |
|                     |                             | or a DuckLake attach string (``ducklake:…``, docs/DEPLOY.md) |
| ``DJCX_DATA_DIR``    | ``data/``                    | the data folder: reference, figures, archive, batch log    |
| ``DJCX_SOURCES_DIR`` | seeds, reports, data/sources | folders with the user's copies of the reports (by sha256), |
|                     |                             | several separated by ``os.pathsep`` (``:``)                 |
| ``DJCX_ACCOUNTS``    | ``data/accounts.sqlite``     | the account store: local accounts, sign-in failures, audit  |
| ``DJCX_SESSION_IDLE_MINUTES`` | 30                 | a signed-in session ends after this long without use        |
| ``DJCX_SESSION_MAX_HOURS`` | 8                     | and after this long in any case                              |
| ``DJCX_PUBLIC_DASHBOARD`` | off                   | ``1``: visitors not signed in may view (never write)         |
| ``DJCX_TRUSTED_PROXIES`` | empty               | reverse proxies whose ``X-Forwarded-For`` is believed      |
|                     |                             | (addresses or networks, comma-separated; docs/SECURITY.md)  |
| ``FORWARDED_ALLOW_IPS`` | uvicorn's: this machine | uvicorn's own; ``make run`` sets it empty; else undone   |
| ``DJCX_BEHIND_TLS``  | off                         | ``1``: served over https (a TLS proxy): the cookie is Secure |
| ``DJCX_PUBLISH``     | ``admin``                   | who makes an analyst's batch visible to viewers: ``admin``, |
|                     |                             | ``second_analyst`` (anyone but its uploader), ``auto`` (off)|
| ``DJCX_USER``        | the login name              | who the command line records as writing                     |
| ``DJCX_DEBUG``       | off                         | ``1`` lets page errors raise (tests), instead of a message  |
| ``BROWSER_PATH``     | ``/usr/bin/chromium``        | the Chromium used for server-side image export              |
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
DATA_DIR = DEFAULT_DATA_DIR
DEFAULT_WAREHOUSE = DEFAULT_DATA_DIR / "warehouse.duckdb"
DEFAULT_SOURCES_DIR = PROJECT_ROOT.parent / "shared" / "seeds"
# where report texts are looked for by default: the seeds, the development reports, the source library
DEFAULT_SOURCES_DIRS = (DEFAULT_SOURCES_DIR, PROJECT_ROOT.parent / "shared" / "reports",
                        PROJECT_ROOT.parent / "shared" / "corpus", DEFAULT_DATA_DIR / "sources")
SYSTEM_CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
TRUE_WORDS = {"1", "true", "yes", "on"}

# name -> (default shown in docs, meaning); the table above, as data for the README check
VARIABLES = {
    "DJCX_WAREHOUSE": ("data/warehouse.duckdb",
                       "the warehouse every command and the dashboard use: a file or a DuckLake attach string"),
    "DJCX_DATA_DIR": ("data/", "the data folder: reference, figures, archive and batch log"),
    "DJCX_SOURCES_DIR": ("../shared/seeds:../shared/reports:../shared/corpus:data/sources",
                         "folders of the user's report copies, separated by ':'"),
    "DJCX_ACCOUNTS": ("data/accounts.sqlite",
                      "the account store (local accounts, sign-in failures, audit log), outside the warehouse"),
    "DJCX_SESSION_IDLE_MINUTES": ("30", "a signed-in session ends after this many minutes without use"),
    "DJCX_SESSION_MAX_HOURS": ("8", "a signed-in session ends after this many hours in any case"),
    "DJCX_PUBLIC_DASHBOARD": ("off", "1 lets visitors who are not signed in view the dashboard when sign-in exists"),
    "DJCX_TRUSTED_PROXIES": ("empty", "reverse proxies (addresses or networks, comma-separated) whose "
                             "X-Forwarded-For header is believed; nobody's when empty"),
    "FORWARDED_ALLOW_IPS": ("127.0.0.1,::1", "uvicorn's own (the server under Streamlit): hosts it takes "
                            "X-Forwarded-For from by itself; `make run` sets it empty, the app undoes it otherwise"),
    "DJCX_BEHIND_TLS": ("off", "1 says the dashboard is served over https (a TLS proxy in front): the session "
                        "cookie is always Secure, so the browser never sends it over plain http"),
    "DJCX_PUBLISH": ("admin", "who publishes an analyst's batch so viewers see it: admin (an administrator), "
                     "second_analyst (an analyst other than its uploader, or an administrator), or auto "
                     "(every load is published at once: a one-person setup)"),
    "DJCX_USER": ("login name", "who the command line records as writing"),
    "DJCX_DEBUG": ("off", "1 lets page errors raise instead of a friendly message"),
    "BROWSER_PATH": ("/usr/bin/chromium", "the Chromium used for server-side image export"),
    "DJCX_MAX_FILE_MB": ("20", "the largest CSV/XLSX data file the intake accepts, in MB"),
    "DJCX_WRITE_WAIT": ("10", "seconds a write waits for another write to finish before saying who holds it"),
}


def _env(name: str) -> str:
    if name not in VARIABLES:  # every variable is documented above
        raise KeyError(f"undocumented setting {name}")
    return os.environ.get(name, "").strip()


def _flag(name: str) -> bool:
    return _env(name).lower() in TRUE_WORDS


def warehouse_location():
    """The warehouse as a ``core.location.Location``: ``DJCX_WAREHOUSE`` (a file or ``ducklake:…``), else the file."""
    from core.location import parse

    v = _env("DJCX_WAREHOUSE")
    return parse(v if v else DEFAULT_WAREHOUSE)


def warehouse_path() -> Path:
    """The DuckDB warehouse: ``DJCX_WAREHOUSE``, else data/warehouse.duckdb."""
    v = _env("DJCX_WAREHOUSE")
    return Path(v).expanduser() if v else DEFAULT_WAREHOUSE


def data_dir() -> Path:
    """The data folder (reference, figures, archive): ``DJCX_DATA_DIR``, else data/."""
    v = _env("DJCX_DATA_DIR")
    return Path(v).expanduser() if v else DEFAULT_DATA_DIR


def sources_dirs() -> list[Path]:
    """Folders with the user's copies of the reports: ``DJCX_SOURCES_DIR`` (``:``-separated)."""
    v = _env("DJCX_SOURCES_DIR")
    if not v:
        return [*DEFAULT_SOURCES_DIRS[:3], data_dir() / "sources"]
    return [Path(p).expanduser() for p in v.split(os.pathsep) if p.strip()]


def sources_dir() -> Path:
    """The first source folder (where messages point the user)."""
    return sources_dirs()[0]


def _number(name: str, default: float, low: float, high: float) -> float:
    try:
        v = float(_env(name) or default)
    except ValueError:
        return default
    return min(max(v, low), high)


def max_file_mb() -> float:
    """The largest data file (CSV/XLSX) the intake reads: ``DJCX_MAX_FILE_MB`` (default 20, 1–2000)."""
    return _number("DJCX_MAX_FILE_MB", 20, 1, 2000)


def write_wait_seconds() -> float:
    """How long a write waits for the one in progress: ``DJCX_WRITE_WAIT`` (default 10 s, 0–600)."""
    return _number("DJCX_WRITE_WAIT", 10, 0, 600)


def accounts_path() -> Path:
    """The account store (SQLite): ``DJCX_ACCOUNTS``, else accounts.sqlite in the data folder."""
    v = _env("DJCX_ACCOUNTS")
    return Path(v).expanduser() if v else data_dir() / "accounts.sqlite"


def public_dashboard() -> bool:
    return _flag("DJCX_PUBLIC_DASHBOARD")


def session_idle_seconds() -> float:
    return 60 * _number("DJCX_SESSION_IDLE_MINUTES", 30, 0.05, 24 * 60)


def session_max_seconds() -> float:
    return 3600 * _number("DJCX_SESSION_MAX_HOURS", 8, 0.05, 24 * 30)


def trusted_proxies() -> str:
    """Reverse proxies whose ``X-Forwarded-For`` is believed: ``DJCX_TRUSTED_PROXIES`` (empty: none)."""
    return _env("DJCX_TRUSTED_PROXIES")


def server_forwarded_allow_ips() -> str:
    """The hosts uvicorn itself takes ``X-Forwarded-For`` from: ``FORWARDED_ALLOW_IPS``, else uvicorn's default."""
    from core.auth.client_address import UVICORN_DEFAULT

    _env("FORWARDED_ALLOW_IPS")                         # documented above
    v = os.environ.get("FORWARDED_ALLOW_IPS")          # unset and empty differ here: empty trusts nobody
    return UVICORN_DEFAULT if v is None else v.strip()


def behind_tls() -> bool:
    """Whether the dashboard is served over https (``DJCX_BEHIND_TLS``): the session cookie is then Secure."""
    return _flag("DJCX_BEHIND_TLS")


PUBLISH_MODES = ("admin", "second_analyst", "auto")


def publish_mode() -> str:
    """Who publishes a batch (``DJCX_PUBLISH``): admin (default), second_analyst, or auto (no draft state).
    An unknown value is the default, never ``auto``: a typo must not publish unreviewed data."""
    v = _env("DJCX_PUBLISH").lower().replace("-", "_")
    return v if v in PUBLISH_MODES else "admin"


def debug() -> bool:
    return _flag("DJCX_DEBUG")


def user_name(explicit: str | None = None) -> str:
    """Who is writing: the name given, else ``DJCX_USER``, else the login name."""
    if explicit and explicit.strip():
        return explicit.strip()
    env = _env("DJCX_USER")
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


def browser_candidates() -> list[str]:
    """Chromium executables to try for image export, ``BROWSER_PATH`` first."""
    return [p for p in (_env("BROWSER_PATH"), *SYSTEM_CHROMIUM) if p]
