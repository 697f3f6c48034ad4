"""``ogi query "SQL"``: run one read-only query against the warehouse and print the result.

Read-only so an analyst's typo can never change the warehouse; marts are tables in the main
schema (``mart_agency_year`` ...), raw tables in ``raw.*``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from transform.warehouse import DEFAULT_DB, connect


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("query", help="run a read-only SQL query on the warehouse")
    p.add_argument("sql", help="the SQL text (one statement)")
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"warehouse file (default {DEFAULT_DB})")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    p.add_argument("--limit", type=int, default=200, help="rows printed in table format (default 200)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import duckdb
    from rich.console import Console

    if not Path(args.db).exists():
        Console(stderr=True).print(f"[red]no warehouse at {args.db}[/red]: run `ogi load` or `ogi run` first")
        return 1
    con = connect(args.db, read_only=True)
    try:
        try:
            frame = con.execute(args.sql).df()
        except duckdb.Error as exc:
            Console(stderr=True).print(f"[red]{type(exc).__name__}:[/red] {exc}")
            return 1
    finally:
        con.close()
    if args.format == "csv":
        print(frame.to_csv(index=False), end="")
    elif args.format == "json":
        print(frame.to_json(orient="records", force_ascii=False, date_format="iso"))
    else:
        print_table(frame, args.limit)
    return 0


def print_table(frame, limit: int) -> None:
    """Render a DataFrame as a rich table (NULL shown as ∅, long results cut at ``limit``)."""
    import pandas as pd
    from rich.console import Console
    from rich.table import Table

    table = Table(
        show_lines=False,
        caption=f"{len(frame)} rows" if len(frame) <= limit else f"{limit} of {len(frame)} rows",
    )
    for name in frame.columns:
        table.add_column(str(name), overflow="fold")
    for row in frame.head(limit).itertuples(index=False):
        table.add_row(*("∅" if pd.isna(v) else f"{v:.4g}" if isinstance(v, float) else str(v) for v in row))
    Console().print(table)
