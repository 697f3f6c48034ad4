"""How ``ogi query`` prints a result: a table that fits the terminal, or CSV / JSON / parquet for scripts.

Rows come straight from DuckDB's cursor (no pandas: importing it cost seconds per query, and it
turned DATE columns into timestamps). The table is laid out here, not left to rich's collapse
rules: numbers and dates are never wrapped or cut (a cut number is a wrong number), text columns
give way first (they fold), and when even that cannot fit the terminal the rows are printed as
records, one ``column  value`` line each, like ``psql``'s expanded mode.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import sys
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

NULL = "∅"
TEXT_MIN = 10  # a text column is folded no narrower than this (or its natural width)
TEXT_MAX = 60  # nor wider than this when space is short
NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "REAL")  # fmt: skip
UNBREAKABLE_TYPES = (*NUMERIC_TYPES, "DATE", "TIMESTAMP", "TIME", "INTERVAL", "BOOLEAN", "UUID")


def _type_name(type_code: Any) -> str:
    return str(type_code).upper()


def is_unbreakable(type_code: Any) -> bool:
    """Numbers, dates and the like: never folded, never truncated, right-aligned when numeric."""
    return _type_name(type_code).startswith(UNBREAKABLE_TYPES)


def is_numeric(type_code: Any) -> bool:
    return _type_name(type_code).startswith(NUMERIC_TYPES)


# --------------------------------------------------------------------------- values


def _plain_decimal(d: Decimal) -> str:
    """A decimal without trailing zeros or an exponent: ``3.0000`` -> ``3``, ``1E+2`` -> ``100``."""
    if not d.is_finite():
        return str(d)
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def display(value: Any) -> str:
    """A value as the table shows it (short floats, ISO dates, ``∅`` for NULL)."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return _plain_decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        if abs(value) >= 1e-3:
            return _plain_decimal(Decimal(f"{value:.4f}"))
        return f"{value:.3g}"
    return text_value(value)


def text_value(value: Any) -> str:
    """A value as CSV writes it: exact numbers, ISO dates, empty for NULL."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return _plain_decimal(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds" if not value.microsecond else "microseconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def json_value(value: Any) -> Any:
    """A value JSON can carry: decimals as numbers, dates as ISO strings, nested values kept."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return text_value(value)


# --------------------------------------------------------------------------- scripts


def write_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow([text_value(v) for v in row])
        n += 1
    return n


def write_json(columns: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO) -> int:
    """A JSON array of objects, one per row, written as rows arrive."""
    out.write("[")
    n = 0
    for row in rows:
        out.write(",\n" if n else "\n")
        out.write(json.dumps({c: json_value(v) for c, v in zip(columns, row, strict=True)}, ensure_ascii=False))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


# --------------------------------------------------------------------------- the table


def fit_widths(naturals: Sequence[int], minimums: Sequence[int], available: int) -> list[int] | None:
    """Column widths within ``available`` cells: natural widths if they fit, else the spare space
    shared among the columns that can give way; None when even the minimums do not fit."""
    if sum(naturals) <= available:
        return list(naturals)
    if sum(minimums) > available:
        return None
    widths = list(minimums)
    spare = available - sum(widths)
    while spare > 0:
        wanting = [i for i, w in enumerate(widths) if w < naturals[i]]
        if not wanting:
            break
        share = max(1, spare // len(wanting))
        for i in wanting:
            if spare <= 0:
                break
            grow = min(share, naturals[i] - widths[i], spare)
            widths[i] += grow
            spare -= grow
    return widths


def fold(text: str, width: int) -> list[str]:
    """``text`` folded into lines of at most ``width`` terminal cells (CJK characters count two):
    at spaces when it can, inside a word when the word alone is too wide."""
    from rich.cells import cell_len, chop_cells

    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if cell_len(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            pieces = chop_cells(word, width) or [""]
            lines.extend(pieces[:-1])
            line = pieces[-1]
        lines.append(line)
    return lines


def _pad(text: str, width: int, right: bool) -> str:
    from rich.cells import cell_len

    gap = " " * max(width - cell_len(text), 0)
    return gap + text if right else text + gap


def terminal_width() -> int:
    """Columns of the terminal (``COLUMNS`` wins; 80 when not a terminal)."""
    import shutil

    return max(shutil.get_terminal_size((80, 24)).columns, 20)


def print_table(
    columns: Sequence[str], types: Sequence[Any], rows: list[Sequence[Any]], total: int, width: int | None = None,
    out: TextIO | None = None,
) -> None:
    """Print ``rows`` (the first of ``total``) as a table that fits ``width`` (the terminal), else as
    records. Drawn here with rich's cell-width functions only: rich's console costs a fifth of a
    second to import, a third of the start-up budget of ``ogi query``."""
    from rich.cells import cell_len

    out = out or sys.stdout
    width = width or terminal_width()
    cells = [[display(v) for v in row] for row in rows]
    n = len(columns)
    naturals, minimums = [], []
    for i, name in enumerate(columns):
        value_width = max((cell_len(line) for r in cells for line in r[i].splitlines() or [""]), default=0)
        header = cell_len(str(name))
        if is_unbreakable(types[i]):
            minimums.append(max(value_width, min(header, 4), 1))
            naturals.append(max(value_width, header, 1))
        else:
            minimums.append(max(min(max(value_width, header), TEXT_MIN), 1))
            naturals.append(max(min(max(value_width, header), TEXT_MAX), 1))
    caption = f"{total} row{'s' if total != 1 else ''}" if total == len(rows) else f"{len(rows)} of {total} rows"
    widths = fit_widths(naturals, minimums, width - (3 * n + 1)) if n else None
    if widths is None:
        print_records(columns, cells, caption, width, out)
        return
    right = [is_numeric(t) for t in types]

    def rule(left: str, fill: str, mid: str, end: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + end

    def emit(values: Sequence[str], bar: str, justify: bool) -> None:
        folded = [fold(v, w) for v, w in zip(values, widths, strict=True)]
        for k in range(max(len(f) for f in folded)):
            parts = [_pad(f[k] if k < len(f) else "", w, justify and r) for f, w, r in zip(folded, widths, right, strict=True)]
            out.write(bar + bar.join(f" {p} " for p in parts) + bar + "\n")

    out.write(rule("┏", "━", "┳", "┓") + "\n")
    emit([str(c) for c in columns], "┃", False)
    out.write(rule("┡", "━", "╇", "┩") + "\n")
    for r in cells:
        emit(r, "│", True)
    out.write(rule("└", "─", "┴", "┘") + "\n")
    out.write(caption + "\n")


def print_records(columns: Sequence[str], cells: list[list[str]], caption: str, width: int, out: TextIO) -> None:
    """Expanded mode for results too wide for the terminal: one block per row, one
    ``column  value`` line per column (values fold under themselves), like psql's ``\\x``."""
    from rich.cells import cell_len

    label = min(max((cell_len(str(c)) for c in columns), default=1), 30)
    value_width = max(width - label - 3, 10)
    for k, r in enumerate(cells, 1):
        head = f"-[ record {k} ]"
        out.write(head + "-" * max(width - cell_len(head), 0) + "\n")
        for name, value in zip(columns, r, strict=True):
            name_lines = fold(str(name), label)
            value_lines = fold(value, value_width)
            for j in range(max(len(name_lines), len(value_lines))):
                left = _pad(name_lines[j] if j < len(name_lines) else "", label, False)
                out.write(f"{left} │ {value_lines[j] if j < len(value_lines) else ''}".rstrip() + "\n")
    out.write(caption + "\n")


def limited(rows: Iterator[Sequence[Any]], limit: int) -> tuple[list[Sequence[Any]], int]:
    """The first ``limit`` rows and the count of all rows (the rest are counted, not kept)."""
    kept: list[Sequence[Any]] = []
    total = 0
    for row in rows:
        if total < limit:
            kept.append(row)
        total += 1
    return kept, total


def write_parquet(reader: Any, path: Path) -> int:
    """Stream an Arrow record-batch reader into one zstd parquet file; the row count."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with pq.ParquetWriter(str(path), reader.schema, compression="zstd") as writer:
        for batch in reader:
            writer.write_batch(batch)
            n += batch.num_rows
    return n
