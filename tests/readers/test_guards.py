"""Per-document guards: time and memory limits in a child process."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.readers import ReaderError
from extract.readers.guards import check_size, read_guarded, read_path_guarded


def test_guarded_read_returns_the_document(shared: Path) -> None:
    doc = read_path_guarded(shared / "corpus" / "hongze_2024.pdf", seconds=60)
    assert any(ln.text == "行政许可\t9487" for ln in doc.lines)


def test_time_limit_stops_the_reader(shared: Path) -> None:
    data = (shared / "corpus" / "hongze_2024.pdf").read_bytes()
    with pytest.raises(ReaderError) as err:
        read_guarded(data, ".pdf", seconds=0.001)
    assert err.value.code == "time_limit"


def test_memory_limit_is_reported(shared: Path) -> None:
    data = (shared / "corpus" / "hongze_2024.pdf").read_bytes()
    with pytest.raises(ReaderError) as err:
        read_guarded(data, ".pdf", seconds=60, memory_mb=32)
    assert err.value.code in ("memory_limit", "reader_crashed")


def test_reader_errors_cross_the_process_boundary() -> None:
    with pytest.raises(ReaderError) as err:
        read_guarded(b"%PDF-1.4 broken", ".pdf", seconds=30)
    assert err.value.code == "pdf_truncated"


def test_size_limit() -> None:
    with pytest.raises(ReaderError):
        check_size(b"x" * 2048, max_mb=0)


SPAN_BOMB = (
    "<html><body><h1>某某县人民政府2020年政府信息公开工作年度报告</h1><h2>三、收到和处理政府信息公开申请情况</h2><table>"
    + "".join("<tr>" + "<td rowspan=200 colspan=200>1</td>" * 10 + "</tr>" for _ in range(2000))
    + "</table></body></html>"
).encode()


def test_html_span_bomb_is_clamped_and_read_under_the_guard() -> None:
    """Issue 17 #2: 698 KB of <td rowspan=200 colspan=200> took 128 s and 8 GB; now a few seconds."""
    import time

    from extract.pipeline import extract_bytes

    assert len(SPAN_BOMB) > 690_000
    t0 = time.monotonic()
    doc = read_guarded(SPAN_BOMB, ".html", seconds=60, memory_mb=1024)
    assert time.monotonic() - t0 < 30
    assert all(ln.text.count("\t") < 64 for ln in doc.lines)  # the grid is clamped to 64 columns
    report = extract_bytes(SPAN_BOMB, "bomb.html")
    assert report.failed and not report.cells


def test_every_format_is_read_under_the_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """HTML (and large text) go through the child process like PDF, DOCX and images."""
    import extract.readers.guards as guards
    from extract.pipeline import extract_bytes

    calls: list[str] = []
    real = guards.read_guarded
    monkeypatch.setattr(guards, "read_guarded", lambda data, suffix: calls.append(suffix) or real(data, suffix))
    extract_bytes(b"<html><body><p>x</p></body></html>", "a.html")
    extract_bytes(b"x\n" * (guards.TEXT_IN_PROCESS_BYTES // 2 + 1), "big.txt")
    extract_bytes("某县2020年政府信息公开工作年度报告\n".encode(), "small.txt")
    assert calls == [".html", ".txt"]


def _guarded_in_daemon(queue) -> None:  # the body of a daemonic worker (a Dask worker is one)
    try:
        read_guarded(b"<html><body>" + b"<div>" * 10 + b"x" + b"</div>" * 10 + b"</body></html>", ".html", seconds=30)
        queue.put("guarded read ok")
    except Exception as exc:  # noqa: BLE001 - reported to the test
        queue.put(f"{type(exc).__name__}: {exc}")


def test_the_guard_holds_in_a_daemonic_worker() -> None:
    """Issue 17 #5: under --dask the guard was skipped ('daemonic processes are not allowed to have children')."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_guarded_in_daemon, args=(queue,), daemon=True)
    proc.start()
    try:
        assert queue.get(timeout=60) == "guarded read ok"
    finally:
        proc.join(10)
