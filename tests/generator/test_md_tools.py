"""The ``md_tools`` layout (issue 10): each converter form printed on purpose, then read back exact.

Every style class of ``render_md_tools`` is forced on a few drawn reports; the text must show the
form (so the generator cannot silently stop printing it) and the extractor must read every cell of
the truth, with no warning on a clean report.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from bench.generator.model import draw_report
from bench.generator.render_md_tools import MdTools
from bench.generator.roundtrip import compare
from extract.pipeline import extract_bytes

SEEDS = (3, 8, 21)


def _clean(seed: int, variant: str = ""):
    """A report with no declared defect (the letter defect is drawn per seed: skip those)."""
    while True:
        rep = draw_report(seed, "md_tools", variant=variant)
        if not rep.defect:
            return rep
        seed += 1000


def _round_trip(rep, text: str) -> None:
    out = compare(rep, extract_bytes(text.encode(), "report.md").to_dict())
    assert out.ok, out.describe() + "\n" + text[:3000]


FORMS = {
    # MinerU / olmOCR: HTML tables, one <tr> per line or the whole table on one line
    "html_lines": (dict(tool="html", one_line=False, paddle=False, thead=True, tbody=True, br=0.6), r"<thead>\n<tr><th rowspan=\"3\" colspan=\"3\">"),
    "html_one_line": (dict(tool="html", one_line=True, paddle=False, thead=False, tbody=False), r"\n<table><tr><td[^\n]*</table>\n"),
    "paddle": (dict(tool="html", paddle=True), r"\n<html><body><table>[^\n]*</table></body></html>\n"),
    # docling / marker: repeated merged cells, flattened headers, no separator, ragged rows
    "docling_repeat": (dict(tool="pipe", repeat=True, flatten="none", no_separator=False, ragged=False, lead_col=False), r"\| 申请人情况 \| 申请人情况 \|"),
    "docling_flat_dot": (dict(tool="pipe", repeat=True, flatten="dot", no_separator=True, ragged=True), r"申请人情况\.自然人"),
    "docling_flat_space": (dict(tool="pipe", repeat=True, flatten="space", lead_col=True, escaped_pipe=1.0), r"\|  \| [^\n]*申请人情况 自然人"),
    "pipes_blank_spans": (dict(tool="pipe", repeat=False, ragged=True, br=0.0, lead_col=False, escaped_pipe=0.0), r"\n\| 一、本年新收政府信息公开申请数量 \| +\|"),
    # OCR number forms
    "noise": (dict(fullwidth=True, thousands=True, latex=1.0), r"\$ ?[０-９][０-９，]* ?\$"),
    "fullwidth_labels_and_commas": (dict(fw_labels=True, fw_comma=True, thousands=True, fullwidth=False), r"１．属于"),
    "vertical_group_label": (dict(vertical=True, tool="pipe", repeat=True), r"三<br>、<br>本<br>年"),
    "blank_marks": (dict(blank="—", tool="pipe"), r"\| — \|", "cells_blank"),
    "one_dash_separator": (dict(tool="pipe", sep=":-", no_separator=False), r"\n\|:-\|:-\|"),
    # docling joins the two parts of a cut table: header rows and a separator mid-table
    "glued_parts": (dict(tool="pipe", page_break=1.0, repeat_header=True, glued=True, sep=":-"), r"\|:-\|(?:.*\n)+\|:-\|"),
    # a page break inside section three, the header repeated
    "page_break": (dict(page_break=1.0, repeat_header=True), r"(?s)勾稽关系.*勾稽关系"),
}


def test_minus_sign_reads_as_minus() -> None:
    """``−3`` (U+2212, as LaTeX/MathML converters print a negative change) is -3."""
    for seed in (9, 10, 27):
        rep = _clean(seed)
        m = MdTools(rep)
        m.st = replace(m.st, minus="−", latex=0.5)
        text = m.render()
        assert re.search(r"−\d", text)
        _round_trip(rep, text)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_md_tools_form_round_trips(form: str) -> None:
    overrides, shows, *variant = FORMS[form]
    for seed in SEEDS:
        rep = _clean(seed, *variant)
        m = MdTools(rep)
        m.st = replace(m.st, **overrides)
        text = m.render()
        if "三、收到和处理" not in text or "勾稽关系" not in text:
            continue
        assert re.search(shows, text), f"{form} not printed:\n{text[:2500]}"
        _round_trip(rep, text)


def test_letter_for_a_digit_is_a_declared_defect(tmp_path: Path) -> None:
    """``1O5`` / ``l2``: the cell is unknowable, the report must be flagged, nothing silent."""
    from bench.generator.roundtrip import roundtrip

    reps = [r for r in (draw_report(s, "md_tools") for s in range(60)) if r.defect == "ocr_letter"]
    assert len(reps) >= 5
    for rep in reps:
        noisy = rep.defect_detail["ocr_letters"]
        text = MdTools(rep).render().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        for v in noisy.values():
            assert re.search(r"[OolI]", v)
            assert re.search(rf"[>|]\s*\$?\s*{re.escape(v)}\s*\$?\s*[<|]", text), v
        out = roundtrip(rep, tmp_path)
        assert out.flagged and out.silent == 0, out.describe()
