"""What a run did, in numbers: the table printed at the end of ``ogi run`` and its JSON form.

Kept apart from the flow so the numbers are one plain dataclass (returned by the flow, asserted
by tests, printed by the CLI) and the rendering never influences the run.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

STAGES = ("discover", "fetch", "extract", "load", "models", "export", "site")


@dataclass
class RunSummary:
    """Counts and timings of one ingestion run."""

    found: int = 0  # distinct documents found (inbox files + fetched URLs), by content
    hashed: int = 0  # inbox files hashed now (the others' hashes came from the discovery cache)
    duplicates: int = 0  # files whose content another file of the run already had
    extracted: int = 0  # documents read by the extractor in this run
    from_staging: int = 0  # extracted by an earlier, interrupted run; loaded now
    runner: str = ""  # where extraction ran (threads, process pool, dask)
    chunk_size: int = 0  # documents per extraction task
    documents_new: int = 0
    documents_unchanged: int = 0
    documents_failed: int = 0
    documents_reextracted: int = 0  # read by an older extractor before, replaced by today's reading
    reports: int = 0
    cells: int = 0
    issues_by_severity: dict[str, int] = field(default_factory=dict)
    urls: int = 0
    fetch_outcomes: dict[str, int] = field(default_factory=dict)  # downloaded | not_modified | failed
    failures: list[dict[str, str]] = field(default_factory=list)  # {"path", "error"} of failed docs/URLs
    stage_seconds: dict[str, float] = field(default_factory=dict)
    stage_notes: dict[str, str] = field(default_factory=dict)  # e.g. models: "skipped: nothing new"
    exports: list[str] = field(default_factory=list)
    total_seconds: float = 0.0
    ok: bool = True
    error: str | None = None

    def add_load(self, stats: Any) -> None:
        """Accumulate a warehouse ``LoadStats`` (one per loaded batch)."""
        self.documents_new += stats.documents_new
        self.documents_unchanged += stats.documents_unchanged
        self.documents_failed += stats.documents_failed
        self.documents_reextracted += stats.documents_reextracted
        self.reports += stats.reports
        self.cells += stats.cells
        for sev, n in (stats.issues_by_severity or {}).items():
            self.issues_by_severity[sev] = self.issues_by_severity.get(sev, 0) + n

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def headline(self) -> str:
        """One line for logs and cron mail."""
        if not self.ok:
            return f"run FAILED: {self.error}"
        if self.extracted == 0 and self.from_staging == 0 and self.documents_new == 0:
            return f"nothing new: {self.documents_unchanged} documents unchanged, nothing extracted"
        again = f"{self.documents_reextracted} re-extracted (new extractor), " if self.documents_reextracted else ""
        return (
            f"{self.documents_new} new, {again}{self.documents_unchanged} unchanged, "
            f"{self.documents_failed} failed; {self.extracted} extracted in {self.total_seconds:.1f} s"
        )

    def table(self) -> Table:
        t = Table(title="ogi run", show_header=True, header_style="bold")
        t.add_column("what")
        t.add_column("count / seconds", justify="right")
        t.add_column("note")
        rows: list[tuple[str, str, str]] = [
            ("documents found", str(self.found), f"{self.duplicates} duplicate files" if self.duplicates else ""),
            ("  files hashed", str(self.hashed), "the rest unchanged since the last run (size, mtime)"),
            ("  extracted now", str(self.extracted),
             f"on {self.runner}, {self.chunk_size} per task" if self.extracted and self.runner else ""),
            ("  loaded from staging", str(self.from_staging), "left by an interrupted run" if self.from_staging else ""),
            ("documents new", str(self.documents_new), ""),
            ("documents unchanged", str(self.documents_unchanged), ""),
            ("documents re-extracted", str(self.documents_reextracted),
             "read by an older extractor version: replaced" if self.documents_reextracted else ""),
            ("documents failed", str(self.documents_failed), "recorded in documents.status/error" if self.documents_failed else ""),
            ("reports", str(self.reports), ""),
            ("cells", str(self.cells), ""),
        ]
        for sev in ("info", "warning", "error"):
            rows.append((f"issues: {sev}", str(self.issues_by_severity.get(sev, 0)), ""))
        if self.urls:
            fetched = ", ".join(f"{k} {v}" for k, v in sorted(self.fetch_outcomes.items()))
            rows.append(("URLs", str(self.urls), fetched))
        for stage in STAGES:
            if stage in self.stage_seconds or stage in self.stage_notes:
                secs = self.stage_seconds.get(stage)
                rows.append((f"time: {stage}", f"{secs:.2f}" if secs is not None else "-", self.stage_notes.get(stage, "")))
        rows.append(("time: total", f"{self.total_seconds:.2f}", ""))
        for r in rows:
            t.add_row(*r)
        return t

    def print(self, console: Console | None = None, max_failures: int = 20) -> None:
        console = console or Console(stderr=True)
        console.print(self.table())
        for f in self.failures[:max_failures]:
            console.print(Text.assemble(("failed ", "red"), f"{f['path']}: {f['error']}"))
        if len(self.failures) > max_failures:
            console.print(f"... and {len(self.failures) - max_failures} more failures")
        style = "bold red" if not self.ok else "bold green"
        console.print(self.headline(), style=style, highlight=False)
