"""Export the warehouse for analysts: Hive-partitioned parquet by year (zstd), or CSV.

Why this shape: ``pandas.read_parquet(dir)`` / ``pyarrow.dataset`` read a ``year=YYYY/`` tree
directly and can prune by year; each table is written to a temporary folder and renamed into
place, so a reader never sees a half-written export.

Tables: the raw ``cells``, ``reports`` and ``issues`` (issues get their report's year), and every
``mart_*`` table the dbt build made. A report without a year lands in ``year=-1`` rather than a
``NULL`` partition, so the partition column reads back as an integer.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import duckdb

from transform import text_store
from transform.warehouse import DEFAULT_DB, connect

FORMATS = ("parquet", "csv")
UNKNOWN_YEAR = -1

RAW_EXPORTS = {
    "cells": "SELECT * REPLACE (coalesce(year, {unknown}) AS year) FROM raw.cells",
    "reports": "SELECT * REPLACE (coalesce(year, {unknown}) AS year) FROM raw.reports",
    "issues": (
        "SELECT i.*, coalesce(r.year, {unknown}) AS year FROM raw.issues AS i "
        "LEFT JOIN raw.reports AS r ON r.report_id = i.report_id"
    ),
}


RAW_EXPORTS.update(text_store.EXPORTS)  # paragraphs, text_facts, text_checks (issue 13)


def export_queries(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Name -> SELECT of every table to export (marts only when the dbt build made them)."""
    queries = {name: sql.format(unknown=UNKNOWN_YEAR) for name, sql in RAW_EXPORTS.items()}
    marts = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_name LIKE 'mart\\_%' ESCAPE '\\' AND table_type = 'BASE TABLE' "
        "ORDER BY table_name"
    ).fetchall()
    for (name,) in marts:
        queries[name] = f'SELECT * REPLACE (coalesce(year, {UNKNOWN_YEAR}) AS year) FROM main."{name}"'
    dims = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_name LIKE 'dim\\_%' ESCAPE '\\' AND table_type = 'BASE TABLE' "
        "ORDER BY table_name"
    ).fetchall()
    for (name,) in dims:  # dimensions have no year: one unpartitioned file
        queries[name] = f'SELECT * FROM main."{name}"'
    return queries


def export(
    db_path: str | Path = DEFAULT_DB, out_dir: str | Path = "data/exports", fmt: str = "parquet"
) -> list[Path]:
    """Write every table under ``out_dir/<fmt>/<table>/``; return the table folders (or CSV files).

    parquet: ``<table>/year=YYYY/*.parquet``, zstd; CSV: one ``<table>.csv`` per table with a header.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    root = Path(out_dir) / fmt
    root.mkdir(parents=True, exist_ok=True)
    con = connect(db_path, read_only=True)
    # Row order inside a partition carries no meaning (CSV sorts explicitly): letting DuckDB
    # drop insertion order makes the partitioned parquet write parallel and lighter on memory.
    con.execute("SET preserve_insertion_order = false")
    written: list[Path] = []
    try:
        for name, query in export_queries(con).items():
            final = root / (f"{name}.csv" if fmt == "csv" else name)
            tmp = root / f".tmp-{name}-{uuid.uuid4().hex[:8]}"
            partitioned = fmt == "parquet" and not name.startswith("dim_")
            target = tmp if partitioned else tmp / (final.name if fmt == "csv" else f"{name}.parquet")
            if not partitioned:
                tmp.mkdir()
            order = "ORDER BY ALL" if fmt == "csv" else ""
            if fmt == "csv":
                options = "FORMAT csv, HEADER true"
            elif partitioned:
                options = "FORMAT parquet, COMPRESSION zstd, PARTITION_BY (year)"
            else:
                options = "FORMAT parquet, COMPRESSION zstd"
            con.execute(f"COPY ({query} {order}) TO '{_quote(target)}' ({options})")
            _swap_into_place(target if fmt == "csv" or partitioned else tmp, final)
            shutil.rmtree(tmp, ignore_errors=True)
            written.append(final)
    finally:
        con.close()
    return written


def _swap_into_place(new: Path, final: Path) -> None:
    """Replace ``final`` by ``new`` with renames (old copy removed only after the swap)."""
    old = final.with_name(f".old-{final.name}-{uuid.uuid4().hex[:8]}")
    if final.exists():
        final.rename(old)
    new.rename(final)
    if old.exists():
        if old.is_dir():
            shutil.rmtree(old)
        else:
            old.unlink()


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
