"""``ogi export``: write the content tables and every mart as parquet by year (or CSV), one version at a time."""

from __future__ import annotations

import argparse
from pathlib import Path

from transform.warehouse import DEFAULT_DB


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("export", help="export tables and marts as parquet (by year) or CSV")
    p.add_argument(
        "--format", choices=("parquet", "csv"), default="parquet", help="file format (default parquet)"
    )
    p.add_argument(
        "--out", type=Path, default=Path("data/exports"), help="output folder (default data/exports)"
    )
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"warehouse file (default {DEFAULT_DB})")
    p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="wait this long for a run holding the warehouse lock (default: refuse at once, exit 3)")  # fmt: skip
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from transform.export import ExportError, export

    console = Console(stderr=True)
    if not Path(args.db).exists():
        console.print(f"[red]no warehouse at {args.db}[/red]")
        return 1
    from flows.lock import LockHeld, lock_path_for, retry_on_db_lock, warehouse_lock

    try:  # a run rewrites the same export folders: one at a time
        with warehouse_lock(lock_path_for(args.db), timeout=args.wait):
            paths = retry_on_db_lock(export, args.db, args.out, args.format)
    except LockHeld as exc:
        console.print(f"[red]ogi export: {exc}[/red]; not exporting (use --wait SECONDS to wait for it)")
        return 3
    except ExportError as exc:
        console.print(f"[red]{exc}[/red]")
        return 1
    for path in paths:
        console.print(str(path))
    return 0
