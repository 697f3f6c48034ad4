"""HTML as government sites publish it (corpus shanghai_office_2019.html): ``<p>`` paragraphs,
``<table border=1>`` with rowspan/colspan, header cells with ``<br />``, ``&nbsp;`` blank cells,
a 发布日期 line under the title. Section two may use *shifted spans*: the header's wide cell sits
on another column than the body's (``本年新公开数量`` colspan=2 above a value colspan=2 one column
to the left), as in the Shanghai page.
"""

from __future__ import annotations

from html import escape

from bench.generator.model import GenReport
from bench.generator.narrative import date_text
from bench.generator.outline import outline
from bench.generator.tables import Grid, GridCell
from extract.templates import ACTIVE


def _td(c: GridCell, rs: int | None = None, cs: int | None = None) -> str:
    rs = c.rs if rs is None else rs
    cs = c.cs if cs is None else cs
    attrs = (f' colspan="{cs}"' if cs > 1 else "") + (f' rowspan="{rs}"' if rs > 1 else "")
    text = escape(c.text).replace("\n", "<br />") if c.text.strip() else "&nbsp;"
    align = "" if c.kind == "label" else ' align="center"'
    width = 40 + 18 * min(len(c.text), 12)
    return f'<td nowrap="nowrap"{attrs} style="width:{width}px;"><p{align}>{text}</p></td>'


def _break_header(text: str) -> str:
    return text[:3] + "\n" + text[3:] if len(text) >= 6 and "（" not in text else text


def _table(grid: Grid, shifted: bool) -> str:
    rows = []
    for row in grid:
        tds = []
        if shifted and len(row) > 2:
            # one extra grid column: the header widens its 2nd column, the body its 1st
            first = row[1].kind == "header"
            for i, c in enumerate(row):
                cs = c.cs + (1 if (i == 2 if first else i == 1) else 0)
                tds.append(_td(c, cs=cs))
        elif shifted and len(row) == 1:
            tds.append(_td(row[0], cs=row[0].cs + 1))
        else:
            tds = [_td(c) for c in row]
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return '<table align="center" border="1" cellspacing="1"><tbody>' + "".join(rows) + "</tbody></table>"


def render_html(rep: GenReport) -> str:
    """A whole page; blocks in outline order."""
    shifted = rep.seed % 2 == 0
    body: list[str] = []
    for b in outline(rep):
        if b.kind == "title":
            body.append(f"<p style='text-align: center;font-weight: bold;'>{escape(b.text.replace(chr(10), ''))}</p>")
            if rep.published_on:
                body.append(f"<p style='text-align: center'>发布日期：{rep.published_on.isoformat()}</p>")
        elif b.kind == "table":
            assert b.grid is not None
            grid = [
                [GridCell(_break_header(c.text) if c.kind == "header" else c.text, c.rs, c.cs, c.kind, c.key) for c in row]
                for row in b.grid
            ]
            body.append(_table(grid, shifted and b.section == ACTIVE))
        elif b.kind == "signoff":
            name, _when = b.text.split("\n")
            assert rep.published_on is not None
            body.append(f"<p style='text-align: right'>{escape(name)}</p>")
            body.append(f"<p style='text-align: right'>{date_text(rep, rep.published_on)}</p>")
        else:
            body.append(f"<p>{escape(b.text)}</p>")
    title = escape("".join(outline(rep)[0].text.split("\n")))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>'
        + title
        + "</title></head><body><div class='article'>"
        + "".join(body)
        + "</div></body></html>\n"
    )
