"""HTTP sources: each kind of server answer gets the right outcome (served from 127.0.0.1)."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from flows.fetch import FetchLimits, FetchState, fetch_url, suffix_for
from tests.flows.httpserver import REPORT_ETAG, REPORT_MODIFIED, LocalServer, Routes

REPORT = "2023年度政府信息公开工作年度报告\n一、总体情况\n".encode()


@pytest.fixture
def server():
    routes = Routes()
    routes.report = REPORT
    with LocalServer(routes) as srv:
        yield srv


def test_download_then_304_from_remembered_validators(server: LocalServer, tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    state = FetchState.load(tmp_path / "fetch_state.json")
    url = server.url("/report.txt")

    first = fetch_url(url, state.get(url), downloads)
    assert first.outcome == "downloaded" and first.http_status == 200
    assert first.sha256 == hashlib.sha256(REPORT).hexdigest()
    assert Path(first.path).read_bytes() == REPORT
    assert Path(first.path).name == f"{first.sha256}.txt"
    assert (first.etag, first.last_modified) == (REPORT_ETAG, REPORT_MODIFIED)
    state.record(first)
    state.save()

    reloaded = FetchState.load(tmp_path / "fetch_state.json")  # validators survive the process
    second = fetch_url(url, reloaded.get(url), downloads)
    assert second.outcome == "not_modified" and second.http_status == 304
    assert second.sha256 == first.sha256 and second.path == first.path
    assert server.routes.conditional[-1] == {"If-None-Match": REPORT_ETAG, "If-Modified-Since": REPORT_MODIFIED}


def test_no_conditional_request_when_the_local_copy_is_gone(server: LocalServer, tmp_path: Path) -> None:
    url = server.url("/report.txt")
    first = fetch_url(url, None, tmp_path)
    state = FetchState.load(tmp_path / "state.json")
    state.record(first)
    Path(first.path).unlink()
    again = fetch_url(url, state.get(url), tmp_path)
    assert again.outcome == "downloaded"  # a 304 would leave nothing to extract
    assert server.routes.conditional[-1] == {"If-None-Match": "", "If-Modified-Since": ""}


def test_404_is_a_permanent_failure(server: LocalServer, tmp_path: Path) -> None:
    r = fetch_url(server.url("/nowhere.pdf"), None, tmp_path)
    assert (r.outcome, r.http_status, r.transient) == ("failed", 404, False)
    assert r.error == "HTTP 404"
    assert list(tmp_path.iterdir()) == []


def test_slow_server_hits_the_time_limit_and_may_be_retried(server: LocalServer, tmp_path: Path) -> None:
    server.routes.slow_seconds = 3.0
    t0 = time.monotonic()
    r = fetch_url(server.url("/slow"), None, tmp_path, FetchLimits(timeout=0.5))
    assert time.monotonic() - t0 < 2.5
    assert r.outcome == "failed" and r.transient
    assert "timed out" in r.error


def test_declared_oversized_body_is_refused_before_reading(server: LocalServer, tmp_path: Path) -> None:
    r = fetch_url(server.url("/big"), None, tmp_path, FetchLimits(max_bytes=1000))
    assert r.outcome == "failed" and not r.transient and r.http_status == 200
    assert "4096 bytes exceeds the 1000-byte limit" in r.error
    assert list(tmp_path.iterdir()) == []


def test_streamed_oversized_body_is_cut_off_and_leaves_no_file(server: LocalServer, tmp_path: Path) -> None:
    r = fetch_url(server.url("/big-chunked"), None, tmp_path, FetchLimits(max_bytes=3000))
    assert r.outcome == "failed" and not r.transient
    assert "exceeds the 3000-byte limit" in r.error
    assert list(tmp_path.iterdir()) == []


def test_redirects_are_followed_up_to_the_cap(server: LocalServer, tmp_path: Path) -> None:
    moved = fetch_url(server.url("/moved"), None, tmp_path)
    assert moved.outcome == "downloaded" and moved.sha256 == hashlib.sha256(REPORT).hexdigest()
    loop = fetch_url(server.url("/loop"), None, tmp_path, FetchLimits(max_redirects=3))
    assert loop.outcome == "failed" and not loop.transient and "more than 3 redirects" in loop.error
    assert server.routes.hits["/loop"] == 4  # the first request and three redirects


def test_only_http_and_https(server: LocalServer, tmp_path: Path) -> None:
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/report.txt", "report.txt"):
        r = fetch_url(url, None, tmp_path)
        assert r.outcome == "failed" and "only http and https" in r.error, url
    hop = fetch_url(server.url("/to-ftp"), None, tmp_path)
    assert hop.outcome == "failed" and not hop.transient


def test_server_errors_are_transient(server: LocalServer, tmp_path: Path) -> None:
    r = fetch_url(server.url("/flaky"), None, tmp_path)
    assert (r.outcome, r.http_status, r.transient) == ("failed", 503, True)
    assert fetch_url(server.url("/flaky"), None, tmp_path).outcome == "downloaded"


def test_connection_refused_is_transient(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = fetch_url(f"http://127.0.0.1:{port}/x", None, tmp_path, FetchLimits(timeout=2))
    assert r.outcome == "failed" and r.transient


def test_failure_keeps_the_previous_validators(tmp_path: Path) -> None:
    from flows.fetch import FetchResult

    state = FetchState(tmp_path / "s.json")
    state.record(FetchResult("http://x/r.pdf", "downloaded", 200, path="p", sha256="a" * 64, etag='"1"'))
    state.record(FetchResult("http://x/r.pdf", "failed", 503, error="HTTP 503", transient=True))
    entry = state.get("http://x/r.pdf")
    assert entry["etag"] == '"1"' and entry["sha256"] == "a" * 64 and entry["last_error"] == "HTTP 503"


def test_corrupt_state_file_starts_afresh(tmp_path: Path) -> None:
    p = tmp_path / "fetch_state.json"
    p.write_text("{not json", encoding="utf-8")
    assert FetchState.load(p).entries == {}


@pytest.mark.parametrize(
    ("url", "ctype", "suffix"),
    [
        ("http://a/b/report.PDF", None, ".pdf"),
        ("http://a/show?id=3", "text/html; charset=gb2312", ".html"),
        ("http://a/file", "application/octet-stream", ""),
    ],
)
def test_suffix_for(url: str, ctype: str | None, suffix: str) -> None:
    assert suffix_for(url, ctype) == suffix
