"""Markdown as converters write it (issue 10): HTML tables inside, docling repeats, OCR number forms.

Hand-made pieces of a real generated report (seed 5, ``md`` layout: 周口市太康县教育局 2022) are
rewritten the way MinerU/PaddleOCR (HTML tables) and docling (repeated merged cells) print them;
the extractor must read the same cells as from the clean markdown, and a number OCR'd with a
letter (``1O``) must be left out with a warning, never read as another number.
"""

from __future__ import annotations

import pytest

from bench.generator.model import draw_report
from bench.generator.write import render
from extract.pipeline import extract_bytes
from extract.readers.markdown import needs_reading, read_markdown


@pytest.fixture(scope="module")
def clean() -> str:
    return render(draw_report(5, "md")).decode()


def _cells(text: str) -> dict[tuple[str, str, str], float]:
    rep = extract_bytes(text.encode(), "report.md").to_dict()
    return {(c["section"], c["row"], c["column"]): c["value"] for c in rep["cells"]}


def _warnings(text: str) -> list[dict]:
    rep = extract_bytes(text.encode(), "report.md").to_dict()
    return [i for i in rep["issues"] if i["severity"] == "warning"]


SECTION_FOUR_HTML = (
    '<html><body><table><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>'
    '<tr><td rowspan="2">结果<br>维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td>'
    '<td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td>'
    '<td colspan="5">复议后起诉</td></tr><tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td>'
    "<td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>"
    "<tr><td>$0$</td><td>0</td><td>1</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td>"
    "<td>１</td><td>1</td><td>1</td><td>2</td><td>5</td></tr></table></body></html>"
)


def _section(text: str, heading: str, nxt: str) -> tuple[int, int]:
    i = text.index(heading)
    return text.index("\n|", i), text.index(nxt)


def test_html_table_on_one_line_reads_like_the_clean_table(clean: str) -> None:
    lo, hi = _section(clean, "## 四、", "## 五、")
    text = clean[:lo] + "\n" + SECTION_FOUR_HTML + "\n\n" + clean[hi:]
    assert needs_reading(text)
    assert _cells(text) == _cells(clean)
    assert not _warnings(text)
    doc = read_markdown(text)  # rows of a one-line table keep the file's line number
    rows = [ln for ln in doc.lines if "\t" in ln.text]
    assert len(rows) == 4 and {ln.line for ln in rows} == {text[: text.index("<html>")].count("\n") + 1}
    assert rows[-1].text == "0\t0\t1\t0\t1\t0\t0\t0\t0\t0\t１\t1\t1\t2\t5"


DOCLING_TWO = """| 第二十条第(一)项 信息内容 | 第二十条第(一)项 本年制发件数 | 第二十条第(一)项 本年废止件数 | 第二十条第(一)项 现行有效件数 |
| 规章 | 0 | 0 | 1 |
| 行政规范性文件 | 1 | 1 | 23 |
| 第二十条第(五)项 | 第二十条第(五)项 | 第二十条第(五)项 | 第二十条第(五)项 |
| 信息内容 | 本年处理决定数量 | 本年处理决定数量 | 本年处理决定数量 |
| 行政许可 | 0 | 0 | 0 |
| 第二十条第(六)项 | 第二十条第(六)项 | 第二十条第(六)项 | 第二十条第(六)项 |
| 信息内容 | 本年处理决定数量 | 本年处理决定数量 | 本年处理决定数量 |
| 行政处罚 | 203 | 203 | 203 |
| 行政强制 | 2 | 2 | 2 |
| 第二十条第(八)项 | 第二十条第(八)项 | 第二十条第(八)项 | 第二十条第(八)项 |
| 信息内容 | 本年收费金额（单位：万元） | 本年收费金额（单位：万元） | 本年收费金额（单位：万元） |
| 行政事业性收费 | 8,908.1511 | 8,908.1511 | 8,908.1511 |
"""


def test_docling_repeated_merged_cells_get_their_spans_back(clean: str) -> None:
    """No separator row, a flattened two-row header, every merged cell repeated (values too)."""
    lo, hi = _section(clean, "## 二、", "## 三、")
    text = clean[:lo] + "\n" + DOCLING_TWO + "\n" + clean[hi:]
    want = {k: v for k, v in _cells(clean).items() if k[0] == "active_disclosure"}
    assert {k: v for k, v in _cells(text).items() if k[0] == "active_disclosure"} == want
    lines = [ln.text for ln in read_markdown(text).lines]
    assert "行政处罚\t203" in lines and "第二十条第(五)项" in lines


def test_equal_values_under_different_headers_are_two_cells() -> None:
    table = ["| 信息内容 | 本年制发件数 | 本年制发件数 | 现行有效件数 |", "| 规章 | 3 | 3 | 3 |", "| 行政规范性文件 | 行政规范性文件 | 4 | 4 |"]
    lines = [ln.text for ln in read_markdown("\n".join(table)).lines]
    assert lines == ["信息内容\t本年制发件数\t现行有效件数", "规章\t3\t3", "行政规范性文件\t4\t4"]


DOCLING_THREE = r"""| | (本列数据的勾稽关系为：第一项加第二项之和, 等于第三项加第四项之和) | (本列数据的勾稽关系为：第一项加第二项之和, 等于第三项加第四项之和) | (本列数据的勾稽关系为：第一项加第二项之和, 等于第三项加第四项之和) | 申请人情况 | 申请人情况 | 申请人情况 | 申请人情况 | 申请人情况 | 申请人情况 | 申请人情况 |
|---|---|---|---|---|---|---|---|---|---|---|
| | (本列数据的勾稽关系为：第一项加第二项之和, 等于第三项加第四项之和) | (本列数据的勾稽关系为：第一项加第二项之和, 等于第三项加第四项之和) | (本列数据的勾稽关系为：第一项加第二项之和, 等于第三项加第四项之和) | 自然人 | 法人或其他组织 | 法人或其他组织 | 法人或其他组织 | 法人或其他组织 | 法人或其他组织 | 总计 |
| | (本列数据的勾稽关系为：第一项加第二项之和, 等于第三项加第四项之和) | (本列数据的勾稽关系为：第一项加第二项之和, 等于第三项加第四项之和) | (本列数据的勾稽关系为：第一项加第二项之和, 等于第三项加第四项之和) | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
| | 一、本年新收政府信息公开申请数量 | 一、本年新收政府信息公开申请数量 | 一、本年新收政府信息公开申请数量 | 1 | 1 | ５５ | 0 | 0 | 0 | $57$ |
| | 二、上年结转政府信息公开申请数量 | 二、上年结转政府信息公开申请数量 | 二、上年结转政府信息公开申请数量 | 0 | 0 | 92 | 0 | 0 | 0 | 92 |
| | 三、本年度办理结果 | (一) 予以公开 | (一) 予以公开 | 1 | 1 | 68 | 0 | 0 | 0 | 70 |
| | 三、本年度办理结果 | (二) 部分公开(区分处理的, 只计这一情形, 不计其他情形) | (二) 部分公开(区分处理的, 只计这一情形, 不计其他情形) | 0 | 0 | 5 | 0 | 0 | 0 | 5 |
| | 三、本年度办理结果 | (三) 不予公开 | 1. 属于 \| 国家<br>秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| | 三、本年度办理结果 | (三) 不予公开 | 2. 其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| | 三、本年度办理结果 | (三) 不予公开 | 3. 危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| | 三、本年度办理结果 | (三) 不予公开 | 4. 保护第三方合法权益 | 0 | 0 | 1 | 0 | 0 | 0 | 1 |
| | 三、本年度办理结果 | (三) 不予公开 | 5. 属于三类内部事务信息 | 0 | 0 | 2 | 0 | 0 | 0 | 2 |
| | 三、本年度办理结果 | (三) 不予公开 | 6. 属于四类过程性信息 | 0 | 0 | 4 | 0 | 0 | 0 | 4 |
| | 三、本年度办理结果 | (三) 不予公开 | 7. 属于行政执法案卷 | 0 | 0 | 1 | 0 | 0 | 0 | 1 |
| | 三、本年度办理结果 | (三) 不予公开 | 8. 属于行政查询事项 | 0 | 0 | 1 | 0 | 0 | 0 | 1 |
| | 三、本年度办理结果 | (四) 无法提供 | 1. 本机关不掌握相关政府信息 | 0 | 0 | 28 | 0 | 0 | 0 | 28 |
| | 三、本年度办理结果 | (四) 无法提供 | 2. 没有现成信息需要另行制作 | 0 | 0 | 4 | 0 | 0 | 0 | 4 |
| | 三、本年度办理结果 | (四) 无法提供 | 3. 补正后申请内容仍不明确 | 0 | 0 | 3 | 0 | 0 | 0 | 3 |
| | 三、本年度办理结果 | (五) 不予处理 | 1. 信访举报投诉类申请 | 0 | 0 | 3 | 0 | 0 | 0 | 3 |
| | 三、本年度办理结果 | (五) 不予处理 | 2. 重复申请 | 0 | 0 | 3 | 0 | 0 | 0 | 3 |
| | 三、本年度办理结果 | (五) 不予处理 | 3. 要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| | 三、本年度办理结果 | (五) 不予处理 | 4. 无正当理由大量反复申请 | 0 | 0 | 1 | 0 | 0 | 0 | 1 |
| | 三、本年度办理结果 | (五) 不予处理 | 5. 要求行政机关确认或重新出具已获取信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| | 三、本年度办理结果 | (六) 其他处理 | 1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 0 | 0 | 6 | 0 | 0 | 0 | 6 |
| | 三、本年度办理结果 | (六) 其他处理 | 2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| | 三、本年度办理结果 | (六) 其他处理 | 3. 其他 | 0 | 0 | 17 | 0 | 0 | 0 | 17 |
| | 三、本年度办理结果 | (七) 总计 | (七) 总计 | 1 | 1 | 147 | 0 | 0 | 0 | 149 |
| | 四、结转下年度继续办理 | 四、结转下年度继续办理 | 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
"""


def test_docling_section_three_rows_repeat_their_group_labels(clean: str) -> None:
    """Section three as docling prints it: every merged cell repeated (the check note over three
    columns and three rows, 三、本年度办理结果 down 22 rows), an empty leading column, a label with
    an escaped pipe and a line break, LaTeX-ish and full-width numbers."""
    lo, hi = _section(clean, "## 三、", "## 四、")
    text = clean[:lo] + "\n" + DOCLING_THREE + "\n" + clean[hi:]
    assert _cells(text) == _cells(clean)
    assert not _warnings(text)
    lines = [ln.text for ln in read_markdown(text).lines]
    assert "\t(三) 不予公开\t1. 属于 国家<br>秘密\t0\t0\t0\t0\t0\t0\t0" in lines  # spans as HTML rows write them


def test_page_break_between_table_parts_is_not_a_row(clean: str) -> None:
    lo, hi = _section(clean, "## 三、", "## 四、")
    rows = clean[lo:hi].strip().split("\n")
    cut = 14
    text = clean[:lo] + "\n" + "\n".join(rows[:cut]) + "\n\n3/5\n\n" + "\n".join(rows[:2] + rows[cut:]) + "\n\n" + clean[hi:]
    assert _cells(text) == _cells(clean)
    assert not _warnings(text)


@pytest.mark.parametrize("misread", ["l", "O", "1O", "I5"])
def test_a_letter_for_a_digit_is_left_out_and_warned(clean: str, misread: str) -> None:
    row = "| 一、本年新收政府信息公开申请数量 |  |  |  1  |"
    assert row in clean
    text = clean.replace(row, f"| 一、本年新收政府信息公开申请数量 |  |  |  {misread}  |")
    got, want = _cells(text), _cells(clean)
    assert ("applications", "new_received", "natural_person") not in got
    del want[("applications", "new_received", "natural_person")]
    assert got == want  # the other cells keep their columns
    warned = [(w["code"], w["row"]) for w in _warnings(text)]
    assert ("misread_number", "new_received") in warned


def test_a_letter_in_section_four_keeps_the_columns(clean: str) -> None:
    lo, hi = _section(clean, "## 四、", "## 五、")
    text = clean[:lo] + "\n" + SECTION_FOUR_HTML.replace("<td>１</td>", "<td>l</td>") + "\n\n" + clean[hi:]
    got = _cells(text)
    assert ("review_litigation", "litigation_after_review", "upheld") not in got
    assert got[("review_litigation", "litigation_after_review", "total")] == 5
    assert got[("review_litigation", "administrative_review", "other")] == 1
    assert "misread_number" in [w["code"] for w in _warnings(text)]


def test_plain_markdown_is_read_as_before(clean: str) -> None:
    assert not needs_reading(clean)


SECTION_TWO_HTML = (
    '<html><body><table><tr><td colspan="4">第二十条第(一)项</td></tr><tr><td>信息内容</td><td>本年制发件数</td>'
    "<td>本年废止件数</td><td>现行有效件数</td></tr><tr><td>规章</td><td>0</td><td>0</td><td>1</td></tr>"
    "<tr><td>行政规范性文件</td><td>1</td><td>1</td><td>23</td></tr>"
    '<tr><td colspan="4">第二十条第(五)项</td></tr><tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>'
    '<tr><td>行政许可</td><td colspan="3">0</td></tr><tr><td colspan="4">第二十条第(六)项</td></tr>'
    '<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr><tr><td>行政处罚</td><td colspan="3">203</td></tr>'
    '<tr><td>行政强制</td><td colspan="3">2</td></tr><tr><td colspan="4">第二十条第(八)项</td></tr>'
    '<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>'
    '<tr><td>行政事业性收费</td><td colspan="3">8908.1511</td></tr></table></body></html>'
)


@pytest.mark.parametrize("suffix", [".txt", ".md", ""])
def test_converter_markdown_saved_as_text_is_read_the_same(clean: str, suffix: str) -> None:
    """PaddleOCR's ``<html><body><table>`` block in the first KB (where a web page would be
    sniffed), under any name: still markdown with tables, every cell as in the clean report."""
    from extract.readers import sniff_format

    lo, hi = _section(clean, "## 四、", "## 五、")
    tail = clean[clean.index("## 三、") : lo] + "\n" + SECTION_FOUR_HTML + "\n\n" + clean[hi:]
    text = "# 周口市太康县教育局2022年政府信息公开工作年度报告\n\n## 二、主动公开政府信息情况\n\n" + SECTION_TWO_HTML + "\n\n" + tail
    assert sniff_format(text.encode(), suffix) == ("md" if suffix == ".md" else "txt")
    got = extract_bytes(text.encode(), "report" + suffix).to_dict()
    assert {(c["section"], c["row"], c["column"]): c["value"] for c in got["cells"]} == _cells(clean)


def test_a_letter_as_the_only_value_of_a_row_is_warned(clean: str) -> None:
    row = "| 行政许可 |  0  |  |  |"
    assert row in clean
    text = clean.replace(row, "| 行政许可 | O |  |  |")
    assert ("active_disclosure", "administrative_licensing", "decisions") not in _cells(text)
    assert ("misread_number", "administrative_licensing") in [(w["code"], w["row"]) for w in _warnings(text)]


def test_a_note_after_a_label_in_its_own_cell_is_not_a_value(clean: str) -> None:
    """``| 规章(1) | 0 | 0 | 1 |``: the (1) goes on the label's cell; the three values keep their columns."""
    row = "| 规章 |  0  |  0  |  1  |"
    assert row in clean
    text = clean.replace(row, "| 规章(1) |  0  |  0  |  1  |")
    assert _cells(text) == _cells(clean)


def test_latex_and_minus_sign_numbers_in_a_pipe_row(clean: str) -> None:
    row = "| 一、本年新收政府信息公开申请数量 |  |  |  1  |  1  |  55  |  0  |  0  |  0  |  57  |"
    assert row in clean
    text = clean.replace(row, "| 一、本年新收政府信息公开申请数量 |  |  | $1$ | $ 1 $ | $\\mathrm{55}$ | 0 | 0 | 0 | $5{,}7$ |")
    assert needs_reading(text)
    got = _cells(text)
    assert [got[("applications", "new_received", c)] for c in ("natural_person", "commercial_enterprise", "research_institution")] == [1, 1, 55]
    # 5{,}7 is 5,7: no thousands group of three, so no number; the cell is left out and warned
    assert ("applications", "new_received", "total") not in got
    assert ("misread_number", "new_received") in [(w["code"], w["row"]) for w in _warnings(text)]
