"""The three tables of a report as grids with row and column spans, the way the official
templates lay them out. Every renderer prints these grids; only the way spans are written
(empty cells, merged cells, nothing at all) differs per layout.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bench.generator.model import GenReport, Key
from bench.generator.printed import amount_header, amount_label, article_title, paren
from bench.generator.printed import value_text as _printed
from extract.templates import (
    ACTIVE,
    AMOUNT_COLUMNS,
    APPLICANT_COLUMNS,
    APPLICANT_LABELS,
    APPLICATIONS,
    REVIEW,
    REVIEW_COLUMN_LABELS,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
)


def placeholder(rep: GenReport, key: Key) -> str:
    """A value slot marker: renderers compile a table once per shape and fill values later."""
    return "\x00" + "|".join(key) + "\x00"


@dataclass(slots=True)
class GridCell:
    """One printed cell; ``kind`` is title | header | label | value; ``key`` set for values."""

    text: str
    rs: int = 1
    cs: int = 1
    kind: str = "value"
    key: Key | None = None


class Grid(list):
    """Rows of cells; ``shape`` (when set) names the span layout so expansion is cached by it."""

    shape: tuple | None = None
TextOf = Callable[[GenReport, Key], str]
WIDTH = {ACTIVE: 4, APPLICATIONS: 10, REVIEW: 15}
CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _row_of_values(
    rep: GenReport, label: str, keys: list[Key], width: int, text_of: TextOf = _printed
) -> list[GridCell]:
    cells = [GridCell(label, kind="label")]
    for i, k in enumerate(keys):
        cs = width - 1 - len(keys) + 1 if i == len(keys) - 1 else 1
        cells.append(GridCell(text_of(rep, k), cs=cs, key=k))
    return cells


def active_grid(rep: GenReport, text_of: TextOf = _printed) -> Grid:
    tpl = rep.active_template
    g: Grid = []
    for table, cols in tpl.active_columns.items():
        g.append([GridCell(article_title(rep, table), cs=4, kind="title")])
        heads = [amount_header(rep, c) if c in AMOUNT_COLUMNS else lab for c, lab in cols]
        head = [GridCell("信息内容", kind="header")]
        for i, h in enumerate(heads):
            head.append(GridCell(h, cs=(4 - len(heads)) if i == len(heads) - 1 else 1, kind="header"))
        g.append(head)
        for r in tpl.active_rows:
            if r.table == table:
                label = amount_label(rep, r.label) if any(c in AMOUNT_COLUMNS for c, _ in cols) else r.label
                g.append(_row_of_values(rep, label, [(ACTIVE, r.row, c) for c, _ in cols], 4, text_of))
    return g


def applications_grid(rep: GenReport, text_of: TextOf = _printed) -> Grid:
    """Section three: 3 header rows, then body rows in template order (cut when truncated)."""
    g: Grid = [
        [GridCell(paren(rep, CHECK_NOTE), rs=3, cs=3, kind="header"), GridCell("申请人情况", cs=7, kind="header")],
        [GridCell("自然人", rs=2, kind="header"), GridCell("法人或其他组织", cs=5, kind="header"), GridCell("总计", rs=2, kind="header")],
        [GridCell(h, kind="header") for h in APPLICANT_LABELS[1:6]],
    ]
    rows = rep.applications_template.application_rows
    n_outcome = sum(1 for r in rows if r.parent == "三、本年度办理结果" or r.parent.startswith("（"))
    group_size: dict[str, int] = {}
    for r in rows:
        if r.parent.startswith("（"):
            group_size[r.parent] = group_size.get(r.parent, 0) + 1
    seen_parent: set[str] = set()
    first_outcome = True
    for r in rows:
        keys = [(APPLICATIONS, r.row, c) for c in APPLICANT_COLUMNS]
        values = [GridCell(text_of(rep, k), key=k) for k in keys]
        lead: list[GridCell] = []
        if not r.parent:
            lead = [GridCell(r.label, cs=3, kind="label")]
        else:
            if first_outcome:
                lead.append(GridCell("三、本年度办理结果", rs=n_outcome, kind="label"))
                first_outcome = False
            if r.parent == "三、本年度办理结果":
                lead.append(GridCell(paren(rep, r.label), cs=2, kind="label"))
            else:
                if r.parent not in seen_parent:
                    seen_parent.add(r.parent)
                    lead.append(GridCell(paren(rep, r.parent), rs=group_size[r.parent], kind="label"))
                lead.append(GridCell(paren(rep, r.label), kind="label"))
        g.append(lead + values)
    cut = rep.defect_detail.get("truncate")
    if cut:
        k, n = cut
        g = g[: 3 + k + (1 if n else 0)]
        if n:
            last = g[-1]
            labels = [c for c in last if c.kind == "label"]
            g[-1] = labels + [c for c in last if c.kind == "value"][:n]
        _clip_rowspans(g)
    return g


def _clip_rowspans(g: Grid) -> None:
    for i, row in enumerate(g):
        for c in row:
            c.rs = min(c.rs, len(g) - i)


def review_grid(rep: GenReport, text_of: TextOf = _printed) -> Grid:
    heads = list(REVIEW_COLUMN_LABELS)
    values = [
        GridCell(text_of(rep, (REVIEW, r, c)), key=(REVIEW, r, c)) for r in REVIEW_ROWS for c in REVIEW_COLUMNS
    ]
    return [
        [GridCell("行政复议", cs=5, kind="header"), GridCell("行政诉讼", cs=10, kind="header")],
        [GridCell(h, rs=2, kind="header") for h in heads]
        + [GridCell("未经复议直接起诉", cs=5, kind="header"), GridCell("复议后起诉", cs=5, kind="header")],
        [GridCell(h, kind="header") for h in heads * 2],
        values,
    ]


def grid_for(rep: GenReport, section: str, text_of: TextOf = _printed) -> Grid:
    """The section's table; ``text_of`` prints a value cell (``placeholder`` to compile a shape)."""
    if section == ACTIVE:
        g = Grid(active_grid(rep, text_of))
    elif section == APPLICATIONS:
        g = Grid(applications_grid(rep, text_of))
    else:
        g = Grid(review_grid(rep, text_of))
    g.shape = (section, rep.template, rep.defect_detail.get("truncate"))
    return g


_PLANS: dict[tuple, list[list[tuple[int, int, str]]]] = {}


def _plan(spans: tuple[tuple[tuple[int, int], ...], ...]) -> list[list[tuple[int, int, str]]]:
    """Slot plan of a grid shape: per line, (grid row, cell index, own|row|col) for each slot."""
    out: list[list[tuple[int, int, str]]] = []
    pending: dict[tuple[int, int], tuple[int, int, str]] = {}
    for i, row in enumerate(spans):
        line: list[tuple[int, int, str]] = []
        j = 0
        ci = 0
        while True:
            if (i, j) in pending:
                line.append(pending.pop((i, j)))
                j += 1
                continue
            if ci == len(row):
                break
            rs, cs = row[ci]
            line.append((i, ci, "own"))
            line += [(i, ci, "col")] * (cs - 1)
            for di in range(1, rs):
                for dj in range(cs):
                    pending[(i + di, j + dj)] = (i, ci, "row")
            j += cs
            ci += 1
        while (i, j) in pending:
            line.append(pending.pop((i, j)))
            j += 1
        out.append(line)
    return out


def expand(grid: Grid, width: int) -> list[list[tuple[GridCell, str]]]:
    """The grid as a full matrix: each slot is (cell, 'own') or (spanning cell, 'row'|'col').
    The slot plan depends only on the spans, so it is computed once per table shape."""
    key = getattr(grid, "shape", None)
    plan = _PLANS.get(key) if key is not None else None
    if plan is None:
        spans = tuple(tuple((c.rs, c.cs) for c in row) for row in grid)
        plan = _PLANS.get(spans)
        if plan is None:
            plan = _PLANS[spans] = _plan(spans)
        if key is not None:
            _PLANS[key] = plan
    return [[(grid[i][ci], how) for i, ci, how in line] for line in plan]
