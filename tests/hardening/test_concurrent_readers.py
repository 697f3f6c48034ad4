"""Issue 17 #7 and #10: readers never fail a writer, writers take the warehouse lock."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from flows.cli import main
from flows.lock import is_db_lock_conflict, retry_on_db_lock


def hold(code: str) -> subprocess.Popen:
    """A helper process that runs ``code``, prints ``held`` and sleeps until killed."""
    proc = subprocess.Popen([sys.executable, "-c", code + "\nprint('held', flush=True)\nimport time; time.sleep(60)"],
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_writer_waits_for_a_reader_instead_of_failing(warehouse):
    db, _ = warehouse
    reader = hold(f"import duckdb; con = duckdb.connect({str(db)!r}, read_only=True)")
    try:
        with pytest.raises(duckdb.IOException) as err:
            duckdb.connect(str(db))  # what made `ogi run` fail
        assert is_db_lock_conflict(err.value)
        t0 = time.monotonic()
        subprocess.Popen([sys.executable, "-c", f"import os, time, signal; time.sleep(1.0); os.kill({reader.pid}, signal.SIGKILL)"])
        con = retry_on_db_lock(duckdb.connect, str(db), wait=30)
        assert time.monotonic() - t0 >= 0.5
        con.execute("CREATE TABLE written AS SELECT 1 AS x")
        con.close()
    finally:
        reader.kill()
        reader.wait()


def test_a_writer_gives_up_after_its_wait_with_the_real_error(warehouse):
    db, _ = warehouse
    reader = hold(f"import duckdb; con = duckdb.connect({str(db)!r}, read_only=True)")
    try:
        with pytest.raises(duckdb.IOException):
            retry_on_db_lock(duckdb.connect, str(db), wait=0.3)
        with pytest.raises(ValueError):  # other errors are not retried
            retry_on_db_lock(int, "x", wait=30)
    finally:
        reader.kill()
        reader.wait()


@pytest.mark.parametrize("command", ["load", "export"])
def test_load_and_export_take_the_warehouse_lock(warehouse, tmp_path: Path, capsys, command: str):
    db, exports = warehouse
    lock = db.parent / ".lock"
    holder = hold(f"from flows.lock import warehouse_lock; cm = warehouse_lock({str(lock)!r}); cm.__enter__()")
    try:
        jsonl = tmp_path / "empty.jsonl"
        jsonl.write_text("", encoding="utf-8")
        args = ["load", "--db", str(db), "--no-models", str(jsonl)] if command == "load" else [
            "export", "--db", str(db), "--out", str(tmp_path / "out")]  # fmt: skip
        capsys.readouterr()
        assert main(args) == 3
        assert "holds" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    from transform.warehouse import connect

    connect(db).close()  # the raw tables the export reads
    assert main(args) == 0  # the lock died with its holder
