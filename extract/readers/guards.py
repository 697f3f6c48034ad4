"""Per-document guards: a time limit and a memory limit around one reader call.

A batch run reads thousands of files from the web; one hostile or broken PDF (a decompression
bomb, a page tree loop, a 20 000 x 20 000 scan) must cost that file, not the run. In-process code
cannot stop a C library stuck in a loop or allocating without bound, so ``read_guarded`` runs the
reader in a child process with an address-space limit (``RLIMIT_AS``) and kills it at the
deadline; the parent gets the Document back or a ReaderError saying which limit was hit.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import time
from pathlib import Path

from extract.document import Document

DEFAULT_SECONDS = 120.0
DEFAULT_MEMORY_MB = 2048
MAX_FILE_MB = 200


def check_size(data: bytes, max_mb: int = MAX_FILE_MB) -> None:
    """Refuse files too large to be a report before any parser sees them."""
    from extract.readers import ReaderError

    if len(data) > max_mb * 1024 * 1024:
        raise ReaderError("too_large", f"the file is {len(data) / 2**20:.0f} MB, over the {max_mb} MB limit")


def _child(conn, data: bytes, suffix: str, memory_mb: int) -> None:  # runs in the child process
    import resource

    from extract.readers import ReaderError, read_bytes

    try:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass
    try:
        doc = read_bytes(data, suffix)
        conn.send_bytes(pickle.dumps(("ok", doc)))
    except ReaderError as exc:
        conn.send_bytes(pickle.dumps(("reader_error", (exc.code, str(exc)))))
    except MemoryError:
        conn.send_bytes(pickle.dumps(("reader_error", ("memory_limit", f"reading needed more than {memory_mb} MB"))))
    except Exception as exc:  # any parser crash is this file's problem, reported as such
        conn.send_bytes(pickle.dumps(("reader_error", ("reader_crashed", f"{type(exc).__name__}: {exc}"))))
    finally:
        conn.close()


_CTX: mp.context.BaseContext | None = None


def _context() -> mp.context.BaseContext:
    """A forkserver (spawn off POSIX): forking a threaded process — the flow's extraction
    threads — can deadlock the child, so children come from a clean single-threaded server
    that has the readers imported already."""
    global _CTX
    if _CTX is None:
        if os.name == "posix":
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["extract.readers", "extract.readers.guards"])
        else:
            ctx = mp.get_context("spawn")
        _CTX = ctx
    return _CTX


def read_guarded(
    data: bytes, suffix: str = "", seconds: float = DEFAULT_SECONDS, memory_mb: int = DEFAULT_MEMORY_MB
) -> Document:
    """Read file bytes in a child process limited to ``seconds`` and ``memory_mb``; else ReaderError."""
    from extract.readers import ReaderError

    check_size(data)
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, data, suffix, memory_mb), daemon=True)
    proc.start()
    child.close()
    deadline = time.monotonic() + seconds
    payload: bytes | None = None
    try:
        while time.monotonic() < deadline:
            if parent.poll(min(0.05, max(0.0, deadline - time.monotonic()))):
                try:
                    payload = parent.recv_bytes()
                except EOFError:
                    payload = None
                break
            if not proc.is_alive() and not parent.poll(0):
                break
    finally:
        if proc.is_alive() and payload is None:
            proc.kill()
        proc.join(timeout=5)
        parent.close()
    if payload is None:
        if time.monotonic() >= deadline:
            raise ReaderError("time_limit", f"reading took longer than {seconds:g} s (stopped)")
        raise ReaderError(
            "memory_limit" if proc.exitcode in (-9, -11, -6, 1) else "reader_crashed",
            f"the reader died (exit code {proc.exitcode}); the file may need more than {memory_mb} MB",
        )
    status, value = pickle.loads(payload)
    if status == "ok":
        return value
    raise ReaderError(*value)


def read_path_guarded(path: str | Path, seconds: float = DEFAULT_SECONDS, memory_mb: int = DEFAULT_MEMORY_MB) -> Document:
    """``read_guarded`` for a file on disk."""
    p = Path(path)
    return read_guarded(p.read_bytes(), p.suffix, seconds, memory_mb)
