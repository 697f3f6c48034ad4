"""Issue 17 #6: the same bytes under a wrong suffix are read by content, and a duplicate of a
failed document gets its own try under its own name."""

from __future__ import annotations

from pathlib import Path

import pytest

import flows.stages
from extract.pipeline import extract_path
from extract.readers import sniff_format
from flows.discover import Candidate, plan, scan_inboxes
from flows.ingest import extract_one, read_plan, write_plan
from tests.flows.conftest import write_inbox


def test_content_decides_the_format():
    assert sniff_format("某县2020年政府信息公开工作年度报告\n".encode(), ".png") == "txt"
    assert sniff_format("某县\n".encode("gb18030"), ".docx") == "txt"
    assert sniff_format(b"<html><body>x</body></html>", ".txt") == "html"
    assert sniff_format(b"<table><tr><td>1</td></tr></table>", ".png") == "html"
    assert sniff_format(b"%PDF-1.7\n", ".html") == "pdf"
    assert sniff_format(b"\x89PNG\r\n\x1a\n", ".txt") == "image"
    assert sniff_format(b"PK\x03\x04rest", ".txt") == "docx"
    assert sniff_format("# 标题\n".encode(), ".md") == "md"
    assert sniff_format(b"\x00\x01\x02garbage", ".png") == "image"  # neither magic nor text: the suffix's reader says why


def test_a_text_report_saved_as_png_is_read(tmp_path: Path):
    [report] = write_inbox(tmp_path / "in", 1, seed=3, layouts=("tab",))
    copy = tmp_path / "a_copy.png"
    copy.write_bytes(report.read_bytes())
    result = extract_path(copy, guard=False)
    assert not result.failed and len(result.cells) == len(extract_path(report, guard=False).cells) > 50


def test_duplicates_of_another_suffix_travel_with_the_document(tmp_path: Path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name in ("a_copy.png", "b_report.txt", "c_again.txt"):
        (inbox / name).write_bytes(b"same bytes\n")
    work = plan(scan_inboxes([inbox]), {}, set())
    [doc] = work.to_extract
    assert Path(doc.origin).name == "a_copy.png"
    assert [Path(o).name for _, o in doc.alternates] == ["b_report.txt"]  # one try per suffix
    assert read_plan(write_plan(work.to_extract, tmp_path / "plan.json")) == work.to_extract


def test_a_known_failure_is_tried_again_under_another_suffix():
    c = Candidate("in/b_report.txt", "s1", 3, "in/b_report.txt")
    work = plan([c], {"s1": "failed"}, set(), failed_paths={"s1": "in/a_copy.png"})
    assert work.to_extract == [c]
    work = plan([c], {"s1": "failed"}, set(), failed_paths={"s1": "in/old_name.txt"})
    assert work.known == [c] and not work.to_extract  # same suffix: the same failure, not repeated


def test_extraction_falls_back_to_the_alternate_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    [report] = write_inbox(tmp_path / "in", 1, seed=5, layouts=("tab",))
    bad = tmp_path / "in" / "a_copy.bin"
    bad.write_bytes(report.read_bytes())
    real = flows.stages.extract_report

    def picky(path, *args, **kwargs):  # a reader that, like the old sniffing, fails on one name
        if str(path).endswith(".bin"):
            from extract.readers import ReaderError

            raise ReaderError("unsupported_format", "no reader for .bin")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(flows.stages, "extract_report", picky)
    c = Candidate(str(bad), "sha", 1, str(bad), alternates=((str(report), str(report)),))
    result = extract_one(c)
    assert result["document"]["status"] == "ok" and result["document"]["path"] == str(report)
    assert result["report"]["source"]["path"] == str(report) and result["report"]["cells"]
