"""``ogi serve``: serve the ingestion flow on a schedule (nightly by default) against a Prefect server.

Start a server first, in its own terminal, with the project's Prefect home:

    PREFECT_HOME=$PWD/data/.prefect .venv/bin/prefect server start     # UI at http://127.0.0.1:4200
    PREFECT_API_URL=http://127.0.0.1:4200/api .venv/bin/ogi serve --cron "0 2 * * *" --timezone Asia/Shanghai

The process keeps running and starts each scheduled run itself (no work pool or worker needed);
stop it with Ctrl-C. Without a server, plain cron does the same job:

    0 2 * * * cd /path/to/ogi && .venv/bin/ogi run --no-progress >> data/run.log 2>&1
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from flows import settings
from flows.commands.run import add_flow_arguments, flow_parameters

DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Asia/Shanghai"
DEPLOYMENT_NAME = "nightly"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the ingestion flow on a schedule (needs a Prefect server)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--cron", default=DEFAULT_CRON, help=f'schedule, cron syntax (default "{DEFAULT_CRON}")')
    p.add_argument("--timezone", default=DEFAULT_TIMEZONE, help=f"IANA time zone of the schedule (default {DEFAULT_TIMEZONE})")
    p.add_argument("--name", default=DEPLOYMENT_NAME, help=f"deployment name (default {DEPLOYMENT_NAME})")
    add_flow_arguments(p)
    p.add_argument("--workers", type=int, metavar="N", help="extract in a process pool of N processes")
    p.add_argument("--dask", metavar="ADDRESS|local", help="extract on a Dask cluster ('local' or a scheduler address)")
    p.add_argument("--lock-wait", type=float, default=600.0, metavar="SECONDS",
                   help="how long a scheduled run waits for a manual run's lock (default 600)")  # fmt: skip
    p.set_defaults(func=run)


def deployment_parameters(args: argparse.Namespace) -> dict[str, Any]:
    """Flow parameters of every scheduled run (paths made absolute: the runner may change cwd)."""
    params = flow_parameters(args)
    params["inbox"] = [os.path.abspath(p) for p in params["inbox"]]
    for key in ("sources", "db", "export_dir", "site_dir"):
        if params[key]:
            params[key] = os.path.abspath(params[key])
    params.update(workers=args.workers, dask=args.dask, lock_timeout=args.lock_wait, progress=False)
    return params


def build_deployment(args: argparse.Namespace) -> Any:
    """The deployment ``ogi serve`` serves (no server is contacted to build it)."""
    from prefect.schedules import Cron

    from flows.ingest import ingest

    return ingest.to_deployment(
        name=args.name,
        schedules=[Cron(args.cron, timezone=args.timezone)],
        parameters=deployment_parameters(args),
        description="Nightly ingestion: inbox and sources -> warehouse -> marts -> exports.",
        tags=["ogi"],
    )


def run(args: argparse.Namespace) -> int:
    settings.configure()
    if not os.environ.get("PREFECT_API_URL"):
        print(
            "ogi serve needs a running Prefect server; start one with\n"
            "  PREFECT_HOME=$PWD/data/.prefect .venv/bin/prefect server start\n"
            "then run\n"
            "  PREFECT_API_URL=http://127.0.0.1:4200/api .venv/bin/ogi serve\n"
            "(or schedule `ogi run` with cron: see `ogi serve --help`)",
            file=sys.stderr,
        )
        return 2
    from prefect import serve

    deployment = build_deployment(args)
    print(f"serving ogi-ingest/{args.name}: {args.cron} ({args.timezone}); Ctrl-C stops", file=sys.stderr)
    serve(deployment)
    return 0
