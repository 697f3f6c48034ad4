"""One warehouse of 芜湖市's generated reports (tests/publishers/city.py) per session: reports
extracted, loaded, the publisher list imported through ``ogi publishers import``, and the dbt
models (with their data tests) built once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from flows.cli import main as ogi
from tests.publishers import city
from transform import warehouse
from transform.models import build_models


@dataclass
class CityWarehouse:
    db: Path
    reports: list[dict]
    list_csv: Path


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
    build_models(db)  # every model and data test, as ogi run does
    return CityWarehouse(db, reports, list_csv)


@pytest.fixture
def con(wuhu: CityWarehouse):
    connection = duckdb.connect(str(wuhu.db), read_only=True)
    yield connection
    connection.close()
