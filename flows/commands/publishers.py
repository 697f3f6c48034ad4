"""``ogi publishers``: the expected publishers of the warehouse.

- ``ogi publishers import FILE.csv`` stores an office's own list of its departments (columns
  agency, region, kind, optional url, first_year, last_year; UTF-8 or GB18030) in
  ``raw.publisher_list``; the listed agencies join the expected set of ``mart_coverage`` (due in
  every year of their province's span). Importing the same file again replaces its rows.
- ``ogi publishers missing --county 南陵县 --year 2020`` lists the township governments of a county
  that did not publish (``sql/analyses/townships_not_published.sql`` with its two variables).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from transform.warehouse import DEFAULT_DB

ANALYSIS = Path(__file__).resolve().parents[2] / "sql" / "analyses" / "townships_not_published.sql"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("publishers", help="expected publishers: import lists, show who did not publish")
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = sub.add_parser("import", help="import a CSV list of publishers (agency, region, kind, url)")
    imp.add_argument("files", nargs="+", type=Path, help="CSV files")
    imp.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"warehouse file (default {DEFAULT_DB})")
    imp.add_argument("--year", type=int, default=2024, help="gazetteer year to place names in (default 2024)")
    imp.add_argument("--no-models", action="store_true", help="skip the dbt build after importing")
    imp.set_defaults(func=run_import)
    miss = sub.add_parser("missing", help="township governments of a county that did not publish in a year")
    miss.add_argument("--county", required=True, help="county name (沭阳县) or 6-digit division code")
    miss.add_argument("--year", required=True, type=int)
    miss.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"warehouse file (default {DEFAULT_DB})")
    miss.add_argument("--format", choices=("table", "csv", "json"), default="table")
    miss.set_defaults(func=run_missing)


def run_import(args: argparse.Namespace) -> int:
    from rich.console import Console

    from transform.publishers import ListError, read_publisher_list, store_publisher_list
    from transform.warehouse import connect

    console = Console(stderr=True)
    loaded: list[tuple[Path, list]] = []
    for path in args.files:
        try:
            loaded.append((path, read_publisher_list(path, args.year)))
        except (OSError, ListError) as exc:
            console.print(f"[red]{path}: {exc}[/red]")
            return 1
    con = connect(args.db)
    try:
        for path, rows in loaded:
            store_publisher_list(con, rows, str(path))
            unplaced = [r for r in rows if r.status == "unplaced"]
            console.print(f"{path}: {len(rows)} publishers, {len(rows) - len(unplaced)} placed, {len(unplaced)} unplaced")
            for r in rows:
                if r.status != "ok":
                    console.print(f"  [yellow]{r.status}[/yellow] line {r.line} {r.agency}: {r.message}")
    finally:
        con.close()
    if args.no_models:
        return 0
    from transform.models import ModelsError, build_models

    try:
        result = build_models(args.db)
    except ModelsError as exc:
        console.print(f"[red]{exc}[/red]")
        return 1
    console.print(f"models: {result.models} built, {result.tests} tests passed in {result.seconds:.1f}s")
    return 0


def run_missing(args: argparse.Namespace) -> int:
    """The analysis through ``ogi query`` (its sandbox and --var rendering), one code path."""
    from flows.cli import main

    argv = ["query", str(ANALYSIS), "--var", f"county={args.county}", "--var", f"year={args.year}",
            "--db", str(args.db), "--format", args.format]  # fmt: skip
    return main(argv)
