"""Read-only access to the warehouse, cached per file signature (path, mtime_ns, size).

Works inside Streamlit (st.cache_data for query results) and outside it (tests, CLI export),
where a plain in-process LRU cache is used instead, so no ScriptRunContext is needed.
A rebuilt warehouse (``os.replace`` by the ETL) changes the signature: the stale connection
is closed, a new one is opened and every cached result for the old file is bypassed.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from core import settings

STATUS_OK, STATUS_MISSING, STATUS_EMPTY, STATUS_INVALID = "ok", "missing", "empty", "invalid"


class WarehouseUnavailable(RuntimeError):
    """The warehouse file is missing, empty or unreadable; ``status`` says which."""

    def __init__(self, status: str, path: Path):
        super().__init__(f"warehouse {status}: {path}")
        self.status = status
        self.path = path


@dataclass(frozen=True)
class Signature:
    path: str
    mtime_ns: int
    size: int


def signature(path: Path | None = None) -> Signature | None:
    """The file's identity for caching; None when the file does not exist."""
    p = Path(path) if path else settings.warehouse_path()
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


def connection(sig: Signature) -> duckdb.DuckDBPyConnection:
    """One read-only connection per warehouse file, replaced when its signature changes.

    The old connection is closed first: DuckDB shares one database instance per path, so a
    second connection to a replaced file would otherwise still see the old one.
    """
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


def close_all() -> None:
    with _lock:
        for _, con in _connections.values():
            con.close()
        _connections.clear()


def _thaw(params: tuple) -> dict[str, Any] | list:
    """The frozen parameters back as DuckDB takes them: named ($name) or positional (?)."""
    if params and params[0] == _NAMED:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in params[1:]}
    return [list(p) if isinstance(p, tuple) else p for p in params]


def _execute(sig: Signature, sql: str, params: tuple) -> pd.DataFrame:
    args = _thaw(params)
    cur = connection(sig).cursor()  # a cursor per query: safe across Streamlit's threads
    try:
        return cur.execute(sql, args).df()
    finally:
        cur.close()


@_dual_cache(maxsize=512)
def _cached_query(sig: Signature, sql: str, params: tuple) -> pd.DataFrame:
    return _execute(sig, sql, params)


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
    """Run a read-only query on the warehouse views; results cached per warehouse signature."""
    sig = signature(path)
    if sig is None:
        raise WarehouseUnavailable(STATUS_MISSING, Path(path) if path else settings.warehouse_path())
    return _cached_query(sig, sql, _freeze(params))


@_dual_cache(maxsize=8)
def _status(sig: Signature) -> str:
    if sig.size == 0:
        return STATUS_INVALID
    try:
        n = _execute(sig, "SELECT count(*) AS n FROM v_facts", ()).iloc[0, 0]
    except duckdb.Error:
        return STATUS_INVALID
    return STATUS_OK if n > 0 else STATUS_EMPTY


def warehouse_status(path: Path | None = None) -> str:
    """ok | missing | empty (no facts) | invalid (not a warehouse, or unreadable)."""
    sig = signature(path)
    if sig is None:
        return STATUS_MISSING
    return _status(sig)
