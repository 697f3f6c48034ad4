"""OCR of one small scanned table: rows rebuilt from rulings, blank cells kept, confidences."""

from __future__ import annotations

import io

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
