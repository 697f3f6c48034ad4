"""Fixtures of the hardening tests: a small warehouse and export built directly (no extraction)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest


def make_warehouse(root: Path) -> tuple[Path, Path]:
    """``root/data/warehouse/ogi.duckdb`` with a raw table and a mart, and its parquet export."""
    db = root / "data" / "warehouse" / "ogi.duckdb"
    exports = root / "data" / "exports"
    db.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db))
    con.execute("CREATE SCHEMA raw")
    con.execute(
        "CREATE TABLE raw.reports AS SELECT * FROM (VALUES "
        "('r1', '江苏省', 2024, DATE '2025-01-20', 'A县人民政府', 'county_government'), "
        "('r2', '河南省', 2024, DATE '2025-01-21', 'B县人民政府', 'county_government'), "
        "('r3', '江苏省', 2023, NULL, 'C''县人民政府', NULL)) AS t(report_id, province, year, published_on, agency, agency_kind)"
    )
    con.execute(
        "CREATE TABLE mart_agency_year AS SELECT report_id, province, year, agency AS agency_name, "
        "CAST(12.5 AS DECIMAL(18,4)) AS fee, 0.5 AS disclosure_rate FROM raw.reports"
    )
    folder = exports / "parquet" / "mart_agency_year"
    folder.mkdir(parents=True)
    con.execute(f"COPY mart_agency_year TO '{folder}' (FORMAT parquet, PARTITION_BY (year))")
    con.close()
    return db, exports


@pytest.fixture
def warehouse(tmp_path: Path) -> tuple[Path, Path]:
    return make_warehouse(tmp_path)


@pytest.fixture
def in_dir(tmp_path: Path):
    cwd = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(cwd)
