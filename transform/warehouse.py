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
- ``cells``, ``issues``, ``identity_checks``: the long-format content of each report.

Loads are transactional (one transaction per :func:`load` call) and idempotent: a sha256 that is
already stored adds nothing; only its ``last_seen`` moves. The one exception is a document stored as
``failed`` that now arrives ``ok`` with a report (a retry after an extractor fix): it is upgraded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

DEFAULT_DB: Path = Path("data/warehouse/ogi.duckdb")

# How many cells are buffered before one bulk insert (bounds memory for very large loads).
CELL_CHUNK = 500_000

REGION_COLUMNS = ("province", "city", "county", "township", "agency_kind", "division_code", "agency_id")

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
    error       VARCHAR
);
CREATE TABLE IF NOT EXISTS raw.reports (
    report_id          VARCHAR PRIMARY KEY,
    document_sha256    VARCHAR NOT NULL,
    agency             VARCHAR,
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
    loaded_at          TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS raw.cells (
    report_id  VARCHAR NOT NULL,
    agency     VARCHAR,
    year       INTEGER,
    section    VARCHAR NOT NULL,
    "row"      VARCHAR NOT NULL,
    "column"   VARCHAR NOT NULL,
    "table"    VARCHAR,
    value      DECIMAL(18,4),
    raw        VARCHAR,
    line       INTEGER,
    page       INTEGER,
    bbox_x0    DOUBLE,
    bbox_y0    DOUBLE,
    bbox_x1    DOUBLE,
    bbox_y1    DOUBLE
);
CREATE TABLE IF NOT EXISTS raw.issues (
    report_id  VARCHAR NOT NULL,
    seq        INTEGER NOT NULL,
    severity   VARCHAR NOT NULL,
    code       VARCHAR,
    message    VARCHAR,
    section    VARCHAR,
    "row"      VARCHAR,
    "column"   VARCHAR
);
CREATE TABLE IF NOT EXISTS raw.identity_checks (
    report_id  VARCHAR NOT NULL,
    seq        INTEGER NOT NULL,
    name       VARCHAR NOT NULL,
    section    VARCHAR,
    scope      VARCHAR,
    status     VARCHAR NOT NULL,
    detail     VARCHAR
);
"""

CELL_SCHEMA = pa.schema(
    [
        ("report_id", pa.string()),
        ("agency", pa.string()),
        ("year", pa.int32()),
        ("section", pa.string()),
        ("row", pa.string()),
        ("column", pa.string()),
        ("table", pa.string()),
        ("value", pa.float64()),
        ("raw", pa.string()),
        ("line", pa.int32()),
        ("page", pa.int32()),
        ("bbox_x0", pa.float64()),
        ("bbox_y0", pa.float64()),
        ("bbox_x1", pa.float64()),
        ("bbox_y1", pa.float64()),
    ]
)


@dataclass
class LoadStats:
    """What one :func:`load` call added (the flows print it and put it in their run summary)."""

    documents_new: int = 0
    documents_unchanged: int = 0
    documents_failed: int = 0
    reports: int = 0
    cells: int = 0
    issues_by_severity: dict[str, int] = field(default_factory=dict)


def connect(db_path: str | Path = DEFAULT_DB, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a writable connection also creates the folder and the raw schema."""
    path = Path(db_path)
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute(DDL)
    return con


def known_documents(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """sha256 -> status of every stored document, so callers can skip files already loaded."""
    return dict(con.execute("SELECT sha256, status FROM raw.documents").fetchall())


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
    """
    seen = _naive_utc(seen_at or datetime.now(UTC))
    stats = LoadStats()
    known = known_documents(con)
    batch_seen: set[str] = set()
    unchanged: list[str] = []
    docs: list[tuple[Any, ...]] = []
    reports: list[tuple[Any, ...]] = []
    issues: list[tuple[Any, ...]] = []
    identities: list[tuple[Any, ...]] = []
    cells = _CellBuffer(con)

    con.execute("BEGIN TRANSACTION")
    try:
        for result in results:
            doc = result["document"]
            sha = doc["sha256"]
            report = result.get("report")
            status = doc.get("status") or "ok"
            if sha in batch_seen:
                continue
            batch_seen.add(sha)
            previous = known.get(sha)
            if previous is not None and not (previous == "failed" and status == "ok" and report):
                unchanged.append(sha)
                stats.documents_unchanged += 1
                continue
            if previous is not None:  # failed earlier, extracted now: replace the failed record
                _delete_document(con, sha)
            docs.append(
                (
                    sha,
                    doc.get("path"),
                    doc.get("format"),
                    doc.get("bytes"),
                    seen,
                    seen,
                    status,
                    doc.get("error"),
                )
            )
            stats.documents_new += previous is None
            stats.documents_failed += status == "failed"
            if not report:
                continue
            stats.reports += 1
            reports.append(_report_row(sha, report, seen))
            for seq, issue in enumerate(report.get("issues") or ()):
                sev = issue["severity"]
                stats.issues_by_severity[sev] = stats.issues_by_severity.get(sev, 0) + 1
                issues.append(
                    (
                        sha,
                        seq,
                        sev,
                        issue.get("code"),
                        issue.get("message"),
                        issue.get("section") or None,
                        issue.get("row") or None,
                        issue.get("column") or None,
                    )
                )
            for seq, ident in enumerate(report.get("identities") or ()):
                identities.append(
                    (
                        sha,
                        seq,
                        ident["name"],
                        ident.get("section"),
                        ident.get("scope"),
                        ident["status"],
                        ident.get("detail"),
                    )
                )
            stats.cells += cells.add(sha, report)
        cells.flush()
        _insert(con, "raw.documents", docs, 8)
        _insert(con, "raw.reports", reports, 17)
        _insert(con, "raw.issues", issues, 8)
        _insert(con, "raw.identity_checks", identities, 7)
        if unchanged:
            touch_documents(con, unchanged, seen)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return stats


def _delete_document(con: duckdb.DuckDBPyConnection, sha: str) -> None:
    for table in ("reports", "cells", "issues", "identity_checks"):
        con.execute(f"DELETE FROM raw.{table} WHERE report_id = ?", [sha])
    con.execute("DELETE FROM raw.documents WHERE sha256 = ?", [sha])


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple[Any, ...]], width: int) -> None:
    """Bulk insert tuples through Arrow (executemany is row-at-a-time and far slower)."""
    if not rows:
        return
    columns = list(zip(*rows, strict=True))
    names = [f"c{i}" for i in range(width)]
    arrow = pa.table({n: pa.array(col) for n, col in zip(names, columns, strict=True)})
    con.register("_ogi_rows", arrow)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _ogi_rows")
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
        seen,
    )


class _CellBuffer:
    """Column lists of pending cells, flushed to ``raw.cells`` in Arrow chunks."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self._reset()

    def _reset(self) -> None:
        self.cols: dict[str, list[Any]] = {name: [] for name in CELL_SCHEMA.names}
        self.n = 0

    def add(self, report_id: str, report: dict) -> int:
        cells = report.get("cells") or ()
        n = len(cells)
        if not n:
            return 0
        c = self.cols
        c["report_id"].extend([report_id] * n)
        c["agency"].extend([report.get("agency")] * n)
        c["year"].extend([report.get("year")] * n)
        c["section"].extend([x["section"] for x in cells])
        c["row"].extend([x["row"] for x in cells])
        c["column"].extend([x["column"] for x in cells])
        c["table"].extend([x.get("table") for x in cells])
        c["value"].extend([_number(x.get("value")) for x in cells])
        c["raw"].extend([x.get("raw") for x in cells])
        c["line"].extend([x.get("line") for x in cells])
        c["page"].extend([x.get("page") for x in cells])
        boxes = [x.get("bbox") for x in cells]
        if any(b is not None for b in boxes):
            for i, name in enumerate(("bbox_x0", "bbox_y0", "bbox_x1", "bbox_y1")):
                c[name].extend([b[i] if b is not None else None for b in boxes])
        else:
            none = [None] * n
            for name in ("bbox_x0", "bbox_y0", "bbox_x1", "bbox_y1"):
                c[name].extend(none)
        self.n += n
        if self.n >= CELL_CHUNK:
            self.flush()
        return n

    def flush(self) -> None:
        if not self.n:
            return
        arrow = pa.table(
            {name: pa.array(self.cols[name], type=CELL_SCHEMA.field(name).type) for name in CELL_SCHEMA.names}
        )
        self._reset()
        self.con.register("_ogi_cells", arrow)
        try:
            self.con.execute(
                'INSERT INTO raw.cells SELECT report_id, agency, year, section, "row", "column", "table", '
                "CAST(value AS DECIMAL(18,4)), raw, line, page, bbox_x0, bbox_y0, bbox_x1, bbox_y1 FROM _ogi_cells"
            )
        finally:
            self.con.unregister("_ogi_cells")


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


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


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
