"""PDF: ruled tables with merged cells, vertical labels, page breaks, provenance, broken files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from extract.readers import ReaderError
from extract.readers.pdf import read_pdf


@pytest.fixture(scope="module")
def hongze(shared: Path):
    return read_pdf((shared / "corpus" / "hongze_2024.pdf").read_bytes())


def test_hongze_ruled_tables(hongze) -> None:
    texts = [ln.text for ln in hongze.lines]
    assert "行政规范性文件\t3\t0\t8" in texts
    assert "行政许可\t9487" in texts
    assert "行政事业性收费\t7545" in texts
    # vertical label read whole, first outcome row keeps it; wrapped label joined
    assert "三、本年度办理结果\t（一）予以公开\t50\t0\t0\t0\t0\t0\t50" in texts
    assert "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t9\t0\t0\t0\t0\t0\t9" in texts
    assert "\t\t2.其他法律行政止公开\t0\t0\t0\t0\t0\t0\t0" in texts  # the report's typo, as printed
    assert "\t（六）其他处理\t\t0\t0\t0\t0\t0\t0\t0" in texts
    assert "1\t1\t0\t0\t2\t1\t0\t0\t0\t1\t2\t0\t1\t0\t3" in texts
    assert not any(t.strip("-— ").isdigit() for t in texts)  # page numbers dropped


def test_hongze_table_continues_on_next_page_in_order(hongze) -> None:
    texts = [ln.text for ln in hongze.lines]
    a = texts.index("\t（四）无法提供\t1.本机关不掌握相关政府信息\t31\t0\t0\t0\t0\t0\t31")
    assert texts[a + 1] == "\t\t2.没有现成信息需要另行制作\t1\t0\t0\t0\t0\t0\t1"
    assert hongze.lines[a].page == 3 and hongze.lines[a + 1].page == 4


def test_hongze_provenance(hongze) -> None:
    row = next(ln for ln in hongze.lines if ln.text.startswith("一、本年新收"))
    assert row.page == 3
    assert row.bbox is not None and 70 < row.bbox[0] < 80 and 490 < row.bbox[1] < 500
    assert row.cell_boxes is not None and len(row.cell_boxes) == len(row.text.split("\t"))
    title = hongze.lines[1]
    assert title.text == "2024年政府信息公开工作年度报告" and title.page == 1 and title.bbox is not None


def test_truncated_pdf_is_a_clear_error(shared: Path) -> None:
    data = (shared / "corpus" / "hongze_2024.pdf").read_bytes()
    with pytest.raises(ReaderError) as err:
        read_pdf(data[: len(data) // 2])
    assert err.value.code == "pdf_truncated"


def test_encrypted_pdf_is_a_clear_error() -> None:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt="secret")
    c.drawString(72, 720, "report")
    c.save()
    with pytest.raises(ReaderError) as err:
        read_pdf(buf.getvalue())
    assert err.value.code == "pdf_encrypted"


def test_borderless_table_keeps_blank_columns(font: str) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "CJK" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("CJK", font, subfontIndex=0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("CJK", 10)
    rows = [("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "1", "", "4"), ("行政规范性文件", "2", "3", "9")]
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            c.drawString(72 + j * 110, 700 - i * 20, cell)
    c.save()
    texts = [ln.text for ln in read_pdf(buf.getvalue()).lines]
    assert "规章\t1\t\t4" in texts
    assert "行政规范性文件\t2\t3\t9" in texts


def test_leading_junk_before_the_header_is_skipped(shared: Path) -> None:
    from extract.readers import read_bytes

    data = (shared / "corpus" / "hongze_2024.pdf").read_bytes()
    doc = read_bytes(b"\xef\xbb\xbf\r\n" + data, "")
    assert doc.format == "pdf" and any(ln.text == "行政许可\t9487" for ln in doc.lines)


def test_damaged_legacy_word_binary_is_a_clear_error() -> None:
    from extract.readers import read_bytes

    with pytest.raises(ReaderError) as err:  # an OLE header with nothing behind it (real .doc: tests/web)
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".doc")
    assert err.value.code == "ole_damaged"
