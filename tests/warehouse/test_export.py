"""Export: one published version of parquet by year (zstd) that pandas and DuckDB read with the
types an analyst expects; an interrupted export leaves nothing behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from transform.export import export

TABLES = ["documents", "reports", "cells", "issues", "identity_checks", "paragraphs", "text_facts", "text_checks",
          "mart_agency_year", "mart_comparison", "mart_coverage", "mart_coverage_by_region", "mart_denial_reasons",
          "mart_denial_reasons_by_region", "mart_identity_failures", "mart_quality", "mart_text_checks", "dim_agencies"]


@pytest.fixture(scope="module")
def exported(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    paths = export(built.db, out, "parquet")
    return out, paths


def test_every_table_and_mart_is_exported_with_a_manifest(exported):
    out, paths = exported
    assert [p.name for p in paths] == TABLES
    manifest = json.loads((out / "parquet" / "_manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["tables"]) == TABLES
    assert manifest["tables"]["cells"]["rows"] == 57 + 14 + 15 + 4  # first day + A corrected (section three, four, two)


def test_tables_without_year_are_one_file(exported):
    out, _ = exported
    assert sorted(p.name for p in (out / "parquet" / "dim_agencies").iterdir()) == ["dim_agencies.parquet"]
    assert len(pd.read_parquet(out / "parquet" / "dim_agencies")) == 6
    assert len(pd.read_parquet(out / "parquet" / "documents")) == 9


def test_year_folders_hold_year_as_a_column_with_zstd(exported):
    out, _ = exported
    assert sorted(p.name for p in (out / "parquet" / "cells").iterdir()) == ["year_2019", "year_2020"]
    meta = pq.ParquetFile(next((out / "parquet" / "cells" / "year_2020").glob("*.parquet"))).metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"
    assert "year" in meta.schema.names


def test_pandas_reads_floats_int_years_and_int_locators(exported):
    out, _ = exported
    cells = pd.read_parquet(out / "parquet" / "cells")
    assert str(cells["value"].dtype) == "float64" and str(cells["year"].dtype) == "Int64"
    assert str(cells["line"].dtype) == "Int64" and str(cells["page"].dtype) == "Int64"
    assert (cells["year"] + 1).isin([2020, 2021]).all()  # arithmetic works: not a categorical
    fee = cells[cells["row_code"] == "centralized_procurement"].iloc[0]
    assert fee["value"] * 1.5 == pytest.approx(6.8178 * 1.5) and fee["value_exact"] == Decimal("6.8178")
    assert set(cells.columns) >= {"row_code", "column_code", "raw_text", "is_current", "html_table", "char_offset"}
    # superseded versions are kept and flagged
    assert cells.groupby("is_current")["report_id"].nunique().to_dict() == {False: 1, True: 6}
    reports = pd.read_parquet(out / "parquet" / "reports")
    assert reports["is_current"].sum() == 7 and len(reports) == 9
    mart = pd.read_parquet(out / "parquet" / "mart_agency_year")
    assert str(mart["applications_received"].dtype) == "Int64" and str(mart["disclosure_rate"].dtype) == "float64"
    assert len(mart) == 7


def test_one_query_on_the_export_lists_failures_with_cells(exported):
    out, _ = exported
    root = out / "parquet"
    rows = duckdb.sql(f"""
        SELECT f.agency_name, f.identity_name, f.scope_kind, f.printed_value, f.computed_value, f.difference,
               c.side, c.row_code, c.column_code, c.raw_text, c.line, f.source_path
        FROM read_parquet('{root}/mart_identity_failures/*/*.parquet') AS f, unnest(f.cells) AS u(c)
        ORDER BY f.report_id, f.check_seq, c.side DESC, c.term_seq""").fetchall()
    assert rows[0] == ("乙县人民政府", "review_sum", "row", 1.0, 0.0, 1.0, "printed", "administrative_review",
                       "total", "1", None, "/reports/b2020.txt")
    assert [r[8] for r in rows] == ["total", "upheld", "corrected", "other", "pending"]


def test_reexport_replaces_and_csv(built, exported, tmp_path):
    out, _ = exported
    again = export(built.db, out, "parquet")
    assert sorted(p.name for p in out.iterdir()) == [".export-parquet.lock", "parquet"]
    assert len(again) == len(TABLES)
    csv = export(built.db, tmp_path, "csv")
    frame = pd.read_csv(tmp_path / "csv" / "mart_agency_year.csv")
    assert len(frame) == 7 and csv[0].name == "documents.csv"


def test_bad_format_rejected(built, tmp_path):
    with pytest.raises(ValueError):
        export(built.db, tmp_path, "xlsx")


def test_kill_during_export_then_clean_export(built, tmp_path):
    """kill -9 in the middle of an export: the published version stays whole and the next export
    removes every leftover (issue 17: .tmp-*/.old-* folders used to stay and be read twice)."""
    out = tmp_path / "exports"
    export(built.db, out, "parquet")
    before = sorted(str(p.relative_to(out)) for p in (out / "parquet").rglob("*"))
    # an older version's per-table leftovers inside the published folder are cleaned too
    (out / "parquet" / ".old-cells-1234abcd").mkdir()
    script = textwrap.dedent(f"""
        import sys, time
        from transform.export import export
        def stall(name):
            if name == "cells":
                print("stalled", flush=True)
                time.sleep(60)
        export({str(built.db)!r}, {str(out)!r}, "parquet", on_table=stall)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parents[2])
    try:
        assert child.stdout.readline().strip() == "stalled"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".tmp-")]
    assert len(leftovers) == 1  # the killed export's staging folder, never published
    assert len(list((out / "parquet" / "cells").rglob("*.parquet"))) == 2  # readers still see the old version
    export(built.db, out, "parquet")
    assert sorted(p.name for p in out.iterdir()) == [".export-parquet.lock", "parquet"]
    assert sorted(str(p.relative_to(out)) for p in (out / "parquet").rglob("*")) == before
    assert len(pd.read_parquet(out / "parquet" / "cells")) == 90


def test_without_models_the_raw_layer_is_exported(tmp_path):
    from tests.warehouse import reports as R
    from tests.warehouse.conftest import DAY1, results
    from transform import warehouse

    con = warehouse.connect(tmp_path / "w.duckdb")
    warehouse.load(con, results([R.report("raw-only", "某县", 2020, R.C_2020_CELLS)]), seen_at=DAY1)
    con.close()
    paths = export(tmp_path / "w.duckdb", tmp_path / "out", "parquet")
    assert [p.name for p in paths] == ["documents", "reports", "cells", "issues", "identity_checks", "paragraphs", "text_facts", "text_checks"]
    cells = pd.read_parquet(tmp_path / "out" / "parquet" / "cells")
    assert len(cells) == 5 and cells["is_current"].isna().all() and str(cells["year"].dtype) == "Int64"
    assert pd.read_parquet(tmp_path / "out" / "parquet" / "documents")["document_status"].tolist() == ["ok"]
