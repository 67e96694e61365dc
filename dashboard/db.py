"""Read-only access to the warehouse, cached per data version (its ``Signature``).

Works inside Streamlit (st.cache_data for query results) and outside it (tests, CLI export),
where a plain in-process LRU cache is used instead, so no ScriptRunContext is needed.

The version of a file warehouse is its identity (path, mtime_ns, size): every write swaps in a new file
(``os.replace``), which changes it; the stale connection is closed and a new one opened. The version of a
DuckLake is its newest snapshot id, asked of the catalog at most once every ``LAKE_POLL_SECONDS``, so a
dashboard sees another machine's commit within that time, without a restart; its one connection stays.

Every query runs for an audience: ``published`` (viewers, the big screen, their exports, the command line's
exports; the default, so a caller that says nothing never sees a draft) reads the warehouse's schema
``published`` first, where a batch not yet published is absent; ``all`` (a signed-in analyst or administrator)
reads the main schema, drafts included. The audience is part of every cache key.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from core import location, settings

STATUS_OK, STATUS_MISSING, STATUS_EMPTY, STATUS_INVALID = "ok", "missing", "empty", "invalid"
AUDIENCE_PUBLISHED, AUDIENCE_ALL = "published", "all"
AUDIENCE_KEY = "_djcx_audience"          # st.session_state: set by the app from the signed-in principal
_audience = contextvars.ContextVar("djcx_audience", default=AUDIENCE_PUBLISHED)


def audience() -> str:
    """Who the queries of this script run (or this context, outside Streamlit) answer: published | all."""
    if _in_streamlit():
        import streamlit as st

        value = st.session_state.get(AUDIENCE_KEY)
    else:
        value = _audience.get()
    return AUDIENCE_ALL if value == AUDIENCE_ALL else AUDIENCE_PUBLISHED


def set_audience(value: str) -> None:
    """Set the audience of this session (inside Streamlit) or of this context (outside it)."""
    value = AUDIENCE_ALL if value == AUDIENCE_ALL else AUDIENCE_PUBLISHED
    if _in_streamlit():
        import streamlit as st

        st.session_state[AUDIENCE_KEY] = value
    else:
        _audience.set(value)


@contextlib.contextmanager
def audience_scope(value: str):
    """Outside Streamlit: run the block's queries for ``value`` (tests, the command line)."""
    token = _audience.set(AUDIENCE_ALL if value == AUDIENCE_ALL else AUDIENCE_PUBLISHED)
    try:
        yield
    finally:
        _audience.reset(token)


class WarehouseUnavailable(RuntimeError):
    """The warehouse file is missing, empty or unreadable; ``status`` says which."""

    def __init__(self, status: str, path: Path):
        super().__init__(f"warehouse {status}: {path}")
        self.status = status
        self.path = path


@dataclass(frozen=True)
class Signature:
    """A warehouse's data version: a file's (path, mtime_ns, size), or a lake's (attach string, snapshot id, -1)."""

    path: str
    version: int
    size: int

    @property
    def is_lake(self) -> bool:
        return self.path.startswith(location.LAKE_PREFIX)


LAKE_POLL_SECONDS = 1.0
_lake_seen: dict[str, tuple[float, Signature | None]] = {}


def _location(path) -> location.Location:
    return location.parse(path) if path else settings.warehouse_location()


def signature(path: Path | str | None = None) -> Signature | None:
    """The data version for caching; None when the warehouse does not exist (or the lake cannot be reached)."""
    loc = _location(path)
    if loc.is_lake:
        return _lake_signature(loc)
    p = loc.path
    try:
        st_ = p.stat()
    except OSError:
        return None
    return Signature(str(p.resolve()), st_.st_mtime_ns, st_.st_size)


def _in_streamlit() -> bool:
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError:  # pragma: no cover
        return False
    return get_script_run_ctx(suppress_warning=True) is not None


def _dual_cache(maxsize: int):
    """st.cache_data inside a Streamlit script run, functools.lru_cache anywhere else."""

    def deco(fn):
        lru_fn = functools.lru_cache(maxsize=maxsize)(fn)
        st_fn = None

        @functools.wraps(fn)
        def wrapper(*args):
            nonlocal st_fn
            if _in_streamlit():
                if st_fn is None:  # created lazily: no "no runtime" warnings outside Streamlit
                    import streamlit as st

                    st_fn = st.cache_data(max_entries=maxsize, show_spinner=False)(fn)
                return st_fn(*args)
            res = lru_fn(*args)
            return res.copy() if isinstance(res, pd.DataFrame) else res

        def clear():
            if st_fn is not None:
                st_fn.clear()
            lru_fn.cache_clear()

        wrapper.clear = clear
        return wrapper

    return deco


# ------------------------------------------------------------------ connections

_lock = threading.Lock()
_connections: dict[str, tuple[Signature, duckdb.DuckDBPyConnection]] = {}


def _lake_connection(loc: location.Location) -> duckdb.DuckDBPyConnection:
    with _lock:
        held = _connections.get(loc.text)
        if held:
            return held[1]
        con = loc.connect(read_only=True)
        _connections[loc.text] = (None, con)
        return con


def _lake_signature(loc: location.Location) -> Signature | None:
    now = time.monotonic()
    seen = _lake_seen.get(loc.text)
    if seen and now - seen[0] < LAKE_POLL_SECONDS:
        return seen[1]
    try:
        cur = _lake_connection(loc).cursor()
        try:
            sig = Signature(loc.text, loc.version(cur), -1)   # size -1: not a file
        finally:
            cur.close()
    except (duckdb.Error, location.LocationError):
        sig = None
    _lake_seen[loc.text] = (now, sig)
    return sig


def connection(sig: Signature) -> duckdb.DuckDBPyConnection:
    """One read-only connection per warehouse file, replaced when its signature changes (a lake: one for good).

    The old connection is closed first: DuckDB shares one database instance per path, so a
    second connection to a replaced file would otherwise still see the old one.
    """
    if sig.is_lake:
        return _lake_connection(location.parse(sig.path))
    with _lock:
        held = _connections.get(sig.path)
        if held and held[0] == sig:
            return held[1]
        if held:
            with contextlib.suppress(duckdb.Error):
                held[1].close()
            del _connections[sig.path]
        con = duckdb.connect(sig.path, read_only=True)
        _connections[sig.path] = (sig, con)
        return con


def written_at(sig: Signature | None):
    """When this data version was written: the file's mtime, or the lake snapshot's commit time (local time)."""
    import datetime as dt

    if sig is None:
        return None
    if sig.is_lake:
        df = _cached_query(sig, AUDIENCE_ALL, f"SELECT epoch(snapshot_time) AS t FROM {location.LAKE_ALIAS}.snapshots() "
                                "WHERE snapshot_id = $v", (_NAMED, ("v", sig.version)))
        return dt.datetime.fromtimestamp(float(df["t"].iloc[0])) if len(df) else None
    return dt.datetime.fromtimestamp(sig.version / 1e9)


def close_all() -> None:
    with _lock:
        for _, con in _connections.values():
            con.close()
        _connections.clear()
        _lake_seen.clear()


def _thaw(params: tuple) -> dict[str, Any] | list:
    """The frozen parameters back as DuckDB takes them: named ($name) or positional (?)."""
    if params and params[0] == _NAMED:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in params[1:]}
    return [list(p) if isinstance(p, tuple) else p for p in params]


def _execute(sig: Signature, sql: str, params: tuple, who: str = AUDIENCE_ALL) -> pd.DataFrame:
    args = _thaw(params)
    cur = connection(sig).cursor()  # a cursor per query: safe across Streamlit's threads
    try:
        if sig.is_lake:
            cur.execute(f"USE {location.LAKE_ALIAS}")   # a cursor starts in the default catalog, not the lake
        if who != AUDIENCE_ALL:     # the viewers' schema first: v_facts, v_latest, mart_coverage without drafts
            cur.execute("SET search_path = 'published,main'")
        return cur.execute(sql, args).df()
    finally:
        cur.close()


@_dual_cache(maxsize=512)
def _cached_query(sig: Signature, who: str, sql: str, params: tuple) -> pd.DataFrame:
    return _execute(sig, sql, params, who)


_NAMED = "\0named"


def _freeze(params: Any) -> tuple:
    """Parameters as a hashable cache key: a dict of named ones, or a sequence of positional ones."""
    if params is None:
        return ()
    one = lambda p: tuple(p) if isinstance(p, list | set | frozenset) else p  # noqa: E731
    if isinstance(params, dict):
        return (_NAMED, *sorted((k, one(v)) for k, v in params.items()))
    return tuple(one(p) for p in params)


def run_query(sql: str, params: Any = None, path: Path | None = None) -> pd.DataFrame:
    """Run a read-only query on the warehouse views, for this session's audience (``audience``); results cached
    per warehouse signature and audience."""
    sig = signature(path)
    if sig is None:
        raise WarehouseUnavailable(STATUS_MISSING, Path(_location(path).display))
    who = audience()
    if who == AUDIENCE_PUBLISHED and not _has_drafts(sig):
        who = AUDIENCE_ALL       # no draft in this data version: both schemas hold the same rows; the main one is faster
    return _cached_query(sig, who, sql, _freeze(params))


@_dual_cache(maxsize=8)
def _has_drafts(sig: Signature) -> bool:
    """Whether this data version holds a draft batch (when unsure: yes, so viewers read their own schema)."""
    try:
        return bool(_execute(sig, "SELECT count(*) AS n FROM load_batch WHERE state = 'draft'", ()).iloc[0, 0])
    except duckdb.Error:
        return True


@_dual_cache(maxsize=8)
def _status(sig: Signature) -> str:
    if sig.size == 0:
        return STATUS_INVALID
    try:
        # (the viewers' schema too: a warehouse built before it existed needs a rebuild, not a page error)
        n = _execute(sig, "SELECT count(*) AS n FROM v_facts WHERE EXISTS (SELECT 1 FROM published.fact)"
                          " OR NOT EXISTS (SELECT 1 FROM published.fact)", ()).iloc[0, 0]
    except duckdb.Error:
        return STATUS_INVALID
    return STATUS_OK if n > 0 else STATUS_EMPTY


def warehouse_status(path: Path | None = None) -> str:
    """ok | missing | empty (no facts) | invalid (not a warehouse, or unreadable)."""
    sig = signature(path)
    if sig is None:
        return STATUS_MISSING
    return _status(sig)
