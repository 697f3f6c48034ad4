"""HTML pages as published: spans, &nbsp;, <br>, site furniture, JS-embedded reports, dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.readers import ReaderError, read_bytes
from extract.readers.html import read_html

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>政务公开_某县人民政府</title></head><body>
<div class="nav"><a>首页</a><a>政务公开</a></div>
<div class="content">
<p style="text-align:center">某县人民政府<br>2023年政府信息公开工作年度报告</p>
<p>发布时间：2024-01-15 09:30</p>
<p>二、主动公开政府信息情况</p>
<table border="1"><tr><td colspan="5">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年<br/>制发件数</td><td colspan="2">本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td colspan="2">1</td><td>&nbsp;</td><td>7</td></tr></table>
<table><tr><td><table border="1"><tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>2</td><td>&nbsp;</td></tr>
<tr><td>2.其他法律行政法规禁止公开</td><td>&nbsp;</td><td>5</td></tr></table></td></tr></table>
</div>
<div class="footer">版权所有 某县人民政府 网站标识码</div>
<script>var x = 1;</script>
</body></html>"""


def test_page_tables_become_tab_rows_and_furniture_is_dropped() -> None:
    doc = read_html(PAGE.encode("utf-8"))
    texts = [ln.text for ln in doc.lines]
    assert texts == [
        "某县人民政府",
        "2023年政府信息公开工作年度报告",
        "发布时间：2024-01-15 09:30",
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t1\t\t7",
        "（三）不予公开\t1.属于国家秘密\t2\t",
        "\t2.其他法律行政法规禁止公开\t\t5",
    ]
    assert doc.meta["published_on"] == "2024-01-15"
    assert doc.meta["title"] == "某县人民政府2023年政府信息公开工作年度报告"


def test_report_inside_a_javascript_string_is_read() -> None:
    inner = '<p>2022年某局政府信息公开工作年度报告</p><table><tr><td>规章</td><td>0</td><td>3</td></tr></table>'
    page = f"<html><body><div id='nav'>导航</div><script>var content = {json.dumps(inner)};\ndocument.write(content);</script></body></html>"
    doc = read_bytes(page.encode("utf-8"), ".html")
    assert [ln.text for ln in doc.lines] == ["2022年某局政府信息公开工作年度报告", "规章\t0\t3"]


def test_gb18030_page_is_decoded() -> None:
    page = '<html><head><meta charset="gb2312"></head><body><p>政府信息公开工作年度报告</p></body></html>'
    assert read_html(page.encode("gb18030")).lines[0].text == "政府信息公开工作年度报告"


def test_empty_page_is_a_reader_error() -> None:
    with pytest.raises(ReaderError):
        read_html(b"   ")


def test_corpus_shanghai_page(shared: Path) -> None:
    doc = read_html((shared / "corpus" / "shanghai_office_2019.html").read_bytes())
    texts = [ln.text for ln in doc.lines]
    assert doc.meta["published_on"] == "2020-01-31"
    assert doc.meta["title"] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert "规章\t13\t13\t524" in texts  # header and body column spans differ
    assert "行政许可\t0\t0\t0" in texts
    assert "政府集中采购\t6\t251000元" in texts
    assert "一、本年新收政府信息公开申请数量\t821\t35\t\t\t2\t1\t859" in texts  # &nbsp; cells stay blank fields
    assert "\t\t8.属于行政查询事项\t10\t2\t\t\t\t\t" in texts
    assert "5\t\t\t2\t7\t8\t\t\t1\t9\t\t\t\t\t" in texts


def test_every_cell_of_a_web_page_points_at_its_td(shared: Path) -> None:
    """html_table/html_row/html_cell (0-based, document order) find the <td> each value was read
    from, on the corpus page (nested layout tables, spans, &nbsp;) and a generated one."""
    from lxml import html as lxml_html

    from bench.generator.model import draw_report
    from bench.generator.write import render
    from extract.pipeline import extract_bytes
    from extract.readers.html import decode_html

    pages = [(shared / "corpus" / "shanghai_office_2019.html").read_bytes(), render(draw_report(5, "html"))]
    for data in pages:
        report = extract_bytes(data, "page.html", guard=False)
        tables = lxml_html.fromstring(decode_html(data)).iter("table")
        rows = [t.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr") for t in tables]
        cells = [c.to_dict() for c in report.cells]
        assert len(cells) >= 60
        for c in cells:
            td = rows[c["html_table"]][c["html_row"]].xpath("./td|./th")[c["html_cell"]]
            printed = "".join(td.itertext()).replace("\xa0", "").replace(" ", "")
            assert c["raw"].replace(" ", "") in printed, (c, printed)
