"""Tab rows from positioned text boxes when a table has no rulings (borderless PDF, OCR fallback).

Without rulings the only evidence of a column is where its numbers sit. Boxes are grouped into
printed lines; a line holding numbers is a table row; the value columns of a run of such rows are
the clusters of their numbers' x-centres, so a row that leaves a column blank gets an empty field
there instead of shifting its later values left (the mapper reads values by position).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from extract.document import Line

VALUE = re.compile(r"^(?:[-+－]?\s*[\d０-９][\d０-９,，.．]*\s*(?:元|万元|件|个)?|[-—–/／]{1,2}|无|\d+/\d+)$")


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


def _is_value_row(row: list[Box]) -> bool:
    values = [b for b in row if VALUE.match(b.text.strip())]
    return len(values) >= 2 or (len(values) == 1 and row[0] is not values[0] and len(row) >= 2)


def _anchors(rows: list[list[Box]], tol: float) -> list[float]:
    xs = sorted(b.cx for row in rows for b in row if VALUE.match(b.text.strip()))
    groups: list[list[float]] = []
    for x in xs:
        if groups and x - groups[-1][-1] <= tol:
            groups[-1].append(x)
        else:
            groups.append([x])
    return [sum(g) / len(g) for g in groups]


def _plain(row: list[Box], height: float) -> str:
    out = ""
    for i, b in enumerate(row):
        if i:
            out += "\t" if b.x0 - row[i - 1].x1 > 1.5 * height else ""
        out += b.text.strip()
    return out


def boxes_to_lines(boxes: list[Box], page: int | None = None) -> list[Line]:
    """Lines of a page from text boxes: tab rows with blank fields for value rows, text otherwise."""
    boxes = [b for b in boxes if b.text.strip()]
    if not boxes:
        return []
    height = median(b.bottom - b.top for b in boxes)
    rows = group_rows(boxes)
    # runs of consecutive value rows share their column anchors
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(rows):
        if _is_value_row(rows[i]):
            j = i
            while j + 1 < len(rows) and _is_value_row(rows[j + 1]):
                j += 1
            runs.append((i, j))
            i = j + 1
        else:
            i += 1
    anchors_of: dict[int, list[float]] = {}
    run_anchors = [_anchors(rows[a : b + 1], tol=1.2 * height) for a, b in runs]
    for k, (a, b) in enumerate(runs):
        mine = run_anchors[k]
        for other in (k - 1, k + 1):  # a wrapped label splits a table: borrow the wider neighbour's columns
            if 0 <= other < len(runs):
                theirs = run_anchors[other]
                if len(theirs) > len(mine) and all(min(abs(x - y) for y in theirs) <= 1.2 * height for x in mine):
                    mine = theirs
        for r in range(a, b + 1):
            anchors_of[r] = mine
    lines: list[Line] = []
    for r, row in enumerate(rows):
        box = (min(b.x0 for b in row), min(b.top for b in row), max(b.x1 for b in row), max(b.bottom for b in row))
        has_conf = any(b.confidence is not None for b in row)
        if r not in anchors_of:
            conf = [min(b.confidence if b.confidence is not None else 1.0 for b in row)] if has_conf else None
            lines.append(Line(_plain(row, height), page=page, bbox=box, confidence=conf))
            continue
        anchors = anchors_of[r]
        first_value = next(k for k, b in enumerate(row) if VALUE.match(b.text.strip()))
        labels = row[:first_value]
        label_fields: list[Box] = []
        for b in labels:  # label pieces close together are one label cell
            if label_fields and b.x0 - label_fields[-1].x1 <= 1.5 * height:
                prev = label_fields[-1]
                conf = min(c for c in (prev.confidence, b.confidence) if c is not None) if has_conf else None
                label_fields[-1] = Box(prev.text + b.text, prev.x0, min(prev.top, b.top), b.x1, max(prev.bottom, b.bottom), conf)
            else:
                label_fields.append(b)
        slots: list[Box | None] = [None] * len(anchors)
        for b in row[first_value:]:
            k = min(range(len(anchors)), key=lambda k: abs(anchors[k] - b.cx))
            if slots[k] is None:
                slots[k] = b
            else:
                slots[k] = Box(slots[k].text + " " + b.text, slots[k].x0, slots[k].top, b.x1, slots[k].bottom, b.confidence)
        fields = label_fields + slots
        lines.append(
            Line(
                "\t".join(b.text.strip() if b else "" for b in fields),
                page=page,
                bbox=box,
                cell_boxes=[(b.x0, b.top, b.x1, b.bottom) if b else None for b in fields],
                confidence=[b.confidence if b and b.confidence is not None else 1.0 for b in fields] if has_conf else None,
            )
        )
    return lines
