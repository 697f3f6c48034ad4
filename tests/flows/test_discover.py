"""Discovery: files are documents by content; the plan splits them into new / known / staged."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from flows.discover import Candidate, HashCache, iter_inbox, plan, read_sources, scan_inboxes


def _c(sha: str, path: str = "") -> Candidate:
    return Candidate(path or sha, sha, 1, path or sha)


def test_scan_hashes_content_and_skips_hidden_and_partial_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r1.txt").write_bytes(b"one")
    (tmp_path / "r2.pdf").write_bytes(b"two")
    (tmp_path / "copy-of-r1.txt").write_bytes(b"one")
    (tmp_path / ".hidden.txt").write_bytes(b"x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "obj").write_bytes(b"x")
    (tmp_path / "big.pdf.part").write_bytes(b"x")
    (tmp_path / "~$draft.docx").write_bytes(b"x")
    (tmp_path / "tab_000001.tsv").write_bytes(b"truth")
    (tmp_path / "reports.tsv").write_bytes(b"truth")
    found = scan_inboxes([tmp_path, tmp_path / "missing"])
    assert [Path(c.path).name for c in found] == ["r1.txt", "copy-of-r1.txt", "r2.pdf"]
    assert found[0].sha256 == hashlib.sha256(b"one").hexdigest() == found[1].sha256
    assert found[2].bytes == 3
    assert list(iter_inbox(tmp_path / "missing")) == []


def test_plan_by_content_hash() -> None:
    cands = [_c("new"), _c("ok"), _c("bad"), _c("staged"), _c("new", "elsewhere")]
    p = plan(cands, known={"ok": "ok", "bad": "failed"}, staged={"staged"})
    assert [c.sha256 for c in p.to_extract] == ["new"]
    assert [c.sha256 for c in p.known] == ["ok", "bad"]
    assert [c.sha256 for c in p.staged] == ["staged"]
    assert [c.path for c in p.duplicates] == ["elsewhere"]


def test_plan_retry_failed_extracts_failed_documents_again() -> None:
    p = plan([_c("ok"), _c("bad")], known={"ok": "ok", "bad": "failed"}, staged=set(), retry_failed=True)
    assert [c.sha256 for c in p.to_extract] == ["bad"]
    assert [c.sha256 for c in p.known] == ["ok"]


def test_plan_extracts_documents_of_another_extractor_version_again() -> None:
    known = {"ok": "ok", "old": "ok", "bad": "failed"}
    p = plan([_c("ok"), _c("old"), _c("bad", "bad.pdf")], known=known, staged=set(),
             failed_paths={"bad": "bad.pdf"}, stale={"old", "bad"})  # fmt: skip
    assert [c.sha256 for c in p.to_extract] == ["old", "bad"]  # the failure too: the reader changed
    assert [c.sha256 for c in p.known] == ["ok"]


def test_read_sources(tmp_path: Path) -> None:
    f = tmp_path / "sources.txt"
    f.write_text("# comment\nhttp://a/r.pdf\n\n  https://b/x.html#frag  \nhttp://a/r.pdf\n", encoding="utf-8")
    assert read_sources(f) == ["http://a/r.pdf", "https://b/x.html#frag"]
    assert read_sources(tmp_path / "none.txt") == []
    assert read_sources(None) == []


def test_hash_cache_rehashes_only_files_whose_size_or_mtime_changed(tmp_path: Path) -> None:
    inbox, cache_file = tmp_path / "in", tmp_path / "hashes.json"
    inbox.mkdir()
    old = 1_600_000_000_000_000_000  # mtimes in the past: recent files are never trusted (racy)
    for name, body in (("a.txt", b"one"), ("b.txt", b"two"), ("c.txt", b"three")):
        (inbox / name).write_bytes(body)
        os.utime(inbox / name, ns=(old, old))

    first = HashCache(cache_file)
    found = scan_inboxes([inbox], first)
    assert first.hashed == 3 and cache_file.is_file()
    again = HashCache(cache_file)
    assert scan_inboxes([inbox], again) == found and again.hashed == 0  # nothing read again

    (inbox / "a.txt").write_bytes(b"ONE")  # same size, new mtime
    os.utime(inbox / "a.txt", ns=(old + 10**9, old + 10**9))
    (inbox / "b.txt").write_bytes(b"two!")  # new size, same mtime
    os.utime(inbox / "b.txt", ns=(old, old))
    third = HashCache(cache_file)
    shas = {Path(c.path).name: c.sha256 for c in scan_inboxes([inbox], third)}
    assert third.hashed == 2
    assert shas["a.txt"] == hashlib.sha256(b"ONE").hexdigest() and shas["b.txt"] == hashlib.sha256(b"two!").hexdigest()

    (inbox / "c.txt").write_bytes(b"THREE")  # just written: hashed now and again next run
    fresh = HashCache(cache_file)
    scan_inboxes([inbox], fresh)
    assert fresh.hashed == 1
    (inbox / "a.txt").unlink()
    later = HashCache(cache_file)
    scan_inboxes([inbox], later)
    assert later.hashed == 1  # c.txt, still recent
    assert sorted(Path(k).name for k in HashCache(cache_file).old) == ["b.txt", "c.txt"]  # a.txt forgotten

    cache_file.write_text("{not json", encoding="utf-8")  # a damaged cache costs one full hashing
    broken = HashCache(cache_file)
    assert len(scan_inboxes([inbox], broken)) == 2 and broken.hashed == 2
