"""The ``layout`` rendering: what ``pdftotext -layout`` makes of a report PDF (issue 10).

Pure Python, so tests need no poppler. The text is a character grid (a CJK character is two
display columns): table cells sit at column positions, not between separators. Every dimension
real dumps vary in is drawn at random per report (see corpus hongze_2024.pdf through pdftotext):

- column widths and positions per table, re-drawn when a table continues on a new page;
- long labels wrapped over 2–3 lines inside their cell, the value line above, between or below
  the label pieces, or sharing the line of one piece; stray spaces inside wrapped labels;
- row-spanning group labels (三、本年度办理结果, （三）不予公开) one or two characters per line down
  the margin, wrapped in a narrow column, or spaced out on one line, wherever the band puts them;
- header cells over several lines, interleaved with the neighbouring header cells;
- in some tables a row may break across pages (Word's default): a wrapped label's tail, or its
  head, on the other side of the page break from the row's numbers;
- page footers (``-1-``, ``— 2 —``, ``第 3 页``) and form feeds, also inside tables; the column
  header sometimes repeated at the top of the next page (Word's 重复标题行);
- blank cells as nothing at all at their column position; values right-, centre- or left-aligned;
- columns counted in characters as pdftotext does (a CJK character advances one), or on screen;
- title and headings at varying indents, a long title wrapped, paragraphs wrapped at the page
  width; spaces where digits meet CJK text (``2024 年``), as pdftotext writes font changes.

The values printed are ``printed.value_text`` (units, change notation), so the truth is the
model's; nothing here changes a value.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field

from bench.generator.model import GenReport
from bench.generator.narrative import title_lines
from bench.generator.outline import outline
from bench.generator.printed import value_text
from bench.generator.tables import WIDTH, Grid, GridCell, expand
from extract.templates import ACTIVE, APPLICATIONS


def dwidth(text: str) -> int:
    """Display width: wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``width`` display columns (at least one char each)."""
    out: list[str] = []
    cur, w = "", 0
    for ch in text:
        cw = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if cur and w + cw > width:
            out.append(cur)
            cur, w = "", 0
        cur += ch
        w += cw
    if cur:
        out.append(cur)
    return out or [""]


@dataclass(slots=True)
class Piece:
    """Text at a table position: column ``col`` spanning ``span`` columns, aligned in that box."""

    col: int
    span: int
    text: str
    align: str = "left"  # left | center | right
    inset: int = 0  # extra columns from the box edge


@dataclass
class TLine:
    """One output line: free text at a fixed column, or table pieces placed by the page's geometry."""

    pieces: list[Piece] = field(default_factory=list)
    text: str = ""
    indent: int = 0
    table: int = -1  # index of the table geometry the pieces use
    keep_with_next: bool = False  # a page break may not fall after this line
    header: bool = False  # a line of the table's column header (repeated on new pages)


@dataclass
class Geometry:
    """Column widths of one table; ``redraw`` gives the next page its own positions."""

    widths: list[int]
    mins: list[int]
    gap: int
    left: int

    def xs(self) -> list[int]:
        out, x = [], self.left
        for w in self.widths:
            out.append(x)
            x += w + self.gap
        return out

    def box(self, col: int, span: int) -> tuple[int, int]:
        xs = self.xs()
        end = xs[col + span - 1] + self.widths[col + span - 1]
        return xs[col], end - xs[col]

    def redraw(self, rng: random.Random) -> Geometry:
        f = rng.uniform(0.75, 1.3)
        return Geometry(
            [max(m, int(w * f) + rng.randint(-1, 1)) for w, m in zip(self.widths, self.mins, strict=True)],
            self.mins, max(1, self.gap + rng.randint(-1, 1)), max(0, self.left + rng.randint(-4, 4)),
        )  # fmt: skip


@dataclass
class LayoutStyle:
    """Per-report choices of the dump (drawn from the report seed)."""

    page_lines: int
    page_width: int
    footer: str
    footer_indent: int
    para_indent: int
    row_gap: tuple[int, ...]
    value_align: str
    group_form: str  # vertical1 | vertical2 | wrapped | spaced
    row_shift: float  # share of full value lines pdftotext shifts right (values in a bigger font)
    parent_own_line: bool
    stray_spaces: float
    heading_indent: int
    title_indent: int
    char_grid: bool  # pdftotext's character-index columns (see ``compose``), else screen columns
    digit_space: bool  # spaces between digits and CJK in running text (2024 年, 第 711 号)


def _draw_style(rng: random.Random) -> LayoutStyle:
    return LayoutStyle(
        page_lines=rng.randint(38, 62),
        page_width=rng.randint(64, 96),
        footer=rng.choice(("-{n}-", "- {n} -", "— {n} —", "第 {n} 页", "第{n}页", "{n}")),
        footer_indent=rng.choice((5, 20, 30, 40, 70)) + rng.randint(0, 8),
        para_indent=rng.choice((2, 4, 5)),
        row_gap=rng.choice(((0,), (1,), (1, 1, 0), (1, 2), (0, 0, 1))),
        value_align=rng.choice(("right", "center", "left")),
        group_form=rng.choice(("vertical1", "vertical2", "wrapped", "spaced")),
        row_shift=rng.choice((0.0, 0.0, 0.3, 0.7)),
        parent_own_line=rng.random() < 0.5,
        stray_spaces=rng.choice((0.0, 0.0, 0.1, 0.3)),
        heading_indent=rng.choice((0, 0, 2, 5)),
        title_indent=rng.randint(4, 20),
        char_grid=rng.random() < 0.6,
        digit_space=rng.random() < 0.5,
    )


def layout_style(rep: GenReport) -> LayoutStyle:
    """The dump choices of a report (the first draw of its layout stream)."""
    return _draw_style(_rng(rep))


def _rng(rep: GenReport) -> random.Random:
    return random.Random(f"layout:{rep.seed}:{rep.layout}")


class TableLayout:
    """One table grid laid out as lines of pieces."""

    def __init__(self, rep: GenReport, grid: Grid, section: str, rng: random.Random, ls: LayoutStyle) -> None:
        self.rep, self.grid, self.section, self.rng, self.ls = rep, grid, section, rng, ls
        self.width = WIDTH[section]
        self.matrix = expand(grid, self.width)
        self.has_blanks = any(c.key in rep.blank for row in grid for c in row if c.key is not None)
        # Word's 重复标题行: the column header printed again at the top of each new page
        self.repeat_header = section != ACTIVE and rng.random() < 0.3
        self.header_lines: list[TLine] = []
        self.geo = self._geometry()
        # drawn from a stream of its own, so every other choice of a seed stays as it was
        self.row_breaks = random.Random(f"layout-rowbreak:{rep.seed}:{section}").random() < 0.3

    # -- geometry ------------------------------------------------------------------------------
    def _geometry(self) -> Geometry:
        rng, rep, w = self.rng, self.rep, self.width
        value_w = [0] * w
        for row in self.matrix:
            for j, (c, how) in enumerate(row):
                if how == "own" and c.kind == "value" and c.cs == 1:
                    value_w[j] = max(value_w[j], dwidth(value_text(rep, c.key) if c.key else c.text))
        if self.section == APPLICATIONS:
            labels = [c.text for row in self.grid for c in row if c.kind == "label" and c.cs == 1]
            longest = max(map(dwidth, labels), default=20)  # a table truncated early has none
            group = "三、本年度办理结果"
            spaced = dwidth(" ".join(group[k : k + 2] for k in range(0, len(group), 2)))
            label = [
                {"vertical1": 2, "vertical2": 4, "wrapped": rng.choice((6, 8, 10)), "spaced": spaced}[self.ls.group_form],
                rng.randint(8, 18),
                max(rng.randint(14, 32), -(-longest // 3)),
            ]  # fmt: skip
            mins = list(label) + [max(4, v + 1) for v in value_w[3:]]  # labels were wrapped at these widths
            widths = label + [max(m, rng.randint(4, 10)) for m in mins[3:]]
        elif self.section == ACTIVE:
            first = rng.randint(14, 30)
            mins = [first] + [max(6, v + 1) for v in value_w[1:]]
            widths = [first] + [max(m, rng.randint(8, 26)) for m in mins[1:]]
        else:
            mins = [max(4, v + 1) for v in value_w]
            widths = [max(m, rng.randint(4, 7)) for m in mins]
        return Geometry(widths, mins, rng.choice((1, 2, 2, 3)), rng.randint(0, 6))

    def _cell_width(self, j: int, cs: int) -> int:
        return self.geo.box(j, cs)[1]

    def _label_text(self, text: str) -> str:
        """Labels as pdftotext joins them: occasionally a stray space where the PDF had a gap."""
        text = text.replace("\n", "")
        if self.ls.stray_spaces and len(text) > 6 and self.rng.random() < self.ls.stray_spaces:
            k = self.rng.randint(2, len(text) - 2)
            text = text[:k] + " " + text[k:]
        return text

    # -- lines ---------------------------------------------------------------------------------
    def lines(self) -> list[TLine]:
        """The table's lines: one band per grid row, then the row-spanning cells placed on them."""
        rng = self.rng
        bands: list[list[TLine]] = []
        spanning: list[tuple[int, int, GridCell]] = []  # (grid row, column, cell)
        for i, row in enumerate(self.matrix):
            band = self._band(i, row, spanning)
            bands.append(band)
        out: list[TLine] = []
        starts: list[int] = []
        for i, band in enumerate(bands):
            is_header = all(c.kind == "header" for c, how in self.matrix[i] if how == "own")
            for tl in band:
                tl.header = is_header
                tl.keep_with_next = is_header  # never a page break inside the header
            for tl in band[:-1]:
                # a page break falls between rows, not inside one — unless the Word table lets a
                # row break across pages (real DOCX→PDF dumps: the label's tail atop the next page)
                tl.keep_with_next = is_header or not self.row_breaks
            if i and band:
                gap = rng.choice(self.ls.row_gap)
                out += [TLine() for _ in range(gap)]
            starts.append(len(out))
            out += band
        starts.append(len(out))
        for i, j, c in spanning:
            self._place_spanning(out, starts, i, j, c)
        self.header_lines = [tl for tl in out if tl.header]
        return out

    def _band(self, i: int, row: list, spanning: list) -> list[TLine]:
        rng, ls = self.rng, self.ls
        label_pieces: list[list[Piece]] = []
        values: list[Piece] = []
        titles: list[Piece] = []
        j = 0
        while j < len(row):
            c, how = row[j]
            if how != "own":
                j += 1
                continue
            if c.rs > 1:
                spanning.append((i, j, c))
            elif c.kind == "value":
                if c.key is not None:
                    text = value_text(self.rep, c.key)
                    if text:
                        align = ls.value_align if c.cs == 1 else rng.choice(("left", "center", "right"))
                        values.append(Piece(j, c.cs, text, align))
            elif c.kind == "title":
                titles.append(Piece(0, self.width, c.text, rng.choice(("left", "center", "center"))))
            else:
                text = self._label_text(c.text)
                width = self._cell_width(j, c.cs)
                parts = wrap(text, width)
                align = "left" if c.kind == "label" else rng.choice(("left", "center", "center"))
                label_pieces.append([Piece(j, c.cs, p, align) for p in parts])
            j += c.cs
        if titles:
            return [TLine(pieces=[p], table=0) for p in titles]
        n_value_cells = sum(1 for c, how in row if how == "own" and c.kind == "value")
        if values and len(values) == n_value_cells and rng.random() < ls.row_shift:
            # a full value line slides as a block (hongze_2024: 95 at column 61, 50 at column 50);
            # never a line with a blank cell, whose gap alone tells which column is empty
            shift = rng.randint(1, 10)
            for p in values:
                p.inset = shift
        height = max((len(p) for p in label_pieces), default=0)
        if not values:
            return self._stack(label_pieces, height)
        if height <= 1:
            line = TLine(pieces=[p for ps in label_pieces for p in ps] + values)
            return [line]
        # a wrapped label: the value line shares one piece's line or sits on its own line
        lines = self._stack(label_pieces, height)
        where = rng.choices(("share0", "share_mid", "above", "between", "below"), (2, 2, 1, 3, 3))[0]
        if where == "share0":
            lines[0].pieces += values
        elif where == "share_mid":
            lines[height // 2].pieces += values
        else:
            k = {"above": 0, "between": rng.randint(1, height - 1), "below": height}[where]
            lines.insert(k, TLine(pieces=values))
        return lines

    def _stack(self, label_pieces: list[list[Piece]], height: int) -> list[TLine]:
        """Cells of one row, each wrapped, placed top / middle / bottom in the row's band."""
        lines = [TLine() for _ in range(height)]
        for ps in label_pieces:
            top = {"top": 0, "middle": (height - len(ps)) // 2, "bottom": height - len(ps)}[
                self.rng.choice(("top", "middle", "middle", "bottom"))
            ]
            for k, p in enumerate(ps):
                lines[top + k].pieces.append(p)
        return lines

    def _spanning_parts(self, j: int, c: GridCell) -> tuple[list[str], bool]:
        """Pieces of a row-spanning cell and whether they may get lines of their own."""
        text = c.text.replace("\n", "")
        width = self._cell_width(j, c.cs)
        if c.kind == "label" and j == 0 and self.section == APPLICATIONS:
            form = self.ls.group_form
            if form == "vertical1":
                return list(text), True
            if form == "vertical2":
                return [text[k : k + 2] for k in range(0, len(text), 2)], True
            if form == "spaced":
                return [" ".join(text[k : k + 2] for k in range(0, len(text), 2))], True
            return wrap(text, width), True
        return wrap(self._label_text(text) if c.kind == "label" else text, width), c.kind == "label"

    def _place_spanning(self, out: list[TLine], starts: list[int], i: int, j: int, c: GridCell) -> None:
        parts, own_ok = self._spanning_parts(j, c)
        lo, hi = starts[i], starts[min(i + c.rs, len(starts) - 1)]
        n = len(parts)
        if hi - lo < n:  # the band is too short: the label pushes blank lines into the table
            for _ in range(n - (hi - lo)):
                out.insert(hi, TLine(header=c.kind == "header", keep_with_next=c.kind == "header"))
            for k in range(len(starts)):
                if starts[k] >= hi and k > i + c.rs - 1:
                    starts[k] += n - (hi - lo)
            hi = lo + n
        align = "left" if c.kind == "label" else self.rng.choice(("left", "center"))
        if n == 1 and own_ok and self.ls.parent_own_line and c.kind == "label" and hi - lo > 2:
            # its own line at the row boundary nearest the middle of its band (never inside a row)
            inner = [s for s in starts[i : i + c.rs + 1] if lo < s < hi] or [hi]
            mid = min(inner, key=lambda s: abs(s - (lo + hi) / 2))
            out.insert(mid, TLine(pieces=[Piece(j, c.cs, parts[0], align)]))
            for k in range(len(starts)):
                if starts[k] > mid:
                    starts[k] += 1
            return
        room = hi - lo
        if self.rng.random() < 0.5 and room >= 2 * n:
            step = room / n  # spread down the band
            rows = [lo + int(step * k + step / 2) for k in range(n)]
        else:
            top = lo + (room - n) // 2  # a centred block
            rows = list(range(top, top + n))
        for r, p in zip(rows, parts, strict=True):
            out[r].pieces.append(Piece(j, c.cs, p, align))


def compose(pieces: list[Piece], geo: Geometry, char_grid: bool = False) -> str:
    """Pieces to one text line: each at its box position, never glued to the previous one.

    Positions are in average-character widths of the page. ``char_grid`` is what pdftotext
    really does: it counts *characters* up to a word's column, so a CJK character (two columns
    wide on screen) advances the line by one — value columns line up by character index and look
    shifted on screen after long CJK labels (corpus hongze_2024: 95 at screen column 61 after a
    16-character label, 50 at column 50 after a 7-character one). Otherwise the dump is aligned
    on screen (CJK = 2 display columns), as tools that pad by display width write it."""
    placed = []
    for p in pieces:
        x, w = geo.box(p.col, p.span)
        pw = dwidth(p.text)
        if p.align == "right":
            x += max(0, w - pw)
        elif p.align == "center":
            x += max(0, (w - pw) // 2)
        placed.append((x + p.inset, p.text))
    placed.sort(key=lambda t: t[0])
    out, cur = "", 0
    for x, text in placed:
        if out and x <= cur:
            x = cur + 1
        out += " " * (x - cur) + text
        cur = x + (len(text) if char_grid else dwidth(text))
    return out.rstrip()


def _text_lines(text: str, width: int) -> list[str]:
    """Running text wrapped at ``width`` where a PDF wraps it: anywhere but inside a number."""
    out: list[str] = []
    while dwidth(text) > width:
        k = len(wrap(text, width)[0])
        while 1 < k < len(text) and (text[k - 1].isdigit() or text[k - 1] == ".") and text[k].isdigit():
            k -= 1
        out.append(text[:k])
        text = text[k:]
    return [*out, text] if text or not out else out


def _para_lines(text: str, width: int, indent: int) -> list[str]:
    """A paragraph: first line indented, continuation lines from the margin."""
    first = _text_lines(text, width - indent)[0]
    return [" " * indent + first, *(_text_lines(text[len(first) :], width) if len(first) < len(text) else [])]


_CJK_DIGIT = re.compile(r"(?<=[\u4e00-\u9fff，。、：（）])(?=\d)|(?<=\d)(?=[\u4e00-\u9fff])")


def render_layout(rep: GenReport) -> str:
    """The whole report as a ``pdftotext -layout`` dump (str; the writer encodes it)."""
    rng = _rng(rep)
    ls = _draw_style(rng)
    lines: list[TLine] = []
    tables: list[TableLayout] = []

    def prose(text: str) -> str:  # pdftotext puts a space where a Latin font meets a CJK one
        return _CJK_DIGIT.sub(" ", text) if ls.digit_space else text

    for b in outline(rep):
        if b.kind == "title":
            indent = ls.title_indent
            for t in title_lines(rep) if rng.random() < 0.7 else [b.text.replace("\n", "")]:
                for part in _text_lines(prose(t), ls.page_width - indent):
                    lines.append(TLine(text=part, indent=indent + rng.randint(0, 4)))
            lines.append(TLine())
        elif b.kind in ("heading", "subheading"):
            if rng.random() < 0.4:
                lines.append(TLine())
            lines.append(TLine(text=b.text, indent=ls.heading_indent + rng.choice((0, 0, 2))))
        elif b.kind == "para":
            lines += [TLine(text=t) for t in _para_lines(prose(b.text), ls.page_width, ls.para_indent)]
        elif b.kind == "table":
            assert b.grid is not None
            t = TableLayout(rep, b.grid, b.section, rng, ls)
            idx = len(tables)
            tables.append(t)
            lines += [TLine() for _ in range(rng.randint(0, 2))]
            for tl in t.lines():
                tl.table = idx
                lines.append(tl)
            lines += [TLine() for _ in range(rng.randint(1, 3))]
        elif b.kind == "signoff":
            lines.append(TLine())
            for t in b.text.split("\n"):
                t = prose(t)
                lines.append(TLine(text=t, indent=ls.page_width - dwidth(t) - rng.randint(0, 8)))
    return _paginate(lines, tables, ls, rng)


def _paginate(lines: list[TLine], tables: list[TableLayout], ls: LayoutStyle, rng: random.Random) -> str:
    """Pages of ``ls.page_lines`` lines, each closed by a footer; the next page starts with a form
    feed. A table continuing on a new page gets new column positions (as pdftotext re-lays it)."""
    out: list[str] = []
    geos = {k: t.geo for k, t in enumerate(tables)}
    # A table with blank cells keeps its positions across pages: on a page without a header, a
    # lone value could otherwise sit in any column, and the truth must stay readable.
    fixed = {k for k, t in enumerate(tables) if t.has_blanks}
    page, on_page = 1, 0
    feed = False
    last_table, pending = -1, -1
    held = False
    for tl in lines:
        if on_page >= ls.page_lines and not held:
            out += [""] * rng.randint(0, 3)
            out.append(" " * max(0, ls.footer_indent + rng.randint(-3, 3)) + ls.footer.format(n=page))
            page += 1
            on_page = 0
            feed = True
            pending = last_table
        held = tl.keep_with_next
        if tl.table >= 0:
            if tl.table == pending:
                if tl.table not in fixed:
                    geos[tl.table] = geos[tl.table].redraw(rng)
                pending = -1
                if tables[tl.table].repeat_header and not tl.header:
                    for hl in tables[tl.table].header_lines:
                        head = compose(hl.pieces, geos[tl.table], ls.char_grid) if hl.pieces else ""
                        out.append(("\f" if feed else "") + head)
                        feed = False
                        on_page += 1
            last_table = tl.table
            text = compose(tl.pieces, geos[tl.table], ls.char_grid) if tl.pieces else ""
        else:
            last_table = -1
            text = (" " * max(0, tl.indent) + tl.text) if tl.text else ""
        if feed:
            text = "\f" + text
            feed = False
        out.append(text)
        on_page += 1
    out += [""] * rng.randint(1, 4)
    out.append(" " * ls.footer_indent + ls.footer.format(n=page))
    return "\n".join(out) + "\n\f"
