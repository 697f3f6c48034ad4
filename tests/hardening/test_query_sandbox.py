"""``ogi query`` is really read-only: every way out of the sandbox of issue 17 is refused, SELECTs work."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.cli import main
from flows.query_sandbox import first_keyword


def query(capsys: pytest.CaptureFixture[str], db: Path, exports: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main(["query", "--db", str(db), "--export-dir", str(exports), *args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def attacks(tmp: Path, db: Path) -> dict[str, str]:
    host = tmp / "host.txt"
    host.write_text("secret\n", encoding="utf-8")
    other = tmp / "other.duckdb"
    return {
        "copy over the warehouse": f"copy (select 1 as x) to '{db}' (format csv)",
        "copy to a host file": f"copy (select 1 as x) to '{tmp / 'out.csv'}'",
        "attach read-write": f"attach '{other}' as e (read_write)",
        "attach then drop": f"attach '{other}' as e (read_write); drop table e.raw.cells",
        "several statements": "select 1; select 2",
        "read_text on a host path": f"select * from read_text('{host}')",
        "read_text /etc/hostname": "select * from read_text('/etc/hostname')",
        "read_csv on a host path": f"select * from read_csv('{host}')",
        "read_parquet outside the export": f"select * from read_parquet('{tmp}/*.parquet')",
        "glob the host": "select * from glob('/etc/*')",
        "escape the export with ..": f"select * from read_text('{tmp}/data/exports/../../host.txt')",
        "install": "install httpfs",
        "load": "load httpfs",
        "network": "select * from read_csv('http://127.0.0.1:9/x.csv')",
        "pragma": "pragma version",
        "set": "set enable_external_access = true",
        "reset": "reset allowed_directories",
        "create": "create table raw.x as select 1",
        "create temp": "create temp table x as select 1",
        "insert": "insert into raw.reports (report_id) values ('x')",
        "update": "update raw.reports set province = 'x'",
        "delete": "delete from raw.reports",
        "drop": "drop table raw.reports",
        "export database": f"export database '{tmp / 'dump'}'",
        "import database": f"import database '{tmp / 'dump'}'",
        "call": "call pragma_version()",
        "checkpoint": "checkpoint",
        "explain": "explain select 1",
        "transaction": "begin transaction",
        "comment hides a statement": "-- harmless\n/* still */ copy raw.reports to 'x.csv'",
    }


def test_every_way_out_is_refused_and_nothing_changes(tmp_path, warehouse, capsys):
    db, exports = warehouse
    cases = attacks(tmp_path, db)
    before = digest(db)
    listing = sorted(str(p) for p in tmp_path.rglob("*"))
    for name, sql in cases.items():
        rc, out, err = query(capsys, db, exports, sql)
        assert rc == 2, (name, rc, out, err)
        assert err.startswith("ogi query: refused:"), (name, err)
        assert "Traceback" not in err and "secret" not in out, name
    assert digest(db) == before
    assert sorted(str(p) for p in tmp_path.rglob("*")) == listing  # no file written or attached


def test_messages_name_what_was_refused(warehouse, capsys):
    db, exports = warehouse
    cases = {
        "copy (select 1) to 'x.csv'": "COPY is not allowed",
        "select 1; select 2": "one statement per call",
        "pragma version": "PRAGMA is not allowed",
        "set threads = 1": "SET is not allowed",
        "install httpfs": "INSTALL is not allowed",
        "attach 'x.duckdb' as x": "ATTACH is not allowed",
        "select * from read_text('/etc/hostname')": 'Cannot access file "/etc/hostname"',
    }
    for sql, message in cases.items():
        rc, _, err = query(capsys, db, exports, sql)
        assert rc == 2 and message in err, (sql, err)


def test_selects_over_the_warehouse_and_the_export_still_work(warehouse, capsys):
    db, exports = warehouse
    rc, out, err = query(capsys, db, exports, "--format", "csv",
                         "with j as (select * from raw.reports where province = '江苏省') select report_id, published_on from j order by 1")  # fmt: skip
    assert (rc, err) == (0, "")
    assert out.splitlines() == ["report_id,published_on", "r1,2025-01-20", "r3,"]
    rc, out, _ = query(capsys, db, exports, "--format", "csv",
                       f"select count(*) as n from read_parquet('{exports}/parquet/mart_agency_year/**/*.parquet')")  # fmt: skip
    assert (rc, out.splitlines()) == (0, ["n", "3"])
    rc, out, _ = query(capsys, db, exports, "--format", "csv", "describe mart_agency_year")
    assert rc == 0 and out.startswith("column_name,column_type")
    rc, out, _ = query(capsys, db, exports, "--format", "csv", "(from mart_agency_year select count(*))")
    assert (rc, out.splitlines()[1]) == (0, "3")


def test_a_damaged_or_missing_warehouse_is_a_message_not_a_traceback(tmp_path, capsys):
    db = tmp_path / "ogi.duckdb"
    db.write_bytes(b"1,\n\n")  # what `copy … to 'ogi.duckdb' (format csv)` used to leave
    rc, _, err = query(capsys, db, tmp_path / "exports", "select 1")
    assert rc == 1 and "cannot be opened" in err and "damaged" in err and "Traceback" not in err
    rc, _, err = query(capsys, tmp_path / "none.duckdb", tmp_path / "exports", "select 1")
    assert rc == 1 and "no warehouse" in err


def test_first_keyword_skips_comments_and_parentheses():
    assert first_keyword("  -- a\n /* b */ ((select 1))") == "select"
    assert first_keyword("/* unclosed") == ""
    assert first_keyword("PRAGMA version") == "pragma"


def test_query_from_the_export_while_a_run_writes_the_warehouse(warehouse, capsys):
    db, exports = warehouse
    holder = subprocess.Popen(  # a writer holding DuckDB's file lock, as `ogi run` does while loading
        [sys.executable, "-c", f"import duckdb, sys, time; c = duckdb.connect({str(db)!r}); print('held', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        t0 = time.monotonic()
        rc, out, err = query(capsys, db, exports, "--wait", "0.3", "--format", "json",
                             "select agency_name, year from mart_agency_year where province = '河南省'")  # fmt: skip
        assert time.monotonic() - t0 < 10
        assert rc == 0, err
        assert "answering from the export" in err
        assert json.loads(out) == [{"agency_name": "B县人民政府", "year": 2024}]
        rc, _, err = query(capsys, db, exports, "--wait", "0.1", "copy mart_agency_year to 'x.csv'")
        assert rc == 2 and "refused" in err  # the export connection is as closed as the warehouse's
    finally:
        holder.kill()
        holder.wait()
