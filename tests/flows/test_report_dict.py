"""The flow's fast report dict is exactly ``Report.to_dict()`` (the loader's contract)."""

from __future__ import annotations

from pathlib import Path

from extract.model import Cell, IdentityCheck, Report, Source
from flows.report_dict import FAST, report_dict
from flows.stages import extract_report
from tests.flows.conftest import write_inbox


def test_report_dict_equals_to_dict_on_generated_reports(tmp_path: Path) -> None:
    assert FAST  # the extractor's dataclasses still have the fields the fast path knows
    for path in write_inbox(tmp_path, 8, seed=31, layouts=("tab", "cells", "md", "flat")):
        report = extract_report(path)
        assert report.cells
        assert report_dict(report) == report.to_dict()


def test_report_dict_keeps_page_bbox_and_region_facts_like_to_dict() -> None:
    report = Report(Source("a.pdf", "f" * 64, "pdf", 10), agency="修武县", year=2020, template="2019",
                    section_templates={"applications": "2019"}, region={"province": "河南省", "codes": ["41"]})  # fmt: skip
    report.cells = [
        Cell("applications", "new_received", "total", 3, "3", "applications", line=None, page=2, bbox=(1.0, 2.0, 3.0, 4.0)),
        Cell("applications", "carried_over", "total", 0, "0", "applications", line=7),
    ]
    report.issue("warning", "section_missing", "not found", section="active_disclosure")
    report.identities = [IdentityCheck("applicant_sum", "applications", "total", "held", "3 = 3")]
    fast, slow = report_dict(report), report.to_dict()
    assert fast == slow and list(fast) == list(slow) and list(fast["cells"][0]) == list(slow["cells"][0])
    assert "page" not in fast["cells"][1] and fast["cells"][0]["bbox"] == (1.0, 2.0, 3.0, 4.0)
    fast["codes"].append("x")  # region values are copies, as asdict makes them
    assert report.region["codes"] == ["41"]
