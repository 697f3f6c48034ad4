"""The one intermediate every reader produces: text lines with provenance.

Readers (text, HTML, DOCX, PDF, OCR) differ only in how they get here. A table is written as
one line per table row with cells separated by TAB, so the cell mapper sees every format as
the tab-row layout it already understands; each line remembers where it came from (a line
number of the source text, or a page and bounding box).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(slots=True)
class Line:
    """One line of document text. ``cell_boxes`` (optional) gives a bbox per TAB-separated cell.
    Slotted: a large text file is hundreds of thousands of lines, and a per-line ``__dict__``
    cost more than the text itself."""

    text: str
    line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    cell_boxes: list[tuple[float, float, float, float] | None] | None = None
    confidence: list[float] | None = None  # per cell, for OCR


@dataclass
class Document:
    """A whole document as lines, plus facts a reader found outside the text (page title...)."""

    lines: list[Line]
    format: str
    meta: dict[str, str] = field(default_factory=dict)

    @cached_property
    def text(self) -> str:
        """The lines joined (computed once: the mapper and the agency resolver both read it)."""
        return "\n".join(ln.text for ln in self.lines)

    @classmethod
    def from_text(cls, text: str, fmt: str = "txt") -> Document:
        """Lines of a plain text, numbered from 1 (the provenance of text reports)."""
        return cls([Line(t, line=i) for i, t in enumerate(text.split("\n"), start=1)], fmt)
