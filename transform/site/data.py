"""What the site shows, read from the marts in one pass (read-only connection).

Each page family gets plain Python rows: the overview's counts, per region the rates of every
agency (for the distributions), per agency its years, peer medians, ranks, and the issues and
failed identities of its reports. Columns that a warehouse of an older build lacks are read as
NULL (``_columns``), so the site builds on any warehouse the loader has written.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import duckdb

# The rates drawn as distributions, with their labels (Chinese first: the audience reads it).
RATES: tuple[tuple[str, str], ...] = (
    ("disclosure_rate", "予以公开率 disclosure rate"),
    ("withheld_rate", "不予公开率 withheld rate"),
    ("unable_rate", "无法提供率 unable rate"),
    ("rejected_rate", "不予处理率 rejected rate"),
    ("backlog_rate", "结转率 backlog rate"),
    ("review_correction_rate", "复议纠错率 review correction rate"),
    ("litigation_correction_rate", "诉讼纠错率 litigation correction rate"),
)
# Headline figures of an agency page, in table order.
FIGURES: tuple[tuple[str, str], ...] = (
    ("applications_received", "本年新收申请"),
    ("applications_carried_over", "上年结转"),
    ("applications_handled", "办理结果总计"),
    ("applications_carried_forward", "结转下年度"),
    ("disclosed", "予以公开"),
    ("withheld", "不予公开"),
    ("reviews", "行政复议"),
    ("lawsuits", "行政诉讼"),
    *RATES,
)


@dataclass
class SiteData:
    """Everything the pages need."""

    agencies: dict[str, dict[str, Any]]  # agency_key -> dim_agencies row
    years: dict[str, list[dict[str, Any]]]  # agency_key -> mart_agency_year rows by year
    comparison: dict[str, list[dict[str, Any]]]  # report_id -> mart_comparison rows
    problems: dict[str, list[dict[str, Any]]]  # report_id -> issues (warning/error) and failed identities
    sources: dict[str, str]  # report_id -> document path or URL
    reports_by_year: list[tuple[int, int]]
    reports_by_province: list[tuple[str, int]]
    quality_by_year: list[tuple[int, str, int]]
    coverage_by_year: list[tuple[int, str, int]]
    latest_run: dict[str, Any] = field(default_factory=dict)


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute("select column_name from information_schema.columns where table_name = ?", [table]).fetchall()
    return {r[0] for r in rows}


def _exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(_columns(con, table))


def _dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _select(con: duckdb.DuckDBPyConnection, table: str, wanted: list[str]) -> str:
    have = _columns(con, table)
    return ", ".join(f'"{c}"' if c in have else f'null as "{c}"' for c in wanted)


def load(db_path: str) -> SiteData:
    """Read the marts of the warehouse at ``db_path``."""
    con = duckdb.connect(db_path, read_only=True)
    try:
        return _load(con)
    finally:
        con.close()


def _load(con: duckdb.DuckDBPyConnection) -> SiteData:
    agencies = {
        r["agency_key"]: r
        for r in _dicts(con, f"select {_select(con, 'dim_agencies', ['agency_key', 'agency_name', 'province', 'city', 'county', 'township', 'agency_kind', 'first_year', 'last_year', 'years_reported'])} from dim_agencies")
    }  # fmt: skip
    cols = ["agency_key", "agency_name", "year", "report_id", "agency_kind", "province", "city", "quality_status"]
    cols += [name for name, _ in FIGURES]
    years: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in _dicts(con, f"select {_select(con, 'mart_agency_year', cols)} from mart_agency_year order by agency_key, year"):
        years[r["agency_key"]].append(r)

    comparison: dict[str, list[dict[str, Any]]] = defaultdict(list)
    comp_cols = ["report_id", "measure", "peer_group", "peer_key", "value", "is_ranked", "rank_in_peers",
                 "percentile", "peers_ranked", "peer_median", "not_ranked_reason"]  # fmt: skip
    for r in _dicts(con, f"select {_select(con, 'mart_comparison', comp_cols)} from mart_comparison"):
        comparison[r["report_id"]].append(r)

    problems: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in _dicts(con, """select report_id, severity, code, message, section, "row", "column"
                            from raw.issues where severity in ('warning', 'error') order by report_id, seq"""):  # fmt: skip
        problems[r["report_id"]].append(r)
    for r in _dicts(con, """select report_id, 'failed' as severity, 'identity_failed:' || name as code, detail as message,
                                   section, scope as "row", '' as "column"
                            from raw.identity_checks where status = 'failed' order by report_id, seq"""):  # fmt: skip
        problems[r["report_id"]].append(r)

    sources = dict(con.execute("""select r.report_id, d.path from raw.reports r
                                  join raw.documents d on d.sha256 = r.document_sha256""").fetchall())  # fmt: skip
    reports_by_year = con.execute("select year, count(*) from mart_agency_year group by year order by year").fetchall()
    reports_by_province = con.execute(
        "select coalesce(province, '未定位 unplaced'), count(*) from mart_agency_year group by 1 order by 2 desc, 1"
    ).fetchall()
    quality_by_year = con.execute(
        "select year, quality_status, count(*) from mart_agency_year group by 1, 2 order by 1, 2"
    ).fetchall()
    coverage_by_year = (
        con.execute("select year, coverage_status, count(*) from mart_coverage group by 1, 2 order by 1, 2").fetchall()
        if _exists(con, "mart_coverage")
        else []
    )
    latest = con.execute(
        """select max(last_seen), count(*) filter (where status = 'ok'), count(*) filter (where status = 'failed')
           from raw.documents where last_seen = (select max(last_seen) from raw.documents)"""
    ).fetchone()
    latest_run = {"seen_at": latest[0].strftime("%Y-%m-%d %H:%M") if latest[0] else None, "ok": latest[1], "failed": latest[2]}
    return SiteData(agencies, dict(years), dict(comparison), dict(problems), sources, reports_by_year,
                    reports_by_province, quality_by_year, coverage_by_year, latest_run)  # fmt: skip
