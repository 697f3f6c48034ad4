"""The README's analyst queries (sql/analyses/*.sql) run on the warehouse, with and without
parameters, and give hand-checked answers. Rendered by flows.query_params, what `ogi query --var` uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.query_params import placeholders, render

ANALYSES = Path(__file__).resolve().parents[2] / "sql" / "analyses"


def run(con, name: str, **values: object) -> list[tuple]:
    sql = (ANALYSES / f"{name}.sql").read_text(encoding="utf-8")
    return con.execute(render(sql, {k: str(v) for k, v in values.items()})).fetchall()


def test_there_are_six_parameterised_analyses():
    files = sorted(ANALYSES.glob("*.sql"))
    assert len(files) == 6
    assert all(placeholders(f.read_text(encoding="utf-8")) for f in files)


def test_lowest_disclosure_rate_in_province(con):
    # 河南省 (the default) with >= 10 handled: B 6/12 = 0.5 before A 25/38 = 0.658 (C has only 5)
    expected = [(2020, "乙县人民政府", "county_government", 12, 0.5),
                (2020, "甲县人民政府", "county_government", 38, 0.658)]
    assert run(con, "lowest_disclosure_rate_in_province") == expected
    assert run(con, "lowest_disclosure_rate_in_province", province="河南省", min_handled=5) == [
        *expected, (2020, "丙县人民政府", "county_government", 5, 1.0),
        (2019, "甲县人民政府", "county_government", 7, 1.0)]
    assert run(con, "lowest_disclosure_rate_in_province", province="江苏省") == []  # D handled nothing


def test_denial_reasons_by_year(con):
    rows = run(con, "denial_reasons_by_year")
    assert rows[0] == (2020, "unable", "unable_not_held", 13, pytest.approx(0.565))
    assert sum(r[3] for r in rows if r[0] == 2020) == 23
    # 河南省 only: A's 13 + B's 6 reason applications (E is unresolved)
    assert sum(r[3] for r in run(con, "denial_reasons_by_year", region="河南省")) == 19


def test_review_correction_rates_need_a_minimum_of_cases(con):
    # default minimum 5 concluded cases: A has 3 reviews and 2 lawsuits concluded -> nobody
    assert run(con, "review_correction_rates") == []
    # 2: A's reviews (1 of 3) and lawsuits (1 of 2); B's single review stays out
    assert run(con, "review_correction_rates", min_cases=2) == [
        (2020, "甲县人民政府", 4, 1, 0.333, 2, 1, 0.5)]
    # 1: B's 0 of 1 is shown too, but "1 corrected of 2" no longer outranks larger counts by default
    assert [r[1] for r in run(con, "review_correction_rates", min_cases=1)] == ["甲县人民政府", "乙县人民政府"]


def test_backlog_against_peers(con):
    # backlog denominators: A 42 (ranked), B 12 (ranked, 0/12), C 5 and D 0 not ranked
    expected = [(2020, "county_government", "甲县人民政府", 0.095, 1, 2, 0.048),
                (2020, "county_government", "乙县人民政府", 0.0, 2, 2, 0.048)]
    assert run(con, "backlog_against_peers") == expected
    assert run(con, "backlog_against_peers", peer_group="kind_province", year=2020) == [
        (2020, "county_government|河南省", *r[2:]) for r in expected]
    assert run(con, "backlog_against_peers", year=2019) == []


def test_missing_and_broken_chains(con):
    # known publishers are due only within their own span, and no chain breaks: nothing to show
    assert run(con, "missing_and_broken_chains") == []
    assert run(con, "missing_and_broken_chains", province="江苏省", top=5) == []
