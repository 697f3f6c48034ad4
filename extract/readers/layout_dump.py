"""Column-aligned text dumps (``pdftotext -layout`` and the like) read by geometry.

In such a dump a character column is a coordinate: a table's numbers stand in columns, a blank
cell is only a gap, a long label wraps over two or three lines with its numbers on a line of
their own, group labels run down the margin a few characters a line, and page footers (``-1-``,
``— 2 —``) and form feeds fall inside tables. Read line by line, a quarter of the cells are lost;
read as positions, the table comes back. This module turns the dump into positioned pieces (runs
of text separated by two or more spaces) and hands them to the one grid builder
(``positioned``), which every other source of positions uses too.

Columns are counted in characters or in display width (CJK and full-width forms two columns):
``pdftotext`` pads by characters, a dump typed in an editor with a CJK font pads by display
width; the metric under which the numbers of consecutive rows line up best is used.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import accumulate

from extract.document import Document
from extract.readers.positioned import ENUMERATOR, Piece, PrintedLine, is_value, lay_out

# A number standing alone after a gap of two or more spaces, at the end or before another gap.
_GAP_NUMBER = re.compile(r"[^\s|] {2,}[-+]?\d[\d,.]*(?= {2,}|[ \t]*$)", re.MULTILINE)
# Two or more numbers in a row, each set apart by two or more spaces (a table row's values).
_NUMBER_ROW = re.compile(r"(?<!\S)[-+]?\d[\d,.]*(?: {2,}[-+]?\d[\d,.]*)+(?= {2,}|[ \t]*$)", re.MULTILINE)
_RUN = re.compile(r"\S+(?: \S+)*")
_FOOTER = re.compile(
    r"^(?:[-—–－‐―~～]+\s*\d{1,4}\s*[-—–－‐―~～]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$"
)
_LONE_ENUMERATOR = re.compile(r"^(?:\d{1,2}\s*[.．、]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)$")
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_HEADING = re.compile(r"^[一二三四五六七八九十]+、")


def looks_like_layout_dump(text: str) -> bool:
    """Whether a text is a column-aligned dump: numbers set apart by runs of spaces on several
    lines, several of them rows of numbers, and no TAB or pipe table. Cheap (two regex scans) so
    plain text reports pay nothing. A flattened text (labels and glued digit runs) is not one:
    its digit runs need the mapper's splitting, not columns."""
    if text.count("\t") > 20 or text.count("|") > 20:
        return False
    return len(_GAP_NUMBER.findall(text)) >= 6 and len(_NUMBER_ROW.findall(text)) >= 2


@lru_cache(maxsize=8192)
def _width(ch: str) -> int:
    return 1 if ch < "\u1100" else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _pieces(line: str, display: bool, starts: set[float] | None = None) -> list[Piece]:
    """Runs of text separated by two or more spaces; a run of numbers split at single spaces,
    and a number glued by one space to the label before it (``…禁止公 0``) split off when more
    numbers follow on the line (a row whose label ran into its first column)."""
    if display:
        pos = [0, *accumulate(map(_width, line))]
    runs: list[list[tuple[int, int, str]]] = []
    for m in _RUN.finditer(line):
        toks = list(re.finditer(r"\S+", m.group()))
        spans = [(m.start() + t.start(), m.start() + t.end(), t.group()) for t in toks]
        if runs and _LONE_ENUMERATOR.match(" ".join(t for _, _, t in runs[-1])) and spans[0][0] - runs[-1][-1][1] <= 3:
            runs[-1].extend(spans)  # "4.  无正当理由…": an item number is never a cell of its own
        else:
            runs.append(spans)
    parts: list[tuple[int, int, str]] = []
    has_value = [any(is_value(t) for _, _, t in spans) for spans in runs]
    for k, spans in enumerate(runs):
        numbers_follow = any(has_value[k + 1 :])
        if len(spans) > 1 and all(is_value(t) for _, _, t in spans):
            parts.extend(spans)
        elif (
            len(spans) > 1
            and numbers_follow
            and is_value(spans[-1][2])
            and not is_value(spans[-2][2])
            and not (spans[-1][2] == "无" and _LONE_ENUMERATOR.match(spans[-2][2]))  # "4. 无正当…" cut
        ):
            parts.append((spans[0][0], spans[-2][1], line[spans[0][0] : spans[-2][1]]))
            parts.append(spans[-1])
        else:
            # a group label glued by one space to the item after it (（三）不 4.保护…)
            cuts = [
                j
                for j in range(1, len(spans))
                if (ENUMERATOR.match(spans[j][2]) and not is_value(spans[j][2]))
                or (
                    starts
                    and (pos[spans[j][0]] if display else spans[j][0]) in starts
                    and not _LONE_ENUMERATOR.match(spans[j - 1][2])
                    and not is_value(spans[j][2])
                )
            ]
            for a, b in zip([0] + cuts, cuts + [len(spans)], strict=True):
                parts.append((spans[a][0], spans[b - 1][1], line[spans[a][0] : spans[b - 1][1]]))
    return [Piece(t, float(pos[a] if display else a), float(pos[b] if display else b)) for a, b, t in parts]


def _display_metric(raws: list[str]) -> bool:
    """True when the dump pads by display width (CJK = two columns) rather than by characters.

    Evidence: text pieces that follow other text on their line (a sub-item label beside its
    group label, a header cell beside another) start, under the right count, at the column where
    a text piece of a nearby line starts (a wrapped label's next line, the sub-item above); under
    the wrong count each is off by the number of wide characters before it. Numbers are no
    evidence: a value line may slide as a block (pdftotext sets numbers in a bigger font), and
    counting characters squeezes a line, so the numbers of any line seem to line up better that
    way. Only when the labels say nothing (a tie) do the numbers decide."""
    lines = [r for r in raws if r.strip()]

    def score(display: bool) -> int:
        pieces = [_pieces(r, display) for r in lines]
        starts = [{round(p.x0) for p in ps if not p.numeric} for ps in pieces]
        hits = 0
        for k, ps in enumerate(pieces):
            if len(ps) < 2:
                continue
            near = set().union(*starts[max(0, k - 6) : k], *starts[k + 1 : k + 7])
            hits += sum(1 for p in ps[1:] if not p.numeric and round(p.x0) in near)
        return hits

    by_width, by_chars = score(True), score(False)
    if by_width != by_chars:
        return by_width > by_chars
    rows = [r for r in lines if _GAP_NUMBER.search(r)]
    return len({round(p.cx) for raw in rows for p in _pieces(raw, True) if p.numeric}) < len(
        {round(p.cx) for raw in rows for p in _pieces(raw, False) if p.numeric}
    )


def _is_prose(ln: PrintedLine) -> bool:
    """Running text: one long run starting at the margin (a table's labels are indented, short
    or bracketed)."""
    if len(ln.pieces) != 1:
        return False
    p = ln.pieces[0]
    return p.x0 <= 6 and len(p.text) >= 20 and not p.text.startswith(("（", "("))


def printed_lines(text: str) -> list[PrintedLine]:
    """The dump's non-blank lines as positioned pieces; footers dropped, form feeds = pages."""
    raws = text.split("\n")
    display = _display_metric([r.replace("\f", "").rstrip() for r in raws])
    lines: list[PrintedLine] = []
    page = 1
    for n, raw in enumerate(raws):
        if "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        body = raw.rstrip()
        stripped = body.strip()
        if not stripped:
            continue
        if _FOOTER.match(stripped) or (_BARE_NUMBER.match(stripped) and _ends_page(raws, n, page)):
            continue
        lines.append(PrintedLine(_pieces(body, display), y=float(n), source=n + 1, page=page, raw=body))
    # a run holding two cells glued by one space (（四）无 需要另行制作): cut where a word starts
    # at the column a cell of the line above or below starts at
    for k, ln in enumerate(lines):
        if not any(" " in p.text for p in ln.pieces) or "。" in ln.raw:  # a sentence is no row of cells
            continue
        near = [m for m in lines[max(0, k - 1) : k + 2] if m is not ln and abs(m.y - ln.y) <= 1 and m.page == ln.page]
        starts = {p.x0 for m in near for p in m.pieces}
        if starts:
            ln.pieces = _pieces(ln.raw, display, starts)
    return lines


def _ends_page(raws: list[str], n: int, page: int) -> bool:
    """A bare number is a page number when only blank lines separate it from a form feed (or the
    end) and it is the page's own number, or above it stands a blank line or a row ending in
    numbers (never a label whose value it could be), or it stands left of every number of the
    table rows above it, where no value of the table can stand."""
    above = raws[n - 1].replace("\f", "").split() if n else []
    if above and int(raws[n].strip()) != page and not (len(above) >= 2 and is_value(above[-1]) and is_value(above[-2])):
        start = len(raws[n]) - len(raws[n].lstrip())
        rows = [r for r in raws[max(0, n - 12) : n] if _NUMBER_ROW.search(r.replace("\f", ""))]
        if not rows or start + len(raws[n].strip()) >= min(m.start() for r in rows for m in _NUMBER_ROW.finditer(r.replace("\f", ""))):
            return False
    for r in raws[n + 1 :]:
        if "\f" in r:
            return True
        if r.strip():
            return False
    return True


def read_layout_dump(text: str, fmt: str = "txt") -> Document:
    """A column-aligned dump as a Document: tables as tab rows, other lines as printed."""
    return Document(lay_out(printed_lines(text), _is_prose), fmt, {"layout": "columns"})
