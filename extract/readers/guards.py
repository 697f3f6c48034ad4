"""Per-document guards: a time limit and a memory limit around one reader call.

A batch run reads thousands of files from the web; one hostile or broken PDF (a decompression
bomb, a page tree loop, a 20 000 x 20 000 scan) must cost that file, not the run. In-process code
cannot stop a C library stuck in a loop or allocating without bound, so ``read_guarded`` runs the
reader in a child process with an address-space limit (``RLIMIT_AS``) and kills it at the
deadline; the parent gets the Document back or a ReaderError saying which limit was hit.

Every format goes through :func:`read_document`, the one policy: binary formats and HTML (lxml and
a span grid: a 700 KB page of ``rowspan=200 colspan=200`` cells once took 128 s and 8 GB) always
run in the child; text is read in-process below :data:`TEXT_IN_PROCESS_BYTES` — decoding text is
linear in its size, and a child costs ~50 ms, fifty times the read of a report-sized text file.

The guard holds on every executor. A Dask worker is a daemonic process, which ``multiprocessing``
forbids to start children (to avoid orphans); the child here is forked by the forkserver, not by
the worker, and cannot outlive its limits anyway: it dies with the forkserver
(``PR_SET_PDEATHSIG``), and ``RLIMIT_CPU`` stops it a little after the deadline even if nobody
is left to kill it. So the daemon flag is lifted for the instant of ``start()``.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import threading
import time
from collections.abc import Callable
from pathlib import Path

from extract.document import Document

DEFAULT_SECONDS = 120.0
DEFAULT_MEMORY_MB = 2048
MAX_FILE_MB = 200
TEXT_IN_PROCESS_BYTES = 1024 * 1024  # text files up to this size are read without a child


def check_size(data: bytes, max_mb: int = MAX_FILE_MB) -> None:
    """Refuse files too large to be a report before any parser sees them."""
    from extract.readers import ReaderError

    if len(data) > max_mb * 1024 * 1024:
        raise ReaderError("too_large", f"the file is {len(data) / 2**20:.0f} MB, over the {max_mb} MB limit")


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (no-op elsewhere)."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass


def _child(conn, data: bytes, suffix: str, memory_mb: int, seconds: float = DEFAULT_SECONDS, reader=None) -> None:  # in the child
    import resource

    from extract.readers import ReaderError, read_bytes

    die_with_parent()
    try:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass
    try:  # a backstop for an orphan nobody kills at the deadline: SIGXCPU, then SIGKILL
        cpu = int(seconds) + 5
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    except (ValueError, OSError):
        pass
    try:
        doc = (reader or read_bytes)(data, suffix)
        if doc.format in ("txt", "md") and not doc.meta:  # plain lines: send the text, not the objects
            conn.send_bytes(pickle.dumps(("text", (doc.text, doc.format))))
        else:
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
            ctx.set_forkserver_preload(
                ["extract.readers", "extract.readers.guards", "extract.readers.text", "extract.readers.html"]
            )
        else:
            ctx = mp.get_context("spawn")
        _CTX = ctx
    return _CTX


_start_lock = threading.Lock()


def _forget_forkserver() -> None:
    """In a forked child: the parent's forkserver is not ours (``waitpid`` on it fails with
    ECHILD, and our copy of its liveness pipe would keep it alive after the parent dies)."""
    global _CTX
    _CTX = None
    try:
        from multiprocessing import forkserver

        fs = forkserver._forkserver
        if fs._forkserver_alive_fd is not None:
            os.close(fs._forkserver_alive_fd)
        fs._forkserver_pid = fs._forkserver_address = fs._forkserver_alive_fd = None
    except (AttributeError, OSError):
        pass


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_forkserver)


def _start(proc: mp.process.BaseProcess) -> None:
    """``proc.start()``, also from a daemonic process (a Dask worker): see the module docstring."""
    me = mp.current_process()
    if not me._config.get("daemon"):
        proc.start()
        return
    with _start_lock:
        me._config["daemon"] = False
        try:
            proc.start()
        finally:
            me._config["daemon"] = True


def read_guarded(
    data: bytes,
    suffix: str = "",
    seconds: float = DEFAULT_SECONDS,
    memory_mb: int = DEFAULT_MEMORY_MB,
    reader: Callable[[bytes, str], Document] | None = None,
) -> Document:
    """Read file bytes in a child process limited to ``seconds`` and ``memory_mb``; else ReaderError.
    ``reader`` (a module-level function, so the child can import it) replaces ``read_bytes``:
    a picture inside a web page is read by the scan reader without being a file of its own."""
    from extract.readers import ReaderError

    check_size(data)
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, data, suffix, memory_mb, seconds, reader), daemon=True)
    _start(proc)
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
    del payload
    if status == "ok":
        return value
    if status == "text":  # a text document is its lines, numbered from 1: rebuilt here
        return Document.from_text(*value)
    raise ReaderError(*value)


def read_document(data: bytes, suffix: str, fmt: str, guard: bool = True) -> Document:
    """Read file bytes under the guard policy of this module (``guard`` False: in-process)."""
    from extract.readers import read_bytes

    if not guard or (fmt in ("txt", "md") and len(data) <= TEXT_IN_PROCESS_BYTES):
        return read_bytes(data, suffix)
    return read_guarded(data, suffix)


def read_path_guarded(path: str | Path, seconds: float = DEFAULT_SECONDS, memory_mb: int = DEFAULT_MEMORY_MB) -> Document:
    """``read_guarded`` for a file on disk."""
    p = Path(path)
    return read_guarded(p.read_bytes(), p.suffix, seconds, memory_mb)
