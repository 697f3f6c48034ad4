"""Turn a chunk of extraction results (nested dicts) into Arrow tables shaped like the raw tables.

Why this module: the loader's cost at scale is Python touching every cell (~190 per report, 18 M
for 100k reports). Here each cell field costs one C-level lookup (``map`` + ``itemgetter`` /
``dict.get``) and every repeated text (codes, raw numbers, report ids) is converted to Arrow once
per distinct value (dictionary codes, then an Arrow ``take`` in C++). DuckDB then inserts the
tables through its Arrow scan in one statement per table and chunk.

Required cell keys (``section``, ``row``, ``column``) raise ``KeyError`` when missing, like the
old per-cell code did, so a malformed result fails the whole :func:`transform.warehouse.load`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, repeat
from operator import itemgetter
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

CELL_COLUMNS = (
    "report_id", "agency", "year", "section", "row", "column", "table", "value", "raw",
    "line", "page", "bbox_x0", "bbox_y0", "bbox_x1", "bbox_y1",
)
ISSUE_COLUMNS = ("report_id", "seq", "severity", "code", "message", "section", "row", "column")
IDENTITY_COLUMNS = ("report_id", "seq", "name", "section", "scope", "status", "detail")


class _Codes(dict):
    """value -> dense code, assigning the next code to a value met for the first time."""

    def __missing__(self, key: Any) -> int:
        code = self[key] = len(self)
        return code


def coded_text(values: Iterable[Any], n: int, blank_is_null: bool = False) -> pa.Array:
    """A string array from ``n`` Python values, converting each distinct value once.

    ``None`` (and ``""`` when ``blank_is_null``) become nulls; non-strings are kept as ``str()``
    of themselves (the old loader let DuckDB cast them the same way).
    """
    codes = _Codes()
    indices = np.fromiter(map(codes.__getitem__, values), dtype=np.int32, count=n)
    words = [None if v is None or (blank_is_null and v == "") else str(v) for v in codes]
    return pa.array(words, pa.string()).take(pa.array(indices))


def numbers(values: list[Any]) -> pa.Array:
    """float64 array of cell values; anything that is not a plain int/float becomes NULL.

    Fast path: Arrow infers int/float/None lists in C++. Bools, strings or oversized ints make it
    fall back to a per-value check (the extractor never emits those, so this path is cold).
    """
    try:
        arr = pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, TypeError):
        arr = None
    if arr is not None and (pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type)
                            or pa.types.is_null(arr.type)):
        return arr.cast(pa.float64())
    return pa.array([_number(v) for v in values], pa.float64())


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _repeat(per_parent: pa.Array, counts: Sequence[int]) -> pa.Array:
    """Each parent's value repeated once per child (children are contiguous per parent)."""
    parents = np.repeat(np.arange(len(counts), dtype=np.int32), np.asarray(counts, dtype=np.int64))
    return per_parent.take(pa.array(parents))


def field(items: list[dict], key: str) -> Iterator[Any]:
    """``item.get(key)`` for every item, looped in C (no Python frame per item)."""
    return map(dict.get, items, repeat(key))


def _optional_ints(items: list[dict], key: str) -> pa.Array:
    return pa.array(list(field(items, key)), pa.int32())


def cells_table(report_ids: list[str], agencies: list[Any], years: list[Any],
                cell_lists: list[list[dict]]) -> pa.Table:
    """raw.cells rows of several reports (cells of report i are ``cell_lists[i]``)."""
    counts = [len(c) for c in cell_lists]
    cells = list(chain.from_iterable(cell_lists))
    n = len(cells)
    boxes = list(field(cells, "bbox"))
    if any(b is not None for b in boxes):
        box = pa.array([None if b is None else [float(x) for x in b] for b in boxes], pa.list_(pa.float64()))
        corners = [pc.list_element(box, i) for i in range(4)]
    else:
        corners = [pa.nulls(n, pa.float64())] * 4
    columns = [
        _repeat(pa.array(report_ids, pa.string()), counts),
        _repeat(pa.array([None if a is None else str(a) for a in agencies], pa.string()), counts),
        _repeat(pa.array(years, pa.int32()), counts),
        coded_text(map(itemgetter("section"), cells), n),
        coded_text(map(itemgetter("row"), cells), n),
        coded_text(map(itemgetter("column"), cells), n),
        coded_text(field(cells, "table"), n),
        numbers(list(field(cells, "value"))),
        coded_text(field(cells, "raw"), n),
        _optional_ints(cells, "line"),
        _optional_ints(cells, "page"),
        *corners,
    ]
    return pa.table(columns, names=list(CELL_COLUMNS))


def issues_table(report_ids: list[str], issue_lists: list[list[dict]]) -> pa.Table:
    """raw.issues rows; ``seq`` is the issue's position in its report, blank codes become NULL."""
    counts = [len(i) for i in issue_lists]
    items = list(chain.from_iterable(issue_lists))
    n = len(items)
    columns = [
        _repeat(pa.array(report_ids, pa.string()), counts),
        _sequence(counts),
        coded_text(map(itemgetter("severity"), items), n),
        coded_text(field(items, "code"), n),
        pa.array(list(field(items, "message")), pa.string()),
        coded_text(field(items, "section"), n, blank_is_null=True),
        coded_text(field(items, "row"), n, blank_is_null=True),
        coded_text(field(items, "column"), n, blank_is_null=True),
    ]
    return pa.table(columns, names=list(ISSUE_COLUMNS))


def identities_table(report_ids: list[str], identity_lists: list[list[dict]]) -> pa.Table:
    """raw.identity_checks rows; ``seq`` is the check's position in its report."""
    counts = [len(i) for i in identity_lists]
    items = list(chain.from_iterable(identity_lists))
    n = len(items)
    columns = [
        _repeat(pa.array(report_ids, pa.string()), counts),
        _sequence(counts),
        coded_text(map(itemgetter("name"), items), n),
        coded_text(field(items, "section"), n),
        coded_text(field(items, "scope"), n),
        coded_text(map(itemgetter("status"), items), n),
        pa.array(list(field(items, "detail")), pa.string()),
    ]
    return pa.table(columns, names=list(IDENTITY_COLUMNS))


def _sequence(counts: Sequence[int]) -> pa.Array:
    """0, 1, ... within each parent: the position of each child in its parent's list."""
    sizes = np.asarray(counts, dtype=np.int64)
    total = int(sizes.sum())
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    return pa.array((np.arange(total, dtype=np.int64) - starts).astype(np.int32))
