"""The README's analyst queries (sql/analyses/*.sql) run on the warehouse and give hand-checked answers."""

from __future__ import annotations

from pathlib import Path

import pytest

ANALYSES = Path(__file__).resolve().parents[2] / "sql" / "analyses"


def run(con, name: str) -> list[tuple]:
    return con.execute((ANALYSES / f"{name}.sql").read_text(encoding="utf-8")).fetchall()


def test_there_are_six_analyses():
    assert len(list(ANALYSES.glob("*.sql"))) == 6


def test_lowest_disclosure_rate_in_province(con):
    # 河南省 with >= 10 handled: B 6/12 = 0.5 before A 25/38 = 0.658 (C has only 5)
    assert run(con, "lowest_disclosure_rate_in_province") == [
        (2020, "乙县人民政府", "county_government", 12, 0.5),
        (2020, "甲县人民政府", "county_government", 38, 0.658),
    ]


def test_denial_reasons_by_year(con):
    rows = run(con, "denial_reasons_by_year")
    assert rows[0] == (2020, "unable", "unable_not_held", 13, pytest.approx(0.565))
    assert sum(r[3] for r in rows if r[0] == 2020) == 23


def test_review_correction_rates(con):
    assert run(con, "review_correction_rates") == [
        (2020, "甲县人民政府", 4, 1, 0.333, 2, 1, 0.5),
    ]


def test_backlog_against_peers(con):
    # backlog denominators: A 42 (ranked), B 12 (ranked, 0/12), C 5 and D 0 not ranked
    assert run(con, "backlog_against_peers") == [
        (2020, "county_government", "甲县人民政府", 0.095, 1, 2, 0.048),
        (2020, "county_government", "乙县人民政府", 0.0, 2, 2, 0.048),
    ]


def test_missing_and_broken_chains(con):
    # known publishers are due only within their own span, and no chain breaks: nothing to show
    assert run(con, "missing_and_broken_chains") == []
