"""The human-readable view of one extracted report (``ogi extract`` without ``--json``)."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from extract.model import Report


def print_summary(report: Report, console: Console | None = None) -> None:
    console = console or Console()
    console.print(
        f"[bold]{report.source.path}[/bold]  agency={report.agency or '?'}  year={report.year or '?'}  "
        f"template={report.template}  published_on={report.published_on or '-'}"
    )
    counts = Counter(c.section for c in report.cells)
    ids = Counter((i.section, i.status) for i in report.identities)
    table = Table("section", "cells", "identities held", "failed", "unchecked")
    for section in ("active_disclosure", "applications", "review_litigation"):
        table.add_row(
            section,
            str(counts.get(section, 0)),
            str(ids.get((section, "held"), 0)),
            str(ids.get((section, "failed"), 0)),
            str(ids.get((section, "unchecked"), 0)),
        )
    console.print(table)
    for issue in report.issues:
        if issue.severity == "info":
            continue
        where = "/".join(x for x in (issue.section, issue.row, issue.column) if x)
        colour = "red" if issue.severity == "error" else "yellow"
        console.print(f"  [{colour}]{issue.severity}[/] {escape(issue.code)} {escape(where)}: {escape(issue.message)}")
