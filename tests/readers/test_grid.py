"""Spanned grids to tab rows: the layout the mapper reads (seed 000)."""

from __future__ import annotations

from extract.readers.grid import clean_cell, grid_lines, place


def test_clean_cell_joins_vertical_and_wrapped_labels() -> None:
    assert clean_cell("三\n、\n本\n年\n度\n办\n理\n结\n果") == "三、本年度办理结果"
    assert clean_cell("本年新\n制作数量") == "本年新制作数量"
    assert clean_cell("总 计") == "总计"
    assert clean_cell("\xa0") == ""
    assert clean_cell("12\n34") == "12 34"  # digits of two lines are not glued into one number


def test_colspan_written_once_rowspan_leaves_an_empty_field() -> None:
    rows = [
        [("（三）不予公开", 2, 1), ("1.属于国家秘密", 1, 1), ("14", 1, 2), ("", 1, 1)],
        [("2.其他法律行政法规禁止公开", 1, 1), ("", 1, 1), ("3", 1, 1), ("3", 1, 1)],
    ]
    lines = grid_lines(place(rows))
    assert [ln.text for ln in lines] == [
        "（三）不予公开\t1.属于国家秘密\t14\t",
        "\t2.其他法律行政法规禁止公开\t\t3\t3",
    ]


def test_full_width_cell_is_plain_text() -> None:
    lines = grid_lines(place([[("第二十条第（一）项", 1, 4)], [("规章", 1, 1), ("0", 1, 1), ("1", 1, 1), ("2", 1, 1)]]))
    assert [ln.text for ln in lines] == ["第二十条第（一）项", "规章\t0\t1\t2"]
