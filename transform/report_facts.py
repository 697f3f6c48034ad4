"""Report facts that need more than the document: who published it, where (issue 7).

Runs after extraction on the Report and the text the extractor read, so every caller
(``ogi extract``, the ingestion flow) adds the same fields the same way.
"""

from __future__ import annotations

from extract.model import Report

# The agency resolver reads the title lines and looks for place clues (parent county, postal
# code, site domain) in the body. A report is 5-30 KB; its clues are in the title region, the
# preamble and the sign-off. A text of megabytes is a report followed by pages of something else,
# and scanning all of it (the resolver keeps every run of Chinese characters) cost several times
# the file (issue 17), so only its head and tail are read.
BODY_HEAD_CHARS = 256 * 1024
BODY_TAIL_CHARS = 64 * 1024


def body_sample(text: str) -> str:
    """The text itself when report-sized; else its first and last parts, joined by a newline."""
    if len(text) <= BODY_HEAD_CHARS + BODY_TAIL_CHARS:
        return text
    return text[:BODY_HEAD_CHARS] + "\n" + text[-BODY_TAIL_CHARS:]


def add_agency_facts(report: Report, text: str) -> None:
    """Resolve the report's agency into region, kind and agency_id; its doubts become issues."""
    if report.failed:
        return
    from transform.agency import resolve  # loads the gazetteer on first use

    res = resolve(report.agency, report.year, body_sample(text))
    report.region.update(res.to_fields())
    for severity, code, message in res.issues:
        report.issue(severity, code, message)
