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

from transform import identity_terms

# Column names are the warehouse's one naming scheme (raw = staging = marts = export): codes are
# ``row_code``/``column_code``/``table_code``, the printed text ``raw_text`` (no reserved words).
CELL_COLUMNS = (
    "report_id", "agency_name", "year", "section", "row_code", "column_code", "table_code", "value",
    "raw_text", "line", "page", "bbox_x0", "bbox_y0", "bbox_x1", "bbox_y1",
    "html_table", "html_row", "html_cell", "char_offset",
)
# Optional integer locators a cell dict may carry (HTML table/row/cell index, flattened-text
# offset); NULL when the extractor did not give them.
EXTRA_LOCATORS = ("html_table", "html_row", "html_cell", "char_offset")
# Keys every cell dict has (Cell.to_dict): a dict with more keys carries page/bbox/locators.
_BASE_CELL_KEYS = 7
ISSUE_COLUMNS = ("report_id", "issue_seq", "severity", "issue_code", "message", "section", "row_code", "column_code")
IDENTITY_COLUMNS = ("report_id", "check_seq", "identity_name", "section", "scope", "scope_kind",
                    "identity_status", "detail")
TERM_COLUMNS = ("report_id", "check_seq", "side", "term_seq", "section", "row_code", "column_code")
# Exact cell values: wide enough for 元 with fen expressed in 万元 (6 decimals) with room to spare.
VALUE_TYPE = pa.decimal128(38, 10)


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


def exact_values(values: list[Any]) -> pa.Array:
    """decimal128(38, 10) of cell values, equal to the number the extractor emitted.

    Why not a float -> decimal cast: Arrow and DuckDB multiply by 10**scale in floating point, so
    123456789.123456 became 123456789.1234560013. Integers go through int64 (exact); the few
    fractional values through their shortest round-trip text (what ``ogi extract --json``
    printed), parsed as a decimal.
    """
    try:
        arr = pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, TypeError):
        arr = None
    if arr is not None and pa.types.is_integer(arr.type):
        return arr.cast(pa.int64()).cast(VALUE_TYPE)
    floats = numbers(values)
    # beyond DECIMAL(38,10) (28 integer digits) a value cannot be stored: NULL (raw_text stays)
    floats = pc.if_else(pc.less(pc.abs(floats), 1e27), floats, None)
    # fractional, or too large for an exact float -> int64 cast: through the text
    textual = pc.fill_null(pc.or_(pc.not_equal(floats, pc.floor(floats)), pc.greater_equal(pc.abs(floats), 2.0**53)),
                           False)
    if not pc.any(textual).as_py():
        return floats.cast(pa.int64()).cast(VALUE_TYPE)
    ints = pc.if_else(textual, None, floats).cast(pa.int64()).cast(VALUE_TYPE)
    text = pc.cast(pc.filter(floats, textual), pa.string())
    return pc.replace_with_mask(ints, textual, pc.cast(text, VALUE_TYPE, safe=False))


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


def _sparse_ints(items: list[dict], at: np.ndarray, n: int, key: str) -> pa.Array:
    """An int column of ``n`` rows whose values, if any, are on the items at positions ``at``
    (the cells carrying more than the base keys): one pass over those, not over all 400k cells
    of a chunk where only a flattened report's cells carry ``char_offset``."""
    values = np.zeros(n, dtype=np.int32)
    null = np.ones(n, dtype=bool)
    for i, v in zip(at.tolist(), field([items[i] for i in at.tolist()], key), strict=True):
        if v is not None:
            values[i], null[i] = v, False
    return pa.array(values, mask=null) if not null.all() else pa.nulls(n, pa.int32())


def cells_table(report_ids: list[str], agencies: list[Any], years: list[Any],
                cell_lists: list[list[dict]]) -> pa.Table:
    """raw.cells rows of several reports (cells of report i are ``cell_lists[i]``)."""
    counts = [len(c) for c in cell_lists]
    cells = list(chain.from_iterable(cell_lists))
    n = len(cells)
    # Text reports' cells have only the base keys: the optional fields (page, bbox, locators) are
    # read only from the cells that carry more (18 M cells at 100k; PDF/HTML/flattened ones few).
    sizes = np.fromiter(map(len, cells), dtype=np.int16, count=n)
    at = np.flatnonzero(sizes != _BASE_CELL_KEYS)
    if not all(map(dict.__contains__, cells, repeat("line"))):  # 7 keys, but not the base ones
        at = np.arange(n)
    optional = at.size > 0
    if optional and any(b is not None for b in field([cells[i] for i in at.tolist()], "bbox")):
        boxes = list(field(cells, "bbox"))
        box = pa.array([None if b is None else [float(x) for x in b] for b in boxes], pa.list_(pa.float64()))
        corners = [pc.list_element(box, i) for i in range(4)]
    else:
        corners = [pa.nulls(n, pa.float64())] * 4
    nothing = pa.nulls(n, pa.int32())
    columns = [
        _repeat(pa.array(report_ids, pa.string()), counts),
        _repeat(pa.array([None if a is None else str(a) for a in agencies], pa.string()), counts),
        _repeat(pa.array(years, pa.int32()), counts),
        coded_text(map(itemgetter("section"), cells), n),
        coded_text(map(itemgetter("row"), cells), n),
        coded_text(map(itemgetter("column"), cells), n),
        coded_text(field(cells, "table"), n),
        exact_values(list(field(cells, "value"))),
        coded_text(field(cells, "raw"), n),
        _optional_ints(cells, "line"),
        _sparse_ints(cells, at, n, "page") if optional else nothing,
        *corners,
        *(_sparse_ints(cells, at, n, key) if optional else nothing for key in EXTRA_LOCATORS),
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
    """raw.identity_checks rows; ``check_seq`` is the check's position in its report and
    ``scope_kind`` says whether ``scope`` names a row or a column (from the identity's name)."""
    counts = [len(i) for i in identity_lists]
    items = list(chain.from_iterable(identity_lists))
    n = len(items)
    names = _Codes()
    name_codes = np.fromiter(map(names.__getitem__, map(itemgetter("name"), items)), dtype=np.int32, count=n)
    indices = pa.array(name_codes)
    columns = [
        _repeat(pa.array(report_ids, pa.string()), counts),
        _sequence(counts),
        pa.array([str(name) for name in names], pa.string()).take(indices),
        coded_text(field(items, "section"), n),
        coded_text(field(items, "scope"), n),
        pa.array([identity_terms.scope_kind(str(name)) for name in names], pa.string()).take(indices),
        coded_text(map(itemgetter("status"), items), n),
        pa.array(list(field(items, "detail")), pa.string()),
    ]
    return pa.table(columns, names=list(IDENTITY_COLUMNS))


def terms_table(report_ids: list[str], reports: list[dict], identity_lists: list[list[dict]]) -> pa.Table | None:
    """raw.identity_terms: the cells each FAILED identity adds up (few per report, so plain
    Python is fine here), for mart_identity_failures to show the printed cells and locators."""
    rows: list[tuple[Any, ...]] = []
    for report_id, report, identities in zip(report_ids, reports, identity_lists, strict=True):
        version = (report.get("section_templates") or {}).get("applications")
        for seq, check in enumerate(identities):
            if check.get("status") != "failed":
                continue
            for side, term_seq, (section, row, column) in identity_terms.terms(
                    check["name"], check.get("section") or "", check.get("scope") or "", version):
                rows.append((report_id, seq, side, term_seq, section, row, column))
    if not rows:
        return None
    columns = list(zip(*rows, strict=True))
    types = (pa.string(), pa.int32(), pa.string(), pa.int32(), pa.string(), pa.string(), pa.string())
    return pa.table([pa.array(c, t) for c, t in zip(columns, types, strict=True)], names=list(TERM_COLUMNS))


def _sequence(counts: Sequence[int]) -> pa.Array:
    """0, 1, ... within each parent: the position of each child in its parent's list."""
    sizes = np.asarray(counts, dtype=np.int64)
    total = int(sizes.sum())
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    return pa.array((np.arange(total, dtype=np.int64) - starts).astype(np.int32))
