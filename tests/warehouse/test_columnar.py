"""The columnar loader: chunk boundaries, provenance fields and odd values land exactly as given."""

from __future__ import annotations

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
        "SELECT report_id, agency, count(*), sum(value), max(line) FROM raw.cells GROUP BY ALL ORDER BY 3"
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
        'SELECT "row", value, line, page, bbox_x0, bbox_y0, bbox_x1, bbox_y1 FROM raw.cells ORDER BY "row"'
    ).fetchall() == [
        ("carried_over", pytest.approx(1.25), None, None, None, None, None, None),
        ("new_received", 7, None, 3, 1.0, 2.5, 3.0, 4.0),
    ]
    assert con.execute("SELECT seq, severity, section, \"row\" FROM raw.issues ORDER BY seq").fetchall() == [
        (0, "warning", None, None), (1, "info", "applications", None)]
    assert con.execute("SELECT seq, name, status FROM raw.identity_checks ORDER BY seq").fetchall() == [
        (0, "a", "held"), (1, "b", "failed")]
    con.close()


def test_values_that_are_not_numbers_become_null():
    assert columnar.numbers([1, 2.5, None]).to_pylist() == [1.0, 2.5, None]
    assert columnar.numbers([1, True, "x", None, 3]).to_pylist() == [1.0, None, None, None, 3.0]


def test_missing_required_key_raises_key_error():
    with pytest.raises(KeyError):
        columnar.cells_table(["a"], ["县"], [2020], [[{"section": "applications", "column": "total"}]])
