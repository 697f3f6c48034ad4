"""The narrative in the warehouse: paragraphs, stated facts and text-vs-table checks (issue 13).

Three raw tables filled by the loader (transform/warehouse.py calls :func:`tables` per chunk, in
the same transaction as the cells, so a load stays atomic and idempotent: a report already stored
adds nothing here either):

- ``raw.paragraphs``: every prose paragraph of a report, by section (``preamble``, ``one`` …
  ``six``, ``signoff``) with its locator (line, or page + bbox; on web pages also ``html_path``, the
  XPath of its element in the page as published) — what ``ogi search`` scans.
- ``raw.text_facts``: quantities the text states (fee, 受理/收到/办结/结转/复议/诉讼/主动公开 totals),
  with unit, meaning, scope, sentence and locator.
- ``raw.text_checks``: each stated total against the table cell it means (agrees, disagrees,
  unchecked, not_comparable), with both locators.

Search: Chinese has no spaces, so there is no word index to build; a substring scan of the
paragraph text (DuckDB ``contains``) over ~3 KB per report answers a keyword over 100k reports
in well under a second (bench/text_search.py measured it against a character-bigram index, which
was larger and slower to build without being needed at that size). The paragraph text is stored
*uncompressed*: DuckDB would pick FSST for it, and decompressing FSST is as costly as the search
itself (0.24 s → 0.16 s of CPU per scan of 100k reports), for ~1 KB/report more on disk
(bench/RESULTS.md, issue 13). The table macro ``search_text(keyword)`` is created in the
warehouse so SQL users get the same answer as ``ogi search``.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

TABLES = ("paragraphs", "text_facts", "text_checks")

DDL = """
CREATE TABLE IF NOT EXISTS raw.paragraphs (
    report_id  VARCHAR NOT NULL,
    seq        INTEGER NOT NULL,
    section    VARCHAR NOT NULL,
    text       VARCHAR NOT NULL USING COMPRESSION uncompressed,
    line       INTEGER,
    page       INTEGER,
    bbox_x0    DOUBLE,
    bbox_y0    DOUBLE,
    bbox_x1    DOUBLE,
    bbox_y1    DOUBLE,
    html_path  VARCHAR
);
ALTER TABLE raw.paragraphs ADD COLUMN IF NOT EXISTS html_path VARCHAR;
CREATE TABLE IF NOT EXISTS raw.text_facts (
    report_id  VARCHAR NOT NULL,
    seq        INTEGER NOT NULL,
    kind       VARCHAR NOT NULL,
    value      DOUBLE,
    unit       VARCHAR,
    meaning    VARCHAR,
    scope      VARCHAR,
    section    VARCHAR,
    sentence   VARCHAR,
    raw        VARCHAR,
    line       INTEGER,
    page       INTEGER
);
CREATE TABLE IF NOT EXISTS raw.text_checks (
    report_id      VARCHAR NOT NULL,
    seq            INTEGER NOT NULL,
    kind           VARCHAR NOT NULL,
    status         VARCHAR NOT NULL,
    stated         DOUBLE,
    table_value    DOUBLE,
    compared_with  VARCHAR,
    sentence       VARCHAR,
    line           INTEGER,
    page           INTEGER,
    table_line     INTEGER,
    table_page     INTEGER,
    note           VARCHAR
);
CREATE OR REPLACE MACRO search_text(keyword) AS TABLE
    SELECT r.report_id, r.agency_name, r.year, r.province, r.agency_kind, p.section, p.seq, p.text,
           p.line, p.page, p.bbox_x0, p.bbox_y0, p.bbox_x1, p.bbox_y1, p.html_path
    FROM raw.paragraphs AS p JOIN raw.reports AS r USING (report_id)
    WHERE contains(p.text, keyword)
    ORDER BY r.province NULLS LAST, r.agency_name, r.year, r.report_id, p.seq;
"""

# Exported with the other raw tables (transform/export.py): each row gets its report's year.
EXPORTS = {
    name: (
        f"SELECT t.*, r.year, cast(NULL AS BOOLEAN) AS is_current FROM raw.{name} AS t "
        "LEFT JOIN raw.reports AS r ON r.report_id = t.report_id"
    )
    for name in TABLES
}

_FACT_FIELDS = ("kind", "value", "unit", "meaning", "scope", "section", "sentence", "raw", "line", "page")
_CHECK_FIELDS = ("kind", "status", "stated", "table_value", "compared_with", "sentence", "line", "page",
                 "table_line", "table_page", "note")  # fmt: skip
_TYPES = {"value": pa.float64(), "stated": pa.float64(), "table_value": pa.float64(), "line": pa.int32(),
          "page": pa.int32(), "table_line": pa.int32(), "table_page": pa.int32()}  # fmt: skip


def create(con: Any) -> None:
    """The text tables and the ``search_text`` macro (after the raw schema exists)."""
    con.execute(DDL)


def tables(report_ids: list[str], reports: list[dict]) -> list[tuple[str, pa.Table | None]]:
    """The chunk's rows for the three text tables, as (table name, Arrow table) for the loader."""
    paras = [list(r.get("paragraphs") or ()) for r in reports]
    facts = [list(r.get("facts") or ()) for r in reports]
    checks = [list(r.get("text_checks") or ()) for r in reports]
    return [
        ("raw.paragraphs", _paragraphs(report_ids, paras)),
        ("raw.text_facts", _records(report_ids, facts, _FACT_FIELDS)),
        ("raw.text_checks", _records(report_ids, checks, _CHECK_FIELDS)),
    ]


def _ids_and_seq(report_ids: list[str], lists: list[list[dict]]) -> tuple[pa.Array, pa.Array]:
    """Each child's report id and its position in its report (numpy, not per-row Python)."""
    counts = np.fromiter((len(items) for items in lists), dtype=np.int64, count=len(lists))
    ids = pa.array(report_ids, pa.string()).take(pa.array(np.repeat(np.arange(len(lists)), counts)))
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return ids, pa.array((np.arange(int(counts.sum())) - starts).astype(np.int32))


_PARA_SCHEMA = pa.schema([("section", pa.string()), ("text", pa.string()), ("line", pa.int32()), ("page", pa.int32()),
                          ("bbox", pa.list_(pa.float64())), ("element", pa.string())])  # fmt: skip


def _paragraphs(report_ids: list[str], lists: list[list[dict]]) -> pa.Table | None:
    """raw.paragraphs rows; Arrow builds the columns from the dicts in C (a report has ~40 paragraphs)."""
    items = list(chain.from_iterable(lists))
    if not items:
        return None
    ids, seq = _ids_and_seq(report_ids, lists)
    t = pa.Table.from_pylist(items, schema=_PARA_SCHEMA)
    box = t.column("bbox").combine_chunks()
    corners = [pc.list_element(box, i) for i in range(4)]
    columns = [ids, seq, t.column("section"), t.column("text"), t.column("line"), t.column("page"), *corners,
               t.column("element")]  # fmt: skip
    return pa.table(columns, names=["report_id", "seq", "section", "text", "line", "page", "bbox_x0", "bbox_y0",
                                    "bbox_x1", "bbox_y1", "html_path"])  # fmt: skip


def _records(report_ids: list[str], lists: list[list[dict]], fields: tuple[str, ...]) -> pa.Table | None:
    items = list(chain.from_iterable(lists))
    if not items:
        return None
    ids, seq = _ids_and_seq(report_ids, lists)
    schema = pa.schema([(f, _TYPES.get(f, pa.string())) for f in fields])
    t = pa.Table.from_pylist(items, schema=schema)
    return pa.table([ids, seq, *t.columns], names=["report_id", "seq", *fields])
