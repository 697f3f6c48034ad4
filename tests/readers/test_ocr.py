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


def _row(text: str, page: int, conf: list[float] | None = None):
    from extract.document import Line

    n = text.count("\t") + 1
    return Line(text, page=page, confidence=conf or [1.0] * n)


def test_row_cut_by_a_page_break_is_joined_and_its_specks_dropped() -> None:
    """LibreOffice breaks a row in a narrow label column: ``5.属`` and its values at a page's foot,
    ``于三类内部事务信息`` atop the next with blank cells whose speckle reads ``18``, ``5`` (as
    read from the office-printed scan_jpg of bench seed 0)."""
    from extract.readers.image import join_cut_rows

    head = _row("\t\t5.属\t0\t0\t0\t0\t0\t0\t0", 2)
    tail = _row("18\t2\t于三类内部事务信息\t5\t\t\t\t\t\t", 3, [0.49, 0.5, 0.97, 0.16, 1, 1, 1, 1, 1, 1])
    nxt = _row("\t\t6.属于四类过程性信息\t0\t0\t0\t0\t0\t0\t0", 3)
    out = join_cut_rows([head, tail, nxt])
    assert [ln.text for ln in out] == ["\t\t5.属于三类内部事务信息\t0\t0\t0\t0\t0\t0\t0", nxt.text]
    assert out[0].page == 2


def test_values_below_the_break_fill_the_head_row_and_a_lost_point_is_put_back() -> None:
    from extract.readers.image import join_cut_rows

    head = _row("\t\t5.要\t\t\t\t\t\t\t", 3)
    tail = _row("\t\t求行政机关确认或重新出具已获取信息\t1\t0\t0\t0\t0\t0\t1", 4)
    out = join_cut_rows([head, tail])
    assert [ln.text for ln in out] == ["\t\t5.要求行政机关确认或重新出具已获取信息\t1\t0\t0\t0\t0\t0\t1"]
    # ``5.要`` read ``5`` (office seed 0's scanned PDF): an item number beside its values
    head = _row("\t\t5\t0\t0\t0\t0\t0\t0\t0", 3, [1, 1, 0.5, 1, 1, 1, 1, 1, 1, 1])
    tail = _row("\t\t求行政机关确认或重新出具已获取信息\t\t\t\t\t\t\t", 4)
    out = join_cut_rows([head, tail])
    assert [ln.text for ln in out] == ["\t\t5.求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0"]


@pytest.mark.parametrize(
    "tail",
    [
        "\t\t6.属于四类过程性信息\t0\t0\t0\t0\t0\t0\t0",  # a new item, not a tail
        "\t\t于三类内部事务信息\t7\t\t\t\t\t\t",  # a sure value where the head row has its own
        "\t(六)其他处理\t于三类内部事务信息\t\t\t\t\t\t\t",  # a sure label left of it
    ],
)
def test_a_row_that_may_not_be_a_tail_is_never_joined(tail: str) -> None:
    from extract.readers.image import join_cut_rows

    head = _row("\t\t5.属\t0\t0\t0\t0\t0\t0\t0", 2)
    assert len(join_cut_rows([head, _row(tail, 3)])) == 2
    assert len(join_cut_rows([head, _row("\t\t于三类内部事务信息\t\t\t\t\t\t\t", 2)])) == 2  # one page: no break


def test_two_touching_lines_of_a_narrow_cell_are_cut_apart() -> None:
    """A narrow label's lines set close (``及“三`` over ``安全``) and bridged by blur form one tall
    band; it is cut at its emptiest row, so each line reads on its own."""
    import numpy as np

    from extract.readers.ocr import _split_tall

    m = np.zeros((100, 40), np.uint8)
    for a, b in ((2, 22), (26, 48), (50, 72), (76, 97)):
        m[a:b, 5:35] = 255
    m[48:50, 20] = 255  # the bridge between the second and third line
    assert _split_tall([[2, 22], [26, 72], [76, 97]], m) == [[2, 22], [26, 48], [49, 72], [76, 97]]
    assert _split_tall([[2, 22], [26, 48]], m) == [[2, 22], [26, 48]]


def test_a_doubtful_number_in_a_header_row_is_a_misread_heading() -> None:
    """The review table's header cut by a page break: ``计`` of 总计 read ``44`` at 0.32 would be
    a 16th value beside the 15 of the value row below (as read from bench office seed 0)."""
    from extract.readers.image import _without_header_misreads

    head = _row("维持\t纠正\t结果\t审结\t\t果维持\t44\t计", 5, [1, 0.99, 1, 1, 1, 1, 0.32, 1])
    assert _without_header_misreads(head).text == "维持\t纠正\t结果\t审结\t\t果维持\t\t计"
    values = _row("政府集中采购\t44\t0", 2, [1, 0.32, 1])  # a doubtful value beside a label stays
    assert _without_header_misreads(values).text == "政府集中采购\t44\t0"
