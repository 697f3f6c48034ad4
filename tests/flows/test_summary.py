"""The run summary: what a no-op run says, what the table shows."""

from __future__ import annotations

import io

from rich.console import Console

from flows.summary import RunSummary
from transform.warehouse import LoadStats


def test_nothing_new_is_said_plainly() -> None:
    s = RunSummary(found=5, documents_unchanged=5)
    assert s.headline() == "nothing new: 5 documents unchanged, nothing extracted"


def test_load_stats_accumulate_and_render() -> None:
    s = RunSummary(found=3, extracted=3, runner="threads (2)")
    s.add_load(LoadStats(2, 0, 1, 2, 100, {"warning": 2, "info": 1}))
    s.add_load(LoadStats(1, 0, 0, 1, 50, {"warning": 1}))
    s.failures.append({"path": "inbox/[odd] name.txt", "error": "not_a_report: no tables"})
    s.stage_seconds = {"extract": 1.5, "load": 0.25}
    s.stage_notes = {"models": "skipped: nothing new"}
    assert (s.documents_new, s.documents_failed, s.cells) == (3, 1, 150)
    assert s.issues_by_severity == {"warning": 3, "info": 1}
    buf = io.StringIO()
    s.print(Console(file=buf, width=120))
    out = buf.getvalue()
    for text in ("documents new", "issues: warning", "time: extract", "skipped: nothing new", "on threads (2)",
                 "failed inbox/[odd] name.txt: not_a_report"):  # fmt: skip
        assert text in out, text


def test_failed_run_headline() -> None:
    s = RunSummary(ok=False, error="ModelsError: dbt build failed")
    assert s.headline() == "run FAILED: ModelsError: dbt build failed"
