"""The public JSON of a Report (``ogi extract --json`` and the loader's input)."""

from __future__ import annotations

import copy
import dataclasses

from extract.model import Cell, IdentityCheck, Report, Source
from extract.pipeline import extract_bytes


def _reference(report: Report) -> dict:
    """What dataclasses.asdict gives, shaped like the contract (page/bbox/locators only when set)."""
    d = dataclasses.asdict(report)
    for c in d["cells"]:
        for key in ("page", "bbox"):
            if c[key] is None:
                del c[key]
        if "bbox" in c:
            c["bbox"] = tuple(c["bbox"])
        html = c.pop("html")
        if html is not None:  # web pages: the <table>, <tr>, <td> of the value
            c["html_table"], c["html_row"], c["html_cell"] = html
        if c["char_offset"] is None:
            del c["char_offset"]
    for k, v in d.pop("region").items():
        d.setdefault(k, copy.deepcopy(v))
    if d["source"]["part"] is None:  # the part of a report page, only when the report came from one
        del d["source"]["part"]
    return d


def test_to_dict_equals_the_generic_dataclass_dump(shared):
    for seed in sorted((shared / "seeds").glob("*.txt")):
        report = extract_bytes(seed.read_bytes(), seed.name)
        assert report.to_dict() == _reference(report)


def test_to_dict_keeps_page_bbox_and_copies_region_facts():
    report = Report(Source("a.pdf", "f" * 64, "pdf", 10), agency="修武县", year=2020, template="2019",
                    section_templates={"applications": "2019"}, region={"province": "河南省", "codes": ["41"]})  # fmt: skip
    report.cells = [
        Cell("applications", "new_received", "total", 3, "3", "applications", line=None, page=2, bbox=(1.0, 2.0, 3.0, 4.0)),
        Cell("applications", "carried_over", "total", 0, "0", "applications", line=7),
    ]
    report.issue("warning", "section_missing", "not found", section="active_disclosure")
    report.identities = [IdentityCheck("applicant_sum", "applications", "total", "held", "3 = 3")]
    d = report.to_dict()
    assert d == _reference(report)
    assert "page" not in d["cells"][1] and d["cells"][0]["bbox"] == (1.0, 2.0, 3.0, 4.0)
    assert d["province"] == "河南省" and "region" not in d
    d["codes"].append("x")
    assert report.region["codes"] == ["41"]
