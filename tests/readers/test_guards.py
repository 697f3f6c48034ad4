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
