"""Reading single cells: blanks are absent, signs and units as printed."""

import pytest

from extract.values import parse_cell


@pytest.mark.parametrize(
    "raw,value",
    [
        ("0", 0),
        ("　　12", 12),
        ("１２３", 123),
        ("+3", 3),
        ("-18", -18),
        ("--253", -253),
        ("增1423", 1423),
        ("减4", -4),
        ("0/0", 0),
        ("5/2", 3),
        ("22（其中修订16件）", 22),
        ("55(含自然失效29件)", 55),
        ("6.8178", 6.8178),
        ("1,234", 1234),
        ("103.3879万元", 103.3879),
        ("251000元", 251000),
        ("125千元", 125),
        ("增50减1", 49),
        ("增50、减1", 49),
        ("增加3", 3),
        ("减少2", -2),
        ("+5/-1", 4),
        ("+5 / -1", 4),
        ("增3件减5件", -2),
    ],
)
def test_numbers(raw, value):
    p = parse_cell(raw)
    assert p.kind == "number"
    assert p.value == value
    assert type(p.value) is type(value)


@pytest.mark.parametrize("raw", ["", " ", "/", "-", "——", "—", "无", "－"])
def test_blank_marks_are_not_zero(raw):
    assert parse_cell(raw).kind == "blank"


@pytest.mark.parametrize("raw", ["007", "0000000", "4 0 0 0 0 0 4", "规章", "结果维持", "2024 年根据本市"])
def test_runs_and_text_are_not_single_values(raw):
    assert parse_cell(raw).kind == "junk"


def test_units_are_kept_for_amount_conversion():
    assert parse_cell("573802895.90元").unit == "元"
    assert parse_cell("103.3879万元").unit == "万元"


def test_change_notation_keeps_its_text_as_note():
    assert parse_cell("增50减1").note == "change 增50减1"
    assert parse_cell("125千元").unit == "千元"


@pytest.mark.parametrize("raw", ["增", "+", "3减", "增减", "+5 -1"])
def test_incomplete_changes_are_not_values(raw):
    assert parse_cell(raw).kind == "junk"
