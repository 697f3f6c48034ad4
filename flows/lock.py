"""One writer at a time: an OS file lock (``fcntl.flock``) beside the warehouse.

DuckDB allows a single read-write process per file, and the ingestion run also owns the staging
folder and the fetch state, so the whole run — not just the load — holds the lock. ``flock`` locks
die with their process, so a killed run (even SIGKILL) never leaves a stale lock behind; the file's
content (pid, start time) is only there to tell the next run who holds it.

The lock is re-entrant within one process: the CLI takes it before Prefect starts (so a second run
fails in a second, not after the server's start-up), and the flow takes it again for scheduled runs
that do not go through the CLI.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

_held: dict[Path, int] = {}  # lock path -> nesting depth in this process
_guard = threading.Lock()


class LockHeld(RuntimeError):
    """Another process holds the warehouse lock (the message names it)."""


def lock_path_for(db_path: str | Path) -> Path:
    """The lock file of a warehouse: ``.lock`` in the DuckDB file's folder."""
    return Path(db_path).resolve().parent / ".lock"


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "unknown process"


@contextmanager
def warehouse_lock(path: str | Path, timeout: float = 0.0, poll: float = 0.2) -> Iterator[Path]:
    """Hold the lock at ``path`` for the block.

    ``timeout`` 0 refuses at once when another process holds it; a positive timeout waits up to
    that many seconds. Raises :class:`LockHeld` when the lock cannot be had.
    """
    p = Path(path).resolve()
    with _guard:
        if p in _held:
            _held[p] += 1
            reentrant = True
        else:
            reentrant = False
    if reentrant:
        try:
            yield p
        finally:
            with _guard:
                _held[p] -= 1
        return

    p.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(p, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + max(timeout, 0.0)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockHeld(f"another ogi run holds {p} ({_holder(p)})") from None
                time.sleep(poll)
        os.ftruncate(fd, 0)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        os.write(fd, f"pid {os.getpid()} since {stamp}\n".encode())
        with _guard:
            _held[p] = 1
        try:
            yield p
        finally:
            with _guard:
                _held.pop(p, None)
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- DuckDB's own file lock

# A reader (``ogi query``, a notebook, the export) holds DuckDB's shared file lock for as long as
# its connection is open; a writer that meets it fails at once with "Could not set lock". The run
# must not fail because an analyst reads, so writers wait for readers — a query holds the file for
# the seconds it runs, and ``ogi query`` answers from the export while a run writes.
READER_WAIT_SECONDS = 300.0
T = TypeVar("T")


def is_db_lock_conflict(exc: BaseException) -> bool:
    """The error is DuckDB refusing the file because another process has it open."""
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock is held" in text


def retry_on_db_lock(fn: Callable[..., T], *args: Any, wait: float = READER_WAIT_SECONDS, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)``, tried again with backoff while DuckDB reports a lock conflict
    (up to ``wait`` seconds); any other error, or the conflict after the wait, is raised."""
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            if not is_db_lock_conflict(exc) or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 2.0)
