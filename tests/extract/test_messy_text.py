"""Messy text as OCR, LLMs and converters print it: sub-tables under headings, label-less value
rows, generic headers, units in headers or labels, change notation, and flags that mean something.

Each input is hand-made after a real rendering; every test asserts exact cells and issue codes."""

from __future__ import annotations

import pytest

from extract.pipeline import extract_bytes
from tests.extract.test_inputs import MD_REPORT

OCR_MD = """# 某某县人民政府2021年政府信息公开工作年度报告

## 一、总体情况
略。

## 二、主动公开政府信息情况

### 第二十条第（一）项
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
|---|---|---|---|
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 5 | 1 | 40 |

### 第二十条第（五）项
| 信息内容 | 本年处理决定数量 |
|---|---|
| 行政许可 | 1234 |

### 第二十条第（六）项
| 信息内容 | 本年处理决定数量 |
|---|---|
| 行政处罚 | 56 |
| 行政强制 | / |

### 第二十条第（八）项
| 信息内容 | 本年收费金额（单位：万元） |
|---|---|
| 行政事业性收费 | 12.5 |

## 三、收到和处理政府信息公开申请情况
| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |
|---|---|---|---|---|---|---|---|
| 一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 0 | 0 | 12 |
| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| （一）予以公开 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |
（二）部分公开（区分处理的，只计这一情形，
不计其他情形）
| | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 4.保护第三方合法权益 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 5.属于三类内部事务信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 6.属于四类过程性信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 8.属于行政查询事项 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 1.本机关不掌握相关政府信息 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
| 2.没有现成信息需要另行制作 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 3.补正后申请内容仍不明确 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 1.信访举报投诉类申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 2.重复申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| 3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 4.无正当理由大量反复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 5.要求行政机关确认或重新出具已获取信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
1.申请人无正当理由逾期不补正、行政机关不再处理其政
府信息公开申请
| | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 3.其他 | 0 | 1 | 0 | 0 | 0 | 0 | 1 |
| （七）总计 | 10 | 2 | 0 | 0 | 0 | 0 | 12 |
| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |

## 四、政府信息公开行政复议、行政诉讼情况

### 行政复议
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|---|---|---|---|---|
| 1 | 1 | 0 | 0 | 2 |

### 行政诉讼（未经复议直接起诉）
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|---|---|---|---|---|
| 0 | 0 | 0 | 1 | 1 |

### 行政诉讼（复议后起诉）
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|---|---|---|---|---|
| 0 | 0 | 0 | 0 | 0 |

## 五、存在的主要问题及改进情况
无。
"""


def _cells(report) -> dict:
    return {(c.section, c.row, c.column): c.value for c in report.cells}


def _loud(report) -> list[tuple[str, str, str]]:
    return sorted((i.code, i.section, i.row) for i in report.issues if i.severity != "info")


BASE = _cells(extract_bytes(MD_REPORT.encode(), "r.md"))


def test_ocr_markdown_reads_like_the_clean_table():
    """Section two as one table per item, section three with generic headers (数据1…数据6) and two
    wrapped labels whose value rows have no label, section four as three small tables."""
    report = extract_bytes(OCR_MD.encode(), "r.md")
    assert _cells(report) == BASE
    assert len(BASE) == 15 + 175 + 9
    assert _loud(report) == []


def test_section_four_sub_tables_by_heading_in_any_order():
    """Each small table's heading names its row, whatever order the converter printed them in."""
    text = OCR_MD.replace("### 行政复议\n", "### 行政复议TMP\n")
    head, rest = text.split("### 行政复议TMP\n", 1)
    review, tail = rest.split("### 行政诉讼（未经复议直接起诉）", 1)
    swapped = head + "### 行政诉讼（未经复议直接起诉）" + tail.replace("## 五、", "### 行政复议\n" + review + "## 五、")
    report = extract_bytes(swapped.encode(), "r.md")
    got = {k: v for k, v in _cells(report).items() if k[0] == "review_litigation"}
    assert got == {k: v for k, v in BASE.items() if k[0] == "review_litigation"}
    assert _loud(report) == []


def _review_without_headings(rows: list[str]) -> str:
    start = OCR_MD.index("### 行政复议")
    end = OCR_MD.index("## 五、")
    body = "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n"
    tables = "\n".join(body + r + "\n" for r in rows)
    return OCR_MD[:start] + tables + "\n" + OCR_MD[end:]


def test_section_four_sub_tables_without_headings_placed_by_order():
    """Three five-cell rows and no row headings: print order, confirmed by each row's total."""
    text = _review_without_headings(["| 1 | 1 | 0 | 0 | 2 |", "| 0 | 0 | 0 | 1 | 1 |", "| 0 | 0 | 0 | 0 | 0 |"])
    report = extract_bytes(text.encode(), "r.md")
    assert _cells(report) == BASE
    assert _loud(report) == []


def test_section_four_order_unconfirmed_is_warned():
    """A row whose total does not add up cannot confirm the order: warned."""
    text = _review_without_headings(["| 1 | 1 | 0 | 0 | 2 |", "| 0 | 0 | 0 | 1 | 5 |", "| 0 | 0 | 0 | 0 | 0 |"])
    report = extract_bytes(text.encode(), "r.md")
    assert _cells(report)[("review_litigation", "litigation_direct", "total")] == 5
    assert ("rows_placed_by_order", "review_litigation", "") in _loud(report)


FEE_ROW = "| 信息内容 | 本年收费金额（单位：万元） | | |\n| 行政事业性收费 | 12.5 | | |"


@pytest.mark.parametrize(
    "printed",
    [
        "| 信息内容 | 本年收费金额（单位：元） | | |\n| 行政事业性收费 | 125000 | | |",
        "| 信息内容 | 本年收费金额（元） | | |\n| 行政事业性收费 | 125,000.00 | | |",
        "| 信息内容 | 本年收费金额（单位：千元） | | |\n| 行政事业性收费 | 125 | | |",
        "| 信息内容 | 本年收费金额（单位：万元，保留4位小数） | | |\n| 行政事业性收费 | 12.5000 | | |",
        "| （单位：元） | | | |\n| 信息内容 | 本年收费金额 | | |\n| 行政事业性收费 | 125000 | | |",
        "| 信息内容 | 本年收费金额 | | |\n| 行政事业性收费（元） | 125000 | | |",
        "| 信息内容 | 本年收费金额（元） | | |\n| 行政事业性收费 | 12.5万元 | | |",
        "| 信息内容 | 本年收费金额（单位：万元） | | |\n| 行政事业性收费 | 125000元 | | |",
    ],
)
def test_amount_unit_from_header_label_or_cell(printed):
    """The unit in the column header, the row label or a table note applies to the column; a
    unit printed in the cell wins; the value is stored in 万元 with its printed text."""
    report = extract_bytes(MD_REPORT.replace(FEE_ROW, printed).encode(), "r.md")
    key = ("active_disclosure", "administrative_fees", "fee_amount_10k_yuan")
    assert _cells(report)[key] == 12.5
    assert _loud(report) == []


def test_amount_without_any_unit_is_kept_and_warned():
    printed = "| 信息内容 | 本年收费金额 | | |\n| 行政事业性收费 | 12.5 | | |"
    report = extract_bytes(MD_REPORT.replace(FEE_ROW, printed).encode(), "r.md")
    assert _cells(report)[("active_disclosure", "administrative_fees", "fee_amount_10k_yuan")] == 12.5
    assert _loud(report) == [("amount_unit_assumed", "active_disclosure", "administrative_fees")]


LOST_ROW = "| 2.重复申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |"


def test_row_without_fields_among_tab_rows_is_lost_not_blank():
    """Tab rows print blank cells as empty fields: a bare label there lost its row."""
    tabbed = "\n".join("\t".join(c.strip() for c in ln.strip().strip("|").split("|")) if ln.startswith("|") else ln
                       for ln in MD_REPORT.split("\n") if not ln.startswith("|---"))
    text = tabbed.replace("2.重复申请\t1\t0\t0\t0\t0\t0\t1", "2.重复申请")
    report = extract_bytes(text.encode(), "r.txt")
    assert not any(k[1] == "rejected_repeated" for k in _cells(report))
    assert ("row_lost", "applications", "rejected_repeated") in _loud(report)
    assert not [i for i in report.issues if i.code == "row_blank" and i.section == "applications"]


def test_blank_row_is_info_only_when_nothing_is_left_unplaced():
    blank = MD_REPORT.replace(LOST_ROW, "| 2.重复申请 | | | | | | | |")
    report = extract_bytes(blank.encode(), "r.md")
    assert [(i.severity, i.code, i.row) for i in report.issues if i.code.startswith("row_blank") and i.section == "applications"] == [
        ("info", "row_blank", "rejected_repeated")
    ]
    # the same blank row while a value row without a label sits in the table: not a fact any more
    stray = blank.replace("| 4.无正当理由大量反复申请 |", "| | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n| | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n| 4.无正当理由大量反复申请 |")
    report = extract_bytes(stray.encode(), "r.md")
    codes = {(i.severity, i.code, i.row) for i in report.issues}
    assert ("warning", "row_blank_unconfirmed", "rejected_repeated") in codes
    assert ("info", "row_blank", "rejected_repeated") not in codes
    assert ("warning", "unplaced_rows", "") in codes


def test_labels_moved_away_are_placed_by_order_and_confirmed_by_identities():
    """A converter printed two labels together and their value rows after them: placed by order;
    every identity holds, so it is an info, not a warning."""
    text = MD_REPORT.replace(
        "| 1.本机关不掌握相关政府信息 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n| 2.没有现成信息需要另行制作 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "1.本机关不掌握相关政府信息\n2.没有现成信息需要另行制作\n| | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n| | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
    )
    report = extract_bytes(text.encode(), "r.md")
    assert _cells(report) == BASE
    assert _loud(report) == []
    assert [i.code for i in report.issues if i.severity == "info" and i.code == "rows_placed_by_order"] == ["rows_placed_by_order"]


def _tab_rows(md: str) -> str:
    """The markdown fixture as TAB rows, the way the PDF/DOCX/HTML readers write tables."""
    return "\n".join(
        "\t".join(c.strip() for c in ln.strip().strip("|").split("|")) if ln.startswith("|") else ln
        for ln in md.split("\n")
        if not ln.startswith("|---")
    )


@pytest.mark.parametrize(
    "row,wrapped",
    [
        # values on the first piece, the rest of the label on an empty row below (LibreOffice PDF)
        ("3.危及“三安全一稳定”\t0\t0\t0\t0\t0\t0\t0", "3.危及“三安全一\t0\t0\t0\t0\t0\t0\t0\n稳定”\t\t\t\t\t\t\t"),
        ("3.危及“三安全一稳定”\t0\t0\t0\t0\t0\t0\t0", "\t3.危及\"三安\t0\t0\t0\t0\t0\t0\t0\n\t全一稳定\"\t\t\t\t\t\t\t"),
        ("1.本机关不掌握相关政府信息\t3\t0\t0\t0\t0\t0\t3", "1.本机关不掌握相关政\t\t\t\t\t\t\t\n府信息\t3\t0\t0\t0\t0\t0\t3"),
        ("4.无正当理由大量反复申请\t0\t0\t0\t0\t0\t0\t0", "4.无正当\t0\t0\t0\t0\t0\t0\t0\n理由大量反复申请\t\t\t\t\t\t\t"),
    ],
)
def test_label_wrapped_inside_its_cell_keeps_its_row(row, wrapped):
    text = _tab_rows(MD_REPORT)
    assert row in text
    report = extract_bytes(text.replace(row, wrapped).encode(), "r.txt")
    assert _cells(report) == BASE
    assert _loud(report) == []


def test_section_two_without_headers_takes_its_template_from_the_rows():
    """Generic headers (项目 | 数据1 …) in section two: the 2021 template is the only one whose
    per-row cell counts fit every row; an info, not a warning."""
    text = MD_REPORT
    for head in ("| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |", "| 信息内容 | 本年收费金额（单位：万元） | | |"):
        text = text.replace(head, "| 项目 | 数据1 | 数据2 | 数据3 |")
    text = text.replace("| 信息内容 | 本年处理决定数量 | | |", "| 项目 | 数据1 | | |")
    text = text.replace("| 行政事业性收费 | 12.5 | | |", "| 行政事业性收费 | 12.5万元 | | |")
    text = text.replace("| 行政许可 | 1,234 | | |", "| 行政许可 | 1,234 |")
    report = extract_bytes(text.encode(), "r.md")
    assert report.section_templates["active_disclosure"] == "2021"
    assert _cells(report) == BASE
    assert _loud(report) == []
    assert "template_from_rows" in {i.code for i in report.issues}


def test_lone_page_number_between_table_parts_is_not_a_value():
    text = MD_REPORT.replace(LOST_ROW, LOST_ROW + "\n\n3\n\n| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|")
    report = extract_bytes(text.encode(), "r.md")
    assert _cells(report) == BASE
    assert _loud(report) == []
    # the same number where a row lacks its values is not dismissed
    text = text.replace("| 3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "| 3.要求提供公开出版物 |")
    report = extract_bytes(text.encode(), "r.md")
    assert ("unplaced_values", "applications", "") in _loud(report)


def test_section_four_sub_tables_with_generic_headers():
    text = OCR_MD.replace("| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |", "| 数据1 | 数据2 | 数据3 | 数据4 | 总计 |")
    report = extract_bytes(text.encode(), "r.md")
    assert _cells(report) == BASE
    assert _loud(report) == []


def test_unit_after_the_row_label_in_flattened_text():
    """Flattened text: 行政事业性收费（万元）0 — the unit is the label's, the 0 is the cell."""
    flat = (
        "某县人民政府2021年政府信息公开工作年度报告\n二、主动公开政府信息情况第二十条第(一)项信息内容本年制发件数"
        "本年废止件数现行有效件数规章011行政规范性文件002第二十条第(五)项信息内容本年处理决定数量行政许可76"
        "第二十条第(六)项信息内容本年处理决定数量行政处罚0行政强制2第二十条第(八)项信息内容本年收费金额"
        "行政事业性收费（单位：元）125000三、收到和处理政府信息公开申请情况申请人情况自然人"
    )
    report = extract_bytes(flat.encode(), "r.txt")
    got = {k: v for k, v in _cells(report).items() if k[0] == "active_disclosure"}
    assert got[("active_disclosure", "administrative_fees", "fee_amount_10k_yuan")] == 12.5
    assert got[("active_disclosure", "administrative_licensing", "decisions")] == 76
    assert [c for c in _loud(report) if c[1] == "active_disclosure"] == []


def test_unreadable_text_after_a_label_is_not_a_blank_row():
    text = MD_REPORT.replace("| 行政强制 | / | | |", "行政强制 约3件")
    report = extract_bytes(text.encode(), "r.md")
    assert ("unreadable_row", "active_disclosure", "administrative_coercion") in _loud(report)
    assert "row_blank" not in {i.code for i in report.issues if i.row == "administrative_coercion"}


PARTIAL = "| （二）部分公开（区分处理的，只计这一情形，不计其他情形） | 1 | 0 | 0 | 0 | 0 | 0 | 1 |"


@pytest.mark.parametrize(
    "wrapped",
    [
        # label over two pipe rows, values on the second (其他 inside the label is also a header word)
        "| （二）部分公开（区分处理的，只计这一 | | | | | | | |\n| 情形，不计其他情形） | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        # values on the first, the rest of the label below with empty fields
        "| （二）部分公开（区分处理的，只计这一 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n| 情形，不计其他情形） | | | | | | | |",
    ],
)
def test_label_wrapped_over_two_pipe_rows(wrapped):
    report = extract_bytes(MD_REPORT.replace(PARTIAL, wrapped).encode(), "r.md")
    assert _cells(report) == BASE
    assert _loud(report) == []


def test_value_row_after_a_repeated_header_is_never_dropped_silently():
    """A value row whose label the converter lost, right after a repeated header line: it cannot
    be placed (no label is missing values), so it is reported, not ignored."""
    text = MD_REPORT.replace(
        LOST_ROW,
        LOST_ROW + "\n| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n| | 7 | 0 | 0 | 0 | 0 | 0 | 7 |",
    )
    report = extract_bytes(text.encode(), "r.md")
    assert _cells(report) == BASE
    assert ("unplaced_rows", "applications", "") in _loud(report)


def test_section_two_as_plain_lines_with_emphasis_and_change_words():
    """Converter output: section two as plain lines, bold labels, changes in words (2019)."""
    text = (
        "某县人民政府2020年政府信息公开工作年度报告\n**二、主动公开政府信息情况**\n第二十条第(一)项\n"
        "信息内容本年新制作数量本年新公开数量对外公开总数量\n规章 0 0 14\n**规范性文件** 0 1 4\n第二十条第(五)项\n"
        "信息内容上一年项目数量本年增/减处理决定数量\n行政许可 5 增3减1 20\n其他对外管理服务事项 0 增加1 0\n"
        "第二十条第(六)项\n信息内容上一年项目数量本年增/减处理决定数量\n行政处罚 0 减少2 68\n行政强制 0 +5/-1 2\n"
        "第二十条第(八)项\n信息内容上一年项目数量本年增/减\n行政事业性收费 2 增2减2\n第二十条第(九)项\n"
        "信息内容采购项目数量采购总金额（元）\n政府集中采购 3 251000\n\n**三、收到和处理政府信息公开申请情况**\n申请人情况自然人\n"
    )
    report = extract_bytes(text.encode(), "r.md")
    got = {(k[1], k[2]): v for k, v in _cells(report).items() if k[0] == "active_disclosure"}
    assert got == {
        ("regulations", "new_made"): 0, ("regulations", "new_published"): 0, ("regulations", "total_published"): 14,
        ("normative_documents", "new_made"): 0, ("normative_documents", "new_published"): 1,
        ("normative_documents", "total_published"): 4,
        ("administrative_licensing", "prior_year_items"): 5, ("administrative_licensing", "change"): 2,
        ("administrative_licensing", "decisions"): 20,
        ("other_external_services", "prior_year_items"): 0, ("other_external_services", "change"): 1,
        ("other_external_services", "decisions"): 0,
        ("administrative_penalty", "prior_year_items"): 0, ("administrative_penalty", "change"): -2,
        ("administrative_penalty", "decisions"): 68,
        ("administrative_coercion", "prior_year_items"): 0, ("administrative_coercion", "change"): 4,
        ("administrative_coercion", "decisions"): 2,
        ("administrative_fees", "prior_year_items"): 2, ("administrative_fees", "change"): 0,
        ("centralized_procurement", "items"): 3, ("centralized_procurement", "amount_10k_yuan"): 25.1,
    }
    assert [c for c in _loud(report) if c[1] == "active_disclosure"] == []
    raw = {c.row: c.raw for c in report.cells if c.column == "change"}
    assert raw["administrative_licensing"] == "增3减1"


def test_only_total_rows_placed_by_order_are_confirmed_by_the_total_column():
    """Three labels on plain lines, then their three value rows with only 总计 filled: placed by
    order; the 总计 column's identities hold, so no warning."""
    rows = [
        "| 4.无正当理由大量反复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "| 5.要求行政机关确认或重新出具已获取信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "| 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
    ]
    block = "\n".join(rows)
    assert block in MD_REPORT
    moved = (
        "4.无正当理由大量反复申请\n5.要求行政机关确认或重新出具已获取信息\n"
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\n"
        + "\n".join(["| | | | | | | | 0 |"] * 3)
    )
    report = extract_bytes(MD_REPORT.replace(block, moved).encode(), "r.md")
    got = _cells(report)
    for code in ("rejected_excessive", "rejected_confirmation", "other_no_correction"):
        assert {k[2]: v for k, v in got.items() if k[1] == code} == {"total": 0}
    assert _loud(report) == []


def test_header_glued_to_a_label_keeps_the_values_on_the_label_line():
    """A layout dump glued the next item's title to a label: ``行政许可第二十条第（六）项 → 1,234``."""
    text = _tab_rows(MD_REPORT)
    old = "行政许可\t1,234\t\t\n第二十条第（六）项\t\t\t"
    assert old in text
    report = extract_bytes(text.replace(old, "行政许可第二十条第（六）项\t1,234\t\t").encode(), "r.txt")
    assert _cells(report) == BASE
    assert _loud(report) == []


def test_page_number_before_a_repeated_header_in_tab_rows():
    """A layout dump: the page number sits right under a row, the header repeats on the next page."""
    text = _tab_rows(MD_REPORT)
    row = "2.重复申请\t1\t0\t0\t0\t0\t0\t1"
    assert row in text
    report = extract_bytes(text.replace(row, row + "\n  1\n申请人情况\t自然人\t商业企业\t总计").encode(), "r.txt")
    assert _cells(report) == BASE
    assert _loud(report) == []
    assert "page_number_skipped" in {i.code for i in report.issues}


def test_order_placement_across_a_printed_row_stays_a_warning():
    """A layout dump put a row's values above the previous row (12 … 13 belongs to 1.本机关不掌握…,
    whose label line carries 2.没有现成信息's values). Placing by order swaps two outcome rows and
    every column identity still holds, so the placement must stay a warning, never an info."""
    text = _tab_rows(MD_REPORT)
    old = "1.本机关不掌握相关政府信息\t3\t0\t0\t0\t0\t0\t3\n2.没有现成信息需要另行制作\t0\t0\t0\t0\t0\t0\t0"
    assert old in text
    new = "\t3\t0\t0\t0\t0\t0\t3\n1.本机关不掌握相关政府信息\t0\t0\t0\t0\t0\t0\t0\n2.没有现成信息需要另行制作"
    report = extract_bytes(text.replace(old, new).encode(), "r.txt")
    assert ("rows_placed_by_order", "applications", "") in _loud(report)


def test_page_number_between_two_value_rows_of_a_complete_table():
    text = _tab_rows(MD_REPORT)
    row = "2.重复申请\t1\t0\t0\t0\t0\t0\t1"
    report = extract_bytes(text.replace(row, row + "\n2").encode(), "r.txt")
    assert _cells(report) == BASE
    assert _loud(report) == []


def test_column_note_cut_by_a_page_break_does_not_swallow_labels():
    """（本列数据的勾稽关系为：…之和 with its closing parenthesis lost at a page break, then a
    label on its own line: the label is still a row."""
    text = _tab_rows(MD_REPORT)
    old = "1.本机关不掌握相关政府信息\t3\t0\t0\t0\t0\t0\t3"
    new = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之\t自然人\n1.本机关不掌握相关政府信息\t3\t0\t0\t0\t0\t0\t3"
    report = extract_bytes(text.replace(old, new).encode(), "r.txt")
    assert _cells(report) == BASE
    assert _loud(report) == []


def test_label_whose_tail_went_to_another_line_keeps_its_row():
    """A layout dump put the last character of 2.其他法律行政法规禁止公开 among the pieces of the
    vertical group label （三）不予公开: the long unique prefix still names the row."""
    text = _tab_rows(MD_REPORT)
    old = "2.其他法律行政法规禁止公开\t0"
    assert old in text
    text = text.replace(old, "2.其他法律行政法规禁止公\t0").replace("5.属于三类内部事务信息\t", "开\t5.属于三类内部事务信息\t")
    report = extract_bytes(text.encode(), "r.txt")
    assert _cells(report) == BASE
    assert _loud(report) == []


@pytest.mark.parametrize("label", ["“3.危及三安全”一稳定", "3.危及三安全一稳定", "3.危及‘三安全一稳定’", "3.危及“三安全一稳定”"])
def test_three_securities_label_with_moved_or_other_quotes(label):
    """A PDF reader joins a wrapped label's glyphs with the quotes moved (“3.危及三安全”一稳定)."""
    text = _tab_rows(MD_REPORT)
    old = "3.危及“三安全一稳定”\t"
    assert old in text
    report = extract_bytes(text.replace(old, label + "\t").encode(), "r.txt")
    assert _cells(report) == BASE
    assert _loud(report) == []


def test_values_after_header_words_glued_to_the_label_line():
    """A layout dump: ``行政事业性收费（单位：元） → 信息内容 → 本年收费金额 → 125000``."""
    text = _tab_rows(MD_REPORT)
    old = "信息内容\t本年收费金额（单位：万元）\t\t\n行政事业性收费\t12.5\t\t"
    assert old in text
    report = extract_bytes(text.replace(old, "行政事业性收费（单位：元）\t信息内容\t本年收费金额\t125000").encode(), "r.txt")
    assert _cells(report) == BASE
    assert _loud(report) == []
