"""Bad and unusual input: every file gives a Report; unreadable ones carry one clear error."""

from __future__ import annotations

import pytest

from extract.pipeline import extract_bytes, extract_path


def _errors(report):
    return [i for i in report.issues if i.severity == "error"]


@pytest.mark.parametrize(
    "data,code",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (bytes(range(256)) * 40, "binary"),
        (b"hello world, this is not a report", "not_a_report"),
        ("某县人民政府关于印发工作要点的通知，申请事项如下。".encode(), "not_a_report"),
    ],
)
def test_unreadable_inputs_are_errors(data, code):
    report = extract_bytes(data, "x.txt")
    assert [e.code for e in _errors(report)] == [code]
    assert report.cells == []


def test_missing_file_is_an_error(tmp_path):
    report = extract_path(tmp_path / "nope.txt")
    assert _errors(report)[0].code == "unreadable_file"


def _seed(shared, name="004_b687c6a4240fb1d7.txt") -> str:
    return (shared / "seeds" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_encodings_give_the_same_cells(shared, encoding):
    text = _seed(shared)
    base = extract_bytes(text.encode("utf-8"), "r.txt")
    other = extract_bytes(text.encode(encoding), "r.txt")
    assert [(c.key(), c.value) for c in other.cells] == [(c.key(), c.value) for c in base.cells]
    assert len(base.cells) == 176


def test_gb18030_misread_as_latin_is_not_garbage(shared):
    # A GB18030 file re-encoded through a wrong code page carries no report words: an error, no cells.
    text = _seed(shared).encode("gb18030").decode("latin-1").encode("utf-8")
    report = extract_bytes(text, "r.txt")
    assert _errors(report) and report.cells == []


def test_pre_2019_report_is_not_a_recognised_template():
    text = "某县2017年政府信息公开工作年度报告\n一、概述\n政府信息公开工作情况良好。\n"
    report = extract_bytes(text.encode(), "r.txt")
    assert [e.code for e in _errors(report)] == ["unknown_template"]


MD_REPORT = """# 某某市某某区人民政府2022年政府信息公开工作年度报告
一、总体情况
略。
二、主动公开政府信息情况
| 第二十条第（一）项 | | | |
|---|---|---|---|
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 5 | 1 | 40 |
| 第二十条第（五）项 | | | |
| 信息内容 | 本年处理决定数量 | | |
| 行政许可 | 1,234 | | |
| 第二十条第（六）项 | | | |
| 信息内容 | 本年处理决定数量 | | |
| 行政处罚 | 56 | | |
| 行政强制 | / | | |
| 第二十条第（八）项 | | | |
| 信息内容 | 本年收费金额（单位：万元） | | |
| 行政事业性收费 | 12.5 | | |
三、收到和处理政府信息公开申请情况
| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
|---|---|---|---|---|---|---|---|
| 一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 0 | 0 | 12 |
| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| （一）予以公开 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |
| （二）部分公开（区分处理的，只计这一情形，不计其他情形） | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
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
| 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 3.其他 | 0 | 1 | 0 | 0 | 0 | 0 | 1 |
| （七）总计 | 10 | 2 | 0 | 0 | 0 | 0 | 12 |
| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
四、政府信息公开行政复议、行政诉讼情况
| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |
| | | | | | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
| 1 | 1 | 0 | 0 | 2 | 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0 |
五、存在的主要问题及改进情况
无。
六、其他需要报告的事项
无。
                                   2023年1月20日
"""


def _cells(report):
    return {(c.section, c.row, c.column): c.value for c in report.cells}


def test_markdown_pipe_report_2021():
    report = extract_bytes(MD_REPORT.encode(), "r.md")
    cells = _cells(report)
    assert report.template == "2021"
    assert report.agency == "某某市某某区人民政府" and report.year == 2022
    assert report.published_on == "2023-01-20"
    assert cells[("active_disclosure", "normative_documents", "in_force")] == 40
    assert cells[("active_disclosure", "administrative_licensing", "decisions")] == 1234
    assert ("active_disclosure", "administrative_coercion", "decisions") not in cells  # '/' is not 0
    assert cells[("active_disclosure", "administrative_fees", "fee_amount_10k_yuan")] == 12.5
    assert cells[("applications", "other_other", "commercial_enterprise")] == 1
    assert cells[("applications", "carried_forward", "total")] == 1
    assert cells[("review_litigation", "administrative_review", "total")] == 2
    assert cells[("review_litigation", "litigation_direct", "pending")] == 1
    assert len([c for c in cells if c[0] == "applications"]) == 25 * 7
    assert all(i.status == "held" for i in report.identities), [i for i in report.identities if i.status != "held"]
    assert not [i for i in report.issues if i.severity != "info"], report.issues
    line = next(c for c in report.cells if c.row == "carried_forward" and c.column == "total")
    assert MD_REPORT.split("\n")[line.line - 1].startswith("| 四、结转下年度继续办理")


def test_broken_identity_is_a_warning_with_numbers():
    text = MD_REPORT.replace("| （七）总计 | 10 | 2 |", "| （七）总计 | 8 | 2 |")
    report = extract_bytes(text.encode(), "r.md")
    failed = [i for i in report.issues if i.code.startswith("identity_failed")]
    assert failed and all(i.severity == "warning" for i in failed)
    assert any("8" in i.message for i in failed)
    assert _cells(report)[("applications", "outcome_total", "natural_person")] == 8  # kept as printed


def test_amount_in_yuan_is_converted():
    text = MD_REPORT.replace("本年收费金额（单位：万元）", "本年收费金额").replace("| 行政事业性收费 | 12.5 |", "| 行政事业性收费 | 125000元 |")
    report = extract_bytes(text.encode(), "r.md")
    assert _cells(report)[("active_disclosure", "administrative_fees", "fee_amount_10k_yuan")] == 12.5


def test_amount_without_unit_is_kept_and_warned():
    text = MD_REPORT.replace("本年收费金额（单位：万元）", "本年收费金额")
    report = extract_bytes(text.encode(), "r.md")
    assert _cells(report)[("active_disclosure", "administrative_fees", "fee_amount_10k_yuan")] == 12.5
    assert any(i.code == "amount_unit_assumed" and i.severity == "warning" for i in report.issues)


def test_broken_pdf_is_an_error_from_the_guarded_reader(tmp_path):
    report = extract_bytes(b"%PDF-1.4\n1 0 obj\n<<", "broken.pdf")
    assert [e.code for e in _errors(report)] == ["pdf_truncated"]


def test_oversized_text_is_refused():
    report = extract_bytes(b"a" * (20 * 1024 * 1024 + 1), "big.txt")
    assert [e.code for e in _errors(report)] == ["too_large"]


def test_converter_markup_in_cells():
    """<br> inside a markdown cell label, **bold** values and &nbsp; from web copies."""
    text = MD_REPORT.replace("| 一、本年新收政府信息公开申请数量 | 10 |", "| 一、本年新收<br>政府信息公开申请数量 | **10** |")
    text = text.replace("| 2.重复申请 | 1 |", "| 2.重复申请 |&nbsp;1 |")
    report = extract_bytes(text.encode(), "r.md")
    cells = _cells(report)
    assert cells[("applications", "new_received", "natural_person")] == 10
    assert cells[("applications", "rejected_repeated", "natural_person")] == 1
    assert not [i for i in report.issues if i.severity != "info"], report.issues
