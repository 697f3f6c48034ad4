"""Shared data for the agency-resolution tests: the seeds and the labelled corpus in ../shared."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
NAMES = Path(__file__).resolve().parent / "names.tsv"


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@cache
def document_text(path: Path) -> str:
    """The report text as the text extractor would hand it over (PDF via its text layer)."""
    if path.suffix == ".pdf":
        pdfplumber = pytest.importorskip("pdfplumber")
        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    return path.read_text(encoding="utf-8")


def corpus_file(report_id: str) -> Path:
    matches = sorted(p for p in CORPUS.glob(f"{report_id}.*") if p.is_file())
    assert matches, f"no corpus file for {report_id}"
    return matches[0]


def require(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is absent")
