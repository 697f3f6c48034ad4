"""Export: Hive-partitioned zstd parquet by year that pandas/pyarrow read back with stable types."""

from __future__ import annotations

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from transform.export import export


@pytest.fixture(scope="module")
def exported(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    paths = export(built.db, out, "parquet")
    return out, paths


def test_every_table_and_mart_is_exported(exported):
    _, paths = exported
    assert [p.name for p in paths] == [
        "cells", "reports", "issues", "mart_agency_year", "mart_comparison", "mart_coverage",
        "mart_coverage_by_region", "mart_denial_reasons", "mart_denial_reasons_by_region", "mart_quality", "dim_agencies",
    ]


def test_dimension_is_one_unpartitioned_file(exported):
    out, _ = exported
    files = sorted(p.name for p in (out / "parquet" / "dim_agencies").iterdir())
    assert files == ["dim_agencies.parquet"]
    assert len(pd.read_parquet(out / "parquet" / "dim_agencies")) == 6


def test_partitioned_by_year_with_zstd(exported):
    out, _ = exported
    years = sorted(p.name for p in (out / "parquet" / "cells").iterdir())
    assert years == ["year=2019", "year=2020"]
    meta = pq.ParquetFile(next((out / "parquet" / "cells" / "year=2020").glob("*.parquet"))).metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"


def test_types_read_back(exported):
    out, _ = exported
    cells = ds.dataset(out / "parquet" / "cells", partitioning="hive").to_table()
    assert str(cells.schema.field("value").type) == "decimal128(18, 4)"
    assert str(cells.schema.field("year").type) == "int32"
    assert cells.num_rows == 57 + 14 + 15 + 4  # first day + A corrected (section three, four, two)
    mart = pd.read_parquet(out / "parquet" / "mart_agency_year", dtype_backend="pyarrow")
    assert str(mart["applications_received"].dtype) == "int64[pyarrow]"
    assert str(mart["disclosure_rate"].dtype) == "double[pyarrow]"
    assert len(mart) == 7


def test_reexport_replaces_and_csv(built, exported, tmp_path):
    out, _ = exported
    again = export(built.db, out, "parquet")
    assert not [p for p in (out / "parquet").iterdir() if p.name.startswith(".")]
    assert len(again) == 11
    csv = export(built.db, tmp_path, "csv")
    frame = pd.read_csv(tmp_path / "csv" / "mart_agency_year.csv")
    assert len(frame) == 7 and csv[0].name == "cells.csv"


def test_bad_format_rejected(built, tmp_path):
    with pytest.raises(ValueError):
        export(built.db, tmp_path, "xlsx")
