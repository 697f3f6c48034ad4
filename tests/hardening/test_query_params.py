"""``ogi query FILE.sql --var name=value``: placeholders become quoted literals, never SQL text."""

from __future__ import annotations

import json

import duckdb
import pytest

from flows.cli import main
from flows.query_params import ParamError, literal, parse_assignments, placeholders, render


def test_strings_are_quoted_and_numbers_stay_numbers():
    sql = "select * from t where province = {{ var('province') }} and year = {{ var(\"year\") }}"
    assert render(sql, {"province": "江苏省", "year": "2024"}) == "select * from t where province = '江苏省' and year = 2024"


def test_defaults_apply_and_values_override_them():
    sql = "where p = {{ var('province', '河南省') }} and n >= {{var('min_n', 10)}}"
    assert render(sql, {}) == "where p = '河南省' and n >= 10"
    assert render(sql, {"min_n": "3.5"}) == "where p = '河南省' and n >= 3.5"


def test_an_injection_attempt_is_one_odd_string():
    sql = "select count(*) from t where p = {{ var('p') }}"
    rendered = render(sql, {"p": "x' or 1=1; drop table t; --"})
    assert rendered == "select count(*) from t where p = 'x'' or 1=1; drop table t; --'"
    con = duckdb.connect()
    con.execute("create table t as select 'x' as p")
    assert con.execute(rendered).fetchall() == [(0,)]
    assert len(con.extract_statements(rendered)) == 1


def test_literal_rules():
    assert literal("2024") == "2024" and literal("-1.25") == "-1.25"
    assert literal("0101") == "'0101'"  # a code with a leading zero is not a number
    assert literal("'320813'") == "'320813'"  # quotes force a string
    assert literal("1e9") == "'1e9'" and literal("") == "''"
    with pytest.raises(ParamError):
        literal("a\x00b")


def test_errors_name_the_problem():
    with pytest.raises(ParamError, match="no value for province"):
        render("where p = {{ var('province') }}", {})
    with pytest.raises(ParamError, match="provnce is not used"):
        render("where p = {{ var('province', 'x') }}", {"provnce": "江苏省"})
    with pytest.raises(ParamError, match="inside quotes"):
        render("where p = '{{ var(\"province\") }}'", {"province": "x"})
    with pytest.raises(ParamError, match="only"):
        render("select {{ ref('x') }}", {})
    with pytest.raises(ParamError, match="NAME=VALUE"):
        parse_assignments(["province"])
    with pytest.raises(ParamError, match="twice"):
        parse_assignments(["a=1", "a=2"])


def test_comments_and_strings_are_left_alone():
    sql = "-- e.g. {{ var('x') }}\nselect '{{ not a var' as s, {{ var('y', 1) }} as y"
    assert placeholders(sql) == ["y"]
    assert render(sql, {}) == "-- e.g. {{ var('x') }}\nselect '{{ not a var' as s, 1 as y"


def test_a_sql_file_with_variables_runs(warehouse, tmp_path, capsys):
    db, exports = warehouse
    sql = tmp_path / "by_province.sql"
    sql.write_text(
        "-- reports of a province and year\nselect agency as agency_name from raw.reports\n"
        "where province = {{ var('province', '河南省') }} and year = {{ var('year', 2024) }} order by 1\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    args = ["query", "--db", str(db), "--export-dir", str(exports), "--format", "json", str(sql)]
    assert main([*args, "--var", "province=江苏省", "--var", "year=2023"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"agency_name": "C'县人民政府"}]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out) == [{"agency_name": "B县人民政府"}]
    assert main([*args, "--var", "province=x' or '1'='1"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main([*args, "--var", "provnce=江苏省"]) == 2
    assert "not used by the query" in capsys.readouterr().err
    assert main(["query", "--db", str(db), str(tmp_path / "missing.sql")]) == 1
    assert "no such SQL file" in capsys.readouterr().err
