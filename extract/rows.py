"""From a row's printed cells to candidate assignments of its columns.

A clean row has one candidate. A flattened run or a row that lost a cell may have several; the
row's own identity (total = sum) removes most, and the section reconciler decides what is left.
Nothing here writes a cell: it only says what the row can be.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from extract.cells import RawCell, RowRead, Token
from extract.identities import EPS, groups_so_far_hold, row_sum_holds
from extract.phrases import fold
from extract.splits import ColumnRule, enumerate_splits
from extract.templates import AMOUNT_COLUMNS, APPLICATIONS, REVIEW, SIGNED_COLUMNS
from extract.values import parse_cell

Number = int | float


class Reading(NamedTuple):
    """A value for one column with the printed text it came from (a tuple: made by the thousand)."""

    value: Number
    raw: str
    offset: int
    unit: str = ""
    derived: bool = False  # computed from the row identity for a cell the document lost


Candidate = dict[str, Reading]


@dataclass
class RowResult:
    row: str
    candidates: list[Candidate] = field(default_factory=list)
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (severity, code, message)
    printed: bool = False  # the document printed values (or blanks) for this row
    blank: bool = False  # every printed cell of the row is blank


@lru_cache(maxsize=64)
def column_rules(columns: tuple[str, ...]) -> tuple[ColumnRule, ...]:
    """The rules of a table's columns (a handful of column tuples: made once each)."""
    return tuple(ColumnRule(signed=c in SIGNED_COLUMNS, decimal=c in AMOUNT_COLUMNS) for c in columns)


def _group(section: str) -> int | None:
    return 7 if section == APPLICATIONS else 5 if section == REVIEW else None


def _row_sum_ok(section: str, cand: Candidate, columns: tuple[str, ...]) -> bool:
    """The row identity (every group of columns ends in its total) when all columns are present."""
    group = _group(section)
    if group is None or any(c not in cand for c in columns):
        return True
    return row_sum_holds([cand[c].value for c in columns], group)


def _strip_unit(tok: str) -> tuple[str, str]:
    for unit in ("万元", "千元", "元", "件", "项", "个", "条"):
        if tok.endswith(unit):
            return tok[: -len(unit)], unit
    return tok, ""


def read_flat(section: str, tokens: list[Token], columns: tuple[str, ...]) -> RowResult:
    """Candidates of a separator-less run: tokens as cells when they fit, else every split."""
    res = RowResult("", printed=True)
    texts: list[str] = []
    unit = ""
    for t in tokens:
        s, u = _strip_unit(fold(t.text))
        unit = unit or u
        texts.append(s.replace(",", ""))
    raw = " ".join(t.text for t in tokens)
    offset = tokens[0].offset
    rules = column_rules(columns)
    group = _group(section)

    def accept(values: list[Number]) -> bool:
        return group is None or (len(values) == group * (len(values) // group) and groups_so_far_hold(values, group))

    def prune(values: list[Number]) -> bool:
        # enumerate_splits prunes every prefix as it grows by one number, so the groups before
        # the last were checked already: only a group completed by this number needs its sum.
        if group is None or len(values) % group:
            return True
        k = len(values)
        return abs(sum(values[k - group : k - 1]) - values[k - 1]) <= EPS

    result = enumerate_splits(texts, rules, accept=accept, prune=prune)
    if result.exhausted:
        res.notes.append(("warning", "ambiguous_split", f"digit run {raw!r} has too many possible splits"))
        return res
    for values in result.candidates:
        res.candidates.append({c: Reading(v, raw, offset, unit) for c, v in zip(columns, values, strict=True)})
    if not res.candidates:
        res.notes.append(
            ("warning", "unreadable_row", f"digit run {raw!r} cannot be read as {len(columns)} cells that add up")
        )
    return res


def _clean_raw(raw: str) -> str:
    return raw.strip(" \t\u3000\u00a0\u200b")


def _reading(cell: RawCell) -> Reading:
    return Reading(cell.parsed.value, cell.raw.strip(), cell.offset, cell.parsed.unit)  # type: ignore[arg-type]


def _positional(cells: list[RawCell], columns: tuple[str, ...]) -> Candidate:
    out: Candidate = {}
    for c, cell in zip(columns, cells, strict=False):
        p = cell.parsed
        if p.kind == "number":
            out[c] = Reading(p.value, cell.raw.strip(), cell.offset, p.unit)  # type: ignore[arg-type]
    return out


def read_cells(section: str, cells: list[RawCell], columns: tuple[str, ...], tab_row: bool = False) -> RowResult:
    """Candidates of a row whose cells were printed with separators.

    ``tab_row``: the cells are the fields of the label's own TAB line (the HTML/DOCX/PDF readers
    write every table row so), where an empty field is a blank cell in its column, not a gap.
    """
    n = len(columns)
    res = RowResult("", printed=bool(cells))
    seq = list(cells)
    # Empty cells after the last value belong to the next row's label columns (a lost cell
    # would otherwise shift every value one column to the left, silently).
    while not tab_row and seq and seq[-1].parsed.kind == "blank" and not _clean_raw(seq[-1].raw):
        seq.pop()
    # (a misread number, kept as a blank, holds its column: it is never padding)
    while len(seq) > n and seq[-1].parsed.kind == "blank" and seq[-1].parsed.note != "misread":
        seq.pop()
    while len(seq) > n and seq[0].parsed.kind == "blank" and seq[0].parsed.note != "misread":
        seq.pop(0)
    nums = [c for c in seq if c.parsed.kind == "number"]
    if not nums:
        res.blank = True
        return res
    if len(seq) == n:
        res.candidates.append(_positional(seq, columns))
        return res
    if len(nums) == n:
        res.candidates.append(_positional(nums, columns))
        return res
    if len(seq) > n:
        res.notes.append(
            ("warning", "too_many_cells", f"{len(nums)} values for {n} columns: " + " ".join(c.raw.strip() for c in nums))
        )
        return res
    # Fewer cells than columns.
    if section == APPLICATIONS and len(nums) == 1 and seq[-1] is nums[0]:
        res.candidates.append({"total": _reading(nums[0])})
        res.notes.append(("info", "only_total", "only the 总计 column is filled"))
        return res
    if _group(section) is None:
        res.candidates.append(_positional(seq, columns))
        missing = ", ".join(columns[len(seq) :])
        res.notes.append(
            ("warning", "cells_missing", f"row printed {len(seq)} of {n} cells; read from the left, missing: {missing}")
        )
        return res
    res.notes.append(("warning", "cells_lost", f"row printed {len(seq)} of {n} cells"))
    group = _group(section) or n
    if n - len(seq) == 1 and len(nums) == len(seq):
        # The lost cell may be any column: each gap is tried on the values first, and a reading
        # (a dict of Readings) is made only for a gap whose row sum holds and whose values no
        # earlier gap gave (a row of zeros fits every gap with the same values).
        readings = [_reading(cell) for cell in seq]  # the same printed cells under every gap
        printed = [r.value for r in readings]
        seen: set[tuple[Number, ...]] = set()
        for gap in range(n):
            values: list[Number] = [*printed[:gap], 0, *printed[gap:]]
            g0 = gap - gap % group
            parts = [values[j] for j in range(g0, g0 + group - 1) if j != gap]
            derived = sum(parts) if gap == g0 + group - 1 else values[g0 + group - 1] - sum(parts)
            if derived < 0:
                continue
            values[gap] = derived
            if not row_sum_holds(values, group) or tuple(values) in seen:
                continue
            seen.add(tuple(values))
            cand = dict(zip(columns[:gap] + columns[gap + 1 :], readings, strict=True))
            cand[columns[gap]] = Reading(derived, "", seq[0].offset, derived=True)
            res.candidates.append(cand)
    return _filter_row_sum(section, res, columns)


def read_row(section: str, read: RowRead, columns: tuple[str, ...]) -> RowResult:
    """Candidates for one row label's printed cells."""
    if read.flat is not None and read.flat:
        toks = read.flat
        parsed = [parse_cell(t.text) for t in toks]
        kinds = {p.kind for p in parsed}
        if len(toks) == len(columns) and kinds <= {"number", "blank"} or kinds == {"blank"}:
            cells = [RawCell(t.text, t.offset, p) for t, p in zip(toks, parsed, strict=True)]
            res = read_cells(section, cells, columns)
        elif "blank" in kinds:
            res = RowResult("", printed=True)
            res.notes.append(
                ("warning", "unaligned_blanks", f"{len(toks)} cells without separators, some blank, for {len(columns)} columns")
            )
        else:
            res = _filter_row_sum(section, read_flat(section, toks, columns), columns)
    else:
        res = read_cells(section, read.cells, columns, tab_row=read.tab_row)
    res.row = read.row  # read_cells filters its own readings by the row sum: not twice
    return res


def _filter_row_sum(section: str, res: RowResult, columns: tuple[str, ...]) -> RowResult:
    """Drop readings that break the row identity, and merge readings with the same values."""
    if len(res.candidates) <= 1:
        return res
    kept: list[Candidate] = []
    seen: set[tuple] = set()
    for cand in res.candidates:
        if not _row_sum_ok(section, cand, columns):
            continue
        key = tuple(sorted((c, r.value) for c, r in cand.items()))
        if key not in seen:
            seen.add(key)
            kept.append(cand)
    res.candidates = kept
    return res


def fixed_cells(candidates: list[Candidate]) -> Candidate:
    """The columns every candidate agrees on (what is certain whatever the split)."""
    if not candidates:
        return {}
    first = candidates[0]
    out: Candidate = {}
    for col, r in first.items():
        if all(col in c and abs(c[col].value - r.value) <= EPS for c in candidates[1:]):
            out[col] = r
    return out

