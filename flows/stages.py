"""The extraction stage as the CLI and the flow run it: read once, extract, add report facts."""

from __future__ import annotations

from pathlib import Path

from extract.model import Report
from extract.pipeline import extract_file


def extract_report(path: str | Path, agency: bool = True, guard: bool = True) -> Report:
    """Extract one file and (unless ``agency`` is False) resolve who published it."""
    report, doc = extract_file(path, guard)
    if agency and doc is not None:
        from transform.report_facts import add_agency_facts

        add_agency_facts(report, doc.text)
    return report
