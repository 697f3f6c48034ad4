"""Fixtures of the reader tests: generated documents (never fetched) and the CJK font check."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.readers_fixtures import cjk_font, write_fixtures


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One generated report as HTML, DOCX and PDF (the PDF needs a CJK font to embed)."""
    formats = ("html", "docx", "pdf") if cjk_font() else ("html", "docx")
    return write_fixtures(tmp_path_factory.mktemp("readers"), seed=7, formats=formats)


@pytest.fixture(scope="session")
def font() -> str:
    path = cjk_font()
    if path is None:
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-microhei)")
    return path
