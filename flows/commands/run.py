"""``ogi run``: one ingestion run (discover, fetch, extract, load, models, export), no server needed.

Prefect runs in ephemeral mode (a temporary local API for the run's duration). Exit codes: 0 when
the run completed — even if some documents failed, which the summary lists; 1 when the run itself
failed (warehouse, dbt, export, Prefect); 3 when another run holds the warehouse lock.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from flows import settings

EXIT_OK, EXIT_FAILED, EXIT_LOCKED = 0, 1, 3


def add_flow_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments shared by ``ogi run`` and ``ogi serve`` (the flow's parameters)."""
    p.add_argument("--inbox", action="append", metavar="DIR",
                   help="folder of report files, searched recursively (repeatable; default data/inbox)")  # fmt: skip
    p.add_argument("--sources", metavar="FILE", default="data/sources.txt",
                   help="file of http(s) URLs, one per line (default data/sources.txt, if it exists)")  # fmt: skip
    p.add_argument("--db", metavar="PATH", default="data/warehouse/ogi.duckdb", help="DuckDB warehouse file")
    p.add_argument("--export-dir", metavar="DIR", default="data/exports", help="where the marts are exported")
    p.add_argument("--site-dir", metavar="DIR", default="data/site", help="where the static site is built (default data/site)")
    p.add_argument("--no-site", dest="site_dir", action="store_const", const=None, help="do not build the static site")
    p.add_argument("--retry-failed", action="store_true", help="extract again documents that failed before")
    p.add_argument("--load-batch", type=int, default=2000, metavar="N", help="documents per load transaction (whole chunks)")
    p.add_argument("--chunk-size", type=int, metavar="N",
                   help="documents per extraction task (default: adaptive, 1 for a handful, up to 250)")  # fmt: skip
    p.add_argument("--fetch-timeout", type=float, default=60.0, metavar="SECONDS", help="time limit per URL")
    p.add_argument("--fetch-max-mb", type=float, default=64.0, metavar="MB", help="size limit per URL")
    p.add_argument("--fetch-retries", type=int, default=3, metavar="N", help="retries of a transient fetch failure")


def flow_parameters(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "inbox": args.inbox or ["data/inbox"],
        "sources": args.sources,
        "db": args.db,
        "export_dir": args.export_dir,
        "site_dir": args.site_dir,
        "retry_failed": args.retry_failed,
        "load_batch": args.load_batch,
        "chunk_size": args.chunk_size,
        "fetch_timeout": args.fetch_timeout,
        "fetch_max_bytes": int(args.fetch_max_mb * 1024 * 1024),
        "fetch_retries": args.fetch_retries,
    }


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run the ingestion flow once (no server needed)", description=__doc__)
    add_flow_arguments(p)
    p.add_argument("--workers", type=int, metavar="N",
                   help="extract in a process pool of N processes (default: threads); with --dask local, N workers")  # fmt: skip
    p.add_argument("--dask", metavar="ADDRESS|local",
                       help="extract on a Dask cluster: 'local' starts a LocalCluster, else a scheduler address")  # fmt: skip
    p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="wait this long for another run's lock (default: refuse at once, exit 3)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print the run summary as JSON on stdout")
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None, help="always show the progress bar")
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="never show the progress bar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings.configure()
    from flows.lock import LockHeld, lock_path_for, warehouse_lock
    from flows.runners import reap_children_on_exit
    from flows.summary import RunSummary

    reap_children_on_exit()  # a kill -9 of this run must not leave its server or workers behind

    params = flow_parameters(args)
    params["progress"] = sys.stderr.isatty() if args.progress is None else args.progress
    try:
        # Taken here, before Prefect starts, so a second run is told at once; the flow takes it
        # again (re-entrant) for runs that do not come through this command.
        with warehouse_lock(lock_path_for(Path(args.db)), timeout=args.wait):
            summary, ok = _run_flow(params, args.workers, args.dask)
    except LockHeld as exc:
        print(f"ogi run: {exc}; not starting (use --wait SECONDS to wait for it)", file=sys.stderr)
        return EXIT_LOCKED
    except OSError as exc:  # the lock file cannot be created (a bad --db path)
        print(f"ogi run: cannot lock the warehouse: {exc}", file=sys.stderr)
        return EXIT_FAILED
    result = RunSummary(**summary) if summary else RunSummary(ok=False, error="the run did not start")
    result.print()
    if args.json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    return EXIT_OK if ok and result.ok else EXIT_FAILED


def _run_flow(params: dict[str, Any], workers: int | None, dask: str | None) -> tuple[dict[str, Any] | None, bool]:
    """Run the flow in this process; the summary dict and whether the run completed."""
    from flows.ingest import RunFailed, ingest
    from flows.runners import shared_api

    try:
        with shared_api():
            state = ingest(**params, workers=workers, dask=dask, return_state=True)
    except Exception as exc:  # Prefect itself failed (e.g. the ephemeral server did not start)
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}, False
    if state.is_completed():
        return state.result(), True
    outcome = state.result(raise_on_failure=False)
    if isinstance(outcome, RunFailed):
        return outcome.summary, False
    return {"ok": False, "error": f"{state.name}: {state.message or outcome}"}, False
