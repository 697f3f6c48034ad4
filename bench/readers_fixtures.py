"""One generated report printed as HTML, DOCX, PDF and a 150-dpi scan, with its truth.

The readers are measured on documents the project makes, never on fetched ones: a report drawn by
``bench.generator`` (values = the truth) is printed here the way each format carries tables
(HTML row/col spans around site furniture, Word gridSpan/vMerge, a ruled PDF table, the PDF's
pages rasterised as a scan), so the extracted cells can be compared with the truth exactly.

``python -m bench.readers_fixtures --out DIR [--seed S]`` writes ``<id>_<fmt>.<ext>``, the truth
TSVs and reports.tsv, a folder ``score_extraction.py`` reads. Needs a CJK font (Debian package
``fonts-wqy-microhei``) for the PDF and the scan.
"""

from __future__ import annotations

import argparse
import html
import io
from pathlib import Path

from bench.generator.model import GenReport, draw_report
from bench.generator.narrative import date_text
from bench.generator.outline import outline
from bench.generator.render_docx import render_docx
from bench.generator.tables import WIDTH, Grid, expand
from bench.generator.truth import REPORT_COLUMNS, TRUTH_COLUMNS, report_row, truth_rows

FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
FORMATS = {"html": ".html", "docx": ".docx", "pdf": ".pdf", "scan": ".tif"}


def cjk_font() -> str | None:
    """Path of an installed CJK font, or None."""
    return next((p for p in FONT_PATHS if Path(p).exists()), None)


def fixture_report(seed: int = 7) -> GenReport:
    """A valid report (no defect, no blanks) to print in every format."""
    return draw_report(seed, "tab", rid=f"readers_{seed}")


def _grid_rows(grid: Grid, width: int):
    """Rows of (cell, rowspan, colspan) for the cells a row owns."""
    return [[(c, c.rs, c.cs) for c, how in row if how == "own"] for row in expand(grid, width)]


def render_html(rep: GenReport) -> str:
    """A government web page: navigation, the report (spans as rowspan/colspan), a footer."""
    out = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>政府信息公开</title>",
        f"<meta name='PubDate' content='{rep.published_on.isoformat() if rep.published_on else ''}'></head><body>",
        "<div class='nav'><a href='/'>首页</a> <a href='/zwgk'>政务公开</a> <a href='/hd'>互动交流</a></div>",
        "<div class='article'>",
    ]
    for b in outline(rep):
        if b.kind == "title":
            out.append("<h2>" + "<br>".join(html.escape(t) for t in b.text.split("\n")) + "</h2>")
            if rep.published_on:
                out.append(f"<p class='info'>发布日期：{rep.published_on.isoformat()}</p>")
        elif b.kind in ("heading", "subheading", "para"):
            out.append(f"<p>{html.escape(b.text)}</p>")
        elif b.kind == "table" and b.grid is not None:
            out.append("<table border='1' cellspacing='0'><tbody>")
            for row in _grid_rows(b.grid, WIDTH[b.section]):
                tds = []
                for c, rs, cs in row:
                    attrs = (f" rowspan='{rs}'" if rs > 1 else "") + (f" colspan='{cs}'" if cs > 1 else "")
                    text = "<br />".join(html.escape(t) for t in c.text.split("\n")) or "&nbsp;"
                    tds.append(f"<td{attrs}><p align='center'>{text}</p></td>")
                out.append("<tr>" + "".join(tds) + "</tr>")
            out.append("</tbody></table>")
        elif b.kind == "signoff":
            name, when = b.text.split("\n")
            out.append(f"<p style='text-align:right'>{html.escape(name)}</p><p style='text-align:right'>{html.escape(when)}</p>")
    out.append("</div><div class='footer'>主办单位：人民政府办公室 网站标识码 1234567890 ICP备案号</div></body></html>")
    return "\n".join(out)


def render_pdf(rep: GenReport) -> bytes:
    """A ruled PDF as Word would print it: A4, CJK font embedded, spans as merged cells."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = cjk_font()
    if font is None:
        raise RuntimeError("no CJK font installed (apt-get install fonts-wqy-microhei)")
    if "CJK" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("CJK", font, subfontIndex=0))
    body = ParagraphStyle("body", fontName="CJK", fontSize=10.5, leading=16, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=15, leading=22, alignment=1)
    cell = ParagraphStyle("cell", fontName="CJK", fontSize=7.5, leading=9.5, wordWrap="CJK", alignment=1)
    widths = {4: [150] + [110] * 3, 10: [28, 80, 110] + [34] * 7, 15: [33] * 15}
    story: list = []
    for b in outline(rep):
        if b.kind == "title":
            for t in b.text.split("\n"):
                story.append(Paragraph(html.escape(t), title))
        elif b.kind in ("heading", "subheading", "para"):
            story.append(Paragraph(html.escape(b.text), body))
        elif b.kind == "signoff":
            for t in b.text.split("\n"):
                story.append(Paragraph(html.escape(t), ParagraphStyle("r", parent=body, alignment=2)))
        elif b.kind == "table" and b.grid is not None:
            width = WIDTH[b.section]
            rows = expand(b.grid, width)
            data = [[""] * width for _ in rows]
            style = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
            for i, row in enumerate(rows):
                for j, (c, how) in enumerate(row):
                    if how == "own" and c is not None:
                        data[i][j] = Paragraph(html.escape(c.text).replace("\n", "<br/>"), cell)
                        if c.rs > 1 or c.cs > 1:
                            style.append(("SPAN", (j, i), (j + c.cs - 1, i + c.rs - 1)))
            story.append(Table(data, colWidths=widths[width], style=TableStyle(style), repeatRows=0))
            story.append(Spacer(1, 8))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=50, rightMargin=50, topMargin=60, bottomMargin=60,
                      title="", author="", creator="ogi").build(story)
    return buf.getvalue()


def render_scan(pdf: bytes, dpi: int = 150) -> bytes:
    """The PDF's pages rasterised in gray at ``dpi``, as a multi-page TIFF (a scanner's output)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    pages = [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(doc))]
    buf = io.BytesIO()
    pages[0].save(buf, format="TIFF", save_all=True, append_images=pages[1:], compression="tiff_lzw", dpi=(dpi, dpi))
    return buf.getvalue()


def write_fixtures(out: Path, seed: int = 7, formats: tuple[str, ...] = tuple(FORMATS)) -> dict[str, Path]:
    """Write the report in each format with its truth and reports.tsv; return format -> path."""
    out.mkdir(parents=True, exist_ok=True)
    rep = fixture_report(seed)
    truth = "\n".join(["\t".join(TRUTH_COLUMNS)] + ["\t".join(r) for r in truth_rows(rep)]) + "\n"
    pdf = render_pdf(rep) if {"pdf", "scan"} & set(formats) else b""
    paths: dict[str, Path] = {}
    rows = []
    for fmt in formats:
        rid = f"{rep.id}_{fmt}"
        data = {"html": lambda: render_html(rep).encode("utf-8"), "docx": lambda: render_docx(rep),
                "pdf": lambda: pdf, "scan": lambda: render_scan(pdf)}[fmt]()  # fmt: skip
        p = out / f"{rid}{FORMATS[fmt]}"
        p.write_bytes(data)
        (out / f"{rid}.tsv").write_text(truth, encoding="utf-8")
        row = report_row(rep)
        row["id"] = rid
        rows.append("\t".join(row[c] for c in REPORT_COLUMNS))
        paths[fmt] = p
    (out / "reports.tsv").write_text("\t".join(REPORT_COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.readers_fixtures", description=__doc__)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--formats", default=",".join(FORMATS))
    a = ap.parse_args(argv)
    for fmt, p in write_fixtures(a.out, a.seed, tuple(a.formats.split(","))).items():
        print(f"{fmt}\t{p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

__all__ = ["write_fixtures", "render_html", "render_docx", "render_pdf", "render_scan", "date_text"]
