"""``ogi load FILE...``: store extract output (Report JSON) in the warehouse, then build the marts.

Accepts what ``ogi extract --json`` prints: one JSON object per line (JSONL), a single object, or a
JSON array; each object a ``Report.to_dict()`` or a ``{"document", "report"}`` load result.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

from transform.warehouse import DEFAULT_DB, connect, iter_results_from_reports, load


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("load", help="load Report JSON/JSONL files into the warehouse")
    p.add_argument(
        "files", nargs="+", type=Path, help="JSONL (or JSON) files of Report objects; '-' is stdin"
    )
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"warehouse file (default {DEFAULT_DB})")
    p.add_argument("--no-models", action="store_true", help="skip the dbt build after loading")
    p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="wait this long for a run holding the warehouse lock (default: refuse at once, exit 3)")  # fmt: skip
    p.set_defaults(func=run)


def read_objects(path: Path) -> Iterator[dict]:
    """Yield the JSON objects of a file written as JSONL, one object, or an array."""
    import sys

    text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    stripped = text.strip()
    if not stripped:
        return
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError:
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"{path}:{number}: not JSON: {exc}") from exc
        return
    yield from whole if isinstance(whole, list) else [whole]


def run(args: argparse.Namespace) -> int:
    """Load under the warehouse lock: a run (or another load) in progress is waited for or refused
    with exit code 3, never interleaved with (DuckDB allows one writer per file)."""
    from rich.console import Console

    from flows.lock import LockHeld, lock_path_for, warehouse_lock

    console = Console(stderr=True)
    try:
        with warehouse_lock(lock_path_for(args.db), timeout=args.wait):
            return _load(args, console)
    except LockHeld as exc:
        console.print(f"[red]ogi load: {exc}[/red]; not loading (use --wait SECONDS to wait for it)")
        return 3


def _load(args: argparse.Namespace, console) -> int:
    from flows.lock import retry_on_db_lock

    con = retry_on_db_lock(connect, args.db)  # an analyst's open connection only delays the load
    try:
        objects = (obj for path in args.files for obj in read_objects(path))
        stats = load(con, iter_results_from_reports(objects))
    finally:
        con.close()
    console.print(
        f"documents: {stats.documents_new} new, {stats.documents_unchanged} unchanged, "
        f"{stats.documents_failed} failed; reports {stats.reports}; cells {stats.cells}; "
        f"issues {dict(sorted(stats.issues_by_severity.items()))}"
    )
    if args.no_models:
        return 0
    from transform.models import ModelsError, build_models

    try:
        result = retry_on_db_lock(build_models, args.db)
    except ModelsError as exc:
        console.print(f"[red]{exc}[/red]")
        return 1
    console.print(f"models: {result.models} built, {result.tests} tests passed in {result.seconds:.1f}s")
    for warning in result.warnings:
        console.print(f"[yellow]warn[/yellow] {warning}")
    return 0
