"""The issue-10 renderings print the truth, and vary the way real ones do.

``layout`` (pdftotext -layout dumps), ``md_ocr`` (converter markdown) and the unit/change
variants every layout prints. These tests check the generator, not the extractor: every value
of the truth is on the page in the report's unit and notation, and each random dimension really
varies across seeds.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from bench.generator.model import (
    AMOUNT_STYLES,
    CHANGE_STYLES,
    CLASSIC_AMOUNT_STYLES,
    CLASSIC_CHANGE_STYLES,
    draw_report,
)
from bench.generator.printed import amount_header, amount_label, amount_text, change_text, value_text
from bench.generator.render_layout import Geometry, Piece, compose, dwidth, layout_style, render_layout
from bench.generator.render_md_ocr import MdOcr, render_md_ocr
from bench.generator.truth import report_row, truth_rows
from bench.generator.write import render
from extract.templates import ACTIVE, APPLICANT_COLUMNS, APPLICATIONS, REVIEW, REVIEW_COLUMNS, REVIEW_ROWS

SEEDS = range(40)
FOOTER = re.compile(r"^\s*(?:-\s?\d+\s?-|—\s\d+\s—|第\s?\d+\s?页|\d+)\s*$")


def _row_texts(rep, row: str) -> list[str]:
    return [value_text(rep, (APPLICATIONS, row, c)) for c in APPLICANT_COLUMNS]


# -- layout (pdftotext -layout) -----------------------------------------------------------------
def _without_footers(text: str) -> str:
    """Drop each page's last non-blank line (its footer: a bare ``3`` looks like a value line)."""
    pages = []
    for page in text.split("\f")[:-1]:
        lines = page.splitlines()
        last = max(i for i, ln in enumerate(lines) if ln.strip())
        assert FOOTER.match(lines[last]), lines[last]
        pages.append("\n".join(lines[:last] + lines[last + 1 :]))
    return "\n".join(pages)


def test_cjk_takes_two_columns_and_pieces_never_glue() -> None:
    assert dwidth("规章") == 4 and dwidth("12") == 2 and dwidth("（一）") == 6
    geo = Geometry([6, 4, 4], [6, 4, 4], 1, 0)
    assert compose([Piece(0, 1, "规章"), Piece(1, 1, "12", "right"), Piece(2, 1, "3", "right")], geo) == "规章     12    3"
    # a piece too wide for its box pushes the next one right, with one space between
    assert compose([Piece(0, 1, "行政规范性文件"), Piece(1, 1, "7")], geo) == "行政规范性文件 7"
    # pdftotext counts characters: after 2 CJK characters the value column is 2 screen columns on
    assert compose([Piece(0, 1, "规章"), Piece(1, 1, "12", "right")], geo, char_grid=True) == "规章       12"


def test_layout_prints_each_full_row_as_one_value_line() -> None:
    for seed in SEEDS:
        rep = draw_report(seed, "layout")
        tails = [ln.split()[-7:] for ln in render_layout(rep).splitlines() if ln.strip()]
        for r in rep.application_rows():
            if "truncate" in rep.defect_detail:
                break
            vals = _row_texts(rep, r)
            if all(vals):
                assert vals in tails, (seed, r, vals)


@pytest.mark.parametrize("seed", [5, 6])  # character-index columns (pdftotext), screen columns
def test_layout_blank_cells_are_missing_text_at_their_column(seed: int) -> None:
    rep = draw_report(seed, "layout", variant="cells_blank")
    assert layout_style(rep).char_grid == (seed == 5)
    text = _without_footers(render_layout(rep))
    start = text.rindex("\n", 0, text.index("一、本年新收")) + 1
    lines = text[start : text.index("四、结转下年度")].splitlines()
    numbers = [[t for t in ln.split() if t.isdigit()] for ln in lines]
    rows = rep.application_rows()[:-1]
    lone = [ns[0] for ns in numbers if len(ns) == 1]
    assert len(lone) == len(rows) and not [ns for ns in numbers if len(ns) > 1]  # only 总计 printed
    assert lone == [value_text(rep, (APPLICATIONS, r, "total")) for r in rows]
    # ... always at the 总计 column's position (the blanks to its left are just spaces)
    width = len if layout_style(rep).char_grid else dwidth
    ends = {width(ln.rstrip()) for ln, ns in zip(lines, numbers, strict=True) if ns}
    assert max(ends) - min(ends) <= 4


def test_layout_pages_have_footers_and_form_feeds() -> None:
    forms = set()
    for seed in SEEDS:
        text = render_layout(draw_report(seed, "layout"))
        pages = text.split("\f")
        assert len(pages) >= 3 and pages[-1] == ""
        for page in pages[:-1]:
            last = [ln for ln in page.splitlines() if ln.strip()][-1]
            assert FOOTER.match(last), (seed, last)
            forms.add(re.sub(r"\d+", "N", last.strip()))
    assert len(forms) >= 4


def test_layout_varies_labels_groups_and_value_lines() -> None:
    seen = set()
    for seed in SEEDS:
        rep = draw_report(seed, "layout")
        lines = render_layout(rep).replace("\f", "").splitlines()
        stripped = [ln.strip() for ln in lines]
        firsts = [s.split()[0] if s else "" for s in stripped]
        if "三" in firsts and "、" in firsts:
            seen.add("vertical1")
        if "三、" in firsts and "本年" in firsts:
            seen.add("vertical2")
        if any(s.startswith("三、 本年 度办") for s in stripped):
            seen.add("spaced")
        for i, s in enumerate(stripped[:-1]):
            # a wrapped label piece followed by a line of values only: the value line below/between
            if s.startswith(("（二）部分公开", "(二) 部分公开")) and not re.search(r"\d\s*$", s):
                seen.add("wrapped_label")
            if re.fullmatch(r"[\d\s]+", s) and s and stripped[i + 1][:2] in ("（二", "(二"):
                seen.add("value_line_above")
    assert {"vertical1", "vertical2", "spaced", "wrapped_label", "value_line_above"} <= seen, seen


def test_layout_some_dumps_are_gb18030() -> None:
    encs = {}
    for seed in range(60):
        rep = draw_report(seed, "layout")
        encs.setdefault(rep.encoding, rep)
    assert set(encs) == {"utf-8", "gb18030"}
    rep = encs["gb18030"]
    data = render(rep)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert rep.agency.name in data.decode("gb18030")


@pytest.mark.parametrize("layout", ["layout", "md_ocr"])
@pytest.mark.parametrize("defect", ["identity_broken", "section_missing", "truncated"])
def test_new_layouts_print_every_defect(layout: str, defect: str) -> None:
    for seed in range(25):
        rep = draw_report(seed, layout, defect=defect)
        text = render(rep).decode(rep.encoding)
        assert rep.agency.name in text.replace("\n", "")
        if defect == "truncated":
            assert "五、存在的主要问题" not in text and "行政复议" not in text


# -- md_ocr ---------------------------------------------------------------------------------------
def _md_ocr_with(pred, seeds=range(80)):
    for seed in seeds:
        rep = draw_report(seed, "md_ocr")
        if pred(MdOcr(rep).st) and not rep.defect and not rep.blank:
            return rep
    raise AssertionError("no seed with that style")


def test_md_ocr_section_four_as_three_tables() -> None:
    rep = _md_ocr_with(lambda st: st.four_split and st.header == "names")
    text = render_md_ocr(rep)
    for k, part in enumerate(("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")):
        i = text.index(part + "\n")
        block = text[i:].split("\n\n", 2)[1].splitlines()
        assert block[0] == "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |"
        want = [value_text(rep, (REVIEW, REVIEW_ROWS[k], c)) for c in REVIEW_COLUMNS]
        assert block[2] == "| " + " | ".join(want) + " |"


def test_md_ocr_generic_headers_and_label_less_value_rows() -> None:
    rep = _md_ocr_with(lambda st: st.header == "generic")
    assert "| 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |" in render_md_ocr(rep)
    rep = _md_ocr_with(lambda st: st.wrap_share == 1.0 and st.wrap_over == 14 and not st.unlabelled_cell)
    text = render_md_ocr(rep)
    vals = _row_texts(rep, "partially_disclosed")
    assert "\n| " + " | ".join(vals) + " |" in text  # the values, with no label cell
    assert "（二）部分公开" not in text.split("| " + " | ".join(vals))[0].splitlines()[-1]


def test_md_ocr_section_two_one_table_per_item() -> None:
    rep = _md_ocr_with(lambda st: st.two_split and st.header == "names" and st.br == 0.0)
    text = render_md_ocr(rep)
    titles = re.findall(r"^(?:#+ |\*\*)?第二十条第[（(].[)）]项", text, re.M)
    assert len(titles) == (5 if rep.template == "2019" else 4)
    assert text.count("| 信息内容 |") == len(titles)


# -- units and change notation, every layout ------------------------------------------------------
def _yuan_to_wan(text: str, style: str) -> Decimal:
    """An independent reading of a printed amount back to 万元."""
    num = Decimal(re.sub(r"[^\d.]", "", text))
    if text.endswith("万元") or style in ("wan_header", "wan_header_4dp", "wan_label", "none"):
        return num
    if style == "qian_header":
        return num / 10
    return num / 10000


@pytest.mark.parametrize("style", AMOUNT_STYLES)
def test_amount_styles_print_the_truth_in_their_unit(style: str) -> None:
    rep = draw_report(2, "tab")
    rep.style.amount_style = style
    for v in (Decimal("25.1"), Decimal("103.3879"), Decimal("0.05"), Decimal("14111.13"), Decimal(0)):
        assert _yuan_to_wan(amount_text(rep, v), style) == v
    header = amount_header(rep, "amount_10k_yuan") + amount_label(rep, "政府集中采购")
    unit = {"wan_header": "万元", "wan_header_4dp": "万元", "yuan_header": "（元）", "yuan_header_unit": "单位：元",
            "qian_header": "千元", "yuan_label": "单位：元", "wan_label": "（万元）",
            "wan_header_yuan_cell": "万元"}.get(style)  # fmt: skip
    assert (unit in header) if unit else ("元" not in header)


def _net(text: str) -> int:
    """An independent reading of a printed change: 增5减2, +5/-2, 5/2, 增加3, 减少3, -3."""
    m = re.fullmatch(r"增(\d+)减(\d+)|\+?(\d+)/-?(\d+)", text)
    if m:
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        return int(a) - int(b)
    m = re.fullmatch(r"(增加|减少|增|减|\+|-)?(\d+)", text)
    assert m, text
    return -int(m.group(2)) if m.group(1) in ("减少", "减", "-") else int(m.group(2))


@pytest.mark.parametrize("style", CHANGE_STYLES)
def test_change_styles_net_to_the_truth(style: str) -> None:
    rep = draw_report(2, "tab")
    rep.style.change_style = style
    texts = {n: change_text(rep, (ACTIVE, "administrative_penalty", "change"), n) for n in range(-7, 8)}
    assert all(_net(t) == n for n, t in texts.items())
    if style == "both":
        assert texts[3].startswith("增") and "减" in texts[3]


def test_unit_less_amount_is_flagged_either() -> None:
    for seed in range(300):
        rep = draw_report(seed, "tab")
        if rep.style.amount_style == "none" and rep.unit_assumed and not rep.defect:
            assert report_row(rep)["must_flag"] == "either"
            amounts = [r for r in truth_rows(rep) if r[2].endswith("10k_yuan")]
            assert amounts and all(r[4] == "required" for r in amounts)
            return
    raise AssertionError("no unit-less amount drawn in 300 seeds")


def test_messy_false_keeps_classic_forms_and_messy_draws_all() -> None:
    classic = [draw_report(s, "tab", messy=False).style for s in range(200)]
    assert {st.amount_style for st in classic} <= set(CLASSIC_AMOUNT_STYLES)
    assert {st.change_style for st in classic} <= set(CLASSIC_CHANGE_STYLES)
    assert not any(st.fullwidth or st.value_space for st in classic)
    messy = [draw_report(s, "tab").style for s in range(200)]
    assert {st.amount_style for st in messy} == set(AMOUNT_STYLES)
    assert {st.change_style for st in messy} == set(CHANGE_STYLES)
    assert any(st.fullwidth for st in messy) and any(st.value_space for st in messy)


def test_messy_pdfs_vary_label_column_widths_but_scans_and_classic_do_not() -> None:
    from bench.generator.render_pdf import _col_widths

    widths = {tuple(_col_widths(APPLICATIONS, draw_report(s, "pdf"))) for s in range(20)}
    assert len(widths) > 10 and all(abs(sum(w) - 509) < 1e-6 for w in widths)
    assert min(w[2] for w in widths) < 90  # narrow enough that 3.危及“三安全一稳定” wraps in its cell
    fixed = {tuple(_col_widths(APPLICATIONS, draw_report(s, lay, messy=m))) for s in range(5) for lay, m in
             (("scan", True), ("pdf", False))}  # fmt: skip
    assert fixed == {tuple(_col_widths(APPLICATIONS))}


def test_layout_prose_wraps_at_the_page_but_never_inside_a_number() -> None:
    spaced = 0
    for seed in SEEDS:
        rep = draw_report(seed, "layout")
        text = render_layout(rep)
        head = text[: text.index("二、")].splitlines()
        for a, b in zip(head, head[1:], strict=False):
            assert not (a.rstrip()[-1:].isdigit() and b.lstrip()[:1].isdigit()), (seed, a, b)
        assert f"{rep.year}" in text[: text.index("一、")]
        spaced += f"{rep.year} 年" in text
    assert 5 < spaced < len(SEEDS)


def test_md_ocr_fragment_headers_as_in_the_corpus() -> None:
    rep = _md_ocr_with(lambda st: st.header == "fragments")
    text = render_md_ocr(rep)
    assert "| 业 | 构 | 益组织 | 务机构 |" in text and "商业企科研机社会公法律服" in text
    four = [value_text(rep, (REVIEW, r, c)) for r in REVIEW_ROWS for c in REVIEW_COLUMNS]
    assert "| " + " | ".join(four) + " |" in text  # 15 values under a 12-cell fragment row
    label = "行政处罚"
    vals = [value_text(rep, (ACTIVE, "administrative_penalty", c)) for c in
            (("prior_year_items", "change", "decisions") if rep.template == "2019" else ("decisions",))]  # fmt: skip
    assert f"{label} {' '.join(vals)}" in text  # section two as plain lines
