"""OCR of one small scanned table: rows rebuilt from rulings, blank cells kept, confidences."""

from __future__ import annotations

import io

import pytest

from extract.readers import read_bytes


def _table_png(font: str) -> bytes:
    """A small ruled table printed to PDF and rasterised at 150 dpi (a scanner's output)."""
    import pypdfium2 as pdfium
    from reportlab.lib import colors
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    if "CJK" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("CJK", font, subfontIndex=0))
    data = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "12", "", "40"], ["行政规范性文件", "3", "1", "57"]]
    style = TableStyle([("GRID", (0, 0), (-1, -1), 0.8, colors.black), ("FONT", (0, 0), (-1, -1), "CJK", 10)])
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=(380, 110), leftMargin=10, rightMargin=10, topMargin=10, bottomMargin=10).build(
        [Table(data, colWidths=[100, 80, 80, 80], rowHeights=24, style=style)]
    )
    img = pdfium.PdfDocument(buf.getvalue())[0].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def test_scanned_table_rows(font: str) -> None:
    doc = read_bytes(_table_png(font), ".png")
    texts = [ln.text for ln in doc.lines]
    assert texts == ["信息内容\t本年制发件数\t本年废止件数\t现行有效件数", "规章\t12\t\t40", "行政规范性文件\t3\t1\t57"]
    row = doc.lines[1]
    assert row.confidence is not None and len(row.confidence) == 4 and min(row.confidence) > 0.8
    assert row.cell_boxes is not None and row.cell_boxes[2] is not None  # the blank cell keeps its box


def test_image_only_pdf_page_goes_through_ocr(font: str) -> None:
    from PIL import Image

    img = Image.open(io.BytesIO(_table_png(font)))
    pdf = io.BytesIO()
    img.convert("RGB").save(pdf, format="PDF", resolution=150)
    doc = read_bytes(pdf.getvalue(), ".pdf")
    assert doc.meta["ocr_pages"] == "1"
    assert "规章\t12\t\t40" in [ln.text for ln in doc.lines]
    row = next(ln for ln in doc.lines if ln.text.startswith("规章"))
    assert row.page == 1 and row.bbox is not None and row.bbox[2] < 400  # points, not pixels


def test_tall_image_is_cut_into_pages_at_blank_rows() -> None:
    import numpy as np

    from extract.readers.image import strips

    gray = np.full((3000, 1000), 250, dtype=np.uint8)
    gray[::40, 100:900] = 20  # a text-like line every 40 px ...
    gray[1440:1460] = 250  # ... and a blank band near the first cut
    cuts = strips(gray)
    assert cuts[0][0] == 0 and cuts[-1][1] == 3000 and len(cuts) == 2
    assert 1440 <= cuts[0][1] < 1460 and cuts[1][0] == cuts[0][1]


# ---- identities settle doubtful digits (extract.ocr_repair) -----------------------------------


def _doubtful_report(misread: str) -> tuple[object, int, int]:
    """A generated tab report whose 本年新收 total is printed as ``misread(total)`` and marked as a
    low-confidence OCR cell; returns (report, true total, printed total)."""
    import re

    from bench.generator.model import draw_report
    from bench.generator.render_text import render_tab
    from extract.document import Document
    from extract.pipeline import _source, extract_document

    for seed in range(200):
        rep = draw_report(seed, "tab")
        total = rep.values.get(("applications", "new_received", "total"))
        if isinstance(total, int) and total >= 10:
            break
    text = render_tab(rep)
    doc = Document(list(Document.from_text(text).lines), "txt")  # Line objects this test edits in place
    printed = {"confusion": lambda t: int(str(t)[:-1] + {"0": "8", "1": "7", "2": "7", "3": "8", "4": "1", "5": "6",
                                                         "6": "5", "7": "1", "8": "0", "9": "8"}[str(t)[-1]]),
               "far": lambda t: t + 2}[misread](total)  # fmt: skip
    for ln in doc.lines:
        if ln.text.startswith("一、本年新收") and "\t" in ln.text:
            fields = ln.text.split("\t")
            assert fields[-1] == str(total)
            fields[-1] = str(printed)
            ln.text = "\t".join(fields)
            ln.confidence = [1.0] * (len(fields) - 1) + [0.42]
            break
    else:
        raise AssertionError("no 本年新收 row")
    doc.__dict__.pop("text", None)
    assert re.search(r"\t" + str(printed) + "$", doc.text, re.M)
    return extract_document(doc, _source("doubtful.txt", text.encode())), total, printed


def test_identities_correct_a_confused_digit_and_say_so() -> None:
    report, total, printed = _doubtful_report("confusion")
    cell = next(c for c in report.cells if c.key() == ("applications", "new_received", "total"))
    assert cell.value == total and cell.raw == str(printed)
    codes = {(i.severity, i.code) for i in report.issues if i.row == "new_received" or i.code.startswith("identity")}
    assert ("info", "ocr_corrected") in codes
    assert not any(i.code == "low_confidence" for i in report.issues)
    assert all(chk.status != "failed" for chk in report.identities)


def test_a_misread_no_confusion_explains_is_left_out_with_a_warning() -> None:
    report, total, printed = _doubtful_report("far")
    assert not any(c.key() == ("applications", "new_received", "total") for c in report.cells)  # neither kept nor "fixed"
    warned = [i for i in report.issues if i.code == "low_confidence" and i.row == "new_received" and i.column == "total"]
    assert warned and warned[0].severity == "warning" and repr(str(printed)) in warned[0].message
    assert "left out" in warned[0].message
    assert not any(i.code.startswith("identity_failed") for i in report.issues)  # the doubtful value is not checked


# ---- pictures inside other formats -------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["html_img", "docx_img"])
def test_table_pictures_in_a_page_or_word_file_give_every_cell(layout: str, tmp_path, font: str) -> None:
    """A saved web page whose tables are ``<img>`` files beside it, a Word file whose tables are
    pictures: the same cells as the generated truth (OCR'd through the scan reader)."""
    from bench.generator.roundtrip import compare
    from bench.generator.write import generate, plans, write_report
    from extract.pipeline import extract_path

    plan = next(iter(plans(1, [layout], seed=5, defect_rate=0.0, blank_rate=0.0)))
    rep = generate(plan)
    o = compare(rep, extract_path(write_report(rep, tmp_path), guard=False).to_dict())
    assert o.recall == 1.0 and o.precision == 1.0 and o.silent == 0, o.describe()


def test_img_outside_the_saved_page_folder_is_never_read(tmp_path) -> None:
    from extract.readers.pictures import picture_bytes

    (tmp_path / "secret.png").write_bytes(b"secret")
    page = str(tmp_path / "site" / "page.html")
    (tmp_path / "site" / "page_files").mkdir(parents=True)
    (tmp_path / "site" / "page_files" / "table 1.png").write_bytes(b"table")
    assert picture_bytes("page_files/table%201.png?v=2", page) == b"table"
    assert picture_bytes("../secret.png", page) == b"" and picture_bytes(str(tmp_path / "secret.png"), page) == b""
    assert picture_bytes("file:///etc/passwd", page) == b"" and picture_bytes("http://x/a.png", page) == b""
    assert picture_bytes("page_files/table%201.png", None) == b""  # bytes read without a page: nothing beside
    assert picture_bytes("data:image/png;base64,dGFibGU=", None) == b"table"


def test_html_reader_marks_where_each_picture_stands() -> None:
    import json

    doc = read_bytes("<html><body><p>一、总体情况</p><p><img src='p_files/t1.png'></p><p>二、主动公开</p></body></html>".encode(), ".html")
    spots = json.loads(doc.meta["pictures"])
    assert spots == [[1, "p_files/t1.png"]] and doc.lines[1].text == "" and doc.lines[2].text == "二、主动公开"
