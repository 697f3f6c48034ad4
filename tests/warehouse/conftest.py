"""One warehouse per test session, built from the hand-built reports (tests/warehouse/reports.py)
in three loads: the first day, the same files again, and A's corrected 2020 file. dbt runs once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from tests.warehouse import reports as R
from transform import warehouse
from transform.models import ModelsResult, build_models
from transform.warehouse import LoadStats

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DAY1 = datetime(2021, 2, 1, 8, 0)
DAY2 = datetime(2021, 3, 1, 8, 0)
DAY3 = datetime(2021, 6, 1, 8, 0)

RAW_TABLES = ("documents", "reports", "cells", "issues", "identity_checks")


@dataclass
class Built:
    db: Path
    first: LoadStats
    again: LoadStats
    corrected: LoadStats
    counts_before_again: dict[str, int]
    counts_after_again: dict[str, int]
    reports_before_again: list[tuple]
    reports_after_again: list[tuple]
    models: ModelsResult


def raw_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM raw.{t}").fetchone()[0] for t in RAW_TABLES}


def results(reports: list[dict]) -> list[dict]:
    return list(warehouse.iter_results_from_reports(reports))


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    db = tmp_path_factory.mktemp("warehouse") / "ogi.duckdb"
    con = warehouse.connect(db)
    first = warehouse.load(con, results(R.first_batch()), seen_at=DAY1)
    before = raw_counts(con)
    reports_before = con.execute("SELECT * EXCLUDE (loaded_at) FROM raw.reports ORDER BY report_id").fetchall()
    again = warehouse.load(con, results(R.first_batch()), seen_at=DAY2)
    after = raw_counts(con)
    reports_after = con.execute("SELECT * EXCLUDE (loaded_at) FROM raw.reports ORDER BY report_id").fetchall()
    corrected = warehouse.load(con, results([R.corrected_a2020()]), seen_at=DAY3)
    con.close()
    models = build_models(db)
    return Built(db, first, again, corrected, before, after, reports_before, reports_after, models)


@pytest.fixture
def con(built: Built):
    connection = duckdb.connect(str(built.db), read_only=True)
    yield connection
    connection.close()
