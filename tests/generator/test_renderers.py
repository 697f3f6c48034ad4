"""Each renderer prints what the real layouts print: spans, merged cells, a text layer, pixels."""

from __future__ import annotations

import io
import re
import zipfile

from bench.generator.model import draw_report
from bench.generator.render_text import render_cells, render_flat, render_md, render_tab
from bench.generator.truth import truth_rows


def test_tab_rows_carry_label_columns_and_values() -> None:
    rep = draw_report(21, "tab")
    lines = render_tab(rep).splitlines()
    row = next(ln for ln in lines if "1. 属于国家秘密" in ln or "1.属于国家秘密" in ln)
    cells = row.split("\t")
    assert cells[0] == "" and len(cells) >= 9  # row-spanned parent slots stay empty
    assert [c for c in cells if c.lstrip("+-").isdigit()] == [
        v for s, r, c, v, _n in truth_rows(rep) if r == "withheld_state_secret"
    ]


def test_cells_layout_one_cell_per_line_with_broken_headers() -> None:
    rep = next(r for r in (draw_report(s, "cells") for s in range(40)) if r.style.break_headers)
    text = render_cells(rep)
    assert "\n\t商业\n企业" in text or "\n\t商业企\n业" in text
    assert "\n\n\t一、本年新收政府信息公开申请数量\n" in text


def test_md_pipe_tables_have_separator_rows() -> None:
    text = render_md(draw_report(4, "md"))
    assert text.count("|---|---|") >= 3
    assert re.search(r"^\| 一、本年新收政府信息公开申请数量 \|", text, re.M)


def test_flat_body_is_one_line_with_glued_cells() -> None:
    rep = draw_report(8, "flat")
    head, body = render_flat(rep).split("==================== 正文 ====================\n")
    assert "发布时间: " + rep.published_on.isoformat() in head
    assert body.count("\n") == 1
    assert "第二十条第" in body and "\t" not in body


def test_html_has_spans_and_nbsp_blanks() -> None:
    from bench.generator.render_html import render_html

    rep = draw_report(6, "html", variant="cells_blank")
    html = render_html(rep)
    assert html.startswith("<!DOCTYPE html>")
    assert 'rowspan="' in html and 'colspan="' in html and "&nbsp;" in html and "<br />" in html


def test_docx_has_merged_cells() -> None:
    from bench.generator.render_docx import render_docx

    data = render_docx(draw_report(6, "docx"))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "w:gridSpan" in xml and "w:vMerge" in xml and "行政许可" in xml


def test_pdf_text_layer_reads_back() -> None:
    import pdfplumber

    from bench.generator.render_pdf import render_pdf

    rep = draw_report(6, "pdf")
    with pdfplumber.open(io.BytesIO(render_pdf(rep))) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert rep.agency.name in text.replace("\n", "")
    assert "本年新收" in text and "行政复议" in text and "第二十条第" in text


def test_scan_is_a_150_dpi_png_with_ink() -> None:
    from PIL import Image

    from bench.generator.render_scan import render_scan

    im = Image.open(io.BytesIO(render_scan(draw_report(6, "scan"))))
    assert im.format == "PNG" and round(im.info["dpi"][0]) == 150
    assert im.width == 1241  # A4 at 150 dpi
    lo, hi = im.getextrema()
    assert lo < 80 and hi > 200  # text and paper
