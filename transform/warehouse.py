"""The DuckDB raw layer: the single writer that turns extraction results into rows.

Why a raw layer at all: the dbt models (sql/) only read these tables, so everything the extractor
said is kept verbatim (history is never deleted) and every derived number can be rebuilt from it.

Shape of the raw schema (``raw.*``):

- ``documents``: one row per distinct file content (sha256); ``first_seen``/``last_seen`` record
  when the pipeline met it; ``status`` is ``ok`` or ``failed`` (with ``error``).
- ``reports``: one row per report extracted from a document (``report_id`` = the document's
  sha256, since one file yields at most one report). Several documents may report the same
  agency-year (a corrected re-publication); which one is *current* is decided in the staging
  model ``stg_reports`` (newest ``first_seen`` wins, ties broken by ``published_on`` then sha256),
  so older versions stay queryable.
- ``cells``, ``issues``, ``identity_checks``: the long-format content of each report. ``value``
  is ``DECIMAL(38,10)``: exactly the number the extractor emitted (an amount in 万元 converted
  from 元 with fen has 6 decimals; DECIMAL(18,4) used to cut 24252.311082 to 24252.3111).
- ``identity_terms``: for each failed identity, the cells on each side (see
  transform/identity_terms.py), so the failure can be shown cell by cell with locators.

Column names follow one scheme across raw, staging, marts and export (``row_code``,
``column_code``, ``raw_text``, ``table_code``, ``agency_name``, ``issue_seq``...). A warehouse made by
an older version is migrated in place by :func:`connect` (columns renamed, value widened, new
columns added); ``raw.documents`` keeps its short names (``sha256``, ``path``, ``status``) that the
flows read, and staging renames them.

Loads are transactional (one transaction per :func:`load` call) and idempotent: a sha256 that is
already stored adds nothing; only its ``last_seen`` moves. The one exception is a document stored as
``failed`` that now arrives ``ok`` with a report (a retry after an extractor fix): it is upgraded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from transform import columnar, identity_terms, text_store

DEFAULT_DB: Path = Path("data/warehouse/ogi.duckdb")

# Results per chunk: ~190 cells each, so one chunk is ~400k cells, a few hundred MB of Arrow at most.
CHUNK_REPORTS = 2_000

REGION_COLUMNS = ("province", "city", "county", "township", "agency_kind", "division_code", "agency_id")
DOCUMENT_COLUMNS = ("sha256", "path", "format", "bytes", "first_seen", "last_seen", "status", "error",
                    "extractor_version")
REPORT_COLUMNS = ("report_id", "document_sha256", "agency_name", "year", "template", "section_templates",
                  "published_on", "title", "extractor_version", *REGION_COLUMNS, "source_part", "loaded_at")

DDL = """
CREATE SCHEMA IF NOT EXISTS raw;
CREATE TABLE IF NOT EXISTS raw.documents (
    sha256      VARCHAR PRIMARY KEY,
    path        VARCHAR,
    format      VARCHAR,
    bytes       BIGINT,
    first_seen  TIMESTAMP NOT NULL,
    last_seen   TIMESTAMP NOT NULL,
    status      VARCHAR NOT NULL CHECK (status IN ('ok', 'failed')),
    error       VARCHAR,
    extractor_version VARCHAR
);
CREATE TABLE IF NOT EXISTS raw.reports (
    report_id          VARCHAR PRIMARY KEY,
    document_sha256    VARCHAR NOT NULL,
    agency_name        VARCHAR,
    year               INTEGER,
    template           VARCHAR,
    section_templates  VARCHAR,
    published_on       DATE,
    title              VARCHAR,
    extractor_version  VARCHAR,
    province           VARCHAR,
    city               VARCHAR,
    county             VARCHAR,
    township           VARCHAR,
    agency_kind        VARCHAR,
    division_code      VARCHAR,
    agency_id          VARCHAR,
    source_part        VARCHAR,
    loaded_at          TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS raw.cells (
    report_id    VARCHAR NOT NULL,
    agency_name  VARCHAR,
    year         INTEGER,
    section      VARCHAR NOT NULL,
    row_code     VARCHAR NOT NULL,
    column_code  VARCHAR NOT NULL,
    table_code   VARCHAR,
    value        DECIMAL(38,10),
    raw_text     VARCHAR,
    line         INTEGER,
    page         INTEGER,
    bbox_x0      DOUBLE,
    bbox_y0      DOUBLE,
    bbox_x1      DOUBLE,
    bbox_y1      DOUBLE,
    html_table   INTEGER,
    html_row     INTEGER,
    html_cell    INTEGER,
    char_offset  INTEGER
);
CREATE TABLE IF NOT EXISTS raw.issues (
    report_id    VARCHAR NOT NULL,
    issue_seq    INTEGER NOT NULL,
    severity     VARCHAR NOT NULL,
    issue_code   VARCHAR,
    message      VARCHAR,
    section      VARCHAR,
    row_code     VARCHAR,
    column_code  VARCHAR
);
CREATE TABLE IF NOT EXISTS raw.identity_checks (
    report_id        VARCHAR NOT NULL,
    check_seq        INTEGER NOT NULL,
    identity_name    VARCHAR NOT NULL,
    section          VARCHAR,
    scope            VARCHAR,
    scope_kind       VARCHAR,
    identity_status  VARCHAR NOT NULL,
    detail           VARCHAR
);
CREATE TABLE IF NOT EXISTS raw.identity_terms (
    report_id    VARCHAR NOT NULL,
    check_seq    INTEGER NOT NULL,
    side         VARCHAR NOT NULL CHECK (side IN ('printed', 'computed')),
    term_seq     INTEGER NOT NULL,
    section      VARCHAR NOT NULL,
    row_code     VARCHAR NOT NULL,
    column_code  VARCHAR NOT NULL
);
"""

@dataclass
class LoadStats:
    """What one :func:`load` call added (the flows print it and put it in their run summary)."""

    documents_new: int = 0
    documents_unchanged: int = 0
    documents_failed: int = 0
    reports: int = 0
    cells: int = 0
    issues_by_severity: dict[str, int] = field(default_factory=dict)
    documents_reextracted: int = 0  # loaded before by another extractor version, replaced now


def connect(db_path: str | Path = DEFAULT_DB, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a writable connection also creates the folder and the raw schema."""
    path = Path(db_path)
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    _migrate(con)
    con.execute(DDL)
    text_store.create(con)  # paragraphs, text facts, text checks, search_text() (issue 13)
    return con


# Old raw column -> new name, per table (warehouses built before the naming scheme was unified).
_RENAMES: dict[str, dict[str, str]] = {
    "reports": {"agency": "agency_name"},
    "cells": {"agency": "agency_name", "row": "row_code", "column": "column_code", "table": "table_code",
              "raw": "raw_text"},
    "issues": {"seq": "issue_seq", "code": "issue_code", "row": "row_code", "column": "column_code"},
    "identity_checks": {"seq": "check_seq", "name": "identity_name", "status": "identity_status"},
}
_ADDED: dict[str, dict[str, str]] = {
    "cells": {"html_table": "INTEGER", "html_row": "INTEGER", "html_cell": "INTEGER", "char_offset": "INTEGER"},
    "identity_checks": {"scope_kind": "VARCHAR"},
    "reports": {"source_part": "VARCHAR"},
    "documents": {"extractor_version": "VARCHAR"},
}


def _migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Bring an older raw schema to the current one (idempotent; nothing to do on a new file).
    Values cut to DECIMAL(18,4) by an old version stay cut: reload the reports to restore them."""
    found: dict[str, dict[str, str]] = {}
    for table, column, dtype in con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'raw'"
    ).fetchall():
        found.setdefault(table, {})[column] = dtype
    for table, renames in _RENAMES.items():
        for old, new in renames.items():
            if old in found.get(table, {}) and new not in found[table]:
                con.execute(f'ALTER TABLE raw.{table} RENAME COLUMN "{old}" TO {new}')
    for table, added in _ADDED.items():
        for column, dtype in added.items():
            if table in found and column not in found[table]:
                con.execute(f"ALTER TABLE raw.{table} ADD COLUMN {column} {dtype}")
    if "identity_checks" in found and "scope_kind" not in found["identity_checks"]:
        names = [n for (n,) in con.execute("SELECT DISTINCT identity_name FROM raw.identity_checks").fetchall()]
        for name in names:
            con.execute("UPDATE raw.identity_checks SET scope_kind = ? WHERE identity_name = ?",
                        [identity_terms.scope_kind(name), name])
    if found.get("cells", {}).get("value", "DECIMAL(38,10)") != "DECIMAL(38,10)":
        con.execute("ALTER TABLE raw.cells ALTER COLUMN value SET DATA TYPE DECIMAL(38,10)")


def known_documents(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """sha256 -> status of every stored document, so callers can skip files already loaded."""
    return dict(con.execute("SELECT sha256, status FROM raw.documents").fetchall())


def stale_documents(con: duckdb.DuckDBPyConnection, version: str) -> set[str]:
    """Documents read by another extractor version than ``version`` (NULL: before versions were
    stored): a run extracts them again, so the warehouse says what today's extractor reads."""
    rows = con.execute("SELECT sha256 FROM raw.documents WHERE extractor_version IS DISTINCT FROM ?", [version])
    return {sha for (sha,) in rows.fetchall()}


def touch_documents(con: duckdb.DuckDBPyConnection, sha256s: Iterable[str], seen_at: datetime) -> None:
    """Move ``last_seen`` of documents met again unchanged (first_seen and content stay)."""
    shas = sorted(set(sha256s))
    if not shas:
        return
    con.execute(
        "UPDATE raw.documents SET last_seen = greatest(last_seen, ?) WHERE sha256 IN (SELECT unnest(?))",
        [_naive_utc(seen_at), shas],
    )


def load(
    con: duckdb.DuckDBPyConnection, results: Iterable[dict], seen_at: datetime | None = None
) -> LoadStats:
    """Store extraction results in one transaction.

    Each result is ``{"document": {...}, "report": Report.to_dict() | None}``. Returns counts of what
    was new. Nothing is ever updated in place except ``last_seen`` (and the failed -> ok upgrade).

    Results are consumed in chunks of :data:`CHUNK_REPORTS` (a generator is never materialised
    whole). Each chunk is planned in Python (new or unchanged, then Arrow tables) while one writer
    thread inserts the previous chunk: DuckDB releases the GIL while it writes, so on two cores
    the Python work and the insert overlap. Only the writer touches ``con`` until it is drained.
    """
    seen = _naive_utc(seen_at or datetime.now(UTC))
    stats = LoadStats()
    unchanged: list[str] = []
    con.execute("BEGIN TRANSACTION")
    try:
        writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ogi-load")
        try:
            _pipeline(con, _chunks(results, CHUNK_REPORTS), writer, seen, stats, unchanged)
        finally:
            writer.shutdown(wait=True, cancel_futures=True)
        if unchanged:
            touch_documents(con, unchanged, seen)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return stats


@dataclass
class _ChunkPlan:
    """What one chunk writes: failed records to replace, then one Arrow table per raw table."""

    replace: list[str]
    tables: list[tuple[str, pa.Table | None]]


def _pipeline(
    con: duckdb.DuckDBPyConnection,
    chunks: Iterator[list[dict]],
    writer: ThreadPoolExecutor,
    seen: datetime,
    stats: LoadStats,
    unchanged: list[str],
) -> None:
    """Plan chunk k+1 while chunk k is written. The writer runs tasks in order: the status lookup
    of chunk k+1 is queued before the write of chunk k, which is safe because a document of chunk
    k met again in chunk k+1 is caught by ``batch_seen`` before its stored status is consulted."""
    batch_seen: set[str] = set()
    writes: list[Future[None]] = []
    chunk = next(chunks, None)
    known = writer.submit(_statuses, con, _shas(chunk)) if chunk else None
    while chunk is not None and known is not None:
        statuses = known.result()
        for done in writes[:-1]:  # finished before this lookup ran: raise its error now
            done.result()
        del writes[:-1]
        plan = _plan_chunk(chunk, statuses, seen, stats, batch_seen, unchanged)
        chunk = next(chunks, None)
        known = writer.submit(_statuses, con, _shas(chunk)) if chunk else None
        writes.append(writer.submit(_write_chunk, con, plan))
        del plan
    for done in writes:
        done.result()


def _chunks(results: Iterable[dict], size: int) -> Iterator[list[dict]]:
    iterator = iter(results)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _shas(chunk: list[dict]) -> list[str]:
    return [r["document"]["sha256"] for r in chunk]


@dataclass(frozen=True)
class _Stored:
    """What the warehouse holds of a document already: enough to decide keep or replace."""

    status: str
    version: str | None
    first_seen: datetime


def _statuses(con: duckdb.DuckDBPyConnection, shas: list[str]) -> dict[str, _Stored]:
    """Stored status of the given documents only (a chunk never reads the whole table)."""
    if not shas:
        return {}
    rows = con.execute(
        "SELECT sha256, status, extractor_version, first_seen FROM raw.documents "
        "WHERE sha256 IN (SELECT unnest(?::VARCHAR[]))",
        [shas],
    ).fetchall()
    return {sha: _Stored(status, version, first) for sha, status, version, first in rows}


def _result_version(result: dict) -> str | None:
    """The extractor version a result was made by (documents of ``ogi extract --json`` files
    carry it on the report only)."""
    doc = result["document"]
    return doc.get("extractor_version") or (result.get("report") or {}).get("extractor_version")


def _replaces(previous: _Stored, status: str, has_report: bool, version: str | None) -> bool:
    """Whether a new result replaces the stored one: a failure now read (failed -> ok), or the
    same bytes read by another extractor version — unless that read failed where the stored one
    did not (an upgrade never loses a report; the document stays stale and is tried again)."""
    if previous.status == "failed":
        return status == "ok" and has_report or (version is not None and version != previous.version)
    return version is not None and version != previous.version and status == "ok"


def _plan_chunk(
    chunk: list[dict],
    known: dict[str, _Stored],
    seen: datetime,
    stats: LoadStats,
    batch_seen: set[str],
    unchanged: list[str],
) -> _ChunkPlan:
    """Decide new/unchanged/upgraded per document and build the chunk's Arrow tables (no I/O)."""
    replace: list[str] = []
    docs: list[tuple[Any, ...]] = []
    report_rows: list[tuple[Any, ...]] = []
    reports: list[dict] = []
    for result in chunk:
        doc = result["document"]
        sha = doc["sha256"]
        report = result.get("report")
        status = doc.get("status") or "ok"
        if sha in batch_seen:
            continue
        batch_seen.add(sha)
        previous = known.get(sha)
        version = _result_version(result)
        if previous is not None and not _replaces(previous, status, bool(report), version):
            unchanged.append(sha)
            stats.documents_unchanged += 1
            continue
        if previous is not None:  # failed earlier or read by another extractor: replace the record
            replace.append(sha)
            stats.documents_reextracted += previous.status == "ok"
        docs.append((sha, doc.get("path"), doc.get("format"), doc.get("bytes"),
                     previous.first_seen if previous is not None else seen, seen, status, doc.get("error"),
                     version))  # fmt: skip
        stats.documents_new += previous is None
        stats.documents_failed += status == "failed"
        if report:
            report_rows.append(_report_row(sha, report, seen))
            reports.append(report)
    ids = [row[0] for row in report_rows]
    issue_lists = [list(r.get("issues") or ()) for r in reports]
    for issues in issue_lists:
        for issue in issues:
            sev = issue["severity"]
            stats.issues_by_severity[sev] = stats.issues_by_severity.get(sev, 0) + 1
    cells = columnar.cells_table(ids, [r.get("agency") for r in reports], [r.get("year") for r in reports],
                                 [list(r.get("cells") or ()) for r in reports])
    stats.reports += len(reports)
    stats.cells += cells.num_rows
    identity_lists = [list(r.get("identities") or ()) for r in reports]
    tables = [
        ("raw.documents", _rows_table(docs, DOCUMENT_COLUMNS)),
        ("raw.reports", _rows_table(report_rows, REPORT_COLUMNS)),
        ("raw.cells", cells),
        ("raw.issues", columnar.issues_table(ids, issue_lists)),
        ("raw.identity_checks", columnar.identities_table(ids, identity_lists)),
        ("raw.identity_terms", columnar.terms_table(ids, reports, identity_lists)),
        *text_store.tables(ids, reports),
    ]
    return _ChunkPlan(replace, tables)


def _write_chunk(con: duckdb.DuckDBPyConnection, plan: _ChunkPlan) -> None:
    for sha in plan.replace:
        _delete_document(con, sha)
    for table, arrow in plan.tables:
        _insert(con, table, arrow)


def _delete_document(con: duckdb.DuckDBPyConnection, sha: str) -> None:
    for table in ("reports", "cells", "issues", "identity_checks", "identity_terms", *text_store.TABLES):
        con.execute(f"DELETE FROM raw.{table} WHERE report_id = ?", [sha])
    con.execute("DELETE FROM raw.documents WHERE sha256 = ?", [sha])


def _rows_table(rows: list[tuple[Any, ...]], names: tuple[str, ...]) -> pa.Table | None:
    """Per-document tuples (few per report, so plain Python is cheap here) as an Arrow table."""
    if not rows:
        return None
    columns = list(zip(*rows, strict=True))
    return pa.table([pa.array(col) for col in columns], names=list(names))


def _insert(con: duckdb.DuckDBPyConnection, table: str, arrow: pa.Table | None) -> None:
    """One INSERT through DuckDB's Arrow scan, by column name (a migrated table may have its
    columns in another order than a new one)."""
    if arrow is None or not arrow.num_rows:
        return
    con.register("_ogi_rows", arrow)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _ogi_rows")
    finally:
        con.unregister("_ogi_rows")


def _report_row(sha: str, report: dict, seen: datetime) -> tuple[Any, ...]:
    region = dict(report.get("region") or {})
    for key in REGION_COLUMNS:
        if report.get(key) is not None:
            region[key] = report[key]
    section_templates = report.get("section_templates")
    return (
        sha,
        (report.get("source") or {}).get("sha256") or sha,
        report.get("agency"),
        report.get("year"),
        report.get("template"),
        json.dumps(section_templates, ensure_ascii=False, sort_keys=True) if section_templates else None,
        _date(report.get("published_on")),
        report.get("title"),
        report.get("extractor_version"),
        *(_text(region.get(k)) for k in REGION_COLUMNS),
        (report.get("source") or {}).get("part"),
        seen,
    )


def iter_results_from_reports(reports: Iterable[dict]) -> Iterator[dict]:
    """Wrap bare ``Report.to_dict()`` objects (``ogi extract --json`` output) as load results."""
    for report in reports:
        if "document" in report:
            yield report
            continue
        src = report.get("source") or {}
        yield {
            "document": {
                "sha256": src["sha256"],
                "path": src.get("path"),
                "format": src.get("format"),
                "bytes": src.get("bytes"),
                "status": "ok",
                "error": None,
            },
            "report": report,
        }


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _date(value: Any) -> str | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value)).date().isoformat()
    except ValueError:
        return None


def _naive_utc(moment: datetime) -> datetime:
    """DuckDB TIMESTAMP has no zone: store UTC wall time."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment
