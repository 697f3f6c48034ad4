"""Table grids (from HTML, DOCX, PDF rulings or scanned rulings) written as tab rows.

Every table reader ends with the same problem: a grid of cells with row and column spans that
must become one TAB-separated line per table row, the layout the cell mapper reads best (seed
000): the row label, then one field per value column, blank cells kept as empty fields. Writing
that once keeps the four readers in agreement. The rules, and why:

- a column span is written once: header and body rows of government tables span columns
  differently (``本年新公开数量`` over two grid columns in the header, ``13`` over two in the body,
  ``0`` over one elsewhere), so counting grid columns would shift values; counting cells does not;
- a row span continuing from a row above is one empty field, where seed 000 leaves its blank
  label cell (``\\t2.其他法律行政法规禁止公开\\t0…``);
- a row holding a single cell across the whole table (``第二十条第（一）项``, or a page frame
  drawn around paragraphs) is plain text, one line per printed line;
- cell text is joined across printed lines without spaces between Chinese characters, so a
  vertical label (``三\\n、\\n本\\n年…``) and a wrapped label (``本年新\\n制作数量``) read whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.document import Line

BBox = tuple[float, float, float, float]


@dataclass
class Cell:
    """One cell of a table: its text, top-left grid position, spans, and where it was found."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    bbox: BBox | None = None
    confidence: float | None = None
    index: int | None = None  # position of the cell in its source row (HTML: the <td>/<th>)


_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_SPACE_NEAR_CJK_PUNCT = re.compile(r"\s+(?=[，。、；：）》”])|(?<=[（《“])\s+")


def clean_cell(text: str) -> str:
    """Cell text on one line: printed lines joined, stray spaces between Chinese characters dropped."""
    text = text.replace("\xa0", " ").replace("\u3000", " ").replace("\t", " ").replace("\r", "\n")
    parts = [p.strip() for p in text.split("\n")]
    parts = [p for p in parts if p]
    out = ""
    for p in parts:
        if out and re.match(r"[A-Za-z0-9]", out[-1]) and re.match(r"[A-Za-z0-9]", p[0]):
            out += " "
        out += p
    out = re.sub(r"\s+", " ", out)
    out = _SPACE_BETWEEN_CJK.sub("", out)
    out = _SPACE_NEAR_CJK_PUNCT.sub("", out)
    return out.strip()


# The widest report table has ~15 grid columns and its tallest label spans ~40 rows; spans are
# clamped well above that so a hostile page (``<td rowspan=200 colspan=200>`` x 20 000: 8 GB of
# grid) costs a grid of at most rows x MAX_GRID_COLS. Cells past the last column are not a report's.
MAX_GRID_COLS = 64
MAX_ROWSPAN = 100


def place(rows: list[list[tuple[str, int, int]]]) -> list[Cell]:
    """Cells from rows of (text, rowspan, colspan) as HTML/DOCX give them: find each grid position."""
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    for r, row in enumerate(rows):
        c = 0
        for i, (text, rowspan, colspan) in enumerate(row):
            while (r, c) in taken:
                c += 1
            if c >= MAX_GRID_COLS:
                break
            rowspan = max(1, min(rowspan, len(rows) - r, MAX_ROWSPAN))
            colspan = max(1, min(colspan, MAX_GRID_COLS - c))
            cells.append(Cell(text, r, c, rowspan, colspan, index=i))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            c += colspan
    return cells


def _union(boxes: list[BBox]) -> BBox | None:
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def grid_lines(
    cells: list[Cell],
    page: int | None = None,
    source_line: list[int | None] | None = None,
    table_index: int | None = None,
    source_element: list[str | None] | None = None,
) -> list[Line]:
    """The tab-row lines of one table (see the module docstring for the rules). ``table_index``
    (HTML) gives each field its (table, row, cell) reference in the page, ``source_element`` each
    row's element (its XPath), kept on a row printed as text (a caption row across the table)."""
    if not cells:
        return []
    n_rows = max(c.row + c.rowspan for c in cells)
    n_cols = max(c.col + c.colspan for c in cells)
    at: dict[tuple[int, int], Cell] = {}
    for cell in cells:
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                at.setdefault((cell.row + dr, cell.col + dc), cell)
    lines: list[Line] = []
    for r in range(n_rows):
        origins = {id(c): c for c in (at.get((r, k)) for k in range(n_cols)) if c is not None and c.row == r}
        src = source_line[r] if source_line and r < len(source_line) else None
        element = source_element[r] if source_element and r < len(source_element) else None
        if len(origins) == 1:
            only = next(iter(origins.values()))
            others = [at.get((r, k)) for k in range(n_cols) if at.get((r, k)) is not only]
            if not any(o is not None and o.text.strip() for o in others):
                for part in _text_lines(only.text):
                    lines.append(Line(part, line=src, page=page, bbox=only.bbox, element=element))
                continue
        fields: list[str] = []
        boxes: list[BBox | None] = []
        confs: list[float] = []
        refs: list[tuple[int, int, int] | None] = []
        c = 0
        while c < n_cols:
            cell = at.get((r, c))
            if cell is None:
                fields.append("")
                boxes.append(None)
                confs.append(1.0)
                refs.append(None)
                c += 1
                continue
            fields.append(clean_cell(cell.text) if cell.row == r else "")
            boxes.append(cell.bbox if cell.row == r else None)
            own = table_index is not None and cell.row == r and cell.index is not None
            refs.append((table_index, r, cell.index) if own else None)  # type: ignore[arg-type]
            confs.append(cell.confidence if cell.confidence is not None and cell.row == r else 1.0)
            c = cell.col + cell.colspan
        if not any(fields):
            continue
        has_conf = any(c.confidence is not None for c in origins.values())
        lines.append(
            Line(
                "\t".join(fields),
                line=src,
                page=page,
                bbox=_union([b for b in boxes if b is not None]),
                cell_boxes=boxes if any(b is not None for b in boxes) else None,
                confidence=confs if has_conf else None,
                cell_refs=refs if table_index is not None else None,
            )
        )
    return lines


def _text_lines(text: str) -> list[str]:
    """A full-width cell's printed lines (paragraph text inside a frame keeps its line breaks)."""
    out = [re.sub(r"[ \t\xa0\u3000]+", " ", p).strip() for p in text.replace("\r", "\n").split("\n")]
    return [p for p in out if p]
