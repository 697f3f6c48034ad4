"""Issue 13 as a class: generated narratives (agreeing, disagreeing, other scope, absent; fee
sentences) in every text layout are read back against their truth."""

from __future__ import annotations

import pytest

from bench.generator.model import TEXT_LAYOUTS, draw_report
from bench.generator.truth import facts_tsv
from tests.narrative.generated import score_generated


def test_text_layouts_facts_and_flags() -> None:
    """120 reports over the six text layouts, a quarter with a planted text/table disagreement."""
    s = score_generated(120, TEXT_LAYOUTS, seed=1)
    assert s.expected >= 400
    assert s.recall >= 0.98, s.recall
    assert s.wrong == []
    assert s.planted >= 25 and s.planted_flagged == s.planted
    assert s.false_flags == []
    assert s.statuses["agrees"] > 100 and s.statuses["not_comparable"] > 100


@pytest.mark.slow
def test_many_text_layout_reports() -> None:
    s = score_generated(600, TEXT_LAYOUTS, seed=2)
    assert s.recall >= 0.98 and s.wrong == [] and s.false_flags == [] and s.planted_flagged == s.planted


def test_planted_mismatch_is_recorded_in_the_truth() -> None:
    rep = draw_report(7, "tab", "text_mismatch")
    assert rep.defect == "text_mismatch" and rep.must_flag
    kind = rep.defect_detail["text_mismatch"]
    assert f"{kind}\t" in facts_tsv(rep)
    assert facts_tsv(rep).splitlines()[0] == "kind\tvalue\tunit\tscope"


@pytest.mark.slow
def test_html_docx_pdf_narratives() -> None:
    s = score_generated(30, ("html", "docx", "pdf"), seed=3)
    assert s.recall >= 0.98 and s.wrong == [] and s.false_flags == [] and s.planted_flagged == s.planted
