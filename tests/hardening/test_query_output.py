"""``ogi query`` output: tables that fit 80 columns, dates as dates, csv/json/parquet for scripts."""

from __future__ import annotations

import io
import json

import pyarrow.parquet as pq
from rich.cells import cell_len

from flows.cli import main
from flows.query_output import fit_widths, fold, print_table


def run(capsys, db, exports, *args):
    capsys.readouterr()
    rc = main(["query", "--db", str(db), "--export-dir", str(exports), *args])
    return rc, capsys.readouterr()


def test_dates_print_as_dates_and_decimals_without_padding(warehouse, capsys, monkeypatch):
    db, exports = warehouse
    monkeypatch.setenv("COLUMNS", "80")
    rc, out = run(capsys, db, exports, "select report_id, published_on, fee from raw.reports join mart_agency_year using (report_id) order by 1")
    assert rc == 0
    lines = out.out.splitlines()
    assert any("2025-01-20" in line and "12.5" in line for line in lines), out.out
    assert "00:00:00" not in out.out and "12.5000" not in out.out
    assert lines[-1] == "3 rows"


def test_every_line_fits_80_columns_and_numbers_are_never_cut():
    columns = ["agency_name", "title", "applications_handled", "disclosure_rate", "published_on"]
    types = ["VARCHAR", "VARCHAR", "BIGINT", "DOUBLE", "DATE"]
    long = "临汾市安泽县应急管理局2020年政府信息公开工作年度报告" * 2
    rows = [("台州市仙居县横溪镇人民政府", long, 123456789, 0.40657, None)]
    buf = io.StringIO()
    print_table(columns, types, rows, 1, width=80, out=buf)
    lines = buf.getvalue().splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert any("123456789" in line for line in lines) and any("0.4066" in line for line in lines)
    assert "".join(line.split("│")[2].strip() for line in lines[4:-2]) == long  # folded, nothing lost


def test_too_many_columns_for_the_terminal_print_as_records():
    columns = [f"measure_{i}" for i in range(12)]
    buf = io.StringIO()
    print_table(columns, ["BIGINT"] * 12, [tuple(range(1_000_000, 1_000_012))], 1, width=80, out=buf)
    text = buf.getvalue()
    assert "-[ record 1 ]" in text and "measure_11 │ 1000011" in text
    assert max(cell_len(line) for line in text.splitlines()) <= 80


def test_fit_widths_and_fold():
    assert fit_widths([5, 5], [3, 3], 20) == [5, 5]
    assert fit_widths([30, 4], [10, 4], 20) == [16, 4]
    assert fit_widths([30, 30], [10, 10], 15) is None
    assert fold("德州市平原县人民政府", 6) == ["德州市", "平原县", "人民政", "府"]
    assert fold("one two three", 7) == ["one two", "three"]


def test_csv_json_and_parquet_for_scripts(warehouse, capsys, tmp_path):
    db, exports = warehouse
    sql = "select report_id, published_on, fee, year from raw.reports join mart_agency_year using (report_id, year) order by 1"
    rc, out = run(capsys, db, exports, "--format", "csv", sql)
    assert rc == 0 and out.out.splitlines()[1] == "r1,2025-01-20,12.5,2024"
    rc, out = run(capsys, db, exports, "--format", "json", sql)
    assert json.loads(out.out)[2] == {"report_id": "r3", "published_on": None, "fee": 12.5, "year": 2023}
    rc, out = run(capsys, db, exports, "--format", "parquet", sql)
    assert rc == 2 and "--out" in out.err
    target = tmp_path / "out" / "r.parquet"
    rc, out = run(capsys, db, exports, "--format", "parquet", "--out", str(target), sql)
    assert rc == 0
    table = pq.read_table(target)
    assert table.num_rows == 3 and str(table.schema.field("published_on").type) == "date32[day]"
