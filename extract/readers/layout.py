"""Tab rows from positioned text boxes when a table has no rulings (borderless PDF, OCR fallback).

Without rulings the only evidence of a column is where its numbers sit. Boxes are grouped into
printed lines here and handed to the one grid builder (``positioned``, which layout dumps use
too): value columns from the numbers' positions, so a row that leaves a column blank gets an
empty field there instead of shifting its later values left; wrapped and group labels joined.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from extract.document import Line
from extract.readers.positioned import Piece, PrintedLine, lay_out


@dataclass
class Box:
    """A piece of text with its box (top-left origin) and, for OCR, its recognition confidence."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


def group_rows(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped into printed lines by vertical overlap, each line sorted left to right."""
    rows: list[list[Box]] = []
    spans: list[tuple[float, float]] = []
    for b in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        mid = (b.top + b.bottom) / 2
        if rows and spans[-1][0] <= mid <= spans[-1][1]:
            rows[-1].append(b)
            spans[-1] = (min(spans[-1][0], b.top), max(spans[-1][1], b.bottom))
        else:
            rows.append([b])
            spans.append((b.top, b.bottom))
    return [sorted(r, key=lambda b: b.x0) for r in rows]


def _plain(row: list[Box], height: float) -> str:
    out = ""
    for i, b in enumerate(row):
        if i:
            out += "\t" if b.x0 - row[i - 1].x1 > 1.5 * height else ""
        out += b.text.strip()
    return out


def boxes_to_lines(boxes: list[Box], page: int | None = None) -> list[Line]:
    """Lines of a page from text boxes: tables as tab rows with blank fields (the one grid
    builder, ``positioned``), other text as lines."""
    boxes = [b for b in boxes if b.text.strip()]
    if not boxes:
        return []
    height = median(b.bottom - b.top for b in boxes)
    rows = group_rows(boxes)
    tops = [min(b.top for b in r) for r in rows]
    gaps = [b - a for a, b in zip(tops, tops[1:], strict=False) if b - a > 0.5 * height]
    pitch = max(height, median(gaps)) if gaps else 1.5 * height
    left = min(b.x0 for b in boxes)
    width = max(b.x1 for b in boxes) - left
    lines: list[PrintedLine] = []
    for row, top in zip(rows, tops, strict=True):
        pieces = [Piece(b.text.strip(), b.x0, b.x1, b.confidence, top=b.top, bottom=b.bottom) for b in row]
        box = (min(b.x0 for b in row), top, max(b.x1 for b in row), max(b.bottom for b in row))
        lines.append(PrintedLine(pieces, y=top, page=page, raw=_plain(row, height), bbox=box))

    def is_prose(ln: PrintedLine) -> bool:
        """Running text: one run from the left margin across most of the text width."""
        if len(ln.pieces) != 1:
            return False
        p = ln.pieces[0]
        return p.x0 - left <= 2 * height and p.x1 - p.x0 >= 0.6 * width

    out = lay_out(lines, is_prose, step=pitch, tol=height)
    for ln in out:
        if ln.confidence is None and any(b.confidence is not None for b in boxes) and "\t" not in ln.text:
            conf = [b.confidence for b in boxes if b.confidence is not None and ln.bbox and b.top >= ln.bbox[1] - 0.5 and b.bottom <= ln.bbox[3] + 0.5]
            ln.confidence = [min(conf)] if conf else None
    return out
