"""A Report as the loader's dict, built field by field — the same dict as ``Report.to_dict()``.

``Report.to_dict()`` uses ``dataclasses.asdict``, which recurses generically and deep-copies
every value: ~5 ms for a report of 180 cells, more than extracting it (~3 ms). At 100k reports
a run spends minutes there. This builds the identical dict with attribute access only. If the
extractor's dataclasses gain or lose a field, the fast path steps aside and ``to_dict()`` is
used, so the contract stays the extractor's (tests/flows/test_report_dict.py checks equality).
"""

from __future__ import annotations

import copy
from dataclasses import fields
from typing import Any

from extract.model import Cell, IdentityCheck, Issue, Report, Source

_EXPECTED = {
    Report: ("source", "agency", "year", "template", "section_templates", "published_on", "title",
             "cells", "issues", "identities", "region", "extractor_version"),
    Source: ("path", "sha256", "format", "bytes"),
    Cell: ("section", "row", "column", "value", "raw", "table", "line", "page", "bbox"),
    Issue: ("severity", "code", "message", "section", "row", "column"),
    IdentityCheck: ("name", "section", "scope", "status", "detail"),
}  # fmt: skip
FAST = all(tuple(f.name for f in fields(cls)) == names for cls, names in _EXPECTED.items())


def _cell(c: Cell) -> dict[str, Any]:
    d = {"section": c.section, "row": c.row, "column": c.column, "value": c.value, "raw": c.raw,
         "table": c.table, "line": c.line}  # fmt: skip
    if c.page is not None:
        d["page"] = c.page
    if c.bbox is not None:
        d["bbox"] = tuple(c.bbox)
    return d


def report_dict(report: Report) -> dict[str, Any]:
    """``report.to_dict()``, several times faster."""
    if not FAST:
        return report.to_dict()
    s = report.source
    d: dict[str, Any] = {
        "source": {"path": s.path, "sha256": s.sha256, "format": s.format, "bytes": s.bytes},
        "agency": report.agency,
        "year": report.year,
        "template": report.template,
        "section_templates": dict(report.section_templates),
        "published_on": report.published_on,
        "title": report.title,
        "cells": [_cell(c) for c in report.cells],
        "issues": [
            {"severity": i.severity, "code": i.code, "message": i.message, "section": i.section, "row": i.row, "column": i.column}
            for i in report.issues
        ],
        "identities": [
            {"name": i.name, "section": i.section, "scope": i.scope, "status": i.status, "detail": i.detail}
            for i in report.identities
        ],
        "extractor_version": report.extractor_version,
    }
    for k, v in report.region.items():
        d.setdefault(k, copy.deepcopy(v))
    return d
