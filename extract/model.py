"""The data that leaves the extractor: a ``Report`` with its cells, issues and identity checks.

``Report.to_dict()`` is the public JSON shape of ``ogi extract --json`` (one object per report)
and the input of the warehouse loader, so its keys are a contract: change them only together
with transform/ and the README.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("info", "warning", "error")


@dataclass
class Source:
    """The file a report came from."""

    path: str
    sha256: str
    format: str
    bytes: int
    part: str | None = None  # the attachment or pictures of a report page the cells came from


@dataclass(slots=True)
class Cell:
    """One value of one table: codes from the codebook, the number, and where it was read."""

    section: str
    row: str
    column: str
    value: int | float
    raw: str
    table: str
    line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    html: tuple[int, int, int] | None = None  # web pages: 0-based <table>, <tr>, <td> in the DOM
    char_offset: int | None = None  # flattened text: where the value starts in the document's text

    def key(self) -> tuple[str, str, str]:
        return (self.section, self.row, self.column)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``page``/``bbox``, ``html_*`` and ``char_offset`` only where the format has them."""
        d: dict[str, Any] = {"section": self.section, "row": self.row, "column": self.column, "value": self.value,
                             "raw": self.raw, "table": self.table, "line": self.line}  # fmt: skip
        if self.page is not None:
            d["page"] = self.page
        if self.bbox is not None:
            d["bbox"] = tuple(self.bbox)
        if self.html is not None:
            d["html_table"], d["html_row"], d["html_cell"] = self.html
        if self.char_offset is not None:
            d["char_offset"] = self.char_offset
        return d


@dataclass
class Issue:
    """Something a user should know about a report: ``info`` facts, ``warning`` doubts, ``error``
    for a document that could not be read as a report at all."""

    severity: str
    code: str
    message: str
    section: str = ""
    row: str = ""
    column: str = ""


@dataclass
class IdentityCheck:
    """One arithmetic identity of the template evaluated on this report."""

    name: str
    section: str
    scope: str
    status: str  # held | failed | unchecked
    detail: str


@dataclass
class Report:
    """Everything extracted from one document."""

    source: Source
    agency: str | None = None
    year: int | None = None
    template: str = "unknown"  # 2019 | 2021 | hybrid | unknown
    section_templates: dict[str, str] = field(default_factory=dict)
    published_on: str | None = None
    title: str | None = None
    cells: list[Cell] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    identities: list[IdentityCheck] = field(default_factory=list)
    region: dict[str, Any] = field(default_factory=dict)
    extractor_version: str = ""
    # the narrative (extract/narrative.py): paragraphs by section, stated facts, text-vs-table checks
    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    text_checks: list[dict[str, Any]] = field(default_factory=list)

    def issue(self, severity: str, code: str, message: str, section: str = "", row: str = "", column: str = "") -> None:
        """Record an issue (the one way extraction code reports doubt)."""
        assert severity in SEVERITIES, severity
        self.issues.append(Issue(severity, code, message, section, row, column))

    @property
    def failed(self) -> bool:
        return any(i.severity == "error" for i in self.issues)

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape, built field by field (``dataclasses.asdict`` recurses and
        deep-copies generically: ~5 ms for a report of 180 cells, more than extracting it)."""
        s = self.source
        d: dict[str, Any] = {
            "source": {"path": s.path, "sha256": s.sha256, "format": s.format, "bytes": s.bytes}
            | ({"part": s.part} if s.part else {}),
            "agency": self.agency,
            "year": self.year,
            "template": self.template,
            "section_templates": dict(self.section_templates),
            "published_on": self.published_on,
            "title": self.title,
            "cells": [c.to_dict() for c in self.cells],
            "issues": [
                {"severity": i.severity, "code": i.code, "message": i.message, "section": i.section, "row": i.row,
                 "column": i.column}
                for i in self.issues
            ],  # fmt: skip
            "identities": [
                {"name": i.name, "section": i.section, "scope": i.scope, "status": i.status, "detail": i.detail}
                for i in self.identities
            ],
            "extractor_version": self.extractor_version,
            "paragraphs": self.paragraphs, "facts": self.facts, "text_checks": self.text_checks,  # plain dicts already
        }
        for k, v in self.region.items():
            d.setdefault(k, copy.deepcopy(v))
        return d
