"""The report as an office prints it before scanning: a Word document sent to the printer.

What makes printed tables hard to read back, drawn per report from its seed (``PrintStyle``):
- section three's table crosses a page break (as Word breaks it: the rows that fit stay on the
  page, a row-merged label continues as an empty ruled cell, the header row repeats or not);
- the group label 三、本年度办理结果 stands one character per line in a narrow merged cell;
- header cells run over several lines and long row labels wrap inside their cells (column
  widths and font sizes vary);
- a red seal is pressed over the signature and date, as 骑年盖月 asks.

Drawn with reportlab from the same outline every renderer walks, so the cells are the truth's.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from html import escape
from typing import NamedTuple

from bench.generator.model import GenReport
from bench.generator.outline import Block, outline
from bench.generator.render_pdf import cjk_font
from bench.generator.render_scan import scan_rng
from bench.generator.tables import WIDTH, Grid, GridCell, expand
from extract.templates import ACTIVE, APPLICATIONS

A4 = (595.27, 841.89)


@dataclass(frozen=True)
class PrintStyle:
    """How the Word document was laid out (every field drawn from the report's seed)."""

    body_size: float  # 10.5 (五号) to 16 (三号, the official body size)
    cell_size: float  # table text
    margin: float  # left/right page margin, points
    cross: bool  # section three's table crosses a page break
    repeat_header: bool  # ... and its header rows are printed again on the next page
    cross_rows: float  # where to break when the page would hold all of it (share of body rows)
    vertical: bool  # 三、本年度办理结果 one character per line
    label_width: float  # width of the innermost label column of section three
    value_width: float  # width of a value column of section three
    rule: float  # line width of the table rulings
    stamp: bool  # a red seal over the sign-off
    stamp_alpha: float
    page_numbers: str = ""  # "" none, "dash" — 1 — centred, "plain" 1 at the right

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def print_style(rep: GenReport) -> PrintStyle:
    rng = scan_rng(rep, "print")
    return PrintStyle(
        body_size=rng.choice((10.5, 12.0, 12.0, 14.0, 16.0)),
        cell_size=rng.choice((7.5, 9.0, 9.0, 10.5)),
        margin=rng.uniform(45.0, 80.0),
        cross=rng.random() < 0.7,
        repeat_header=rng.random() < 0.5,
        cross_rows=rng.uniform(0.25, 0.75),
        vertical=rng.random() < 0.6,
        label_width=rng.uniform(80.0, 150.0),
        value_width=rng.uniform(32.0, 46.0),
        rule=rng.choice((0.5, 0.75, 1.0)),
        stamp=rng.random() < 0.7,
        stamp_alpha=rng.uniform(0.65, 0.9),
        page_numbers=rng.choice(("", "dash", "dash", "plain")),
    )


def print_buckets(rep: GenReport) -> dict[str, str]:
    """The printing choices as bucket labels for ``bench.scan_quality``."""
    ps = print_style(rep)
    return {
        "crosses_page": ("yes+header" if ps.repeat_header else "yes") if crosses_page(rep) else "no",
        "vertical_label": "yes" if ps.vertical else "no",
        "cell_size": f"{ps.cell_size:g}",
        "stamp": "yes" if ps.stamp and rep.style.signoff and rep.published_on else "no",
    }


def _widths(section: str, ps: PrintStyle, total: float) -> list[float]:
    """Column widths within ``total`` points: narrow label columns make labels and headers wrap."""
    if section == ACTIVE:
        first = total * 0.34
        return [first] + [(total - first) / 3] * 3
    if section == APPLICATIONS:
        first = ps.cell_size + 8 if ps.vertical else max(40.0, 3 * ps.cell_size + 10)
        second = max(48.0, 4 * ps.cell_size + 8)
        values = min(ps.value_width, (total - first - second - 70) / 7)
        third = min(ps.label_width, total - first - second - 7 * values)  # >= 70: labels wrap, never vanish
        return [first, second, third] + [values] * 7
    return [total / 15] * 15


def _cell_text(c: GridCell, ps: PrintStyle, first_col: bool) -> str:
    """A label or header as reportlab paragraph markup (the group label stacked when vertical)."""
    text = escape(c.text)
    if ps.vertical and first_col and c.rs > 3:
        return "<br/>".join(text)  # one character per line
    return text.replace("\n", "<br/>")


def _table(
    grid: Grid, section: str, ps: PrintStyle, total: float, segments: list[tuple[int, int]], pad: float = 0.0
):
    """A ruled table of the rows in ``segments`` (ranges of the expanded grid). A merged cell cut
    by a segment boundary is cut there too; its text stays with the part holding its first row,
    the other part is an empty merged cell, as Word prints a vertically merged cell over a page
    break."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    font = cjk_font()
    fs = ps.cell_size
    label = ParagraphStyle("cl", fontName=font, fontSize=fs, leading=fs * 1.25, wordWrap="CJK")
    centred = ParagraphStyle("cc", parent=label, alignment=1)
    width = WIDTH[section]
    matrix = expand(grid, width)
    rows = [i for a, b in segments for i in range(a, b)]
    data: list[list[object]] = [[""] * width for _ in rows]
    style: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), ps.rule, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), fs),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 2 + pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3 + pad),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    seen: set[tuple[int, int]] = set()
    out_row = 0
    for a, b in segments:
        for i in range(a, b):
            for j, (c, how) in enumerate(matrix[i]):
                if c is None or (out_row, j) in seen:
                    continue
                # the cell's extent inside this segment, from this slot
                rs = 1
                while i + rs < b and j < len(matrix[i + rs]) and matrix[i + rs][j][0] is c:
                    rs += 1
                cs = 1
                while j + cs < len(matrix[i]) and matrix[i][j + cs][0] is c:
                    cs += 1
                for di in range(rs):
                    for dj in range(cs):
                        seen.add((out_row + di, j + dj))
                if rs > 1 or cs > 1:
                    style.append(("SPAN", (j, out_row), (j + cs - 1, out_row + rs - 1)))
                if how != "own" or not c.text:  # a merged cell continued from the page before: empty
                    continue
                if c.kind == "value":
                    data[out_row][j] = c.text
                else:
                    para_style = label if c.kind == "label" else centred
                    data[out_row][j] = Paragraph(_cell_text(c, ps, j == 0), para_style)
            out_row += 1
    return Table(data, colWidths=_widths(section, ps, total), style=TableStyle(style), repeatRows=0)


def _probe(box: dict[str, float]):
    """A zero-size flowable that records the height left on the page where it is placed."""
    from reportlab.platypus import Flowable

    class Probe(Flowable):
        def wrap(self, aw: float, ah: float) -> tuple[float, float]:
            box["left"] = ah
            return (0, 0)

        def draw(self) -> None:
            pass

    return Probe()


def _stamp(name: str, ps: PrintStyle, frame_width: float, rng):
    """A round red seal over the last two lines (the signature and the date)."""
    from reportlab.platypus import Flowable

    font = cjk_font()
    r = rng.uniform(48.0, 58.0)
    cx = frame_width - r * rng.uniform(0.7, 1.1)
    cy = ps.body_size * rng.uniform(1.2, 2.4)
    tilt = rng.uniform(-20.0, 20.0)

    class Seal(Flowable):
        def wrap(self, aw: float, ah: float) -> tuple[float, float]:
            return (0, 0)

        def draw(self) -> None:
            import math

            c = self.canv
            c.saveState()
            c.setFillColorRGB(0.85, 0.08, 0.1, alpha=ps.stamp_alpha)
            c.setStrokeColorRGB(0.85, 0.08, 0.1, alpha=ps.stamp_alpha)
            c.translate(cx, cy)
            c.rotate(tilt)
            c.setLineWidth(r * 0.06)
            c.circle(0, 0, r, stroke=1, fill=0)
            # the agency name along the upper arc, a star in the middle
            text = name[:16]
            span = 220.0
            size = min(r * 0.32, span / max(1, len(text)) * math.pi / 180 * r * 0.8)
            c.setFont(font, size)
            for k, ch in enumerate(text):
                ang = 90 + span / 2 - (k + 0.5) * span / len(text)
                c.saveState()
                c.rotate(ang)
                c.translate(r * 0.72, 0)
                c.rotate(-90)
                c.drawCentredString(0, -size * 0.35, ch)
                c.restoreState()
            star = c.beginPath()
            for k in range(10):
                rad = r * (0.28 if k % 2 == 0 else 0.11)
                a = math.radians(90 + k * 36)
                (star.moveTo if k == 0 else star.lineTo)(rad * math.cos(a), rad * math.sin(a))
            star.close()
            c.drawPath(star, stroke=0, fill=1)
            c.restoreState()

    return Seal()


def _story(
    rep: GenReport,
    ps: PrintStyle,
    total: float,
    split: Split | None,
    probe: dict[str, float],
):
    """The flowables; ``split`` = (body rows on the first page, gap before the heading, whether
    the heading starts a new page)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    font = cjk_font()
    b = ps.body_size
    title = ParagraphStyle("t", fontName=font, fontSize=b + 6, leading=(b + 6) * 1.5, alignment=1)
    head = ParagraphStyle("h", fontName=font, fontSize=b, leading=b * 1.6, spaceBefore=b * 0.4)
    body = ParagraphStyle(
        "b", fontName=font, fontSize=b, leading=b * 1.6, firstLineIndent=2 * b, wordWrap="CJK"
    )
    right = ParagraphStyle("r", fontName=font, fontSize=b, leading=b * 1.6, alignment=2)
    rng = scan_rng(rep, "stamp")
    story: list[object] = []
    blocks: list[Block] = outline(rep)
    for i, blk in enumerate(blocks):
        if blk.kind == "title":
            story += [Paragraph(escape(x), title) for x in blk.text.split("\n")]
        elif blk.kind in ("heading", "subheading"):
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if blk.section == APPLICATIONS and nxt is not None and nxt.kind == "table":
                if split is not None and split.new_page:
                    story.append(PageBreak())
                if split is not None and split.gap > 0:
                    story.append(Spacer(1, split.gap))
                story.append(_probe(probe))
                if split is None and probe.get("stop"):
                    return story  # first pass: only where section three starts matters
            story.append(Paragraph(escape(blk.text), head))
        elif blk.kind == "table":
            assert blk.grid is not None
            n = len(expand(blk.grid, WIDTH[blk.section]))
            pad = split.pad if split is not None and blk.section == APPLICATIONS else 0.0
            if blk.section == APPLICATIONS and split is not None and 3 + split.rows < n:
                k = 3 + split.rows
                story.append(_table(blk.grid, blk.section, ps, total, [(0, k)], pad))
                story.append(PageBreak())
                segments = ([(0, 3)] if ps.repeat_header else []) + [(k, n)]
                story.append(_table(blk.grid, blk.section, ps, total, segments, pad))
            else:
                story.append(_table(blk.grid, blk.section, ps, total, [(0, n)], pad))
            story.append(Spacer(1, b * 0.6))
        elif blk.kind == "signoff":
            story.append(Spacer(1, b * 2))
            story += [Paragraph(escape(x), right) for x in blk.text.split("\n")]
            if ps.stamp:
                story.append(_stamp(rep.agency.name, ps, total, rng))
        else:
            story.append(Paragraph(escape(blk.text), body))
    return story


def _page_number(ps: PrintStyle):
    """The footer Word prints: a page number under the text (a stray number for the reader)."""

    def draw(canvas, doc) -> None:
        if not ps.page_numbers:
            return
        n = canvas.getPageNumber()
        canvas.setFont(cjk_font(), 10.5)
        if ps.page_numbers == "dash":
            canvas.drawCentredString(A4[0] / 2, 40, f"— {n} —")
        else:
            canvas.drawRightString(A4[0] - ps.margin, 40, str(n))

    return draw


def _build(
    rep: GenReport,
    ps: PrintStyle,
    split: Split | None,
    probe: dict[str, float] | None = None,
) -> tuple[bytes, dict[str, float]]:
    from reportlab.platypus import SimpleDocTemplate

    probe = {} if probe is None else probe
    total = A4[0] - 2 * ps.margin
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=ps.margin, rightMargin=ps.margin, topMargin=72, bottomMargin=72,
        title="", author="", creator="", producer="", invariant=1,
    )  # fmt: skip
    doc.build(
        _story(rep, ps, total, split, probe), onFirstPage=_page_number(ps), onLaterPages=_page_number(ps)
    )
    probe["frame"] = doc.height - 12  # the frame's default 6-point paddings
    return buf.getvalue(), probe


class Split(NamedTuple):
    """How section three is printed: ``rows`` body rows on the first page, a ``gap`` above its
    heading, the heading on a ``new_page``, ``pad`` points of extra padding above and below each
    cell's text (tall rows, as Word's "row height at least" gives)."""

    rows: int
    gap: float
    new_page: bool
    pad: float


MAX_PAD = 6.0


def _split(rep: GenReport, ps: PrintStyle, left: float, frame: float) -> Split | None:
    """Where Word would break section three: as many body rows as fit below the heading. When the
    whole table would fit (or not even its header) but the report is drawn to cross a page, taller
    rows (and if that is not enough a gap above the heading) push the break into the body."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    grid = next(b.grid for b in outline(rep) if b.kind == "table" and b.section == APPLICATIONS)
    assert grid is not None
    total = A4[0] - 2 * ps.margin
    n = len(expand(grid, WIDTH[APPLICATIONS]))
    t = _table(grid, APPLICATIONS, ps, total, [(0, n)])
    t.wrap(total, 10_000)
    heights = list(t._rowHeights)
    b = ps.body_size
    head = Paragraph("三", ParagraphStyle("h", fontName=cjk_font(), fontSize=b, leading=b * 1.6))
    head_h = head.wrap(total, 1000)[1] + b * 0.4 + 2
    body = n - 3

    def fits(k: int, room: float) -> bool:
        return head_h + sum(heights[: 3 + k]) <= room

    def forced(room: float, new_page: bool) -> Split:
        first = min(body - 2, max(2, round(body * ps.cross_rows)))
        for w in range(first, body - 1):
            slack = room - head_h - sum(heights[: 3 + w]) - 6
            if 0 <= slack <= 2 * (3 + w) * MAX_PAD:
                return Split(w, 0.0, new_page, slack / (2 * (3 + w)))
        w = body - 2
        slack = room - head_h - sum(heights[: 3 + w]) - 6
        return Split(w, max(0.0, slack - 2 * (3 + w) * MAX_PAD), new_page, MAX_PAD)

    in_left = max((k for k in range(body + 1) if fits(k, left)), default=-1)
    in_frame = max((k for k in range(body + 1) if fits(k, frame)), default=-1)
    if in_left >= body:  # the whole table fits where it starts
        return forced(left, False) if ps.cross else None
    if in_left >= 2:
        return Split(in_left, 0.0, False, 0.0)  # Word's own break: the rows that fit stay on the page
    if in_frame >= body:  # the table starts on the next page
        return forced(frame, True) if ps.cross else Split(body, 0.0, True, 0.0)
    return Split(in_frame, 0.0, True, 0.0)


def print_pdf(rep: GenReport) -> bytes:
    """The printed report as PDF."""
    return _printed(rep)[0]


def crosses_page(rep: GenReport) -> bool:
    """Whether section three's table is printed on two pages (drawn, or Word's own break)."""
    split = _printed(rep)[1]
    if split is None or APPLICATIONS not in rep.sections:
        return False
    grid = next(b.grid for b in outline(rep) if b.kind == "table" and b.section == APPLICATIONS)
    assert grid is not None
    return 3 + split.rows < len(expand(grid, WIDTH[APPLICATIONS]))


def _printed(rep: GenReport) -> tuple[bytes, Split | None]:
    """The PDF and the break of section three (the last one is cached: scans, buckets and tests
    ask for it several times)."""
    global _LAST
    key = (rep.id, rep.seed, rep.layout, rep.defect, rep.variant)
    if _LAST is not None and _LAST[0] == key:
        return _LAST[1]
    ps = print_style(rep)
    split = None
    if APPLICATIONS in rep.sections:
        _, probe = _build(rep, ps, None, {"stop": 1.0})
        split = _split(rep, ps, probe["left"], probe["frame"])
    pdf, _ = _build(rep, ps, split)
    _LAST = (key, (pdf, split))
    return pdf, split


_LAST: tuple[tuple, tuple[bytes, Split | None]] | None = None


def table_flowable(
    rep: GenReport, grid: Grid, section: str, ps: PrintStyle, width: float, segments: list[tuple[int, int]]
):
    """One printed table (rows of ``segments``) as a reportlab flowable, for pictures of tables."""
    return _table(grid, section, ps, width, segments)
