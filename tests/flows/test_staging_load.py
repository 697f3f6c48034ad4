"""Extraction results → staging queue → the single loader, without Prefect in the way."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from flows import staging
from flows.discover import scan_inboxes
from flows.ingest import extract_one, load_staged
from flows.summary import RunSummary
from tests.flows.conftest import raw_counts, write_inbox
from transform.warehouse import connect


def test_extract_one_records_unreadable_documents_as_failed(tmp_path: Path) -> None:
    write_inbox(tmp_path / "in", 1)
    (tmp_path / "in" / "junk.txt").write_bytes(b"\x00\x01 not a report")
    good, junk = sorted(scan_inboxes([tmp_path / "in"]), key=lambda c: c.path.endswith("junk.txt"))
    ok = extract_one(good)
    assert ok["document"]["status"] == "ok" and ok["document"]["error"] is None
    assert ok["document"]["path"] == good.origin and ok["report"]["source"]["sha256"] == good.sha256
    assert ok["report"]["cells"]
    bad = extract_one(junk)
    assert bad["document"]["status"] == "failed" and bad["document"]["error"]
    assert bad["document"]["sha256"] == junk.sha256
    json.dumps(ok), json.dumps(bad)  # results travel as JSON (staging, Prefect's result cache)


def test_staged_results_load_in_batches_and_leave_the_queue(tmp_path: Path) -> None:
    write_inbox(tmp_path / "in", 5)
    results = [extract_one(c) for c in scan_inboxes([tmp_path / "in"])]
    queue = tmp_path / "staging"
    for r in results:
        staging.stage(r, queue)
    (queue / ".half-written.tmp").write_text("{", encoding="utf-8")  # a kill during stage()
    assert len(staging.pending(queue)) == 5 and not (queue / ".half-written.tmp").exists()

    db = tmp_path / "w.duckdb"
    con = connect(db)
    summary, progress = RunSummary(), []
    try:
        loaded = load_staged(con, queue, datetime.now(UTC), batch_size=2, summary=summary, on_loaded=progress.append)
    finally:
        con.close()
    assert loaded == 5 and progress == [2, 2, 1]
    assert staging.pending(queue) == []
    counts = raw_counts(db)
    assert counts["documents"] == counts["distinct_documents"] == 5
    assert counts["cells"] == counts["distinct_cells"] == summary.cells == sum(len(r["report"]["cells"]) for r in results)
    assert summary.documents_new == 5

    # the same results staged again (a kill after COMMIT, before the files were deleted): no duplicates
    for r in results:
        staging.stage(r, queue)
    con = connect(db)
    again = RunSummary()
    try:
        load_staged(con, queue, datetime.now(UTC), summary=again)
    finally:
        con.close()
    assert (again.documents_new, again.documents_unchanged) == (0, 5)
    assert raw_counts(db) == counts


def test_extraction_cache_key_is_the_content_not_the_path() -> None:
    from flows.discover import Candidate
    from flows.ingest import _extract_cache_key

    a = _extract_cache_key(None, {"candidate": Candidate("in/a.txt", "f" * 64, 10, "in/a.txt")})
    b = _extract_cache_key(None, {"candidate": Candidate("other/b.pdf", "f" * 64, 10, "http://x/b.pdf")})
    c = _extract_cache_key(None, {"candidate": Candidate("in/a.txt", "e" * 64, 10, "in/a.txt")})
    assert a == b != c
