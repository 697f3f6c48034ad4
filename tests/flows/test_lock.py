"""The warehouse lock: one run at a time; a killed holder never leaves it stuck."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.lock import LockHeld, lock_path_for, warehouse_lock
from tests.flows.conftest import OGI

HOLD = """
import sys, time
from flows.lock import warehouse_lock
with warehouse_lock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold(path: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_lock_path_is_beside_the_warehouse(tmp_path: Path) -> None:
    assert lock_path_for(tmp_path / "w" / "ogi.duckdb") == (tmp_path / "w" / ".lock").resolve()


def test_second_holder_is_refused_at_once_and_told_who(tmp_path: Path) -> None:
    lock = tmp_path / ".lock"
    holder = _hold(lock, 30)
    try:
        t0 = time.monotonic()
        with pytest.raises(LockHeld, match=f"pid {holder.pid}"):
            with warehouse_lock(lock):
                pass
        assert time.monotonic() - t0 < 1
    finally:
        holder.kill()
        holder.wait()


def test_waiting_holder_gets_the_lock_when_it_is_released(tmp_path: Path) -> None:
    lock = tmp_path / ".lock"
    holder = _hold(lock, 1.0)
    try:
        t0 = time.monotonic()
        with warehouse_lock(lock, timeout=20):
            assert time.monotonic() - t0 > 0.3  # it did wait for the holder
            assert holder.wait(timeout=5) == 0
    finally:
        holder.kill()
        holder.wait()


def test_sigkilled_holder_releases_the_lock(tmp_path: Path) -> None:
    lock = tmp_path / ".lock"
    holder = _hold(lock, 60)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with warehouse_lock(lock):  # no stale lock, no waiting
        pass


def test_reentrant_in_one_process(tmp_path: Path) -> None:
    lock = tmp_path / ".lock"
    with warehouse_lock(lock), warehouse_lock(lock):
        pass
    with warehouse_lock(lock):  # released after the outer block
        pass


def test_ogi_run_refuses_while_another_run_holds_the_lock(project: Path) -> None:
    db = project / "data" / "warehouse" / "ogi.duckdb"
    holder = _hold(lock_path_for(db), 60)
    try:
        t0 = time.monotonic()
        proc = subprocess.run([*OGI, "run", "--db", str(db)], cwd=project, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 3
        assert "another ogi run holds" in proc.stderr and f"pid {holder.pid}" in proc.stderr
        assert time.monotonic() - t0 < 20  # before Prefect starts, not after
        assert not db.exists()
    finally:
        holder.kill()
        holder.wait()
