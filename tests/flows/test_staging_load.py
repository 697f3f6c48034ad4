"""Extraction results → staging queue → the single loader, without Prefect in the way."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from flows import staging
from flows.discover import scan_inboxes
from flows.ingest import extract_one, load_batches, load_staged
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


def test_chunk_files_load_whole_and_a_damaged_one_is_dropped(tmp_path: Path) -> None:
    write_inbox(tmp_path / "in", 5, seed=3)
    results = [extract_one(c) for c in scan_inboxes([tmp_path / "in"])]
    queue = tmp_path / "staging"
    first = staging.stage_chunk(results[:3], queue)
    staging.stage_chunk(results[3:], queue)
    assert first.suffix == ".jsonl" and len(first.read_text(encoding="utf-8").splitlines()) == 4  # header + 3
    assert staging.staged_sha256s(queue) == {r["document"]["sha256"] for r in results}
    damaged = queue / "0000-damaged.jsonl"
    damaged.write_text('{"sha256s": ["a", "b"]}\n{"document": {', encoding="utf-8")  # a disk that filled up

    # a batch never splits a chunk file: batch_size 2 still loads 3 + 2 documents
    assert sorted([n for _, n in b] for b in load_batches(queue, 2)) == [[2], [2], [3]]  # damaged one first
    db = tmp_path / "w.duckdb"
    con = connect(db)
    progress: list[int] = []
    try:
        loaded = load_staged(con, queue, datetime.now(UTC), batch_size=2, on_loaded=progress.append)
    finally:
        con.close()
    assert loaded == 5 and sorted(progress) == [0, 2, 3]
    assert staging.pending(queue) == [] and not damaged.exists()
    counts = raw_counts(db)
    assert counts["documents"] == counts["distinct_documents"] == 5
    assert counts["cells"] == counts["distinct_cells"] == sum(len(r["report"]["cells"]) for r in results)


def test_extract_chunk_stages_its_results_in_the_worker(tmp_path: Path) -> None:
    from flows.ingest import chunk_size_for, extract_chunk

    write_inbox(tmp_path / "in", 3, seed=5)
    cands = scan_inboxes([tmp_path / "in"])
    out = extract_chunk(cands, str(tmp_path / "q"))
    assert out["documents"] == 3 and out["results"] is None
    staged = staging.read(tmp_path / "q" / out["file"])
    assert [r["document"]["sha256"] for r in staged] == [c.sha256 for c in cands]
    assert [r["report"]["source"]["path"] for r in staged] == [c.origin for c in cands]
    remote = extract_chunk(cands[:1], None)  # a remote Dask worker returns the results instead
    assert remote["file"] is None and remote["results"][0]["document"]["sha256"] == cands[0].sha256
    # adaptive chunk size: one per task for a handful, bounded for a large run, or as requested
    assert chunk_size_for(7, 2) == 1
    assert chunk_size_for(1000, 2) == 63
    assert chunk_size_for(100_000, 2) == 250
    assert chunk_size_for(100_000, 2, requested=40) == 40
