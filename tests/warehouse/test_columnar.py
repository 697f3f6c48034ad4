"""The columnar loader: chunk boundaries, provenance fields and odd values land exactly as given."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.warehouse import reports as R
from tests.warehouse.conftest import DAY1, DAY2, results
from transform import columnar, warehouse


def _cells(n: int) -> list[dict]:
    return [{"section": "applications", "row": f"r{i}", "column": "total", "value": i, "raw": str(i),
             "table": "applications", "line": i + 1} for i in range(n)]


def test_chunks_split_reports_and_duplicates_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(warehouse, "CHUNK_REPORTS", 2)
    con = warehouse.connect(tmp_path / "w.duckdb")
    batch = results([R.report(f"k{i}", f"县{i}", 2020, _cells(i + 1)) for i in range(5)])
    stats = warehouse.load(con, [*batch, batch[1], batch[4]], seen_at=DAY1)  # repeats land in later chunks
    assert (stats.documents_new, stats.reports, stats.cells, stats.documents_unchanged) == (5, 5, 15, 0)
    got = con.execute(
        "SELECT report_id, agency_name, count(*), sum(value), max(line) FROM raw.cells GROUP BY ALL ORDER BY 3"
    ).fetchall()
    assert got == [(R.sha(f"k{i}"), f"县{i}", i + 1, sum(range(i + 1)), i + 1) for i in range(5)]
    again = warehouse.load(con, batch, seen_at=DAY2)
    assert (again.documents_new, again.documents_unchanged, again.cells) == (0, 5, 0)
    assert con.execute("SELECT count(*) FROM raw.cells").fetchone()[0] == 15
    con.close()


def test_page_bbox_and_sequences(tmp_path):
    con = warehouse.connect(tmp_path / "w.duckdb")
    cells = [
        {"section": "applications", "row": "new_received", "column": "total", "value": 7, "raw": "7",
         "table": "applications", "page": 3, "bbox": (1, 2.5, 3, 4)},
        {"section": "applications", "row": "carried_over", "column": "total", "value": 1.25, "raw": "1.25",
         "table": "applications", "line": None},
    ]
    report = R.report("pdf", "某县", 2021, cells)
    report["issues"] = [{"severity": "warning", "code": "x", "message": "m", "section": "", "row": "", "column": ""},
                        {"severity": "info", "code": "y", "message": "n", "section": "applications"}]
    report["identities"] = [{"name": "a", "section": "applications", "scope": "s", "status": "held", "detail": ""},
                            {"name": "b", "section": "applications", "scope": "s", "status": "failed", "detail": "d"}]
    warehouse.load(con, results([report]), seen_at=DAY1)
    assert con.execute(
        'SELECT row_code, value, line, page, bbox_x0, bbox_y0, bbox_x1, bbox_y1 FROM raw.cells ORDER BY row_code'
    ).fetchall() == [
        ("carried_over", pytest.approx(1.25), None, None, None, None, None, None),
        ("new_received", 7, None, 3, 1.0, 2.5, 3.0, 4.0),
    ]
    assert con.execute("SELECT issue_seq, severity, section, row_code FROM raw.issues ORDER BY 1").fetchall() == [
        (0, "warning", None, None), (1, "info", "applications", None)]
    assert con.execute("SELECT check_seq, identity_name, identity_status FROM raw.identity_checks ORDER BY 1").fetchall() == [
        (0, "a", "held"), (1, "b", "failed")]
    con.close()


def test_values_that_are_not_numbers_become_null():
    assert columnar.numbers([1, 2.5, None]).to_pylist() == [1.0, 2.5, None]
    assert columnar.numbers([1, True, "x", None, 3]).to_pylist() == [1.0, None, None, None, 3.0]


def test_missing_required_key_raises_key_error():
    with pytest.raises(KeyError):
        columnar.cells_table(["a"], ["县"], [2020], [[{"section": "applications", "column": "total"}]])


def test_values_are_exact_decimals():
    # a float -> decimal cast would give 123456789.1234560013; 24252.311082 was 24252.3111 in DECIMAL(18,4)
    values = [24252.311082, 123456789.123456, 0.000001, 7, None, 1.5, 98765.4321]
    got = columnar.exact_values(values).to_pylist()
    assert [None if g is None else float(g) for g in got] == values
    assert str(got[0]) == "24252.3110820000" and str(got[1]) == "123456789.1234560000"
    assert columnar.exact_values([3, 4]).to_pylist() == [Decimal(3), Decimal(4)]
    # too large for int64 or for the decimal: kept exactly, or NULL (never an overflow crash)
    assert columnar.exact_values([10**20, 1.5, 10**30]).to_pylist() == [Decimal(10**20), Decimal("1.5"), None]


def test_html_locators_and_failed_identity_terms(tmp_path):
    con = warehouse.connect(tmp_path / "w.duckdb")
    cells = [
        {"section": "review_litigation", "row": "administrative_review", "column": column, "value": value,
         "raw": str(value), "table": "review_litigation", "line": 1, "html_table": 2, "html_row": 5,
         "html_cell": cell, "char_offset": 100 + cell}
        for cell, (column, value) in enumerate(zip(("upheld", "corrected", "other", "pending", "total"),
                                                   (1, 2, 0, 0, 4), strict=True), start=1)
    ]
    report = R.report("html", "某县", 2021, cells, identities=[
        {"name": "review_sum", "section": "review_litigation", "scope": "administrative_review",
         "status": "failed", "detail": "4 ≠ 1 + 2 + 0 + 0 (= 3)"},
        {"name": "balance", "section": "applications", "scope": "total", "status": "unchecked", "detail": "blank"}])
    warehouse.load(con, results([report]), seen_at=DAY1)
    assert con.execute("SELECT html_table, html_row, html_cell, char_offset FROM raw.cells "
                       "WHERE column_code = 'total'").fetchone() == (2, 5, 5, 105)
    assert con.execute("SELECT identity_name, scope_kind FROM raw.identity_checks ORDER BY check_seq").fetchall() == [
        ("review_sum", "row"), ("balance", "column")]
    assert con.execute("SELECT side, term_seq, row_code, column_code FROM raw.identity_terms "
                       "ORDER BY side DESC, term_seq").fetchall() == [
        ("printed", 0, "administrative_review", "total"),
        *[("computed", i, "administrative_review", c) for i, c in enumerate(("upheld", "corrected", "other", "pending"))],
    ]
    con.close()


def test_old_raw_schema_is_migrated(tmp_path):
    """A warehouse made before the naming scheme (row/column/raw, DECIMAL(18,4)) opens and loads."""
    import duckdb

    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    old.execute("CREATE SCHEMA raw; CREATE TABLE raw.cells (report_id VARCHAR NOT NULL, agency VARCHAR, "
                "year INTEGER, section VARCHAR NOT NULL, \"row\" VARCHAR NOT NULL, \"column\" VARCHAR NOT NULL, "
                "\"table\" VARCHAR, value DECIMAL(18,4), raw VARCHAR, line INTEGER, page INTEGER, "
                "bbox_x0 DOUBLE, bbox_y0 DOUBLE, bbox_x1 DOUBLE, bbox_y1 DOUBLE)")
    old.execute("INSERT INTO raw.cells VALUES ('r', '甲', 2020, 'applications', 'new_received', 'total', "
                "'applications', 3, '3', 7, NULL, NULL, NULL, NULL, NULL)")
    old.execute("CREATE TABLE raw.identity_checks (report_id VARCHAR NOT NULL, seq INTEGER NOT NULL, "
                "name VARCHAR NOT NULL, section VARCHAR, scope VARCHAR, status VARCHAR NOT NULL, detail VARCHAR)")
    old.execute("INSERT INTO raw.identity_checks VALUES ('r', 0, 'balance', 'applications', 'total', 'held', '')")
    old.close()
    con = warehouse.connect(path)
    warehouse.load(con, results([R.report("new", "某县", 2020, [R.cell("active_disclosure", "administrative_fees",
                                                                     "fee_amount_10k_yuan", 24252.311082)])]), seen_at=DAY1)
    assert con.execute("SELECT row_code, raw_text, value FROM raw.cells ORDER BY report_id").fetchall() == [
        ("administrative_fees", "24252.311082", Decimal("24252.311082")), ("new_received", "3", Decimal(3))]
    assert con.execute("SELECT check_seq, identity_name, scope_kind FROM raw.identity_checks").fetchall() == [
        (0, "balance", "column")]
    con.close()
