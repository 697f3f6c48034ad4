"""Report facts that need more than the document: who published it, where (issue 7).

Runs after extraction on the Report and the text the extractor read, so every caller
(``ogi extract``, the ingestion flow) adds the same fields the same way.
"""

from __future__ import annotations

from extract.model import Report


def add_agency_facts(report: Report, text: str) -> None:
    """Resolve the report's agency into region, kind and agency_id; its doubts become issues."""
    if report.failed:
        return
    from transform.agency import resolve  # loads the gazetteer on first use

    res = resolve(report.agency, report.year, text)
    report.region.update(res.to_fields())
    for severity, code, message in res.issues:
        report.issue(severity, code, message)
