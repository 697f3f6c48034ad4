"""Fixtures of issue 15: one generated report, its truth, and its legacy Word rendering."""

from __future__ import annotations

import shutil

import pytest

from bench.generator.model import GenReport
from bench.generator.truth import truth_rows
from bench.web_fixtures import fixture_report, legacy_doc

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


@pytest.fixture(scope="session")
def web_report() -> GenReport:
    return fixture_report()


@pytest.fixture(scope="session")
def truth(web_report: GenReport) -> dict[tuple[str, str, str], float]:
    return {(s, r, c): float(v) for s, r, c, v, _ in truth_rows(web_report)}


@pytest.fixture(scope="session")
def doc_bytes(web_report: GenReport) -> bytes:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    return legacy_doc(web_report)


def cells_of(report) -> dict[tuple[str, str, str], float]:
    return {(c.section, c.row, c.column): float(c.value) for c in report.cells}
