"""Server-side rendering: one warm kaleido server per process, on the system Chromium.

- The browser is the system Chromium (/usr/bin/chromium, or BROWSER_PATH), passed to kaleido
  explicitly, so choreographer never looks for (or downloads) a browser of its own.
- MathJax is off (kaleido would otherwise load it from a CDN); plotly.js comes from the installed
  plotly package. Nothing is fetched at run time.
- The server starts on the first render and stays warm: later charts do not pay Chromium's
  start-up. It is stopped at interpreter exit.
- kaleido's sync server is not thread-safe (Streamlit serves sessions from threads), so calls
  are serialised with a lock.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import threading
import time
import weakref
from pathlib import Path

import plotly.graph_objects as go

from core import settings

from .errors import ExportError, NoBrowserError
from .fonts import require_cjk_font
from .pdf_text import fix_text_layer
from .sizes import FORMATS

RENDER_TIMEOUT = 90.0      # seconds for one image (kaleido's own per-render timeout)

_lock = threading.RLock()
_state: dict[str, object] = {"started": False, "browser": None, "atexit": False}


class _Sentinel:
    pass


_sentinel = _Sentinel()


def chromium_path() -> str:
    """The Chromium executable kaleido will drive: $BROWSER_PATH, else the system Chromium."""
    candidates = settings.browser_candidates()
    candidates += [shutil.which(n) or "" for n in ("chromium", "chromium-browser")]
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return c
    raise NoBrowserError(
        "找不到 Chromium，无法在服务器端导出图表。请安装：sudo apt-get install -y chromium（或 make system）。\n"
        "Chromium was not found, so charts cannot be exported server-side. Install it: "
        "sudo apt-get install -y chromium (or `make system`), or set BROWSER_PATH. "
        "The export never downloads a browser."
    )


def _server():
    import kaleido

    return kaleido._global_server  # noqa: SLF001 - only to check that its worker thread is alive


def is_running() -> bool:
    srv = _server()
    thread = getattr(srv, "_thread", None)
    return bool(srv.is_running() and thread is not None and thread.is_alive())


def start() -> None:
    """Start the warm kaleido server (idempotent). Chromium boots in the background."""
    import kaleido

    with _lock:
        if is_running():
            return
        if _server().is_running():       # the worker died (e.g. Chromium crashed): reset it
            kaleido.stop_sync_server(silence_warnings=True)
        require_cjk_font()
        path = chromium_path()
        if not _state["atexit"]:
            # atexit runs last-registered first. weakref.finalize registers its own exit hook on first
            # use, which deletes Chromium's temporary profile; make sure that hook is registered before
            # our stop(), so Chromium is closed before its profile folder is removed.
            weakref.finalize(_sentinel, lambda: None)
        kaleido.start_sync_server(path=path, mathjax=False, timeout=RENDER_TIMEOUT, silence_warnings=True)
        _state.update(started=True, browser=path)
        if not _state["atexit"]:
            atexit.register(stop)
            _state["atexit"] = True


def stop() -> None:
    import kaleido

    with _lock:
        if _server().is_running():
            kaleido.stop_sync_server(silence_warnings=True)
        _state["started"] = False


def render(fig: go.Figure, fmt: str, *, width: float, height: float, scale: float = 2) -> bytes:
    """PNG, SVG or PDF bytes of an already-prepared figure (see prepare.prepare_figure)."""
    import kaleido

    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ExportError(f"unknown image format {fmt!r}; choose one of {', '.join(FORMATS)}")
    spec = fig.to_dict()
    opts = {"format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1}
    with _lock:
        start()
        result: list[object] = []

        def call() -> None:
            try:
                result.append(kaleido.calc_fig_sync(spec, opts=opts))
            except BaseException as e:  # noqa: BLE001 - handed to the caller below
                result.append(e)

        worker = threading.Thread(target=call, daemon=True, name="export-render")
        worker.start()
        deadline = time.monotonic() + RENDER_TIMEOUT + 30
        while worker.is_alive() and time.monotonic() < deadline:
            worker.join(0.25)
            if worker.is_alive() and not is_running():   # the kaleido thread died: it will never answer
                raise ExportError("Chromium 未能启动或已退出。Chromium failed to start or exited.")
        if worker.is_alive() or not result:
            raise ExportError("图表渲染超时（Chromium 无响应）。Rendering timed out: Chromium did not answer.")
        out = result[0]
        if isinstance(out, BaseException):
            if not is_running():
                raise ExportError(f"Chromium 未能启动或已退出。Chromium failed or exited: {out}") from out
            raise ExportError(f"图表渲染失败。Rendering failed: {out}") from out
        if not is_running():
            raise ExportError("Chromium 已退出。Chromium exited while rendering.")
    if fmt == "pdf":               # Skia's text layer may say ⽐ for 比: map radicals back (pdf_text.py)
        out = fix_text_layer(out, json.dumps(spec, ensure_ascii=False))  # type: ignore[arg-type]
    return out  # type: ignore[return-value]

