"""A large text file costs a bounded multiple of its size (issue 17: 19 MB once took 35×).

Three shapes of padding after a real report (long paragraphs, many short tab rows, the report
repeated) are extracted in-process under ``tracemalloc``; the peak of Python allocations, the
agency resolver included, must stay under ten times the file. The gazetteer is loaded before
measuring: it is a fixed cost of the process, not of the file. ``bench.text_memory`` prints the
same ratio as peak RSS for 19 MB files in fresh processes.
"""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

import pytest

from bench.text_memory import shapes
from extract.pipeline import extract_bytes_with_document
from transform.report_facts import add_agency_facts

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "tab_000000.txt"
SIZE = 1_000_000
MAX_RATIO = 10.0


def _extract(data: bytes):
    report, doc = extract_bytes_with_document(data, "big.txt", guard=False)
    assert doc is not None
    add_agency_facts(report, doc.text)
    return report


@pytest.fixture(scope="module")
def normal():
    """The sample report alone, extracted once (loads the gazetteer and compiles patterns)."""
    return _extract(SAMPLE.read_bytes())


@pytest.mark.parametrize("shape", ["short tab rows", "report repeated"])
def test_large_text_peak_memory_is_bounded(shape: str, normal) -> None:
    data = shapes(SAMPLE.read_bytes(), SIZE)[shape]
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        report = _extract(data)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    ratio = peak / len(data)
    assert ratio <= MAX_RATIO, f"{shape}: peak {peak / 1e6:.1f} MB for a {len(data) / 1e6:.1f} MB file ({ratio:.1f}x)"
    # the padding changes nothing: the report's own cells and facts are read as when alone
    assert len(normal.cells) > 100
    assert [(c.section, c.row, c.column, c.value, c.line) for c in report.cells] == [
        (c.section, c.row, c.column, c.value, c.line) for c in normal.cells
    ]
    assert (report.agency, report.year, report.region.get("agency_id")) == (
        normal.agency,
        normal.year,
        normal.region.get("agency_id"),
    )
