"""The sandbox of ``ogi query``: one SELECT, read-only, no file or network access beyond the exports.

Why two layers. DuckDB itself is a full SQL engine that can write files (``COPY … TO``), attach
other databases read-write, install extensions from the network and read any host file
(``read_text('/etc/passwd')``, ``glob``). A parser alone is a weak fence (DuckDB keeps adding
functions), so the engine is locked down with its own security settings first:

- the warehouse is opened ``read_only`` (no write to it, no in-memory ``ATTACH``);
- ``enable_external_access = false`` blocks every file and network access from SQL — ``COPY``,
  ``ATTACH``, ``INSTALL``/``LOAD``, ``read_*``/``glob`` — except under ``allowed_directories``
  (the export folder, so analysts can ``read_parquet`` the export);
- ``autoinstall_known_extensions`` / ``autoload_known_extensions`` off: no download on first use;
- ``lock_configuration = true`` last, so no ``SET`` in the query can undo any of it.

On top, :func:`single_select` refuses, with a message that names what was refused, anything but
one statement of type SELECT whose first keyword is a query keyword (``PRAGMA`` parses as a SELECT
over a pragma function, so it is refused by keyword). See docs: duckdb.org "Securing DuckDB".

Kept free of pandas/pyarrow/Prefect imports: ``ogi query`` must start in well under a second.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import duckdb

# First keywords of the statements an analyst needs; DESCRIBE/SHOW/SUMMARIZE are read-only SELECTs.
QUERY_KEYWORDS = frozenset({"select", "with", "from", "values", "table", "describe", "desc", "show", "summarize"})

# The engine-level lock-down; applied in this order, lock_configuration last.
CONNECT_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}

MEMORY_LIMIT = "2GB"  # a runaway query spills or fails; it does not take the machine


class QueryRefused(Exception):
    """The SQL is not one read-only SELECT (the message says what was refused and why)."""


class WarehouseUnavailable(Exception):
    """The warehouse cannot be opened: missing, damaged, or held by a writer past the wait."""

    def __init__(self, message: str, busy: bool = False) -> None:
        super().__init__(message)
        self.busy = busy


_COMMENT = re.compile(r"\s+|--[^\n]*(?:\n|$)|/\*.*?\*/|\(", re.S)
_WORD = re.compile(r"[A-Za-z_]+")


def first_keyword(sql: str) -> str:
    """The statement's first word, past whitespace, comments and opening parentheses (lower case)."""
    pos = 0
    while m := _COMMENT.match(sql, pos):
        if m.end() == pos:
            break
        pos = m.end()
    m = _WORD.match(sql, pos)
    return m.group(0).lower() if m else ""


def single_select(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    """The one SELECT statement of ``sql``; QueryRefused for anything else."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(f"the SQL does not parse: {exc}") from None
    if not statements:
        raise QueryRefused("no SQL statement given")
    if len(statements) > 1:
        kinds = ", ".join(s.type.name for s in statements)
        raise QueryRefused(f"one statement per call: found {len(statements)} ({kinds}); run them one by one")
    statement = statements[0]
    keyword = first_keyword(sql)
    if statement.type != duckdb.StatementType.SELECT or keyword not in QUERY_KEYWORDS:
        what = keyword.upper() or statement.type.name
        raise QueryRefused(
            f"{what} is not allowed: `ogi query` runs read-only SELECT queries only "
            "(no COPY, ATTACH, INSTALL/LOAD, PRAGMA, SET, CREATE/INSERT/UPDATE/DELETE/DROP, EXPORT/IMPORT, CALL)"
        )
    return statement.query


def lock_down(con: duckdb.DuckDBPyConnection, allowed_dirs: list[Path]) -> None:
    """Close the connection to the outside: only ``allowed_dirs`` stay readable, settings locked."""
    dirs = [str(Path(d).resolve()).rstrip("/") + "/" for d in allowed_dirs]
    if dirs:  # a literal, not a bound parameter: binding a Python list makes duckdb import pandas
        listed = ", ".join("'" + d.replace("'", "''") + "'" for d in dirs)
        con.execute(f"SET allowed_directories = [{listed}]")
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def is_lock_conflict(exc: BaseException) -> bool:
    """A DuckDB error saying another process holds the file (a run is writing it)."""
    text = str(exc)
    return isinstance(exc, duckdb.IOException) and ("Could not set lock" in text or "Conflicting lock" in text)


def open_warehouse(db: Path, allowed_dirs: list[Path], wait: float = 5.0) -> duckdb.DuckDBPyConnection:
    """The warehouse opened read-only and locked down; waits up to ``wait`` s for a writer.

    Raises WarehouseUnavailable (``busy`` True when a writer still holds the file) with a message
    for the user — a damaged or missing file is an error message, never a traceback.
    """
    if not db.is_file():
        raise WarehouseUnavailable(f"no warehouse at {db}: run `ogi load` or `ogi run` first")
    deadline = time.monotonic() + max(wait, 0.0)
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(db), read_only=True, config=dict(CONNECT_CONFIG))
            break
        except duckdb.Error as exc:
            if is_lock_conflict(exc):
                if time.monotonic() >= deadline:
                    raise WarehouseUnavailable(f"the warehouse {db} is being written by a run ({exc})", busy=True) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
                continue
            raise WarehouseUnavailable(
                f"the warehouse {db} cannot be opened ({exc}); it may be damaged: "
                "move it aside and rebuild it with `ogi run --retry-failed` (the documents are re-read)"
            ) from None
    try:
        lock_down(con, allowed_dirs)
    except Exception:
        con.close()
        raise
    return con


def export_tables(export_dir: Path) -> dict[str, Path]:
    """Table name -> folder of the parquet export (``<export_dir>/parquet/<table>/``).

    Folders of an export in progress or left by an interrupted one (hidden, ``.tmp-*``, ``.old-*``)
    are not tables.
    """
    root = export_dir / "parquet"
    if not root.is_dir():
        return {}
    out = {}
    for p in sorted(root.iterdir()):
        if p.is_dir() and not p.name.startswith(".") and "." not in p.name and any(p.rglob("*.parquet")):
            out[p.name] = p
    return out


def open_export(export_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory database whose views read the parquet export, locked down like the warehouse.

    The answer while a run writes the warehouse: the export is the last consistent state the
    previous run published. Marts and dimensions are views in the main schema, the raw tables
    (``cells``, ``reports``…) both in ``raw`` and in main, so the same SQL runs on both.
    """
    tables = export_tables(export_dir)
    if not tables:
        raise WarehouseUnavailable(f"no parquet export in {export_dir} to answer from")
    con = duckdb.connect(":memory:", config=dict(CONNECT_CONFIG))
    try:
        con.execute("CREATE SCHEMA raw")
        for name, folder in tables.items():
            pattern = str(folder.resolve() / "**" / "*.parquet").replace("'", "''")
            body = f"SELECT * FROM read_parquet('{pattern}', hive_partitioning = true, union_by_name = true)"
            con.execute(f'CREATE VIEW main."{name}" AS {body}')
            if not name.startswith(("mart_", "dim_")):
                con.execute(f'CREATE VIEW raw."{name}" AS {body}')
        lock_down(con, [export_dir])
    except Exception:
        con.close()
        raise
    return con
