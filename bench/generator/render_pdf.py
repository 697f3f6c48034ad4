"""PDF with a text layer and ruled tables (like corpus hongze_2024.pdf), drawn with reportlab.

Labels wrap inside their cells (a real source of broken labels) and spans are real merged,
ruled cells. The font is a CJK TrueType font embedded in the file when one is installed
(WenQuanYi from Debian's fonts-wqy-microhei / fonts-wqy-zenhei), so the page renders the same
everywhere (the scan layout rasterises it); otherwise reportlab's built-in CID font STSong-Light,
which needs no file and still gives pdfplumber a text layer but renders only where the viewer
has a CJK font.
"""

from __future__ import annotations

import io
import random
from functools import lru_cache
from pathlib import Path

from bench.generator.model import GenReport
from bench.generator.outline import outline
from bench.generator.tables import WIDTH, Grid, expand
from extract.templates import ACTIVE, APPLICATIONS

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """Register and return the font name used for every PDF (embedded TTF when available)."""
    from reportlab.pdfbase import pdfmetrics

    for path in FONT_CANDIDATES:
        if Path(path).exists():
            from reportlab.pdfbase.ttfonts import TTFont

            try:
                pdfmetrics.registerFont(TTFont("GenCJK", path, subfontIndex=0))
                return "GenCJK"
            except Exception:  # a CFF-outline collection reportlab cannot embed: try the next
                continue
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def _col_widths(section: str, rep: GenReport | None = None) -> list[float]:
    """Column widths in points (the page holds ~510). Messy PDFs (not the scans made from them)
    draw the label columns narrower or wider per report, so labels wrap at varying points inside
    their cells — as in PDFs printed from Word, where 3.危及“三安全一稳定” wraps and gets lost."""
    if rep is not None and rep.messy and rep.layout == "pdf":
        rng = random.Random(f"pdf:{rep.seed}")
        if section == ACTIVE:
            first = float(rng.randint(90, 170))
            return [first] + [(495.0 - first) / 3] * 3
        if section == APPLICATIONS:
            labels = [float(rng.randint(28, 46)), float(rng.randint(48, 80)), float(rng.randint(64, 140))]
            return labels + [(509.0 - sum(labels)) / 7] * 7
    if section == ACTIVE:
        return [150.0, 115.0, 115.0, 115.0]
    if section == APPLICATIONS:
        return [42.0, 62.0, 125.0] + [40.0] * 7
    return [34.0] * 15


def _table(grid: Grid, section: str, font: str, rep: GenReport | None = None):
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    cell_style = ParagraphStyle("cell", fontName=font, fontSize=7.5, leading=9.5, wordWrap="CJK")
    width = WIDTH[section]
    data: list[list[object]] = []
    spans = []
    for i, row in enumerate(expand(grid, width)):
        line: list[object] = []
        for j, (c, how) in enumerate(row):
            if how != "own" or c is None:
                line.append("")
                continue
            if c.rs > 1 or c.cs > 1:
                spans.append(("SPAN", (j, i), (j + c.cs - 1, i + c.rs - 1)))
            text = c.text.replace("\n", "")
            line.append(Paragraph(text, cell_style) if c.kind != "value" else text)
        line += [""] * (width - len(line))
        data.append(line)
    t = Table(data, colWidths=_col_widths(section, rep), repeatRows=0)
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                *spans,
            ]
        )
    )
    return t


def render_pdf(rep: GenReport) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    font = cjk_font()
    title = ParagraphStyle("t", fontName=font, fontSize=15, leading=22, alignment=1)
    head = ParagraphStyle("h", fontName=font, fontSize=11, leading=18, spaceBefore=6)
    body = ParagraphStyle("b", fontName=font, fontSize=10, leading=16, firstLineIndent=20, wordWrap="CJK")
    right = ParagraphStyle("r", fontName=font, fontSize=10, leading=16, alignment=2)
    story: list[object] = []
    for b in outline(rep):
        if b.kind == "title":
            for ln in b.text.split("\n"):
                story.append(Paragraph(ln, title))
        elif b.kind in ("heading", "subheading"):
            story.append(Paragraph(b.text, head))
        elif b.kind == "table":
            assert b.grid is not None
            story += [_table(b.grid, b.section, font, rep), Spacer(1, 8)]
        elif b.kind == "signoff":
            story += [Spacer(1, 12)] + [Paragraph(x, right) for x in b.text.split("\n")]
        else:
            story.append(Paragraph(b.text, body))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=40, rightMargin=40, topMargin=50, bottomMargin=50,
        title="", author="", creator="", producer="", invariant=1,
    )  # fmt: skip
    doc.build(story)
    return buf.getvalue()
