"""Column-aligned text dumps (``pdftotext -layout``) read by geometry: hand-made adversarial
dumps with exact rows, generated reports printed to PDF and dumped, and the real 洪泽区 report."""

from __future__ import annotations

import csv
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from extract.pipeline import extract_bytes
from extract.readers.layout_dump import looks_like_layout_dump, read_layout_dump


def put(*cells: tuple[int, str], display: bool = False) -> str:
    """One dump line: each text starting at its column (characters, or display width)."""
    out = ""
    for col, text in cells:
        width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in out) if display else len(out)
        out += " " * max(col - width, 2 if out else 0) + text
    return out


def rows(text: str) -> list[str]:
    return [ln.text for ln in read_layout_dump(text).lines]


PROSE = "  本机关认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开工作。"
HEADER = put((6, "信息内容"), (30, "甲列"), (38, "乙列"), (46, "丙列"))


def test_wrapped_labels_above_between_and_below_their_values() -> None:
    text = "\n".join(
        [
            PROSE,
            HEADER,
            put((6, "一、第一行"), (30, "1"), (38, "2"), (46, "3")),
            put((6, "（二）部分公开（区分处理的，只计")),
            put((30, "4"), (38, "5"), (46, "6")),
            put((6, "这一情形）")),
            put((6, "三、第三行"), (30, "7"), (46, "9")),
            put((6, "（四）长标签在上")),
            put((6, "继续换行")),
            put((30, "10"), (38, "11"), (46, "12")),
            put((6, "（五）值在上方的行"), (30, "13"), (38, "14"), (46, "15")),
            put((6, "的换行")),
            "",
            PROSE,
        ]
    )
    assert rows(text) == [
        PROSE,
        "信息内容\t甲列\t乙列\t丙列",
        "一、第一行\t1\t2\t3",
        "（二）部分公开（区分处理的，只计这一情形）\t4\t5\t6",
        "三、第三行\t7\t\t9",
        "（四）长标签在上继续换行\t10\t11\t12",
        "（五）值在上方的行的换行\t13\t14\t15",
        PROSE,
    ]


def test_group_labels_down_the_margin_footer_and_form_feed_inside_the_table() -> None:
    text = "\n".join(
        [
            "三、收到和处理政府信息公开申请情况",
            put((40, "自然人"), (48, "法人"), (56, "总计")),
            put((0, "一、本年新收申请数量"), (41, "1"), (49, "2"), (57, "3")),
            put((0, "三、本年"), (10, "（一）予以公开"), (41, "1"), (49, "1"), (57, "2")),
            put((0, "度办理结"), (10, "（二）不予"), (41, "0"), (49, "1"), (57, "1")),
            put((0, "果"), (10, "公开")),
            "",
            put((30, "— 1 —")),
            "\f" + put((10, "（三）其他处理"), (44, "0"), (53, "0"), (62, "0")),
            put((0, "四、结转下年度继续办理"), (44, "0"), (53, "0"), (62, "0")),
        ]
    )
    assert rows(text) == [
        "三、收到和处理政府信息公开申请情况",
        "自然人\t法人\t总计",
        "一、本年新收申请数量\t1\t2\t3",
        "三、本年度办理结果\t（一）予以公开\t1\t1\t2",
        "（二）不予公开\t0\t1\t1",
        "（三）其他处理\t0\t0\t0",
        "四、结转下年度继续办理\t0\t0\t0",
    ]
    doc = read_layout_dump(text)
    assert [ln.line for ln in doc.lines][-2:] == [9, 10]  # provenance: the source line of the values
    assert doc.lines[-1].page == 2


def test_blank_cells_by_position_with_header_cells_over_two_lines() -> None:
    text = "\n".join(
        [
            put((20, "申请人情况")),
            put((14, "自然人"), (24, "商业企"), (34, "总计")),
            put((24, "业")),
            put((0, "一、本年新收"), (15, "3"), (35, "3")),
            put((0, "二、上年结转"), (25, "1"), (35, "1")),
            put((0, "三、其他"), (35, "0")),
            put((0, "四、全部"), (15, "1"), (25, "1"), (35, "2")),
        ]
    )
    assert rows(text) == [
        "申请人情况",
        "自然人\t商业企业\t总计",
        "一、本年新收\t3\t\t3",
        "二、上年结转\t\t1\t1",
        "三、其他\t\t\t0",
        "四、全部\t1\t1\t2",
    ]


def test_display_width_columns_of_a_dump_typed_with_a_cjk_font() -> None:
    lines = [
        put((4, "信息内容"), (40, "甲"), (48, "乙"), (56, "丙"), display=True),
        put((4, "规章"), (40, "1"), (48, "2"), (56, "3"), display=True),
        put((4, "行政规范性文件"), (40, "4"), (56, "6"), display=True),
        put((4, "行政许可事项数量"), (48, "8"), (56, "9"), display=True),
    ]
    assert rows("\n".join(lines)) == ["信息内容\t甲\t乙\t丙", "规章\t1\t2\t3", "行政规范性文件\t4\t\t6", "行政许可事项数量\t\t8\t9"]


def test_flattened_tab_and_markdown_texts_are_not_dumps(shared: Path) -> None:
    for path in sorted((shared / "seeds").glob("*.txt")) + [shared / "corpus" / "pingtan_2020.txt"]:
        assert not looks_like_layout_dump(path.read_text(encoding="utf-8-sig")), path.name
    assert looks_like_layout_dump("\n".join([HEADER] + [put((6, f"第{i}行"), (30, "1"), (38, "2")) for i in range(6)]))


needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")


def _dump(pdf: Path) -> bytes:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout


def _truth(tsv: Path) -> dict[tuple[str, str, str], float]:
    with tsv.open(encoding="utf-8") as f:
        return {(r["section"], r["row"], r["column"]): float(r["value"]) for r in csv.DictReader(f, delimiter="\t") if r["need"] == "required"}


@needs_pdftotext
def test_generated_reports_dumped_by_pdftotext_read_exactly(tmp_path: Path, font: str) -> None:
    """Generated PDFs (wrapped labels, vertical group labels, only-total tables, page breaks),
    dumped by ``pdftotext -layout``, one of them in GB18030: every cell of the truth, nothing else,
    no warning beyond the PDF's own. Compared with the PDF reader's cells (value notation and units
    are the mapper's, the same for both: the dump is judged on geometry; it may find more, as when
    the PDF reader loses a label wrapped inside its cell) and with the truth."""
    import sys

    from extract.pipeline import extract_path
    from tests.conftest import ROOT

    subprocess.run(
        [sys.executable, "-m", "bench.generator", "--out", str(tmp_path), "--n", "6", "--layouts", "pdf", "--seed", "3", "--defects", "0"],
        check=True, cwd=ROOT, capture_output=True,
    )  # fmt: skip
    for k, pdf in enumerate(sorted(tmp_path.glob("*.pdf"))):
        data = _dump(pdf)
        if k == 0:
            data = data.decode("utf-8").encode("gb18030")
        report = extract_bytes(data, pdf.stem + ".txt")
        got = {(c.section, c.row, c.column): float(c.value) for c in report.cells}
        truth = _truth(pdf.with_suffix(".tsv"))
        from_pdf = extract_path(pdf, guard=False)
        pdf_cells = {(c.section, c.row, c.column): float(c.value) for c in from_pdf.cells}
        assert {k: v for k, v in got.items() if v != pdf_cells.get(k, truth.get(k))} == {}, pdf.name
        assert set(pdf_cells) <= set(got), pdf.name  # every cell the PDF reader finds, the dump gives too
        assert sum(got.get(key) == v for key, v in truth.items()) >= 0.95 * len(truth), pdf.name
        pdf_warnings = {i.code for i in from_pdf.issues if i.severity != "info"}
        assert not [i for i in report.issues if i.severity != "info" and i.code not in pdf_warnings], (pdf.name, report.issues)


@needs_pdftotext
def test_real_report_dump_hongze_2024(shared: Path) -> None:
    """The real 洪泽区 2024 report through pdftotext -layout: footers inside the tables, a
    vertical group label, labels wrapped above their values, a table continued on the next page."""
    report = extract_bytes(_dump(shared / "corpus" / "hongze_2024.pdf"), "hongze_2024.txt")
    got = {(c.section, c.row, c.column): float(c.value) for c in report.cells}
    truth = _truth(shared / "corpus" / "labels" / "hongze_2024.tsv")
    assert got == truth
    assert not [i for i in report.issues if i.severity != "info"], report.issues


# -- issue 10: clean generated dumps that used to be warned ---------------------------------------
GROUP_HEADER = put((30, "甲列"), (38, "乙列"), (46, "丙列"))


def test_labels_printed_below_their_values_are_matched_in_order() -> None:
    """Two item labels each printed under its values, the group label beside the first values:
    read one label at a time, the first would take the free line between them and the second
    would be lost; matched together in printed order, both find their own values."""
    text = "\n".join(
        [
            PROSE,
            GROUP_HEADER,
            put((12, "1.第一项"), (30, "1"), (38, "1"), (46, "2")),
            put((2, "（四）无法提供")),
            put((30, "0"), (38, "1"), (46, "1")),
            put((12, "2.第二项标签很")),
            put((12, "长")),
            put((30, "0"), (38, "0"), (46, "0")),
            put((12, "3.第三项标签")),
            put((12, "也长")),
            put((12, "4.第四项"), (30, "5"), (38, "0"), (46, "5")),
            "",
            PROSE,
        ]
    )
    assert rows(text)[2:7] == [
        "1.第一项\t1\t1\t2",
        "（四）无法提供",
        "2.第二项标签很长\t0\t1\t1",
        "3.第三项标签也长\t0\t0\t0",
        "4.第四项\t5\t0\t5",
    ]


def test_an_unlabelled_value_line_takes_the_label_before_a_labelled_one() -> None:
    """An item label between its own values (above, with no label) and the next row (labelled
    by its shallower item (六)其他处理): at the same distance the unlabelled line needs it."""
    text = "\n".join(
        [
            PROSE,
            GROUP_HEADER,
            put((2, "（五）不予处理"), (12, "4.第四项"), (30, "0"), (38, "0"), (46, "0")),
            put((30, "1"), (38, "0"), (46, "1")),
            put((12, "5.第五项标签很")),
            put((12, "长")),
            put((2, "（六）其他处理"), (30, "2"), (38, "0"), (46, "2")),
            "",
            PROSE,
        ]
    )
    assert rows(text)[2:5] == ["（五）不予处理\t4.第四项\t0\t0\t0", "5.第五项标签很长\t1\t0\t1", "（六）其他处理\t2\t0\t2"]


def test_a_label_cut_by_a_page_break_joins_the_row_before_it() -> None:
    """Word lets a row break across pages: the label's tail stands atop the next page, above
    the page's first numbers, and belongs to the last row of the page before."""
    text = "\n".join(
        [
            PROSE,
            GROUP_HEADER,
            put((12, "1.第一项"), (30, "1"), (38, "1"), (46, "2")),
            put((12, "2.第二"), (30, "3"), (38, "0"), (46, "3")),
            "",
            put((20, "- 1 -")),
            "\f" + put((10, "项的下半")),
            put((10, "3.第三项"), (28, "4"), (36, "0"), (44, "4")),
            "",
            PROSE,
        ]
    )
    assert rows(text)[2:5] == ["1.第一项\t1\t1\t2", "2.第二项的下半\t3\t0\t3", "3.第三项\t4\t0\t4"]


def test_an_item_number_wrapped_in_a_narrow_column_starts_a_new_item() -> None:
    """A narrow label column (a Word table printed to PDF) wraps even the item number:
    ``（三`` above ``）不予公开`` is a new group label, not the tail of the label above."""
    text = "\n".join(
        [
            PROSE,
            GROUP_HEADER,
            put((2, "（二）部分"), (30, "1"), (38, "1"), (46, "2")),
            put((2, "公开")),
            put((2, "（三"), (12, "1.第一"), (30, "3"), (38, "0"), (46, "3")),
            put((2, "）不予"), (12, "项")),
            put((2, "公开"), (12, "2.第二项"), (30, "4"), (38, "0"), (46, "4")),
            "",
            PROSE,
        ]
    )
    assert rows(text)[2:5] == ["（二）部分公开\t1\t1\t2", "（三）不予公开\t1.第一项\t3\t0\t3", "2.第二项\t4\t0\t4"]

