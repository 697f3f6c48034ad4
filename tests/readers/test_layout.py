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


def test_wrapped_label_and_group_label_from_word_boxes() -> None:
    """The same grid builder as layout dumps: a label wrapped around its value line and a group
    label spanning two rows, from PDF-style word boxes (points)."""
    boxes = [
        Box("信息内容", 10, 10, 60, 20), Box("甲", 100, 10, 110, 20), Box("乙", 300, 10, 310, 20),
        Box("（二）部分公开（区分处理", 10, 30, 130, 40),
        Box("4", 100, 45, 106, 55), Box("5", 300, 45, 306, 55),
        Box("的）", 10, 60, 30, 70),
        Box("三、本", 10, 90, 40, 100), Box("（一）予以公开", 50, 90, 130, 100), Box("6", 300, 90, 306, 100),
        Box("年度", 10, 105, 40, 115), Box("（二）不予公开", 50, 105, 130, 115), Box("7", 100, 105, 106, 115),
    ]  # fmt: skip
    assert [ln.text for ln in boxes_to_lines(boxes)] == [
        "信息内容\t甲\t乙",
        "（二）部分公开（区分处理的）\t4\t5",
        "三、本年度\t（一）予以公开\t\t6",
        "（二）不予公开\t7\t",
    ]
