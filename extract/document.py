"""The one intermediate every reader produces: text lines with provenance.

Readers (text, HTML, DOCX, PDF, OCR) differ only in how they get here. A table is written as
one line per table row with cells separated by TAB, so the cell mapper sees every format as
the tab-row layout it already understands; each line remembers where it came from (a line
number of the source text, or a page and bounding box).

A plain text keeps its lines as the text itself plus one offset per line (:class:`TextLines`),
and makes a :class:`Line` only when asked: a 19 MB file of short rows is 1.3 million lines, and a
``Line`` and a ``str`` per line cost ten times the file before any extraction started (issue 17).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from typing import overload

# Line starts are found a chunk at a time: ``str.split`` of a whole 19 MB text would hold a
# string per line at once, which is the cost the offsets exist to avoid.
_CHUNK = 1 << 20


@dataclass(slots=True)
class Line:
    """One line of document text. ``cell_boxes`` (optional) gives a bbox per TAB-separated cell.
    Slotted: a large document is hundreds of thousands of lines, and a per-line ``__dict__``
    cost more than the text itself."""

    text: str
    line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    cell_boxes: list[tuple[float, float, float, float] | None] | None = None
    confidence: list[float] | None = None  # per cell, for OCR
    # per cell, for HTML: (table, row, cell) — 0-based <table> of the page, <tr> of the table,
    # <td>/<th> of the row — so a cell read from a web page can be found in its DOM
    cell_refs: list[tuple[int, int, int] | None] | None = None
    element: str | None = None  # HTML: XPath of the block element the line's text came from


def line_starts(text: str) -> array:
    """Offset of each line of ``text`` (split at ``\\n``, as ``str.split`` would: n newlines, n + 1
    lines), as unsigned ints — 4 bytes a line where a list of ints costs 36."""
    starts = array("I" if len(text) < 2**32 else "Q", [0])
    for lo in range(0, len(text), _CHUNK):
        parts = text[lo : lo + _CHUNK].split("\n")
        del parts[-1]  # the text after the chunk's last newline starts no line here
        if parts:
            # start of the line after newline k = lo + sum of (len + 1) of the parts up to k
            starts.extend(accumulate(map((1).__add__, map(len, parts)), initial=lo))
            del starts[-len(parts) - 1]  # the chunk's own start (lo) was pushed by ``initial``
    return starts


# A report-sized text keeps its split lines too: cutting each line out on demand costs more
# Python per line than splitting once, and memory is no concern below this size.
SMALL_TEXT_CHARS = 256 * 1024


class _TextView:
    """Lines of ``text`` cut on demand at ``starts``; the base of the two views below."""

    __slots__ = ("built", "parts", "starts", "text")

    def __init__(self, text: str, starts: array | None = None, parts: list[str] | None = None) -> None:
        self.text = text
        self.built: list[Line] | None = None  # a small text's Line objects, made once on first use
        if parts is None and len(text) <= SMALL_TEXT_CHARS:
            parts = text.split("\n")
        self.parts = parts
        if starts is None:
            if parts is not None:
                starts = array("I", accumulate(map((1).__add__, map(len, parts[:-1])), initial=0))
            else:
                starts = line_starts(text)
        self.starts = starts

    def __len__(self) -> int:
        return len(self.starts)

    def _cut(self, i: int) -> str:
        if self.parts is not None:
            return self.parts[i]
        n = len(self.starts)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("line index out of range")
        end = self.starts[i + 1] - 1 if i + 1 < n else len(self.text)
        return self.text[self.starts[i] : end]

    def __reduce__(self):  # a child process sends the text; the offsets are rebuilt in the parent
        return (type(self), (self.text,))


class LineTexts(_TextView, Sequence[str]):
    """The texts of the lines of one text (``text.split("\\n")`` without holding the list)."""

    __slots__ = ()

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            if self.parts is not None:
                return self.parts[i]
            return [self._cut(k) for k in range(*i.indices(len(self)))]
        return self._cut(i)

    def __iter__(self) -> Iterator[str]:
        if self.parts is not None:
            return iter(self.parts)
        return (self._cut(k) for k in range(len(self)))

    def __reversed__(self) -> Iterator[str]:
        if self.parts is not None:
            return reversed(self.parts)
        return (self._cut(k) for k in range(len(self) - 1, -1, -1))


class TextLines(_TextView, Sequence[Line]):
    """The :class:`Line` objects of a plain text, numbered from 1, made when read."""

    __slots__ = ()

    @overload
    def __getitem__(self, i: int) -> Line: ...
    @overload
    def __getitem__(self, i: slice) -> list[Line]: ...
    def __getitem__(self, i: int | slice) -> Line | list[Line]:
        if self.parts is not None:
            return self._built()[i]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        k = i + len(self) if i < 0 else i
        return Line(self._cut(k), line=k + 1)

    def __iter__(self) -> Iterator[Line]:
        if self.parts is not None:
            return iter(self._built())
        return (Line(self._cut(k), line=k + 1) for k in range(len(self)))

    def numbered(self) -> Iterator[tuple[int, str]]:
        """(line number, text) of every line, with no Line object made (for readers of the
        text that keep only some lines)."""
        return enumerate(self.parts if self.parts is not None else LineTexts(self.text, self.starts), start=1)

    def _built(self) -> list[Line]:
        """A small text's lines as objects, made once (the mapper asks for a line per cell)."""
        if self.built is None:
            self.built = [Line(t, line=k) for k, t in enumerate(self.parts or (), start=1)]
        return self.built

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TextLines):
            return self.text == other.text
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to a list, so unhashable like one

    def texts(self) -> LineTexts:
        """The same lines as strings, sharing the text and the offsets."""
        return LineTexts(self.text, self.starts, self.parts)


@dataclass
class Document:
    """A whole document as lines, plus facts a reader found outside the text (page title...)."""

    lines: Sequence[Line]
    format: str
    meta: dict[str, str] = field(default_factory=dict)

    @cached_property
    def text(self) -> str:
        """The lines joined (computed once: the mapper and the agency resolver both read it); a
        plain text is its own joined lines, so no copy."""
        if isinstance(self.lines, TextLines):
            return self.lines.text
        return "\n".join(ln.text for ln in self.lines)

    @property
    def line_texts(self) -> Sequence[str]:
        """The text of each line (a view for a plain text, not a list of a million strings)."""
        if isinstance(self.lines, TextLines):
            return self.lines.texts()
        return [ln.text for ln in self.lines]

    @cached_property
    def line_starts(self) -> Sequence[int]:
        """Offset in :attr:`text` where each line starts (for provenance lookups by offset)."""
        if isinstance(self.lines, TextLines):
            return self.lines.starts
        starts = array("I" if len(self.text) < 2**32 else "Q", [0] if self.lines else [])
        pos = 0
        for ln in self.lines[:-1]:
            pos += len(ln.text) + 1
            starts.append(pos)
        return starts

    @classmethod
    def from_text(cls, text: str, fmt: str = "txt") -> Document:
        """Lines of a plain text, numbered from 1 (the provenance of text reports)."""
        return cls(TextLines(text), fmt)
