"""Narrative facts and their checks against the tables, on hand-written report prose."""

from __future__ import annotations

import pytest

from extract.document import Document
from extract.narrative import cross_checks, facts, paragraphs, sentences, to_number

REPORT = """某某县人民政府2024年政府信息公开工作年度报告
根据《中华人民共和国政府信息公开条例》规定，现公布本报告。
一、总体情况
2024年，全年通过政府门户网站主动公开政府信息1,234条。
全年共受理政府信息公开申请12件，其中当面申请2件，均在法定期限内予以答复。
全县各部门共收到申请56件。
本年度被申请行政复议3件，较上年增加1件。
二、主动公开政府信息情况
第二十条第（一）项\t\t\t
三、收到和处理政府信息公开申请情况
本年新收政府信息公开申请\t10\t0\t0\t0\t0\t0\t10
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
一是工作人员业务水平有待提高。
六、其他需要报告的事项
本年度收取信息处理费2笔，金额300元。
某某县人民政府办公室
2025年1月20日"""


def _paras():
    return paragraphs(Document.from_text(REPORT))


def test_paragraphs_keep_their_section_and_line() -> None:
    paras = _paras()
    by_text = {p.text: p for p in paras}
    assert by_text["根据《中华人民共和国政府信息公开条例》规定，现公布本报告。"].section == "preamble"
    assert by_text["全县各部门共收到申请56件。"].section == "one"
    assert by_text["一是工作人员业务水平有待提高。"].section == "five"  # 一是 is not the heading 一、
    assert by_text["本年度收取信息处理费2笔，金额300元。"].section == "six"
    assert by_text["本年度收取信息处理费2笔，金额300元。"].line == 16
    assert by_text["2025年1月20日"].section == "signoff"
    assert by_text["某某县人民政府办公室"].section == "signoff"
    assert not any("\t" in p.text for p in paras)  # table rows are not prose


def test_facts_are_typed_with_scope() -> None:
    got = {(f.kind, f.value, f.scope) for f in facts(_paras())}
    assert got == {
        ("active_disclosed", 1234.0, "own"),
        ("applications_accepted", 12.0, "own"),
        ("applications_received", 56.0, "wider:全县"),
        ("reviews", 3.0, "own"),
        ("fee_charged", 0.03, "own"),
    }


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("本年度未收取信息处理费。", 0.0),
        ("2024年度没有收取任何费用。", 0.0),
        ("信息处理费0元。", 0.0),
        ("共收取信息处理费1.5万元。", 1.5),
        ("收取信息处理费共计2000元。", 0.2),
    ],
)
def test_fee_sentences(sentence: str, value: float) -> None:
    found = [f for f in facts(paragraphs(Document.from_text("六、其他需要报告的事项\n" + sentence))) if f.kind == "fee_charged"]
    assert [f.value for f in found] == [value]


def test_numbers_and_sentences() -> None:
    assert to_number("1,234") == 1234 and to_number("十二") == 12 and to_number("两") == 2 and to_number("三十五") == 35
    assert to_number("若干") is None
    assert sentences("一是甲。二是乙；三是丙") == ["一是甲。", "二是乙；", "三是丙"]


def test_checks_agree_disagree_and_skip_other_scopes() -> None:
    cells = {
        ("applications", "new_received", "total"): (10.0, 11, None),
        ("applications", "carried_over", "total"): (2.0, 12, None),
        ("review_litigation", "administrative_review", "total"): (4.0, 20, None),
    }
    checks = {c.kind: c for c in cross_checks(facts(_paras()), cells)}
    accepted = checks["applications_accepted"]  # 受理 12 = 10 new + 2 carried over
    assert (accepted.status, accepted.table_value) == ("agrees", 12.0)
    assert accepted.compared_with == "applications.new_received.total + carried_over.total"
    review = checks["reviews"]
    assert (review.status, review.stated, review.table_value, review.line, review.table_line) == ("disagrees", 3.0, 4.0, 7, 20)
    assert checks["applications_received"].status == "not_comparable"  # 全县各部门: another scope
    assert checks["fee_charged"].status == "not_comparable"
    assert checks["active_disclosed"].status == "not_comparable"


def test_a_blank_table_cell_leaves_the_check_unchecked() -> None:
    checks = cross_checks(facts(_paras()), {})
    assert {c.kind: c.status for c in checks}["applications_accepted"] == "unchecked"


def test_wrapped_lines_are_one_paragraph_and_inline_headings_split() -> None:
    text = (
        "某县2024年政府信息公开工作年度报告\n一、总体情况\n    全年共受理政府信息公开申请 1\n2 件，均已答复。\n"
        "    已办结 9 件。\n二、主动公开政府信息情况\n"
        "五、存在的主要问题及改进情况 一是培训不足。六、其他需要报告的事项 本年度未收取信息处理费。"
    )
    paras = paragraphs(Document.from_text(text))
    assert [(p.section, p.text, p.line) for p in paras if p.section == "one"][1] == (
        "one", "全年共受理政府信息公开申请 12 件，均已答复。", 3)  # fmt: skip
    assert [p.section for p in paras][-2:] == ["five", "six"]
    assert {(f.kind, f.value) for f in facts(paras)} == {("applications_accepted", 12.0), ("applications_handled", 9.0), ("fee_charged", 0.0)}


def test_sub_count_after_a_comma_is_not_compared() -> None:
    paras = paragraphs(Document.from_text("一、总体情况\n全年共收到申请10件，其中，通过网络收到申请4件。"))
    assert {(f.value, f.scope) for f in facts(paras)} == {(10.0, "own"), (4.0, "sub-count")}


def test_a_named_office_acting_for_the_agency_is_another_scope() -> None:
    doc = Document.from_text("一、总体情况\n2024年，区政府办代表区政府受理政府信息公开申请17件，均已在法定期限内予以答复。")
    found = [f for f in facts(paragraphs(doc)) if f.kind == "applications_accepted"]
    assert [(f.value, f.scope) for f in found] == [(17.0, "actor:政府办")]
