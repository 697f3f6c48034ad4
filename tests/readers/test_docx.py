"""Word files: gridSpan and vMerge resolved, body order kept."""

from __future__ import annotations

import io

import docx
import pytest

from extract.readers import ReaderError, read_bytes
from extract.readers.docx import read_docx


def _doc() -> bytes:
    d = docx.Document()
    d.add_paragraph("某乡人民政府2021年政府信息公开工作年度报告")
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=3, cols=5)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "（三）不予公开"  # vMerge
    t.cell(0, 1).text = "1.属于国家秘密"
    t.cell(0, 2).merge(t.cell(0, 3)).text = "4"  # gridSpan
    t.cell(0, 4).text = "4"
    t.cell(1, 1).text = "2.其他法律行政法规禁止公开"
    t.cell(1, 3).text = "1"
    t.cell(1, 4).text = "1"
    t.cell(2, 0).merge(t.cell(2, 1)).text = "（六）其他处理"
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_merged_cells_and_order() -> None:
    doc = read_docx(_doc())
    assert [ln.text for ln in doc.lines] == [
        "某乡人民政府2021年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "（三）不予公开\t1.属于国家秘密\t4\t4",
        "\t2.其他法律行政法规禁止公开\t\t1\t1",
        "（六）其他处理\t\t\t",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]


def test_sniffed_from_zip_magic() -> None:
    assert read_bytes(_doc(), ".docx").format == "docx"


def test_damaged_docx_is_a_reader_error() -> None:
    with pytest.raises(ReaderError):
        read_docx(b"PK\x03\x04 not really a zip")
