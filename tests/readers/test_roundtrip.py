"""A generated report read back from HTML, DOCX and PDF gives exactly the truth's cells."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from extract.pipeline import extract_path


def _truth(path: Path) -> dict[tuple[str, str, str], float]:
    with path.with_suffix(".tsv").open(encoding="utf-8") as f:
        return {(r["section"], r["row"], r["column"]): float(r["value"]) for r in csv.DictReader(f, delimiter="\t")}


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_cells_identical_to_truth(generated: dict[str, Path], fmt: str) -> None:
    if fmt not in generated:
        pytest.skip("no CJK font to print the PDF")
    report = extract_path(generated[fmt])
    got = {(c.section, c.row, c.column): float(c.value) for c in report.cells}
    assert got == _truth(generated[fmt])
    assert not [i for i in report.issues if i.severity in ("warning", "error")]
