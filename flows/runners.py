"""Choosing where extraction runs: threads, a process pool, or a Dask cluster.

Only extraction fans out; discovery, loading (the single DuckDB writer), the models and the export
stay in the flow's own process whatever the runner, so scaling out never adds a second writer.
"""

from __future__ import annotations

import os
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

        return ProcessPoolTaskRunner(max_workers=workers)
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
