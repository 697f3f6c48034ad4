"""Issue 17 #7 end to end: an analyst's query loop during ``ogi run``; neither fails."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.cli import main
from flows.ingest import PAUSE_ANNOUNCEMENT, PAUSE_ENV
from tests.flows.conftest import write_inbox

pytestmark = [pytest.mark.slow, pytest.mark.integration]


def ogi_run(project: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--no-progress"], cwd=project, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip


def test_queries_during_a_run_answer_and_the_run_completes(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    inbox = tmp_path / "data" / "inbox"
    write_inbox(inbox, 4, seed=31)
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"))
    env.pop("PREFECT_API_URL", None)
    first = ogi_run(tmp_path, env)
    assert first.wait(timeout=900) == 0, first.stderr.read()

    write_inbox(inbox / "more", 4, seed=32)
    run = ogi_run(tmp_path, dict(env, **{PAUSE_ENV: "3"}))  # the loader holds its transaction 3 s
    db = tmp_path / "data" / "warehouse" / "ogi.duckdb"
    exports = tmp_path / "data" / "exports"
    answers: list[int] = []
    saw_pause = False
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        while run.poll() is None:
            capsys.readouterr()
            rc = main(["query", "--db", str(db), "--export-dir", str(exports), "--wait", "0.5", "--format", "csv",
                       "select count(*) as n from raw.reports"])  # fmt: skip
            out = capsys.readouterr()
            assert rc == 0, out.err
            answers.append(int(out.out.splitlines()[1]))
            saw_pause = saw_pause or "answering from the export" in out.err
            time.sleep(0.05)
    finally:
        os.chdir(cwd)
    err = run.stderr.read()
    assert run.returncode == 0, err
    assert PAUSE_ANNOUNCEMENT in err
    assert len(answers) > 10 and set(answers) <= {4, 8}  # the old state or the new one, nothing between
    assert saw_pause  # while the loader held the warehouse, the export answered
    capsys.readouterr()
    assert main(["query", "--db", str(db), "--format", "csv", "select count(*) from raw.reports"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "8"
