"""One grid builder for every source of positions: positioned text pieces in, tab rows out.

PDF words without rulings, OCR boxes and the character columns of a ``pdftotext -layout`` dump
all give the same evidence: pieces of text with an x-range on a printed line. Tables drawn that
way break a line-by-line reader in the same few ways, so they are undone here once:

- a value column is where numbers sit: the rows that fill every column give each column's centre
  (the median by rank, robust to a dump's drift, where one row's numbers stand several columns
  off another's; camelot's stream parser likewise takes columns from the rows with the modal cell
  count); a row leaving a column blank gets an empty field at the nearest centre, never a shift
  of its later values, and when a number is about as near two columns the row keeps its values
  as printed (the mapper then warns) instead of guessing;
- a column that no row fills (only the 总计 column printed) is still a column: the header's leaf
  cells (header blocks with nothing below them) give the columns when they outnumber the numbers';
- a cell's text wrapped over several printed lines is joined (label blocks: pieces on adjacent
  lines that overlap in x, unless the lower one starts a new item such as ``（三）`` or ``5.``);
- a value line is a table row; a label block spanning it is its label; a block spanning several
  rows is a group label (三、本年度办理结果 printed down the margin), written once on its first row;
  a block beside no value line is a wrapped label whose values sit on a line of their own above or
  below it: the item labels of a table are matched to the nearest value lines with no label at
  their depth yet all at once, in printed order (the most placed, then the nearest), other blocks
  one by one;
- a row cut by a page break (Word lets rows break across pages) is joined: a label's tail atop a
  page goes back to the last row of the page before, an item's head at a page's foot goes on to
  the numbers atop the next; a header printed again atop a page continues the table as one;
- header lines (above a table's first value line) and group headings left alone (``（三）不予公开``
  on a line of its own) stay text lines, with header cells wrapped over lines joined.

The output rows are the ``Document`` layout every reader produces: the group labels, the row
label, then one field per value column (blank = empty field); each line keeps the source line of
its values (``source``), so provenance points at the printed numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import median

from extract.document import Line

# A printed cell value: a number with its sign, change notation (增5, 减1, 增50减1, +3/-1) or
# unit, or a blank marker. Anything else with a digit (1.属于…, 2024年) is text.
_BLANK_MARK = re.compile(r"^(?:[-—–/／－]{1,2}|无)$")
_VALUE_REST = re.compile(r"[\d０-９,，.．%+\-－−/／\s增减加少元万件个条项]")


@lru_cache(maxsize=65536)
def is_value(text: str) -> bool:
    """Whether a piece is a cell value (see above), not text."""
    t = text.strip()
    if _BLANK_MARK.match(t):
        return True
    return any(c.isdigit() for c in t) and not _VALUE_REST.sub("", t) and not re.match(r"^\d+\s*[.．、](?!\d)", t)
# A piece starting a new item of a table, never the continuation of the label above it.
# In a narrow column the number itself wraps: ``（三`` above ``）不予公开``.
ENUMERATOR = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+(?:[）)]|$)|[一二三四五六七八九十]+[、.．]|\d+\s*[.．、]|第[一二三四五六七八九十\d]+条)"
)
# A sub-table's title line (第二十条第（五）项).
_TITLE = re.compile(r"^第[一二三四五六七八九十\d]+条")
# An item of a table's rows (（三）, 5.), never a sub-table title (第二十条第（五）项) or heading.
_ITEM = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|\d+\s*[.．、])")
_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}“”])\s+(?=[{_CJK}“”])")


@dataclass
class Piece:
    """A run of text on one printed line with its x-range (any unit: columns, points, pixels)."""

    text: str
    x0: float
    x1: float
    confidence: float | None = None
    top: float | None = None  # known for PDF words and OCR boxes (gives the cell boxes)
    bottom: float | None = None
    numeric: bool = field(init=False)

    def __post_init__(self) -> None:
        self.numeric = is_value(self.text)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class PrintedLine:
    """One printed line: its pieces left to right, its vertical position, and where it came from."""

    pieces: list[Piece]
    y: float
    source: int | None = None
    page: int | None = None
    raw: str = ""
    bbox: tuple[float, float, float, float] | None = None

    @property
    def values(self) -> list[Piece]:
        """The pieces from the first value on (text right of a number is a cell, not a label)."""
        k = next((k for k, p in enumerate(self.pieces) if p.numeric), len(self.pieces))
        return self.pieces[k:]

    @property
    def labels(self) -> list[Piece]:
        """The pieces left of the first value."""
        k = next((k for k, p in enumerate(self.pieces) if p.numeric), len(self.pieces))
        return self.pieces[:k]

    @property
    def is_value(self) -> bool:
        return any(p.numeric for p in self.pieces)


@dataclass
class _Block:
    """Label pieces joined across printed lines (one cell's text)."""

    pieces: list[tuple[int, Piece]]  # (line index, piece)

    @property
    def first(self) -> int:
        return self.pieces[0][0]

    @property
    def last(self) -> int:
        return self.pieces[-1][0]

    @property
    def x0(self) -> float:
        return min(p.x0 for _, p in self.pieces)

    @property
    def x1(self) -> float:
        return max(p.x1 for _, p in self.pieces)

    def text(self) -> str:
        return join_text([p.text for _, p in self.pieces])


def join_text(parts: list[str]) -> str:
    """Pieces of one cell joined: no space between Chinese characters, one between words."""
    out = ""
    for p in (p.strip() for p in parts):
        if not p:
            continue
        if out and re.match(r"[A-Za-z0-9]", out[-1]) and re.match(r"[A-Za-z0-9]", p[0]):
            out += " "
        out += p
    out = re.sub(r"\s+", " ", out)
    return _SPACE_BETWEEN_CJK.sub("", out).strip()


def _overlap(a0: float, a1: float, b0: float, b1: float) -> bool:
    return min(a1, b1) - max(a0, b0) > 0


# -- columns --------------------------------------------------------------------------------
def column_centres(rows: list[PrintedLine], leaves: list[tuple[float, float]], tol: float) -> list[float]:
    """The x-centres of a table's value columns: by rank over the rows that fill every column
    (robust to a dump's drift, where one row's numbers sit several columns off another's), or the
    header's leaf cells when they outnumber the numbers of every row (a column nobody filled) and
    every number stands under one of them (in a drifting dump the header says nothing)."""
    n = max(len(r.values) for r in rows)
    under = all(any(a - tol <= p.cx <= b + tol for a, b in leaves) for r in rows for p in r.values)
    if len(leaves) > n and under:  # the header agrees with where the numbers stand
        return [(a + b) / 2 for a, b in leaves]
    full = [r for r in rows if len(r.values) == n]
    return [median(r.values[k].cx for r in full) for k in range(n)]


def assign_columns(values: list[Piece], centres: list[float], tol: float) -> list[int] | None:
    """The column of each value of a row: by order when the row fills every column, else the
    nearest centre — None when a value is about as near two columns (a blank cell's place is
    then unknown, and a guess would shift a value into the wrong column)."""
    if len(values) == len(centres):
        return list(range(len(values)))
    if len(values) > len(centres):
        return None
    out: list[int] = []
    for p in values:
        if p.cx >= centres[-1] or p.cx <= centres[0]:  # beyond an edge column: only that one
            out.append(len(centres) - 1 if p.cx >= centres[-1] else 0)
            continue
        d = sorted((abs(c - p.cx), k) for k, c in enumerate(centres))
        if len(d) > 1 and d[0][0] > tol and 2 * d[0][0] >= d[1][0]:
            return None
        out.append(d[0][1])
    if any(b <= a for a, b in zip(out, out[1:], strict=False)):
        return None
    return out


def _header_leaves(header: list[PrintedLine], value_x0: float, step: float) -> list[tuple[float, float]]:
    """The leaf header cells right of the label column (starting right of ``value_x0``, the
    labels' margin): header blocks with no header block below them."""
    blocks = _blocks(header, step, value_lines=set(), use_enumerators=False)
    blocks = [b for b in blocks if b.x0 >= value_x0]
    leaves = []
    for b in blocks:
        below = [o for o in blocks if o is not b and o.first > b.last and _overlap(b.x0, b.x1, o.x0, o.x1)]
        if not below:
            leaves.append((b.x0, b.x1))
    leaves.sort()
    # leaves must not overlap one another (a messy header gives no columns)
    for (a0, a1), (b0, b1) in zip(leaves, leaves[1:], strict=False):
        if _overlap(a0, a1, b0, b1):
            return []
    return leaves


# -- label blocks ---------------------------------------------------------------------------
def _title(ln: PrintedLine) -> bool:
    """A heading on a line of its own (``四、政府信息公开行政复议…``): never a wrapped cell."""
    return len(ln.pieces) == 1 and bool(_HEADING.match(ln.pieces[0].text)) and len(ln.pieces[0].text) >= 8


def _blocks(lines: list[PrintedLine], step: float, value_lines: set[int], use_enumerators: bool = True,
            label_x1: float | None = None, tol: float = 1.5) -> list[_Block]:
    """Label pieces joined into blocks across printed lines (see the module docstring): a piece
    joins the block above it when their x-ranges overlap, it is no wider than the block (wrapped
    text fills its first line first), and the lines are adjacent or only lines without text over
    it stand between them (a blank line ends a cell)."""
    blocks: list[_Block] = []
    titles: set[int] = {id(b) for b in ()}
    for i, ln in enumerate(lines):
        labels = [p for p in ln.labels if label_x1 is None or p.x0 < label_x1]
        rightmost = labels[-1] if labels else None
        for p in labels:
            target = None
            if not (use_enumerators and ENUMERATOR.match(p.text)):
                for b in reversed(blocks):
                    j, q = b.pieces[-1]
                    if j >= i or id(b) in titles:
                        continue
                    dy = ln.y - lines[j].y
                    if dy > 2.5 * step or (dy > 1.5 * step and j == i - 1):
                        continue
                    if not _overlap(p.x0, p.x1, q.x0, q.x1):
                        continue
                    if p.x1 - p.x0 > max(r.x1 - r.x0 for _, r in b.pieces) + tol:
                        continue
                    if min(abs(p.x0 - q.x0), abs(p.cx - q.cx), abs(p.x1 - q.x1)) > tol:
                        continue  # wrapped text is aligned left, centred or right under its line
                    between = lines[j + 1 : i]
                    if any(_overlap(p.x0, p.x1, r.x0, r.x1) for m in between for r in m.pieces):
                        continue
                    if i in value_lines and j in value_lines:
                        # two value lines: only pieces of a group label printed down the margin
                        q_right = lines[j].labels[-1:]
                        if p is rightmost or (q_right and q_right[0] is q):
                            continue
                    target = b
                    break
            if target is not None:
                target.pieces.append((i, p))
            else:
                blocks.append(_Block([(i, p)]))
                if _title(ln):
                    titles.add(id(blocks[-1]))
    return blocks


# -- one table ------------------------------------------------------------------------------
@dataclass
class _Row:
    line: int  # index of the value line
    labels: list[_Block] = field(default_factory=list)


def table_lines(header: list[PrintedLine], body: list[PrintedLine], step: float = 1.0, tol: float = 1.5) -> list[Line]:
    """The lines of one table: header lines (cells wrapped over lines joined), then one tab row
    per value line of ``body`` (labels attached, blanks kept), and leftover label text as lines."""
    out: list[Line] = []
    value_idx = [i for i, ln in enumerate(body) if ln.is_value]
    if not value_idx:
        return [_plain(ln) for ln in header + body]
    # value columns per page (a page break may rescale a dump's columns)
    first_page = body[value_idx[0]].page
    first_rows = [body[i] for i in value_idx if body[i].page == first_page]
    label_x0 = min((p.x0 for r in first_rows for p in r.labels), default=None)
    leaves = _header_leaves(header, label_x0 + 2 * tol, step) if label_x0 is not None else []
    label_x1 = max((p.x1 for r in first_rows for p in r.labels), default=None)
    if label_x1 is not None:  # the labels' own header (信息内容) stands over the labels
        leaves = [lf for lf in leaves if not _overlap(lf[0], lf[1], label_x0, label_x1)]
    nums = [p for r in first_rows for p in r.values]

    def filled(lf: tuple[float, float]) -> bool:
        return any(lf[0] - tol <= p.cx <= lf[1] + tol for p in nums)

    if len(leaves) >= 2 and not filled(leaves[0]) and filled(leaves[1]) and label_x1 is not None and leaves[0][0] <= label_x1 + 4 * tol:
        leaves = leaves[1:]  # the labels' header beside them, not a value column nobody filled
    pages: dict[int | None, list[float]] = {}
    for pg in dict.fromkeys(body[i].page for i in value_idx):
        pages[pg] = column_centres([body[i] for i in value_idx if body[i].page == pg], leaves if pg == first_page else [], tol)
    out.extend(_header_out(header, step))

    # labels are pieces left of the value columns (per line, by its page)
    value_set = set(value_idx)
    blocks = _blocks_by_page(body, step, value_set)
    rows = {i: _Row(i) for i in value_idx}
    orphans: list[_Block] = []
    for b in blocks:
        inside = [i for i in value_idx if b.first <= i <= b.last]
        if inside:
            rows[inside[0]].labels.append(b)
        else:
            orphans.append(b)
    leftovers: list[_Block] = []
    bare, leaf = _bare_rows(rows, body, tol)

    def options(b: _Block) -> list[tuple[float, int]]:
        """(cost, value line) for the nearest value line above and below that can take ``b``:
        near, on its page, no label at its depth yet, numbers right of it. Nearer is cheaper; at
        the same distance a value line with no label of its own (at most a piece of a group
        label) needs one more than a line already labelled at a shallower depth ((六)其他处理
        beside a "5." item whose values stand just above it); then the line below (a label
        printed above its values)."""
        above = [i for i in value_idx if i < b.first]
        below = [i for i in value_idx if i > b.last]
        cands = []
        if above:
            cands.append((body[b.first].y - body[above[-1]].y, 1, above[-1]))
        if below:
            cands.append((body[below[0]].y - body[b.last].y, 0, below[0]))
        return [
            (0.5 * (not bare(r)) + dy + 0.01 * side, r)
            for dy, side, r in cands
            if dy <= 3.5 * step
            and not any(o.x0 >= b.x0 - tol for o in rows[r].labels)
            and body[r].page == body[b.first].page
            and b.x1 <= min(p.x0 for p in body[r].values) + tol  # a label stays left of its numbers
        ]

    # item labels (in the items' column) matched to value lines all at once, in order: as many
    # as can be placed, then the cheapest (two labels printed below their values: the first
    # takes the line above it, not the free line between them that the second needs)
    ordered = sorted(orphans, key=lambda b: (b.first, -b.x0))
    items = [b for b in ordered if abs(b.x0 - leaf.get(body[b.first].page, -1e9)) <= tol]
    for b, r in zip(items, _match_in_order([options(b) for b in items]), strict=True):
        if r is None:
            leftovers.append(b)
        else:
            rows[r].labels.append(b)
    rest = [b for b in ordered if b not in items]
    for b in rest:  # labels that cannot be a cut row's tail first: they decide which heads are left
        if _atop_page(b, body, value_idx):
            continue
        free = sorted(options(b))
        if free:
            rows[free[0][1]].labels.append(b)
        else:
            leftovers.append(b)
    heads = _cut_heads(leftovers, body, value_idx)
    for b in rest:
        if not _atop_page(b, body, value_idx):
            continue
        free = sorted(options(b))
        if not any(bare(r) for _, r in free) and _continues_across_page(b, body, value_idx, rows, heads):
            continue  # a row cut by a page break, not more label for a labelled row
        if free:
            rows[free[0][1]].labels.append(b)
        else:
            leftovers.append(b)
    leftovers = [b for b in leftovers if not _continues_across_page(b, body, value_idx, rows, heads)]
    for head in heads:  # a head whose row's numbers open the next page (its tail beside them)
        nxt = next(i for i in value_idx if i > head.last)
        if _free_for(rows[nxt], head):
            tails = [o for o in rows[nxt].labels if not ENUMERATOR.match(o.text())]
            if tails:
                tail = max(tails, key=lambda o: o.x0)
                head.pieces.extend(tail.pieces)
                rows[nxt].labels.remove(tail)
            rows[nxt].labels.append(head)
    leftovers = [b for b in leftovers if not any(b is o for r in rows.values() for o in r.labels)]
    events: list[tuple[int, int, Line]] = []
    for i in value_idx:
        ln = body[i]
        centres = pages[ln.page]
        labels = sorted(rows[i].labels, key=lambda b: b.x0)
        values = ln.values
        where = assign_columns(values, centres, tol)
        if where is None:  # unsure where the blanks are: the values as printed, the mapper warns
            slots = [[p] for p in values]
        else:
            slots = [[] for _ in centres]
            for p, k in zip(values, where, strict=True):
                slots[k].append(p)
        fields = [b.text() for b in labels] + [" ".join(q.text.strip() for q in s) for s in slots]
        boxes = [_box([q for _, q in b.pieces]) for b in labels] + [_box(s) for s in slots]
        confs = [min((q.confidence for _, q in b.pieces if q.confidence is not None), default=1.0) for b in labels]
        confs += [min((q.confidence for q in s if q.confidence is not None), default=1.0) for s in slots]
        has_conf = any(p.confidence is not None for p in ln.pieces)
        line = Line(
            "\t".join(fields),
            line=ln.source,
            page=ln.page,
            bbox=ln.bbox,
            cell_boxes=boxes if any(b is not None for b in boxes) else None,
            confidence=confs if has_conf else None,
        )
        events.append((i, 0, line))
    for b in leftovers:
        ln = body[b.first]
        events.append((b.first, 1, Line(b.text(), line=ln.source, page=ln.page, bbox=_box([q for _, q in b.pieces]) or ln.bbox)))
    events.sort(key=lambda e: (e[0], e[1]))
    out.extend(e[2] for e in events)
    return out


def _item_kind(text: str) -> str:
    """Which numbering an item label uses: 1. | （一） | 一、 (or none)."""
    t = text.strip()
    if re.match(r"^\d+\s*[.．、]", t):
        return "digit"
    if re.match(r"^[（(]", t) and ENUMERATOR.match(t):
        return "paren"
    return "heading" if _HEADING.match(t) else ""


def _free_for(row: _Row, head: _Block) -> bool:
    """Whether a row (on another page: its columns moved) can take an item label: it has no
    label numbered the same way yet."""
    kind = _item_kind(head.text())
    return bool(kind) and not any(_item_kind(o.text()) == kind for o in row.labels)


def _atop_page(b: _Block, body: list[PrintedLine], value_idx: list[int]) -> bool:
    """Text above a page's first values that starts no item (maybe a cut row's tail)."""
    page = body[b.first].page
    first = next((i for i in value_idx if body[i].page == page), None)
    return first is not None and b.first < first and first != value_idx[0] and not ENUMERATOR.match(b.text())


def _cut_heads(leftovers: list[_Block], body: list[PrintedLine], value_idx: list[int]) -> list[_Block]:
    """Item labels left at the foot of a page, below its last values: the head of a row whose
    numbers (and maybe the label's tail) stand atop the next page."""
    out = []
    for b in leftovers:
        page = body[b.first].page
        if not _item_kind(b.text()) or any(body[i].page == page and i > b.last for i in value_idx):
            continue
        if any(i > b.last for i in value_idx):
            out.append(b)
    return out


def _continues_across_page(
    b: _Block, body: list[PrintedLine], value_idx: list[int], rows: dict[int, _Row], heads: list[_Block]
) -> bool:
    """A label cut by a page break (Word lets a row break across pages): text atop a page, above
    the page's first values, that starts no item. With an item's head left at the foot of the
    page before, it is that head's tail, and both go to the page's first value line; else it
    continues the deepest label of the last row of the page before. Joined (True), or False."""
    page = body[b.first].page
    if ENUMERATOR.match(b.text()) or any(body[i].page == page and i < b.first for i in value_idx):
        return False
    before = [i for i in value_idx if i < b.first and body[i].page != page]
    head = next(
        (h for h in heads if h.last < b.first and body[h.first].page != page and not any(h.last < i < b.first for i in value_idx)),
        None,
    )
    after = [i for i in value_idx if i > b.last and body[i].page == page]
    if head is not None and after and _free_for(rows[after[0]], head):
        head.pieces.extend(b.pieces)
        rows[after[0]].labels.append(head)
        heads.remove(head)
        return True
    if not before or not rows[before[-1]].labels:
        return False
    deepest = max(rows[before[-1]].labels, key=lambda o: o.x0)
    deepest.pieces.extend(b.pieces)
    return True


def _bare_rows(rows: dict[int, _Row], body: list[PrintedLine], tol: float):
    """A test for value lines without a label of their own: every label they hold is a piece
    of a group label (text left of the item labels' column that starts no item: 予处理, 果);
    and the item labels' column per page (a page break may move the columns): where most rows'
    rightmost label starts."""
    starts: dict[int | None, list[int]] = {}
    for i, r in rows.items():
        if r.labels:
            starts.setdefault(body[i].page, []).append(round(max(r.labels, key=lambda b: b.x0).x0))
    leaf = {pg: float(max(set(xs), key=xs.count)) for pg, xs in starts.items()}

    def bare(i: int) -> bool:
        x = leaf.get(body[i].page)
        return all(x is not None and b.x0 < x - tol and not ENUMERATOR.match(b.text()) for b in rows[i].labels)

    return bare, leaf


def _match_in_order(options: list[list[tuple[float, int]]]) -> list[int | None]:
    """Labels (in printed order) to value lines (each once, in the same order): the most labels
    placed, then the least total cost. ``options[k]`` = (cost, line) choices of label ``k``."""
    # state: last line used -> (placed, -cost, choices so far)
    states: dict[int, tuple[int, float, list[int | None]]] = {-1: (0, 0.0, [])}
    for opts in options:
        nxt: dict[int, tuple[int, float, list[int | None]]] = {}
        for last, (n, neg, picks) in states.items():
            moves = [(last, (n, neg, [*picks, None]))]
            moves += [(line, (n + 1, neg - cost, [*picks, line])) for cost, line in opts if line > last]
            for at, cand in moves:
                if at not in nxt or cand[:2] > nxt[at][:2]:
                    nxt[at] = cand
        states = nxt
    return max(states.values(), key=lambda s: s[:2])[2]


def _box(pieces: list[Piece]) -> tuple[float, float, float, float] | None:
    """The box around some pieces, when their vertical extent is known."""
    known = [p for p in pieces if p.top is not None and p.bottom is not None]
    if not known:
        return None
    return (min(p.x0 for p in known), min(p.top for p in known), max(p.x1 for p in known), max(p.bottom for p in known))


def _blocks_by_page(body: list[PrintedLine], step: float, value_set: set[int]) -> list[_Block]:
    """Label blocks, never joined across a page break (a dump's columns change scale there)."""
    out: list[_Block] = []
    start = 0
    while start < len(body):
        pg = body[start].page
        end = start
        while end < len(body) and body[end].page == pg:
            end += 1
        part = body[start:end]
        local = {i - start for i in value_set if start <= i < end}
        for b in _blocks(part, step, local):
            b.pieces = [(i + start, p) for i, p in b.pieces]
            out.append(b)
        start = end
    return out


def _header_out(header: list[PrintedLine], step: float) -> list[Line]:
    """Header lines: each header cell (wrapped over lines) joined and written on its first line."""
    blocks = _blocks(header, step, value_lines=set(), use_enumerators=True)
    starts: dict[int, list[_Block]] = {}
    for b in blocks:
        starts.setdefault(b.first, []).append(b)
    out: list[Line] = []
    for i, ln in enumerate(header):
        if i in starts:
            cells = sorted(starts[i], key=lambda b: b.x0)
            out.append(Line("\t".join(b.text() for b in cells), line=ln.source, page=ln.page, bbox=ln.bbox))
    return out


def _plain(ln: PrintedLine) -> Line:
    return Line(ln.raw if ln.raw else "  ".join(p.text for p in ln.pieces), line=ln.source, page=ln.page, bbox=ln.bbox)


# -- a whole document -----------------------------------------------------------------------
def _hard_break(ln: PrintedLine, value_x0: float | None) -> bool:
    """A line of column headers: several text pieces, one of them over the value columns."""
    if ln.is_value or len(ln.pieces) < 2 or value_x0 is None:
        return False
    return any(p.cx >= value_x0 for p in ln.pieces[1:])


def _header_like(
    ln: PrintedLine, value_x0: float, tol: float, label_x1: float | None = None, above: PrintedLine | None = None
) -> bool:
    """A text line with several pieces, one reaching over the value columns or standing right
    of every row label so far: column headers (a new table starts below them). A piece right of
    the labels that continues the label of the line just above (``项`` under ``8.属于行政查询事``,
    same start) is a wrapped label, not a header cell."""
    if ln.is_value or len(ln.pieces) < 2:
        return False
    if ln.pieces[-1].x1 >= value_x0 - tol:
        return True
    if label_x1 is None:
        return False
    right = [p for p in ln.pieces[1:] if p.x0 > label_x1 + tol]
    if right and above is not None and not above.is_value and above.page == ln.page and ln.y - above.y <= 1.5:
        right = [
            p
            for p in right
            if not any(_ITEM.match(q.text) and abs(p.x0 - q.x0) <= tol and p.x1 <= q.x1 + tol for q in above.pieces)
        ]
    return bool(right)


def _table_end(lines: list[PrintedLine], i: int, is_prose, step: float, tol: float, max_gap: float) -> int:
    """The index of the last value line of the table whose first value line is ``i``: the table
    ends at running text, a long gap, a header line, or numbers where its labels stood."""
    n = len(lines)
    last = i
    value_x0 = min(p.x0 for p in lines[i].values)
    labels_x1 = max((p.x1 for p in lines[i].labels), default=None)
    left_x1 = min((p.x1 for p in lines[i].labels), default=None)
    items_x1: dict[int | None, float] = {}  # per page: right end of item labels on text lines
    reach = lines[i].y  # the last value line, or a label wrapped on below it (narrow columns)
    k = i  # an item label wrapped just above the first values counts too
    while k > 0 and i - k < 3 and not lines[k - 1].is_value and lines[k - 1].page == lines[i].page:
        if lines[k].y - lines[k - 1].y > 1.5 * step:
            break
        k -= 1
        x1s = [p.x1 for p in lines[k].pieces if _ITEM.match(p.text) and p.x1 < value_x0 - tol]
        if x1s:
            items_x1[lines[i].page] = max(items_x1.get(lines[i].page, -1e9), *x1s)
    j = i + 1
    while j < n:
        ln = lines[j]
        if is_prose(ln):
            break
        if ln.page == lines[last].page and ln.y - reach > max_gap * step:
            break
        up = lines[j - 1]
        if (
            not ln.is_value
            and up.page == ln.page
            and ln.y - up.y <= 1.5 * step
            and all(p.x1 < value_x0 - tol and any(_overlap(p.x0, p.x1, q.x0, q.x1) for q in up.pieces) for p in ln.pieces)
        ):
            reach = ln.y
        if ln.page != lines[last].page and len(ln.pieces) == 1 and _TITLE.match(ln.pieces[0].text):
            break  # a sub-table's title (第二十条第（八）项) atop the next page: a new table
        ref = labels_x1 if ln.page == lines[last].page else None
        nxt = next((m for m in lines[j + 1 : j + 4] if m.is_value), None)
        if nxt is not None and nxt.labels:  # the next row's label ends left of a header's cells
            ref = max(ref if ref is not None else -1e9, max(p.x1 for p in nxt.labels))
        if ln.page in items_x1:  # an item label wrapped above its values shows the labels' extent
            ref = max(ref if ref is not None else -1e9, items_x1[ln.page])
        if _header_like(ln, value_x0, tol, ref, lines[j - 1]):
            break
        if not ln.is_value:
            x1s = [p.x1 for p in ln.pieces if _ITEM.match(p.text) and p.x1 < value_x0 - tol]
            if x1s:
                items_x1[ln.page] = max(items_x1.get(ln.page, -1e9), *x1s)
        if ln.is_value:
            new_page = ln.page != lines[last].page
            if not new_page and left_x1 is not None and min(p.x0 for p in ln.values) <= left_x1:
                break  # numbers where the labels were: another table
            x0 = min(p.x0 for p in ln.values)
            value_x0 = x0 if new_page else min(value_x0, x0)
            x1s = [p.x1 for p in ln.labels]
            if x1s:
                left_x1 = min(x1s) if left_x1 is None else min(left_x1, min(x1s))
                labels_x1 = max(x1s) if labels_x1 is None or new_page else max(labels_x1, max(x1s))
            last = j
            reach = ln.y
        j += 1
    return last


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _repeats(words: set[str], before: set[str]) -> bool:
    """Whether header pieces repeat an earlier header (each piece a part of an earlier one)."""
    return bool(words) and all(any(w in b or b in w for b in before) for w in words)


def _item_above(lines: list[PrintedLine], i: int, last: int, h: int, x0: float, step: float, tol: float) -> int:
    """Where the body of a table starts whose first value line ``i`` holds no item label, only a
    piece of a group label (理结 beside the values): at the item's label (``1.本机关不掌握``, in
    the items' column) when it stands on one of the few text lines just above, else at ``i``."""
    span = lines[i : last + 1]
    rights = [round(p.x0) for ln in span for p in ln.labels[-1:] if _ITEM.match(p.text)]  # numbered items
    rights = rights or [round(max(ln.labels, key=lambda p: p.x0).x0) for ln in span if ln.is_value and ln.labels]
    leaf = max(sorted(set(rights)), key=rights.count)
    if any(abs(q.x0 - leaf) <= tol for q in lines[i].labels):
        return i
    k = i
    while (
        k > h
        and k > i - 4
        and lines[k].y - lines[k - 1].y <= 1.5 * step
        and lines[k - 1].page == lines[i].page
        and not lines[k - 1].is_value
        and all(p.x1 <= x0 for p in lines[k - 1].pieces)
    ):
        k -= 1
        if any(_ITEM.match(p.text) and abs(p.x0 - leaf) <= tol for p in lines[k].pieces):
            return k
    return i


def lay_out(lines: list[PrintedLine], is_prose, step: float = 1.0, tol: float = 1.5, max_gap: float = 8.0) -> list[Line]:
    """A document's printed lines as Lines: tables (runs of value lines with their headers and
    labels) through ``table_lines``, everything else as plain text lines.

    ``is_prose(line)`` says a line is running text (a table never spans it)."""
    out: list[Line] = []
    n = len(lines)
    i = 0
    region_start = 0  # first line not yet written
    prev_header: set[str] = set()
    last_table: tuple[int, list[PrintedLine], list[PrintedLine]] | None = None  # (out index, header, body)
    while i < n:
        if not lines[i].is_value or is_prose(lines[i]):
            i += 1
            continue
        last = _table_end(lines, i, is_prose, step, tol, max_gap)
        x0 = min(p.x0 for p in lines[i].values)
        # trailing label lines (a wrapped label below the last values)
        label_x0 = max((ln.labels[0].x0 for ln in lines[i : last + 1] if ln.labels), default=x0)
        end = last + 1
        while end < n and not lines[end].is_value and not is_prose(lines[end]) and not _header_like(lines[end], x0, tol):
            if lines[end].y - lines[end - 1].y > 1.5 * step or lines[end].page != lines[last].page:
                break
            if any(p.x0 >= x0 - tol or p.x0 > label_x0 + tol for p in lines[end].pieces):
                break  # a wrapped label starts where the table's labels start
            end += 1
        # header: the lines since the last prose line / previous table, at most ~15 printed lines
        h = i
        while (
            h > region_start
            and not is_prose(lines[h - 1])
            and lines[i].y - lines[h - 1].y <= 15 * step
            and lines[h - 1].page == lines[h].page  # a header never reaches back over a page break
        ):
            h -= 1
        # a label wrapped above an unlabelled first value line (no blank line between) is its label
        b = i
        unlabelled = lines[i].pieces[0].numeric
        label_x1: float | None = None  # right end of the label lines taken so far
        while (
            unlabelled
            and b > h
            and lines[b].y - lines[b - 1].y <= 1.5 * step
            and lines[b - 1].page == lines[i].page
            and not lines[b - 1].is_value
            and (
                all(p.x1 <= x0 for p in lines[b - 1].pieces)
                or (len(lines[b - 1].pieces) == 1 and lines[b - 1].pieces[0].x0 < x0 - tol)
            )
            # a header line (信息内容  本年收费金额) has a cell right of where the label ends, or
            # one cell per column: the labels' and each value's
            and not (label_x1 is not None and any(p.x0 > label_x1 + tol for p in lines[b - 1].pieces[1:]))
            and not (b == i and len(lines[b - 1].pieces) == 1 + len(lines[i].values) > 1)
            # header cells side by side (构  组织  机构  其他): labels are at most a group's and an item's
            and not (len(lines[b - 1].pieces) >= 3 and not any(ENUMERATOR.match(p.text) for p in lines[b - 1].pieces))
        ):
            b -= 1
            label_x1 = max([*(p.x1 for p in lines[b].pieces), *([label_x1] if label_x1 is not None else [])])
        # the first row's label wrapped: its first line stands just above a label piece that
        # continues it (no item number), beside a group label or alone
        tails = [q for q in lines[i].labels if not ENUMERATOR.match(q.text)]
        if b == i and b > h and tails:
            up = lines[i - 1]
            if (
                len(up.pieces) == 1
                and not up.is_value
                and up.page == lines[i].page
                and lines[i].y - up.y <= 1.5 * step
                and up.pieces[0].x1 <= x0
                and any(
                    abs(up.pieces[0].x0 - q.x0) <= tol and q.x1 - q.x0 <= up.pieces[0].x1 - up.pieces[0].x0 for q in tails
                )
            ):
                b -= 1
        if b == i and b > h and lines[i].labels:
            b = _item_above(lines, i, last, h, x0, step, tol)
        header = lines[h:b]
        words = {_squeeze(p.text) for ln in header for p in ln.pieces}
        if prev_header and header and header[0].page != lines[h - 1].page and _repeats(words, prev_header):
            # the table's header printed again atop a new page: the table goes on, read as one
            # (a row cut by the page break joins across it)
            assert last_table is not None
            at, head_lines, body = last_table
            body = body + lines[region_start:h] + lines[b:end]
            del out[at:]
            out.extend(table_lines(head_lines, body, step, tol))
            last_table = (at, head_lines, body)
        else:
            prev_header = words
            out.extend(_plain(ln) for ln in lines[region_start:h])
            last_table = (len(out), header, lines[b:end])
            out.extend(table_lines(header, lines[b:end], step, tol))
        region_start = end
        i = end
    out.extend(_plain(ln) for ln in lines[region_start:])
    return out
