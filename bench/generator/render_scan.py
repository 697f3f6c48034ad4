"""A scanned report: the generated PDF rasterised at 150 dpi with pypdfium2, pages stacked into
one PNG (a phone scan or a screenshot of the whole report), lightly greyed so it is not a
pixel-perfect render. The text must come back through OCR.
"""

from __future__ import annotations

import io

from bench.generator.model import GenReport
from bench.generator.render_pdf import render_pdf

DPI = 150


def render_scan(rep: GenReport) -> bytes:
    import pypdfium2 as pdfium
    from PIL import Image

    pdf = pdfium.PdfDocument(render_pdf(rep))
    pages = [pdf[i].render(scale=DPI / 72, grayscale=True).to_pil().convert("L") for i in range(len(pdf))]
    width = max(p.width for p in pages)
    sheet = Image.new("L", (width, sum(p.height for p in pages)), 255)
    y = 0
    for p in pages:
        sheet.paste(p, (0, y))
        y += p.height
    sheet = sheet.point(lambda v: 24 + v * 225 // 255)  # paper is never white, ink never black
    buf = io.BytesIO()
    sheet.save(buf, format="PNG", dpi=(DPI, DPI), optimize=False)
    return buf.getvalue()
