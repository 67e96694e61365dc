"""data/archive/: every accepted file by sha256, and batches.jsonl, the append-only batch log.

The log has one JSON object per line: ``{"event": "add", "batch_id": 1001, ...}`` when a file is
loaded and ``{"event": "rollback", "batch_id": 1001, ...}`` when it is rolled back. The build
replays the added, not rolled-back batches in batch-id order, so a rebuild never loses them.
An add records the batch's ``state`` (``draft`` unless publishing is off; a record without one was
published at once); ``{"event": "publish" | "unpublish", "batch_id": 1001, "seq": n, ...}`` changes it,
``seq`` counting a batch's state changes so that every one is its own record.
Batch ids of additions start at 1001 and are never reused (build batches of data/ are 1–999).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
import threading
import time
from pathlib import Path

from core import settings

LOG_NAME = "batches.jsonl"
LOCK_NAME = ".lock"
FIRST_ADD_BATCH = 1001
_GITIGNORE = "# the intake's lock and temporary files; archived files and batches.jsonl are data\n.lock\n*.tmp\n"
_rlock = threading.RLock()
_depth = threading.local()


def archive_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "archive"


def log_path(data_dir: Path) -> Path:
    return archive_dir(data_dir) / LOG_NAME


def ensure(data_dir: Path) -> Path:
    d = archive_dir(data_dir)
    d.mkdir(parents=True, exist_ok=True)
    gi = d / ".gitignore"
    if not gi.exists():
        gi.write_text(_GITIGNORE, encoding="utf-8")
    return d


class WriterBusy(RuntimeError):
    """Another write (add, rollback, build) holds the warehouse; ``holder`` says which, by whom, since when."""

    def __init__(self, holder: dict):
        from core import labels

        self.holder = holder
        words = {"add": ("导入", "an add"), "rollback": ("回滚", "a rollback"), "build": ("重建", "a build")}
        what = holder.get("what", "")
        zh_what, en_what = words.get(what, (what or "写入", what or "a write"))
        batch = holder.get("batch")
        fmt = {"who": holder.get("who") or "?", "since": holder.get("since") or "?", "pid": holder.get("pid") or "?"}
        super().__init__(labels.t("msg_writer_busy", "zh", what=zh_what, batch=f"（批次 {batch}）" if batch else "",
                                  **fmt) + "\n" +
                         labels.t("msg_writer_busy", "en", what=en_what, batch=f" (batch {batch})" if batch else "",
                                  **fmt))


def holder(data_dir: Path) -> dict:
    """Who holds the write lock, as its holder wrote it (empty when nobody or unreadable)."""
    try:
        text = (archive_dir(data_dir) / LOCK_NAME).read_text(encoding="utf-8").strip()
        return json.loads(text) if text else {}
    except (OSError, ValueError):
        return {}


def note_holder(data_dir: Path, **info) -> None:
    """Add to the lock file what the holder is doing (e.g. the batch id once it is known)."""
    handle = getattr(_depth, "handle", None)
    if handle is None:
        return
    current = {**getattr(_depth, "info", {}), **info}
    _depth.info = current
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps(current, ensure_ascii=False))
    handle.flush()


@contextlib.contextmanager
def lock(data_dir: Path, what: str = "write", who: str | None = None, wait: float | None = None):
    """One writer at a time (threads of the dashboard and other processes). Re-entrant per thread.

    A second writer waits up to ``wait`` seconds (DJCX_WRITE_WAIT) and then raises WriterBusy, which names
    the write in progress, its user and since when: never a queue that hangs, never two writers at once."""
    wait = settings.write_wait_seconds() if wait is None else wait
    deadline = time.monotonic() + wait
    depth = getattr(_depth, "n", 0)
    if depth == 0 and not _rlock.acquire(timeout=max(wait, 0)):
        raise WriterBusy(holder(data_dir))
    _depth.n = depth + 1
    handle = None
    held = False
    try:
        if depth == 0 and archive_dir(data_dir).is_dir():
            handle = open(archive_dir(data_dir) / LOCK_NAME, "a+", encoding="utf-8")  # noqa: SIM115
            try:
                import fcntl

                while True:
                    try:
                        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() >= deadline:
                            raise WriterBusy(holder(data_dir)) from None
                        time.sleep(0.1)
            except ImportError:  # pragma: no cover - not POSIX: the thread lock only
                pass
            held = True
            _depth.handle, _depth.info = handle, {}
            note_holder(data_dir, what=what, who=settings.user_name(who), pid=os.getpid(), since=utc_now())
        yield
    finally:
        _depth.n = depth
        if handle is not None:
            if held:                # only the holder clears what it wrote (never another writer's note)
                with contextlib.suppress(OSError):
                    handle.seek(0)
                    handle.truncate()
                _depth.handle = None
            handle.close()
        if depth == 0:
            _rlock.release()


def who(explicit: str | None = None) -> str:
    return settings.user_name(explicit)


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def read_log(data_dir: Path) -> list[dict]:
    path = log_path(data_dir)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def batches(data_dir: Path) -> list[dict]:
    """The add events with ``rolled_back`` (and who/when of the rollback) folded in, by batch id."""
    out: dict[int, dict] = {}
    for rec in read_log(data_dir):
        if rec.get("event") == "add":
            out[rec["batch_id"]] = {"state": "published", **rec, "state_changes": 0}
            if out[rec["batch_id"]]["state"] == "published":
                out[rec["batch_id"]].update(published_by=rec.get("who"), published_at=rec.get("when"))
        elif rec.get("event") == "rollback" and rec.get("batch_id") in out:
            out[rec["batch_id"]].update(rolled_back=True, rolled_back_by=rec.get("who"),
                                        rolled_back_at=rec.get("when"))
        elif rec.get("event") in ("publish", "unpublish") and rec.get("batch_id") in out:
            b = out[rec["batch_id"]]
            b["state_changes"] += 1
            if rec["event"] == "publish":
                b.update(state="published", published_by=rec.get("who"), published_at=rec.get("when"))
            else:
                b.update(state="draft", published_by=None, published_at=None,
                         unpublished_by=rec.get("who"), unpublished_at=rec.get("when"))
    return [out[k] for k in sorted(out)]


def active_batches(data_dir: Path, exclude=()) -> list[dict]:
    return [b for b in batches(data_dir) if not b.get("rolled_back") and b["batch_id"] not in set(exclude)]


def next_batch_id(data_dir: Path) -> int:
    ids = [r["batch_id"] for r in read_log(data_dir) if r.get("event") == "add"]
    return max(ids, default=FIRST_ADD_BATCH - 1) + 1


def store(data_dir: Path, data: bytes, sha256: str, ext: str) -> str:
    """Write the file as data/archive/<sha256>.<ext> (once); return its name."""
    d = ensure(data_dir)
    name = f"{sha256}.{ext}"
    target = d / name
    if not target.exists():
        fd, tmp = tempfile.mkstemp(dir=d, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    return name


def append(data_dir: Path, records: list[dict]) -> bytes | None:
    """Append records to the log (fsync'd); return the log's previous bytes for ``restore``."""
    ensure(data_dir)
    path = log_path(data_dir)
    before = path.read_bytes() if path.exists() else None
    with open(path, "a", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
        f.flush()
        os.fsync(f.fileno())
    return before


def restore(data_dir: Path, before: bytes | None) -> None:
    """Undo ``append`` after a failed load or rollback."""
    path = log_path(data_dir)
    if before is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(before)
