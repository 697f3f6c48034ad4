"""``ogi query SQL|FILE.sql``: one read-only SELECT on the warehouse, printed or saved.

Read-only for real (flows/query_sandbox.py): DuckDB opens the warehouse read-only with external
access off, so a query cannot write or attach files, install extensions, reach the network or read
host files — only the warehouse and the parquet export. Marts are tables in the main schema
(``mart_agency_year`` …), raw tables in ``raw.*``.

While a run writes the warehouse, the query waits ``--wait`` seconds, then answers from the parquet
export (the last state a run published) and says so on stderr. Parameters: ``{{ var('name') }}``
placeholders filled from ``--var name=value`` as quoted literals (flows/query_params.py).

Exit codes: 0 answered; 1 the warehouse could not be read or the query failed; 2 the SQL was
refused or its parameters are wrong. Kept light: no pandas, Prefect or dbt on this path.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

DEFAULT_DB = Path("data/warehouse/ogi.duckdb")
DEFAULT_EXPORT_DIR = Path("data/exports")
EXIT_OK, EXIT_FAILED, EXIT_REFUSED = 0, 1, 2


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("query", help="run one read-only SELECT on the warehouse", description=__doc__,
                              formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("sql", help="the SQL text (one SELECT), a FILE.sql, or - for stdin")
    p.add_argument("--var", action="append", default=[], metavar="NAME=VALUE",
                   help="value of a {{ var('NAME') }} placeholder (repeatable); numbers stay numbers")  # fmt: skip
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"warehouse file (default {DEFAULT_DB})")
    p.add_argument("--export-dir", type=Path, default=DEFAULT_EXPORT_DIR,
                   help=f"the export the query may read with read_parquet, and answers from while a run writes (default {DEFAULT_EXPORT_DIR})")  # fmt: skip
    p.add_argument("--format", choices=("table", "csv", "json", "parquet"), default="table", help="output format")
    p.add_argument("--out", type=Path, help="write the result to this file (required for parquet)")
    p.add_argument("--limit", type=int, default=200, help="rows printed in table format (default 200)")
    p.add_argument("--wait", type=float, default=5.0, metavar="SECONDS",
                   help="wait this long for a run writing the warehouse before answering from the export (default 5)")  # fmt: skip
    p.add_argument("--timeout", type=float, default=600.0, metavar="SECONDS", help="stop the query after this long (default 600)")
    p.set_defaults(func=run)


def _error(message: str) -> None:
    print(f"ogi query: {message}", file=sys.stderr)


def read_sql(arg: str) -> str:
    """The SQL of the argument: stdin for ``-``, the file's text for an existing ``*.sql`` path."""
    if arg == "-":
        return sys.stdin.read()
    if arg.rstrip().lower().endswith(".sql") and "\n" not in arg:
        path = Path(arg.strip())
        if not path.is_file():
            raise FileNotFoundError(f"no such SQL file: {path}")
        return path.read_text(encoding="utf-8-sig")
    return arg


def run(args: argparse.Namespace) -> int:
    import duckdb

    from flows import query_output as output
    from flows.query_params import ParamError, parse_assignments, placeholders, render
    from flows.query_sandbox import (
        QueryRefused,
        WarehouseUnavailable,
        open_export,
        open_warehouse,
        single_select,
    )

    if args.format == "parquet" and args.out is None:
        _error("--format parquet needs --out FILE")
        return EXIT_REFUSED
    try:
        sql = read_sql(args.sql)
    except (OSError, UnicodeDecodeError) as exc:
        _error(str(exc))
        return EXIT_FAILED
    try:
        values = parse_assignments(args.var)
        if values or placeholders(sql) or "{{" in sql:
            sql = render(sql, values)
    except ParamError as exc:
        _error(str(exc))
        return EXIT_REFUSED

    try:
        con = open_warehouse(args.db, [args.export_dir], wait=args.wait)
    except WarehouseUnavailable as exc:
        if not exc.busy:
            _error(str(exc))
            return EXIT_FAILED
        try:
            con = open_export(args.export_dir)
        except (WarehouseUnavailable, duckdb.Error) as exc2:
            _error(f"{exc}; {exc2}")
            return EXIT_FAILED
        _error(f"a run is writing the warehouse: answering from the export in {args.export_dir} (the last published state)")
    timer = threading.Timer(args.timeout, con.interrupt)
    timer.daemon = True
    try:
        try:
            statement = single_select(con, sql)
        except QueryRefused as exc:
            _error(f"refused: {exc}")
            return EXIT_REFUSED
        timer.start()
        try:
            return _answer(con, statement, args, output)
        except duckdb.PermissionException as exc:  # external access is off: a host file or URL
            first = str(exc).splitlines()[0].replace("Permission Error: ", "")
            _error(f"refused: {first} (a query reads only the warehouse and the export in {args.export_dir})")
            return EXIT_REFUSED
        except duckdb.InterruptException:
            _error(f"stopped after {args.timeout:g} s (--timeout)")
            return EXIT_FAILED
        except duckdb.Error as exc:
            _error(f"{type(exc).__name__}: {exc}")
            return EXIT_FAILED
    finally:
        timer.cancel()
        con.close()


def _rows(cursor, size: int = 2048):
    while batch := cursor.fetchmany(size):
        yield from batch


def _answer(con, statement: str, args: argparse.Namespace, output) -> int:
    if args.format == "parquet":
        reader = con.execute(statement).to_arrow_reader(65536)
        n = output.write_parquet(reader, args.out)
        _error(f"{n} rows written to {args.out}")
        return EXIT_OK
    cursor = con.execute(statement)
    columns = [d[0] for d in cursor.description]
    types = [d[1] for d in cursor.description]
    if args.format == "table":
        rows, total = output.limited(_rows(cursor), max(args.limit, 0))
        if args.out:
            with args.out.open("w", encoding="utf-8") as fh:
                output.print_table(columns, types, rows, total, width=120, out=fh)
        else:
            output.print_table(columns, types, rows, total)
        return EXIT_OK
    write = output.write_csv if args.format == "csv" else output.write_json
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8", newline="") as fh:
            write(columns, _rows(cursor), fh)
    else:
        write(columns, _rows(cursor), sys.stdout)
    return EXIT_OK
