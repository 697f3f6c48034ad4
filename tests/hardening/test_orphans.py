"""Issue 17 #8: children die with their parent — the Prefect server and the pool workers after a kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.flows.conftest import ROOT, write_inbox


def gone(pids: list[int], within: float) -> bool:
    end = time.monotonic() + within
    while time.monotonic() < end:
        alive = [p for p in pids if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
        if not alive:
            return True
        time.sleep(0.2)
    return False


def spawn(code: str) -> tuple[subprocess.Popen, list[int]]:
    """Run ``code`` in a parent process that prints the pids of the children to watch."""
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    pids = [int(x) for x in proc.stdout.readline().split()]
    return proc, pids


def test_children_and_grandchildren_die_with_their_parent():
    parent, pids = spawn(
        "import subprocess, sys, time\n"
        "from flows.runners import reap_children_on_exit\n"
        "reaper = reap_children_on_exit(poll=0.1)\n"
        "s = subprocess.Popen([sys.executable, '-c', 'import subprocess, sys, time; "
        "g = subprocess.Popen([sys.executable, \"-c\", \"import time; time.sleep(120)\"]); print(g.pid, flush=True); time.sleep(120)'],"
        " stdout=subprocess.PIPE, text=True)\n"
        "g = s.stdout.readline().strip()\n"
        "time.sleep(0.5)\n"
        "print(s.pid, g, reaper.pid, flush=True); time.sleep(120)\n"
    )
    assert all(psutil.pid_exists(p) for p in pids)
    parent.kill()
    parent.wait()
    assert gone(pids, within=15)  # the child, the grandchild, and the reaper itself


def test_a_pool_worker_exits_when_its_parent_is_killed():
    parent, [worker] = spawn(
        "import multiprocessing as mp, time\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "from flows.runners import exit_with_parent\n"
        "if __name__ == '__main__':\n"
        "    pool = ProcessPoolExecutor(1, mp_context=mp.get_context('spawn'), initializer=exit_with_parent)\n"
        "    pid = pool.submit(__import__('os').getpid).result()\n"
        "    pool.submit(time.sleep, 120)\n"
        "    print(pid, flush=True); time.sleep(120)\n"
    )
    assert psutil.pid_exists(worker)
    parent.kill()
    parent.wait()
    assert gone([worker], within=10)


@pytest.mark.slow
def test_kill_9_of_a_run_with_two_workers_leaves_no_process(tmp_path: Path):
    """The whole run: ``ogi run --workers 2`` killed while its workers extract; nothing stays."""
    write_inbox(tmp_path / "data" / "inbox", 8, seed=21)
    env = dict(os.environ, OGI_TEST_EXTRACT_DELAY="20", PREFECT_HOME=str(tmp_path / "prefect"))
    env.pop("PREFECT_API_URL", None)
    run = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--workers", "2", "--no-progress"],
                           cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        me = psutil.Process(run.pid)
        end = time.monotonic() + 400  # Prefect's server takes minutes to start on a loaded machine
        while time.monotonic() < end:
            kids = me.children(recursive=True)
            workers = [k for k in kids if "spawn_main" in " ".join(k.cmdline())]
            if len(workers) >= 2 and any("uvicorn" in " ".join(k.cmdline()) for k in kids):
                break
            time.sleep(0.5)
        else:
            pytest.fail("the run did not start its server and two workers")
        pids = [k.pid for k in me.children(recursive=True)]
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        assert gone(pids, within=20), [psutil.Process(p).cmdline() for p in pids if psutil.pid_exists(p)]
    finally:
        if run.poll() is None:
            run.kill()
