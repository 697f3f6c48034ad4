"""One report, many layouts: the same cells come out of each.

The markdown fixture of test_inputs is re-laid as tab rows, space-aligned columns (pdftotext
-layout), one cell per line with and without a tab indent, and flattened text."""

from __future__ import annotations

import re

import pytest

from extract.pipeline import extract_bytes
from tests.extract.test_inputs import MD_REPORT


def _rows(text: str):
    for line in text.split("\n"):
        if re.match(r"^\|?\s*-{3}", line):
            continue
        if line.startswith("|"):
            yield [c.strip() for c in line.strip().strip("|").split("|")]
        else:
            yield line


def relayout(style: str) -> str:
    out: list[str] = []
    for row in _rows(MD_REPORT):
        if isinstance(row, str):
            out.append(row)
            continue
        if style == "tabs":
            out.append("\t".join(row))
        elif style == "spaces":
            out.append("   ".join(c if c else " " for c in row))
        elif style == "cells":
            out.append("")
            out.extend("\t" + c for c in row)
        elif style == "bare_cells":
            out.extend(c for c in row if c)
    return "\n".join(out)


def _cells(report):
    return {(c.section, c.row, c.column): c.value for c in report.cells}


BASE = _cells(extract_bytes(MD_REPORT.encode(), "r.md"))


def _silent_wrong(report, got: dict) -> dict:
    """Cells that differ from the markdown original in a section carrying no warning or error."""
    flagged = {i.section for i in report.issues if i.severity in ("warning", "error")}
    return {k: v for k, v in got.items() if BASE.get(k) != v and k[0] not in flagged}


@pytest.mark.parametrize("style", ["tabs", "cells"])
def test_separated_layouts_give_identical_cells(style):
    report = extract_bytes(relayout(style).encode(), "r.txt")
    assert _cells(report) == BASE
    assert not [i for i in report.issues if i.severity != "info"], report.issues


@pytest.mark.parametrize("style", ["spaces", "bare_cells"])
def test_unseparated_layouts_are_right_or_flagged(style):
    report = extract_bytes(relayout(style).encode(), "r.txt")
    got = _cells(report)
    assert _silent_wrong(report, got) == {}
    # the fully printed rows of section three survive
    assert got[("applications", "new_received", "total")] == 12
    assert got[("applications", "outcome_total", "natural_person")] == 10


def test_flattened_layout_recovers_section_three():
    flat = re.sub(r"\s*\|\s*", "", relayout("spaces"))
    flat = re.sub(r"(?<=\d) {3}(?=\d)", "", flat)  # glue the digits of each row
    report = extract_bytes(flat.encode(), "r.txt")
    got = _cells(report)
    assert _silent_wrong(report, got) == {}
    assert got[("applications", "new_received", "natural_person")] == 10
    assert got[("applications", "new_received", "total")] == 12
