"""Markdown as real converters write it: HTML tables inside, docling pipe tables, OCR number forms.

MinerU, PaddleOCR PP-Structure and olmOCR put each table into the markdown as an HTML ``<table>``
(rowspan/colspan kept, often the whole table on one line, PaddleOCR wrapped in
``<html><body>``); docling and marker write pipe tables whose merged cells are *repeated* in every
column and row they span, with escaped pipes (``\\|``) inside cells; OCR engines type numbers as
``$12$``. The cell mapper reads TAB rows best (the HTML/DOCX/PDF readers all write them), so this
module turns such tables into the same TAB rows the HTML reader writes, and leaves every other line
alone (a clean pipe table is read by the mapper as it always was):

- an HTML table block is walked by the HTML reader's walker (``grid``: a span written once);
- a pipe table whose merged cells are repeated is given its spans back: a text cell equal to its
  left neighbour is the same merged cell (dropped), a text cell in the label columns equal to the
  one above is a row span (an empty field), and a value equal to its left neighbour is dropped
  only under a header whose cells are merged there too (``本年处理决定数量`` over three columns) —
  two equal values under two different headers are two cells;
- ``$12$`` → ``12`` and the minus sign ``−3`` → ``-3`` anywhere, ``\\|`` → a space, an HTML comment
  line (``<!-- page -->``) and page furniture between two parts of a table dropped.

Line numbers stay those of the file (a table on one line gives all its rows that line).
"""

from __future__ import annotations

import re

from extract.document import Document, Line

_TABLE_OPEN = re.compile(r"<table\b", re.I)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.I)
_LATEX_NUMBER = re.compile(r"\$\s*(?:\\mathrm\{|\\text\{)?\s*([+\-]?[0-9０-９][0-9０-９,，.．]*)\s*\}?\s*\$")
_MINUS_SIGN = re.compile(r"\u2212(?=\s*[0-9０-９])")  # − (U+2212) before a number: LaTeX/MathML's minus
_ESCAPED_PIPE = re.compile(r"\s*\\\|\s*")
_COMMENT_LINE = re.compile(r"^\s*<!--.*-->\s*$")
# What a page break leaves between two parts of a table: a page number or a running header.
_PAGE_LINE = re.compile(
    r"^\s*(?:[-—–]+\s*\d{1,3}\s*[-—–]+|第\s*\d{1,3}\s*页(?:\s*[/，,]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}"
    r"|\d{1,3}|<!--.*-->|.{0,40}年度报告)\s*$"
)
_PAIR_LINE = re.compile(r"^\s*\d{1,3}\s*/\s*\d{1,3}\s*$", re.M)
# GFM allows one dash a column (|:-|:-:|); the mapper knows the three-dash form only.
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_SHORT_SEPARATOR = re.compile(r"^\s*\|(?=[\s:|-]*\|\s*$)(?:\s*:?-{0,2}:?\s*\|)+\s*$", re.M)


def has_html_table(text: str) -> bool:
    """An HTML table block inside the text (a converter's markdown saved as .txt, too)."""
    return _TABLE_OPEN.search(text) is not None and _TABLE_CLOSE.search(text) is not None


def needs_reading(text: str) -> bool:
    """Whether the text holds anything this module rewrites (else the plain line reader is used)."""
    return bool(
        _TABLE_OPEN.search(text)
        or "\\|" in text
        or _LATEX_NUMBER.search(text)
        or "{,}" in text
        or _PAIR_LINE.search(text)
        or _SHORT_SEPARATOR.search(text)
        or _MINUS_SIGN.search(text)
        or _repeats_any(text)
    )


def _repeats_any(text: str) -> bool:
    """A cheap look for a docling table: some pipe line with two equal neighbouring text cells."""
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith("|") and s.count("|") >= 3 and _cells(s) and _has_repeat([_cells(s)]):
            return True
    return False


def _cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")]


def _is_text(cell: str) -> bool:
    from extract.values import parse_cell

    return parse_cell(cell).kind == "junk"


def _has_repeat(rows: list[list[str]]) -> bool:
    """Two equal neighbouring text cells in a row (a merged cell repeated across columns); short
    ones (``结果 | 结果``) are the fragments of wrapped header cells, not a repeat."""
    return any(len(a) >= 4 and a == b and _is_text(a) for row in rows for a, b in zip(row, row[1:], strict=False))


def read_markdown(text: str, fmt: str = "md") -> Document:
    """A converter's markdown as a Document: HTML tables and docling pipe tables as TAB rows."""
    lines = text.split("\n")
    page_lines = _page_lines(lines)
    out: list[Line] = []
    i = 0
    while i < len(lines):
        raw = lines[i]
        if i in page_lines:
            i += 1
            continue
        if _TABLE_OPEN.search(raw):
            j = _block_end(lines, i)
            out += _html_block("\n".join(lines[i : j + 1]), i + 1)
            i = j + 1
            continue
        if raw.lstrip().startswith("|"):
            j = i
            while j + 1 < len(lines) and lines[j + 1].lstrip().startswith("|"):
                j += 1
            out += _pipe_table(lines[i : j + 1], i + 1)
            i = j + 1
            continue
        if not _COMMENT_LINE.match(raw):
            out.append(Line(_numbers(raw), line=i + 1))
        i += 1
    return Document(out, fmt, {"markdown_tables": "converted"})


def _numbers(s: str) -> str:
    """Numbers as OCR/LaTeX print them made plain: ``$12$`` → ``12``, ``$1{,}234$`` → ``1,234``,
    ``−3`` → ``-3``."""
    s = _MINUS_SIGN.sub("-", s)
    if "$" in s:
        s = _LATEX_NUMBER.sub(r"\1", s.replace("{,}", ","))  # LaTeX's thousands comma: 1{,}234
    return s


def _is_table_line(s: str) -> bool:
    s = s.strip().lower()
    return s.startswith("|") or s.endswith(("</table>", "</html>", "</tr>", "</tbody>"))


def _page_lines(lines: list[str]) -> set[int]:
    """Lines a page break left between two parts of a table (table lines on both sides, blank
    lines aside): they are page furniture, not a row ("3/5" would read as a change pair)."""
    out: set[int] = set()
    for i, raw in enumerate(lines):
        if not raw.strip() or not _PAGE_LINE.match(raw):
            continue
        before = next((lines[j] for j in range(i - 1, -1, -1) if _content(lines[j])), "")
        after = next((lines[j] for j in range(i + 1, len(lines)) if _content(lines[j])), "")
        if _is_table_line(before) and (after.strip().startswith("|") or _TABLE_OPEN.search(after)):
            out.add(i)
    return out


def _content(line: str) -> bool:
    """A line that is neither blank nor page furniture (a footer and the next page's header
    stand together between two table parts)."""
    return bool(line.strip()) and not _PAGE_LINE.match(line)


def _block_end(lines: list[str], i: int) -> int:
    """Index of the line that closes every table opened from line ``i`` (nested tables counted)."""
    depth = 0
    for j in range(i, len(lines)):
        depth += len(_TABLE_OPEN.findall(lines[j])) - len(_TABLE_CLOSE.findall(lines[j]))
        if depth <= 0:
            return j
    return len(lines) - 1


def _html_block(block: str, first_line: int) -> list[Line]:
    """An HTML fragment (tables and whatever shares their lines) walked as the HTML reader does."""
    import lxml.html
    from lxml import etree

    from extract.readers.html import _Walker

    try:
        root = lxml.html.fragment_fromstring(_numbers(block), create_parent="div")
    except (etree.ParserError, ValueError):
        return [Line(t, line=first_line + k) for k, t in enumerate(block.split("\n"))]
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    return [
        Line(ln.text, line=first_line + (ln.line - 1 if ln.line else 0), cell_boxes=ln.cell_boxes)
        for ln in walker.lines
    ]


def _pipe_table(rows: list[str], first_line: int) -> list[Line]:
    """A run of pipe lines: as it is, unless its merged cells are repeated (docling)."""
    cleaned = [_numbers(_ESCAPED_PIPE.sub(" ", r)) for r in rows]
    body = [(k, _cells(r)) for k, r in enumerate(cleaned) if not _is_separator(k, r)]
    grid = [c for _, c in body]
    if grid and all(not row[0] for row in grid if row) and all(len(row) > 1 for row in grid):
        grid = [row[1:] for row in grid]  # an empty leading column
    if not _has_repeat(grid):
        return [Line(_dashes(t) if _is_separator(k, t) else t, line=first_line + k) for k, t in enumerate(cleaned)]
    out: list[Line] = []
    for (k, _), fields in zip(body, _spans_back(grid), strict=True):
        if not any(fields):
            continue
        if len(fields) == 1:
            out.append(Line(fields[0], line=first_line + k))  # a title row across the table
        else:
            out.append(Line("\t".join(fields), line=first_line + k))
    return out


def _is_separator(k: int, line: str) -> bool:
    """A separator row: the second line of a table, or any line of dashes with a colon or three
    dashes (a table cut by a page and joined again keeps its second separator); a row of single
    ``-`` elsewhere is a row of blank cells."""
    return _SEPARATOR.match(line) is not None and (k == 1 or ":" in line or "---" in line)


def _dashes(line: str) -> str:
    """A separator row in the three-dash form the mapper knows; other lines as they are."""
    if "-" in line:
        return "|" + "---|" * max(1, line.strip().strip("|").count("|") + 1)
    return line


def _spans_back(grid: list[list[str]]) -> list[list[str]]:
    """Rows with repeated merged cells written as the HTML reader writes spans (see the module
    docstring): a column repeat dropped, a row repeat in the label columns an empty field."""
    out: list[list[str]] = []
    header: list[str] = []  # the last row of text cells only: decides which value columns are merged
    above: list[str] = []
    for row in grid:
        text = [_is_text(c) or not c for c in row]
        first_value = next((j for j, t in enumerate(text) if not t), len(row))
        fields: list[str] = []
        for j, c in enumerate(row):
            left = row[j - 1] if j else None
            if j and c and c == left:
                merged_head = len(row) <= len(header) and header[j] and header[j] == header[j - 1]
                if text[j] or merged_head:
                    continue  # the same merged cell, one column further
            if c and text[j] and j < first_value and j < len(above) and above[j] == c:
                fields.append("")  # a row span continuing
                continue
            fields.append(c)
        if all(text):
            header = row
        above = row
        out.append(fields)
    return out
