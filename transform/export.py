"""Export the warehouse for analysts: parquet by year (zstd), or CSV, published as one version.

Layout (parquet): ``<out>/parquet/<table>/year_YYYY/*.parquet`` for tables with a year, one
``<table>/<table>.parquet`` for those without (``documents``, ``dim_agencies``), and
``_manifest.json`` (tables, rows, columns, when). ``year`` is a real integer column *in the files*:
the folders are deliberately not Hive-style ``year=YYYY``, because pandas/pyarrow would then read
``year`` as a categorical (and refuse a file column of the same name). So
``pandas.read_parquet(".../cells")`` gives ``year`` as an integer, ``value`` as float64 (the exact
decimal is ``value_exact`` beside it) and nullable ``Int64`` locators (``line``, ``page``, ...)
— the files carry pandas metadata for that. DuckDB: ``read_parquet('.../cells/*/*.parquet')``;
a filter on ``year`` skips other years' files by their statistics. A report without a year has
``year = -1``.

Why one version: the whole export is written into a hidden sibling folder and swapped with the
published folder in one ``renameat2(RENAME_EXCHANGE)`` (plain renames where that is missing), so a
reader never sees tables of two runs mixed, and nothing half-written. A lock file serialises
exports; each export first removes what an interrupted one left (``.tmp-*`` / ``.old-*``).

Tables: ``documents``, ``reports``, ``cells``, ``issues``, ``identity_checks`` (raw content with
staging names; ``reports``, ``cells``, ``issues`` and ``identity_checks`` carry their report's
``is_current``), every ``mart_*`` and ``dim_*`` the dbt build made. Without the models (``ogi load
--no-models``) the content tables are exported from the raw layer with ``is_current`` NULL.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from transform import text_store
from transform.warehouse import DEFAULT_DB, connect

FORMATS = ("parquet", "csv")
UNKNOWN_YEAR = -1
MANIFEST = "_manifest.json"

# Content tables: staging views joined to their report's year and is_current.
BASE_EXPORTS = {
    "documents": "SELECT * FROM main.stg_documents",
    "reports": "SELECT * FROM main.stg_reports",
    "cells": (
        "SELECT c.*, r.is_current FROM main.stg_cells AS c "
        "LEFT JOIN main.stg_reports AS r ON r.report_id = c.report_id"
    ),
    "issues": (
        "SELECT i.*, r.year, r.is_current FROM main.stg_issues AS i "
        "LEFT JOIN main.stg_reports AS r ON r.report_id = i.report_id"
    ),
    "identity_checks": (
        "SELECT k.*, r.year, r.is_current FROM main.stg_identity_checks AS k "
        "LEFT JOIN main.stg_reports AS r ON r.report_id = k.report_id"
    ),
}

# The same tables from the raw layer alone, for a warehouse whose dbt models were never built
# (``ogi load --no-models``): same columns, ``is_current`` NULL (it is decided in stg_reports).
RAW_EXPORTS = {
    "documents": (
        "SELECT sha256 AS document_sha256, path AS source_path, format AS source_format, bytes AS source_bytes, "
        "first_seen, last_seen, status AS document_status, error AS error_message FROM raw.documents"
    ),
    "reports": "SELECT *, cast(NULL AS BOOLEAN) AS is_current FROM raw.reports",
    "cells": "SELECT *, cast(NULL AS BOOLEAN) AS is_current FROM raw.cells",
    "issues": (
        "SELECT i.*, r.year, cast(NULL AS BOOLEAN) AS is_current FROM raw.issues AS i "
        "LEFT JOIN raw.reports AS r ON r.report_id = i.report_id"
    ),
    "identity_checks": (
        "SELECT k.*, r.year, cast(NULL AS BOOLEAN) AS is_current FROM raw.identity_checks AS k "
        "LEFT JOIN raw.reports AS r ON r.report_id = k.report_id"
    ),
}

_INTEGER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                  "UBIGINT")


class ExportError(RuntimeError):
    """The warehouse cannot be exported as it is (e.g. the dbt models were never built)."""


# The narrative tables (issue 13): from their staging views (the export's naming), or raw.
BASE_EXPORTS.update(
    {
        name: f"SELECT t.*, r.year, r.is_current FROM main.stg_{name} AS t "
        "LEFT JOIN main.stg_reports AS r ON r.report_id = t.report_id"
        for name in text_store.TABLES
    }
)
RAW_EXPORTS.update(text_store.EXPORTS)


def export_queries(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Name -> SELECT of every table to export (content tables, then marts and dimensions)."""
    schemas = {(schema, name) for schema, name in con.execute(
        "SELECT table_schema, table_name FROM information_schema.tables").fetchall()}
    if ("main", "stg_reports") in schemas:
        queries = dict(BASE_EXPORTS)
    elif ("raw", "reports") in schemas:
        queries = dict(RAW_EXPORTS)
    else:
        raise ExportError("the warehouse has no raw tables: load reports first (`ogi load FILE` or `ogi run`)")
    for prefix in ("mart\\_", "dim\\_"):
        for (name,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            f"AND table_name LIKE '{prefix}%' ESCAPE '\\' AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall():
            queries[name] = f'SELECT * FROM main."{name}"'
    return queries


def _typed(con: duckdb.DuckDBPyConnection, query: str) -> tuple[str, list[str], bool]:
    """The SELECT the files are written from: DECIMAL columns as float64 with the exact decimal
    beside them (``<name>_exact``), ``year`` never NULL. Returns (query, integer columns, has year)."""
    columns = con.execute(f"DESCRIBE {query}").fetchall()
    select: list[str] = []
    integers: list[str] = []
    has_year = False
    for name, dtype, *_ in columns:
        quoted = '"' + name.replace('"', '""') + '"'
        if name == "year":
            has_year = True
            select.append(f"cast(coalesce(year, {UNKNOWN_YEAR}) as integer) as year")
            integers.append(name)
        elif dtype.startswith("DECIMAL"):
            select.append(f"cast({quoted} as double) as {quoted}")
            select.append(f'{quoted} as "{name}_exact"')
        else:
            select.append(quoted)
            if dtype in _INTEGER_TYPES:
                integers.append(name)
    return f"SELECT {', '.join(select)} FROM ({query}) AS t", integers, has_year


def _pandas_metadata(integers: list[str]) -> str:
    """The ``pandas`` key pyarrow reads back: integer columns become nullable Int64, so a NULL
    line or page does not turn the whole column into floats."""
    columns = [{"name": c, "field_name": c, "pandas_type": "int64", "numpy_type": "Int64", "metadata": None}
               for c in integers]
    return json.dumps({"index_columns": [], "column_indexes": [], "columns": columns,
                       "creator": {"library": "ogi"}, "pandas_version": "2.0.0"})


def export(
    db_path: str | Path = DEFAULT_DB,
    out_dir: str | Path = "data/exports",
    fmt: str = "parquet",
    *,
    on_table: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write every table under ``out_dir/<fmt>/`` as one new version; return the table paths.

    parquet: ``<table>/year_YYYY/*.parquet`` (zstd); CSV: one ``<table>.csv`` with a header.
    ``on_table`` is called after each table is written (progress; tests interrupt there).
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    root = out / fmt
    with _export_lock(out, fmt):
        _remove_leftovers(out, fmt)
        staging = out / f".tmp-{fmt}-{uuid.uuid4().hex[:8]}"
        staging.mkdir()
        con = connect(db_path, read_only=True)
        # Row order inside a file carries no meaning (CSV sorts explicitly): not preserving it
        # makes the partitioned write parallel and lighter on memory.
        con.execute("SET preserve_insertion_order = false")
        manifest: dict[str, object] = {"version": staging.name[len(f".tmp-{fmt}-"):], "format": fmt,
                                       "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                                       "tables": {}}
        names: list[str] = []
        try:
            for name, query in export_queries(con).items():
                manifest["tables"][name] = _write_table(con, staging, name, query, fmt)  # type: ignore[index]
                names.append(name)
                if on_table is not None:
                    on_table(name)
        finally:
            con.close()
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        _publish(staging, root)
    return [root / (f"{name}.csv" if fmt == "csv" else name) for name in names]


def _write_table(con: duckdb.DuckDBPyConnection, staging: Path, name: str, query: str, fmt: str) -> dict:
    typed, integers, has_year = _typed(con, query)
    if fmt == "csv":
        written = con.execute(f"COPY ({typed} ORDER BY ALL) TO '{_quote(staging / f'{name}.csv')}' "
                              "(FORMAT csv, HEADER true)").fetchone()
    else:
        meta = _pandas_metadata(integers).replace("'", "''")
        options = f"FORMAT parquet, COMPRESSION zstd, KV_METADATA {{pandas: '{meta}'}}"
        if has_year:
            written = con.execute(f"COPY ({typed}) TO '{_quote(staging / name)}' "
                                  f"({options}, PARTITION_BY (year), WRITE_PARTITION_COLUMNS true)").fetchone()
            for folder in (staging / name).iterdir():  # year=2020 -> year_2020 (see the module doc)
                folder.rename(folder.with_name(folder.name.replace("=", "_", 1)))
        else:
            (staging / name).mkdir()
            written = con.execute(f"COPY ({typed}) TO '{_quote(staging / name / f'{name}.parquet')}' "
                                  f"({options})").fetchone()
    return {"rows": int(written[0]) if written else None,
            "columns": [c[0] for c in con.execute(f"DESCRIBE {typed}").fetchall()]}


def _publish(staging: Path, root: Path) -> None:
    """Make ``staging`` the published ``root`` in one step, then delete the previous version."""
    if root.exists() and _exchange(staging, root):
        shutil.rmtree(staging)  # now holds the previous version
        return
    old = root.with_name(f".old-{root.name}-{uuid.uuid4().hex[:8]}")
    if root.exists():
        root.rename(old)
    staging.rename(root)
    if old.exists():
        shutil.rmtree(old)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
    return done


def _remove_leftovers(out: Path, fmt: str) -> None:
    """What an interrupted export left: hidden staging / previous-version folders beside the
    published one, and the per-table ``.tmp-*`` / ``.old-*`` of older ogi versions inside it."""
    for path in [*out.glob(f".tmp-{fmt}-*"), *out.glob(f".old-{fmt}-*")]:
        _remove(path)
    root = out / fmt
    if root.is_dir():
        for path in [*root.glob(".tmp-*"), *root.glob(".old-*")]:
            _remove(path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


class _export_lock:  # noqa: N801 - used as a context manager like a function
    """An exclusive ``flock`` on ``<out>/.export-<fmt>.lock``: one export of a format at a time
    (so cleaning leftovers never deletes a running export's staging folder)."""

    def __init__(self, out: Path, fmt: str) -> None:
        self.path = out / f".export-{fmt}.lock"

    def __enter__(self) -> None:
        self.handle = open(self.path, "a+b")  # noqa: SIM115 - closed in __exit__
        fcntl.flock(self.handle, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
