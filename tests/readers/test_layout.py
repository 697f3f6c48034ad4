"""Borderless rows from box positions: a blank column stays an empty field."""

from __future__ import annotations

from extract.readers.layout import Box, boxes_to_lines


def test_value_columns_from_number_positions() -> None:
    boxes = [
        Box("行政处罚", 10, 10, 60, 20), Box("5", 100, 10, 106, 20, 0.99), Box("7", 200, 10, 206, 20, 0.95),
        Box("行政强制", 10, 30, 60, 40), Box("8", 200, 30, 206, 40, 0.5),
        Box("一段说明文字", 10, 60, 120, 70),
    ]  # fmt: skip
    lines = boxes_to_lines(boxes)
    assert [ln.text for ln in lines] == ["行政处罚\t5\t7", "行政强制\t\t8", "一段说明文字"]
    assert lines[1].confidence == [1.0, 1.0, 0.5]
