"""Choosing where extraction runs: threads, a process pool, or a Dask cluster.

Only extraction fans out; discovery, loading (the single DuckDB writer), the models and the export
stay in the flow's own process whatever the runner, so scaling out never adds a second writer.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

DEFAULT_THREADS = max(2, min(8, (os.cpu_count() or 2)))


def describe(workers: int | None, dask: str | None) -> str:
    """A human label of the runner, for the run summary."""
    if dask:
        where = "LocalCluster" if dask == "local" else dask
        return f"dask ({where}{f', {workers} workers' if workers and dask == 'local' else ''})"
    if workers:
        return f"process pool ({workers} workers)"
    return f"threads ({DEFAULT_THREADS})"


def parallelism(workers: int | None, dask: str | None) -> int:
    """How many extraction tasks run at once (sizes the chunks; a remote cluster counts as 8)."""
    if dask and dask != "local":
        return workers or 8
    if dask or workers:
        return workers or os.cpu_count() or 2
    return DEFAULT_THREADS


def task_runner(workers: int | None = None, dask: str | None = None) -> Any:
    """The Prefect task runner for ``ogi run``'s ``--workers`` / ``--dask`` options.

    - neither: threads (extraction of text reports is quick; PDF/OCR libraries release the GIL);
    - ``workers=N``: a process pool of N processes (CPU-bound extraction, true parallelism);
    - ``dask="local"``: a Dask LocalCluster of ``workers`` (default: CPU count) one-thread processes;
    - ``dask="tcp://host:8786"``: an existing Dask scheduler (workers need this project installed).
    """
    if dask:
        from prefect_dask import DaskTaskRunner

        if dask == "local":
            n = workers or os.cpu_count() or 2
            return DaskTaskRunner(
                cluster_class="distributed.LocalCluster",
                cluster_kwargs={
                    "n_workers": n,
                    "threads_per_worker": 1,
                    "processes": True,
                    "dashboard_address": None,  # no web port; runs stay offline and loopback-free
                },
            )
        return DaskTaskRunner(address=dask)
    if workers:
        from prefect.task_runners import ProcessPoolTaskRunner

        return ProcessPoolTaskRunner(max_workers=workers, initializer=exit_with_parent)
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=DEFAULT_THREADS)


@contextmanager
def shared_api() -> Iterator[str]:
    """Run the block against one Prefect API that worker processes share.

    In ephemeral mode each process that talks to Prefect starts its *own* temporary server
    (15-25 s and a SQLite database each): process-pool and Dask workers would each start one
    before their first task. So the run's server is started here, up front, and its URL put both
    in the environment (processes spawned later inherit it) and in the current settings (Prefect
    ships those to its workers with the task context). A configured API (``PREFECT_API_URL``: a
    real server, or ``ogi serve``) is used as it is.
    """
    from prefect.settings import PREFECT_API_URL, temporary_settings

    url = os.environ.get("PREFECT_API_URL") or PREFECT_API_URL.value()
    if not url:
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer()  # the instance Prefect's own client would start (port None)
        server.start()
        url = server.api_url
        os.environ["PREFECT_API_URL"] = url
    with temporary_settings(updates={PREFECT_API_URL: url}):
        yield url


# --------------------------------------------------------------------------- no orphans

PARENT_POLL_SECONDS = 0.5


def exit_with_parent(poll: float = PARENT_POLL_SECONDS) -> None:
    """In a pool worker: end this process as soon as the process that started it is gone.

    A ``kill -9`` of ``ogi run`` used to leave its ``--workers`` processes (~335 MB each)
    extracting into staging. ``PR_SET_PDEATHSIG`` is tied to the parent *thread* (a pool started
    from a short-lived thread would kill its workers early), so a daemon thread watches
    ``getppid()`` instead: it changes when the parent dies and the worker is re-parented.
    """
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(poll)
            if os.getppid() != parent:
                os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="ogi-exit-with-parent", daemon=True).start()


_REAPER = """
import os, signal, sys, time
parent, poll, me = int(sys.argv[1]), float(sys.argv[2]), os.getpid()

def descendants():
    kids = {}
    for name in os.listdir('/proc'):
        if name.isdigit():
            try:
                with open('/proc/' + name + '/stat', 'rb') as fh:
                    stat = fh.read()
                ppid = int(stat[stat.rindex(b')') + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            kids.setdefault(ppid, []).append(int(name))
    out, todo = set(), [parent]
    while todo:
        for k in kids.get(todo.pop(), ()):
            if k != me and k not in out:
                out.add(k)
                todo.append(k)
    return out

def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False

known = set()
while os.getppid() == parent:
    known = descendants() or known
    time.sleep(poll)
for sig, wait in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 0.0)):
    for pid in list(known):
        try:
            os.kill(pid, sig)
        except OSError:
            known.discard(pid)
    end = time.monotonic() + wait
    while known and time.monotonic() < end:
        time.sleep(0.1)
        known = {p for p in known if alive(p)}
"""


def reap_children_on_exit(poll: float = PARENT_POLL_SECONDS) -> subprocess.Popen | None:
    """Start a tiny reaper that stops every descendant of this process (TERM, then KILL) when
    this process dies, however it dies.

    A ``kill -9`` of ``ogi run`` used to leave Prefect's temporary API server (~230 MB) and the
    pool workers running. They are not all ours to configure (Prefect starts the server), and
    ``PR_SET_PDEATHSIG`` would have to be set inside each of them, so one watcher does it from
    outside: it lists this process's descendants from ``/proc`` every ``poll`` seconds, notices
    our death by its own re-parenting, and stops the last list it saw. Linux only (no-op elsewhere).
    """
    global _reaper
    if not os.path.isdir("/proc/self"):
        return None
    if _reaper is not None and _reaper[0] == os.getpid() and _reaper[1].poll() is None:
        return _reaper[1]  # one per process (tests run many flows in one process)
    proc = subprocess.Popen(
        [sys.executable, "-S", "-c", _REAPER, str(os.getpid()), str(poll)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True,
        start_new_session=True,  # not in our process group: a Ctrl-C or group kill leaves it to clean up
    )  # fmt: skip
    _reaper = (os.getpid(), proc)
    return proc


_reaper: tuple[int, subprocess.Popen] | None = None
