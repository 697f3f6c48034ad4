"""From a table region to the printed cells of each row, whatever the layout.

Layouts seen: tab rows with label columns, one cell per line (tab-indented, blank cells as empty
lines), markdown pipe rows (with value rows split from their labels by a PDF converter), and
flattened text with no separators. The region between a row label and the next phrase holds the
row's cells; which of its lines count depends on the section's layout *style*:

- ``row`` style: the cells are on the label's own line; other full lines with several cells and
  no label are *loose rows* (their label was printed elsewhere), single numbers are strays;
- ``column`` style: the label stands alone and each following line is one cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate

from extract.phrases import Match, squeeze
from extract.values import Parsed, has_cjk, parse_cell

_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_SPLIT = re.compile(r"\t|\|")
_DIGIT = re.compile(r"[0-9０-９]")
# What may follow a row label and still belong to it: markdown emphasis (**规章**) and a money
# unit (（万元）, (单位：元), （单位:千元）).
_LABEL_UNIT = re.compile(
    r"(?:[ \u3000]*(?:\*+|[(（][ \u3000]*(?:单位[:：]?[ \u3000]*)?(?:万元|千元|元)[ \u3000]*[)）]))+"
)


@dataclass
class RawCell:
    """One printed cell and where it starts in the document text."""

    raw: str
    offset: int
    parsed: Parsed


@dataclass
class Token:
    """A whitespace-separated piece of a flattened value run."""

    text: str
    offset: int


@dataclass
class RowRead:
    """What the document printed for one row label."""

    row: str
    label: Match
    cells: list[RawCell] = field(default_factory=list)
    flat: list[Token] | None = None  # set when the values are a run with no separators
    shares_line: bool = False  # another row label follows on the same line with no values between
    tab_row: bool = False  # cells are the fields of the label's own TAB line (empty field = blank cell)
    fields: bool = False  # the label's own line printed separators after it (tab or pipe fields)
    unread: str = ""  # text after the label on its line that is neither cells nor a value run
    misread: str = ""  # a field that is a number with a letter for a digit (1O5): kept as a blank, warned


@dataclass
class LooseRow:
    """A line of values with no row label (a converter moved the label away)."""

    offset: int
    cells: list[RawCell]
    owner: str = ""  # the row label whose region (before the next phrase) holds this line
    line_end: int = 0  # offset just past the line
    text: str = ""  # the line's text fields before its values, squeezed (a label's wrapped tail)


@dataclass
class TableRead:
    rows: list[RowRead]
    loose: list[LooseRow]
    strays: list[RawCell]
    style: str


def _fields(line: str, offset: int) -> list[RawCell]:
    """Split a line into cells at TABs or pipes (outer pipes of a markdown row dropped)."""
    s = line
    base = offset
    if "|" in s:
        stripped = s.strip()
        lead = len(s) - len(s.lstrip())
        if stripped.startswith("|"):
            base += lead + 1
            stripped = stripped[1:]
        if stripped.endswith("|"):
            stripped = stripped[:-1]
        s = stripped
    parts = _SPLIT.split(s)
    # each field starts one separator after the end of the one before (loops in C: a table row
    # of eight fields is split ~20 times a report)
    starts = accumulate(map((1).__add__, map(len, parts)), initial=base)
    return list(map(RawCell, parts, starts, map(parse_cell, parts)))


# A value cell that is no number but was one: an OCR engine typed a letter for a digit (1O5, l2, a
# lone o), or a stray mark (2?, 7), 1.1.1, two numbers in one cell). Never a value (it may be any
# number), never nothing: its place is kept, so later cells keep their columns, and it is warned.
_LOOKALIKE = re.compile(r"[+\-]?(?=[\d.,]*[OoIl])[\dOoIl][\dOoIl.,]*")


def _misread_number(c: RawCell) -> bool:
    from extract.values import clean

    if c.parsed.kind != "junk":
        return False
    s = clean(c.raw)
    if not s or len(s) > 16 or has_cjk(s):
        return False
    return _LOOKALIKE.fullmatch(s) is not None or bool(_DIGIT.search(s))


def _blank_if_misread(c: RawCell) -> RawCell:
    """A misread number as a blank that keeps its column (``note`` says so, for the warning)."""
    return RawCell(c.raw, c.offset, Parsed("blank", note="misread")) if _misread_number(c) else c


def misread_in(cells: list[RawCell]) -> str:
    """The raw text of the first misread number among ``cells`` ('' when none)."""
    return next((c.raw.strip() for c in cells if c.parsed.note == "misread"), "")


def _has_separator(s: str) -> bool:
    return "\t" in s or "|" in s


def _flat_tokens(s: str, offset: int) -> list[Token] | None:
    """Whitespace tokens of a separator-less run, or None when it holds text that is not a value."""
    toks: list[Token] = []
    for m in _TOKEN.finditer(s):
        t = m.group()
        if (
            has_cjk(t)
            and not _UNIT_VALUE.fullmatch(t)
            and parse_cell(t).kind != "number"  # 增3减1, 增加2: a change in words
        ):
            return None
        toks.append(Token(t, offset + m.start()))
    return toks


_VALUE_KINDS = frozenset(("number", "blank"))


def _is_value(c: RawCell) -> bool:
    return c.parsed.kind in _VALUE_KINDS


_TOKEN = re.compile(r"\S+")
_UNIT_VALUE = re.compile(r"[\d.,+\-/]*(?:万元|千元|元|件|项|个|条)?")
_UNICODE_DIGIT = re.compile(r"\d")


def _separator_row(line: str) -> bool:
    """A markdown separator row (``|---|---|``); every one holds a run of three dashes, so most
    lines are told apart without the regex."""
    return "---" in line and _SEPARATOR_ROW.match(line) is not None


def detect_style(text: str, lo: int, hi: int) -> str:
    """``column`` when most value-bearing lines hold a single cell, else ``row``."""
    single = multi = 0
    for line in text[lo:hi].split("\n"):
        body = line[1:] if line[:1] == "\t" else line
        stripped = body.strip()
        if not stripped or ("---" in body and _SEPARATOR_ROW.match(body)):
            continue
        if ("\t" in body or "|" in body) and sum(map(bool, map(str.strip, _SPLIT.split(stripped.strip("|"))))) >= 2:
            multi += 1
            continue
        if len(stripped) < 30 and _UNICODE_DIGIT.search(body):
            single += 1
    return "column" if single > multi else "row"


def read_table(text: str, lo: int, hi: int, phrases: list[Match], style: str) -> TableRead:
    """Cells of every row label in the region [lo, hi) of ``text``."""
    rows: list[RowRead] = []
    loose: list[LooseRow] = []
    strays: list[RawCell] = []
    owner, owner_at = "", -1
    for i, m in enumerate(phrases):
        nxt = phrases[i + 1] if i + 1 < len(phrases) else None
        end = nxt.start if nxt else hi
        if m.kind != "row":
            if owner:
                loose.extend(_loose_after_header(text, m, end, owner, owner_at))
            continue
        owner, owner_at = m.key, m.start
        body = m.end
        unit = _LABEL_UNIT.match(text, body, end)
        if unit:  # 行政事业性收费（万元）: the unit belongs to the label, not to the values
            body = unit.end()
        seg = text[body:end]
        read = RowRead(m.key, m)
        lines = seg.split("\n")
        first, middle = lines[0], lines[1:-1] if len(lines) > 1 else []
        if len(lines) == 1 and nxt is not None and nxt.kind == "row" and not seg.strip(" \t|"):
            read.shares_line = True
        read.fields = "\t" in first or "|" in first.strip().rstrip("|")
        if first.strip(" \t|"):
            if _has_separator(first):
                cells = _fields(first, body)
                rest = cells[1:]
                # the first field is a value slot when a pipe follows the label (| 规章 | l2 |), not
                # when the label's own cell goes on (| 规章(1) | 0 |)
                slot = first.lstrip(" ").startswith("|") and _misread_number(cells[0]) if cells else False
                if cells and (cells[0].parsed.kind == "number" or slot):
                    rest = cells
                if any(c.parsed.kind == "junk" for c in rest):  # in place, so later cells keep their columns
                    rest = [_blank_if_misread(c) for c in rest]
                    read.misread = misread_in(rest)
                read.cells = [c for c in rest if c.parsed.kind in _VALUE_KINDS]
                read.tab_row = "\t" in first and not (len(lines) == 1 and nxt is not None)
            else:
                read.flat = _flat_tokens(first, body)
                if read.flat is None and _UNICODE_DIGIT.search(first):
                    read.unread = first.strip()
        elif _has_separator(first) and len(lines) == 1:
            read.cells = [c for c in _fields(first, body)[1:] if c.parsed.kind in _VALUE_KINDS]
        offset = body + len(first) + 1
        column_cells: list[RawCell] = []
        for line in middle:  # the hot loop of one-cell-per-line tables: tests inlined
            line_off = offset
            offset += len(line) + 1
            if not line or ("---" in line and _SEPARATOR_ROW.match(line)):
                continue
            if line[0] == "\t":
                body, body_off = line[1:], line_off + 1
            else:
                body, body_off = line, line_off
            if "\t" in body or "|" in body:
                cells = [c for c in _fields(body, body_off) if c.parsed.kind in _VALUE_KINDS]
                if any(c.parsed.kind == "number" for c in cells) and len(cells) >= 2:
                    loose.append(LooseRow(body_off, cells, m.key, offset - 1, _label_text(body)))
                continue
            parsed = parse_cell(body)
            if style == "column":
                if parsed.kind in _VALUE_KINDS:
                    column_cells.append(RawCell(body, body_off, parsed))
            elif parsed.kind == "number":
                strays.append(RawCell(body, body_off, parsed))
        if not read.cells and read.flat is None and column_cells:
            read.cells = column_cells
        elif column_cells:
            strays.extend(c for c in column_cells if c.parsed.kind == "number")
        rows.append(read)
    return TableRead(rows, loose, strays, style)


def _label_text(line: str) -> str:
    """The squeezed text fields of a separated line (what is left of a wrapped label)."""
    return "".join(squeeze(c.raw).text for c in _fields(line, 0) if c.parsed.kind == "junk")


def _loose_after_header(text: str, m: Match, end: int, owner: str, owner_at: int) -> list[LooseRow]:
    """Value rows in the stretch after a header phrase inside a table: its own line when the
    phrase sits inside a label's text (``情形，不计其他情形） | 1 | 0 …`` — 其他 is a header word)
    and separated lines below it. They belong to no label; the section decides where they go.
    On the owner label's own line (a header glued to it: ``行政许可第二十条第（六）项→5``) one
    value is enough; elsewhere a value row has at least two."""
    out: list[LooseRow] = []
    if not _DIGIT.search(text, m.end, end):
        return out
    line_start = text.rfind("\n", 0, m.start) + 1
    lines = text[m.end : end].split("\n")
    offset = line_start
    for k, line in enumerate(lines[:-1] if len(lines) > 1 else lines):
        if k == 0:
            line = text[line_start : m.end] + line
        line_off = offset
        offset += len(line) + 1
        if not _has_separator(line) or _separator_row(line):
            continue
        fields = _fields(line, line_off)
        last_text = max((j for j, c in enumerate(fields) if c.parsed.kind == "junk"), default=-1)
        cells = [c for c in fields[last_text + 1 :] if c.parsed.kind in _VALUE_KINDS]
        own_line = k == 0 and owner_at >= line_start
        if sum(c.parsed.kind == "number" for c in cells) >= (1 if own_line else 2):
            out.append(LooseRow(cells[0].offset, cells, owner, offset - 1, _label_text(line)))
    return out


def read_trailing_cells(text: str, lo: int, hi: int, style: str) -> tuple[list[RawCell], list[Token] | None]:
    """Value cells in [lo, hi) with no row label (section four prints one row under its headers).
    Lines of text that are not values are skipped."""
    seg = text[lo:hi]
    lines = seg.split("\n")
    if len(lines) > 1:
        lines = lines[:-1]
    cells: list[RawCell] = []
    flat: list[Token] | None = None
    offset = lo
    for line in lines:
        line_off = offset
        offset += len(line) + 1
        if not line.strip() and not line.startswith("\t"):
            continue
        if _separator_row(line):
            continue
        body = line[1:] if (line.startswith("\t") and style == "column") else line
        body_off = line_off + (len(line) - len(body))
        if _has_separator(body):
            row = [_blank_if_misread(c) for c in _fields(body, body_off)]
            row = [c for c in row if c.parsed.kind in _VALUE_KINDS]
            if style == "row" and not any(c.parsed.kind == "number" for c in row):
                continue
            cells.extend(row)
            continue
        cell = RawCell(body, body_off, parse_cell(body))
        if cell.parsed.kind == "junk":
            toks = _flat_tokens(body, body_off)
            if toks and flat is None and not cells:
                flat = toks
            continue
        if style == "column" or cell.parsed.kind == "number":
            cells.append(cell)
    return cells, flat


@dataclass
class LabelPiece:
    """The text fields of one separated line (TAB or pipe row) inside a table region."""

    line_start: int
    line_end: int
    text: str  # the line's text fields, squeezed and folded
    field_starts: tuple[int, ...]  # where each text field starts in ``text``
    values: list[RawCell]  # the fields after the last text field (blank fields kept)


def label_pieces(text: str, lo: int, hi: int) -> list[LabelPiece]:
    """Text fields of every TAB/pipe line in [lo, hi). A label wrapped inside its table cell
    comes out of a PDF as two rows, the values on one of them (``4.无正当 0 0 …`` then
    ``理由大量反复申请``); joining the text fields of consecutive lines finds such labels."""
    out: list[LabelPiece] = []
    pos = lo
    for line in text[lo:hi].split("\n"):
        start, pos = pos, pos + len(line) + 1
        if not _has_separator(line) or _separator_row(line):
            continue
        cells = _fields(line, start)
        last_text = max((i for i, c in enumerate(cells) if c.parsed.kind == "junk"), default=-1)
        parts: list[str] = []
        starts: list[int] = []
        n = 0
        for c in cells[: last_text + 1]:
            if c.parsed.kind != "junk":
                continue
            sq = squeeze(c.raw).text
            starts.append(n)
            parts.append(sq)
            n += len(sq)
        out.append(LabelPiece(start, start + len(line), "".join(parts), tuple(starts), cells[last_text + 1 :]))
    return out
