"""The ingestion flow end to end, through ``ogi run`` (Prefect ephemeral mode, real warehouse).

Few tests, because each Prefect run costs seconds: a first run and a no-op second run (process
pool, HTTP sources, failures recorded), a run SIGKILLed inside the load and the run that completes
its work, and a run on a Dask LocalCluster.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from flows.discover import scan_inboxes
from flows.ingest import PAUSE_ANNOUNCEMENT, PAUSE_ENV, extract_one, models_marker
from flows.lock import lock_path_for, warehouse_lock
from flows.staging import pending, staged_sha256s, staging_dir_for
from tests.flows.conftest import OGI, raw_counts, write_inbox
from tests.flows.httpserver import LocalServer, Routes

pytestmark = pytest.mark.integration


def ogi_run(project: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    """``ogi run --json`` in this process (one ephemeral Prefect server serves every run)."""
    from flows.cli import main

    cwd = Path.cwd()
    os.chdir(project)
    try:
        capsys.readouterr()
        rc = main(["run", "--json", "--no-progress", *args])
        out = capsys.readouterr().out.strip().splitlines()
    finally:
        os.chdir(cwd)
    return rc, json.loads(out[-1])


def expected_cells(inbox: Path) -> int:
    """Cells the extractor finds in the inbox, computed without the flow."""
    return sum(len((extract_one(c)["report"] or {}).get("cells") or ()) for c in scan_inboxes([inbox]))


def test_second_run_with_nothing_new_extracts_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = project / "data" / "inbox"
    files = write_inbox(inbox, 6)
    shutil.copy(files[0], inbox / "same-report-again.txt")
    (inbox / "not-a-report.txt").write_text("会议纪要\n今天天气很好。\n", encoding="utf-8")
    for f in inbox.iterdir():  # written an hour ago: the discovery cache trusts them next run
        os.utime(f, (time.time() - 3600, time.time() - 3600))
    routes = Routes()
    routes.report = files[1].read_bytes().replace(b"\n", b"\r\n")  # a seventh, distinct document
    routes.flaky_body = files[2].read_bytes().replace(b"\n", b"\r\n")  # an eighth, after a 503
    db = project / "data" / "warehouse" / "ogi.duckdb"

    with LocalServer(routes) as server:
        (project / "data" / "sources.txt").write_text(
            f"# report sources\n{server.url('/report.txt')}\n{server.url('/gone.pdf')}\n{server.url('/flaky')}\n",
            encoding="utf-8",
        )
        rc, first = ogi_run(project, capsys, "--workers", "2", "--fetch-retries", "2")
        assert rc == 0, first  # failed documents and URLs do not fail the run
        assert first["ok"] and first["runner"].startswith("process pool")
        assert (first["found"], first["duplicates"], first["extracted"]) == (9, 1, 9)
        assert (first["documents_new"], first["documents_failed"]) == (9, 1)
        assert first["fetch_outcomes"] == {"downloaded": 2, "failed": 1}
        assert first["hashed"] == 8  # the inbox files; fetched bodies are hashed as they arrive
        assert routes.hits["/flaky"] == 2 and routes.hits["/gone.pdf"] == 1  # 503 retried, 404 not
        failed_paths = {f["path"] for f in first["failures"]}
        assert failed_paths == {"data/inbox/not-a-report.txt", server.url("/gone.pdf")}
        assert first["reports"] == 9 and first["cells"] > 0
        assert first["stage_notes"]["models"].endswith("tests") and first["exports"]
        counts = raw_counts(db)
        assert counts["documents"] == counts["distinct_documents"] == 9 and counts["failed"] == 1
        assert counts["cells"] == counts["distinct_cells"] == first["cells"]

        rc, second = ogi_run(project, capsys)
        assert rc == 0
        assert second["extracted"] == 0 and second["from_staging"] == 0
        assert second["hashed"] == 0  # (path, size, mtime) unchanged: no file read again
        assert (second["documents_new"], second["documents_unchanged"]) == (0, 9)
        # /report.txt answers 304 to the remembered validators; /flaky sends none, so it is
        # downloaded again, found to be the same content, and not extracted
        assert second["fetch_outcomes"] == {"not_modified": 1, "downloaded": 1, "failed": 1}
        assert second["stage_notes"]["models"] == "skipped: nothing new"
        assert raw_counts(db) == counts
        assert routes.conditional[-1]["If-None-Match"]  # the 304 came from a conditional request

        import duckdb

        with duckdb.connect(str(db)) as con:  # as if read by an older ogi: one report, one failure
            con.execute("UPDATE raw.documents SET extractor_version = '0.0.1' WHERE path LIKE '%not-a-report.txt' "
                        "OR sha256 = (SELECT min(sha256) FROM raw.documents WHERE status = 'ok')")
        rc, third = ogi_run(project, capsys)
        assert rc == 0
        assert third["extracted"] == 2 and third["documents_reextracted"] == 1
        assert (third["documents_new"], third["documents_failed"]) == (0, 1)
        assert third["stage_notes"].get("models", "").endswith("tests")  # the marts follow the new reading
        assert raw_counts(db) == counts  # replaced, not added
        with duckdb.connect(str(db), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM raw.documents WHERE extractor_version = '0.0.1'").fetchone() == (0,)

    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        url_doc = con.execute("SELECT status FROM raw.documents WHERE path = ?", [server.url("/report.txt")]).fetchall()
        junk = con.execute("SELECT status, error FROM raw.documents WHERE path LIKE '%not-a-report.txt'").fetchone()
    finally:
        con.close()
    assert url_doc == [("ok",)]  # a fetched document keeps its URL as its path
    assert junk[0] == "failed" and junk[1]


def test_run_killed_during_the_load_is_completed_by_the_next_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = project / "data" / "inbox"
    write_inbox(inbox, 7, seed=11)
    db = project / "data" / "warehouse" / "ogi.duckdb"
    err = project / "killed.err"
    env = {**os.environ, PAUSE_ENV: "300:2"}  # pause inside the second batch's transaction
    with err.open("w") as fh:
        # chunks of 2 documents (2+2+2+1, one staged file each), batches of >= 3 documents
        proc = subprocess.Popen(
            [*OGI, "run", "--chunk-size", "2", "--load-batch", "3", "--no-progress"],
            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=fh, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while PAUSE_ANNOUNCEMENT not in err.read_text(encoding="utf-8", errors="replace"):
            assert proc.poll() is None, err.read_text(encoding="utf-8", errors="replace")
            assert time.monotonic() < deadline, "the run never reached the loader"
            time.sleep(0.2)
        os.killpg(proc.pid, signal.SIGKILL)  # the run and its ephemeral Prefect server
        proc.wait()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    # what the kill left: batch 1 (two whole chunk files: 3 or 4 documents) committed, the other
    # chunk files still queued, the lock free, marts pending
    killed = raw_counts(db)
    committed = killed["documents"]
    assert committed in (3, 4) and killed["distinct_documents"] == committed
    queue = staging_dir_for(db)
    assert len(pending(queue)) == 2 and len(staged_sha256s(queue)) == 7 - committed
    assert models_marker(db).exists()
    with warehouse_lock(lock_path_for(db)):
        pass

    rc, summary = ogi_run(project, capsys)
    assert rc == 0, summary
    assert summary["extracted"] == 0 and summary["from_staging"] == 7 - committed  # nothing extracted twice
    assert (summary["documents_new"], summary["documents_unchanged"]) == (7 - committed, committed)
    assert summary["exports"]
    final = raw_counts(db)
    assert final["documents"] == final["distinct_documents"] == 7
    assert final["reports"] == final["distinct_reports"] == 7
    assert final["cells"] == final["distinct_cells"] == expected_cells(inbox)  # nothing lost, nothing twice
    assert pending(queue) == [] and not models_marker(db).exists()


def test_run_on_a_dask_local_cluster(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = project / "data" / "inbox"
    write_inbox(inbox, 4, seed=23, layouts=("tab", "flat"))
    rc, summary = ogi_run(project, capsys, "--dask", "local", "--workers", "2")
    assert rc == 0, summary
    assert summary["runner"] == "dask (LocalCluster, 2 workers)"
    assert summary["extracted"] == summary["documents_new"] == 4
    counts = raw_counts(project / "data" / "warehouse" / "ogi.duckdb")
    assert counts["cells"] == counts["distinct_cells"] == expected_cells(inbox)


def test_a_broken_warehouse_fails_the_run_with_exit_code_1(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_inbox(project / "data" / "inbox", 1)
    db = project / "data" / "warehouse" / "ogi.duckdb"
    db.parent.mkdir(parents=True)
    db.write_bytes(b"this is not a DuckDB file" * 100)
    rc, summary = ogi_run(project, capsys)
    assert rc == 1
    assert not summary["ok"] and summary["error"]
    assert len(pending(staging_dir_for(db))) == 0  # discovery stopped before extracting anything
