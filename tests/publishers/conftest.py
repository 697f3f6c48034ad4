"""One warehouse of 芜湖市's generated reports (tests/publishers/city.py) per session: reports
extracted, loaded, the publisher list imported through ``ogi publishers import``, and the dbt
models coverage reads (with their data tests) built once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from flows.cli import main as ogi
from tests.publishers import city
from transform import warehouse
from transform.models import ModelsResult, build_models

COVERAGE_MODELS = ("+mart_coverage_by_region", "+mart_quality")


@dataclass
class CityWarehouse:
    db: Path
    reports: list[dict]
    list_csv: Path
    models: ModelsResult


@pytest.fixture(scope="session")
def wuhu(tmp_path_factory: pytest.TempPathFactory) -> CityWarehouse:
    root = tmp_path_factory.mktemp("wuhu")
    reports = city.extract_all(city.write_reports(root / "reports"))
    db = root / "ogi.duckdb"
    con = warehouse.connect(db)
    warehouse.load(con, warehouse.iter_results_from_reports(reports))
    con.close()
    list_csv = root / "departments.csv"
    list_csv.write_text(city.LIST_CSV, encoding="utf-8")
    assert ogi(["publishers", "import", str(list_csv), "--db", str(db), "--no-models"]) == 0
    # only what coverage reads, with the data tests of those models (cautious: a test is run only
    # when all the models it reads are built)
    os.environ["DBT_INDIRECT_SELECTION"] = "cautious"
    try:
        models = build_models(db, select=COVERAGE_MODELS)
    finally:
        os.environ.pop("DBT_INDIRECT_SELECTION", None)
    return CityWarehouse(db, reports, list_csv, models)


@pytest.fixture
def con(wuhu: CityWarehouse):
    connection = duckdb.connect(str(wuhu.db), read_only=True)
    yield connection
    connection.close()
