"""The ``md_tools`` rendering: markdown as real document converters write it (issue 10).

``md_ocr`` models converters that cut tables apart; this layout models what independent reviewers
actually get from MinerU, PaddleOCR PP-Structure, olmOCR (tables as embedded HTML) and docling /
marker (pipe tables that repeat merged cells). Drawn per report (and per table) from its seed:

- **HTML tables** inside the markdown: ``rowspan``/``colspan`` kept, ``<th>`` in a ``<thead>`` or
  not, ``<tbody>`` or not, ``<br>`` inside cells, blank cells as ``<td></td>``, the whole table on
  one line (PaddleOCR even wraps it in ``<html><body>``) or one ``<tr>`` per line;
- **docling pipe tables**: a spanning cell's text repeated in every column and row it covers (or
  left empty), the multi-row header flattened into one row (``申请人情况 自然人``,
  ``申请人情况.自然人``), ``<br>`` and escaped pipes (``\\|``) inside cells, no separator row,
  ragged rows (trailing empty cells dropped), an empty leading column;
- **OCR noise** in value cells: full-width digits and punctuation, thousands separators
  (``1,234`` / ``１，２３４``), LaTeX-ish ``$12$``; and in some reports a letter read for a digit
  (``1O5``, ``l2``): a *declared defect* (``ocr_letter``, drawn in ``draw_ocr_letters``) whose cells
  are unknowable — the reader must leave them out or flag them, never read another number;
- **page breaks**: a table cut in two with a page footer/header line between, the header rows
  repeated on the second part or not.

Values come from ``printed.value_text``; blank cells stay empty.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from bench.generator.model import GenReport, Key
from bench.generator.printed import value_text
from bench.generator.render_md_ocr import markdown_document
from bench.generator.tables import WIDTH, Grid, GridCell, expand
from extract.templates import ACTIVE, APPLICATIONS

# A digit an OCR engine reads as a letter (the letter looks like the digit).
LETTERS = {"0": ("O", "o"), "1": ("l", "I")}
_FW = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def draw_ocr_letters(rep: GenReport) -> None:
    """Some md_tools reports get one or two value cells with a letter for a digit (declared defect
    ``ocr_letter``; the cells become unknowable). Drawn from the report's own seed so the other
    draws of the report are unchanged; called by ``draw_report`` for this layout only."""
    from bench.generator.truth import truth_rows

    rng = random.Random(f"md_tools_letters:{rep.seed}")
    if rng.random() >= 0.2:
        return
    keys = [
        (s, r, c)
        for s, r, c, _v, need in truth_rows(rep)
        if need == "required" and any(d in value_text(rep, (s, r, c)) for d in LETTERS)
    ]
    if not keys:
        return
    chosen = rng.sample(keys, min(len(keys), rng.choice((1, 1, 2))))
    noisy: dict[str, str] = {}
    for k in chosen:
        t = value_text(rep, k)
        spots = [i for i, ch in enumerate(t) if ch in LETTERS]
        i = rng.choice(spots)
        noisy["|".join(k)] = t[:i] + rng.choice(LETTERS[t[i]]) + t[i + 1 :]
    rep.defect = rep.defect or "ocr_letter"
    rep.defect_detail["ocr_letters"] = noisy
    rep.defect_detail["unknowable"] = [*rep.defect_detail.get("unknowable", ()), *(tuple(k) for k in chosen)]


@dataclass
class ToolStyle:
    """Per-report choices of the converter (a few are redrawn per table)."""

    tool: str  # html | pipe | mixed (each table one or the other)
    heading: str  # md | bold | plain
    # HTML
    thead: bool
    tbody: bool
    one_line: bool
    paddle: bool  # <html><body><table>…</table></body></html> on one line (PP-Structure)
    br: float
    # pipes
    repeat: bool  # a spanning cell's text repeated in every slot it covers
    flatten: str  # none | space | dot | slash: header rows joined into one
    no_separator: bool
    ragged: bool
    lead_col: bool
    escaped_pipe: float
    # noise
    fullwidth: bool
    fw_comma: bool  # 1，234: a full-width thousands comma between ASCII digits
    fw_labels: bool  # １．属于国家秘密: full-width ordinals in the labels
    blank: str  # how a blank cell prints: empty, /, -, —
    minus: str  # how a minus prints: - or the minus sign − (LaTeX/MathML output)
    sep: str  # the separator row's cell: ---, :---:, - (GFM allows one dash)
    thousands: bool
    latex: float
    page_break: float
    vertical: bool  # a tall group label (三、本年度办理结果) printed one character a line: 三<br>、<br>本…
    split_items: str  # no | inside | outside: section two as one table per 第二十条 item, its title
    # row inside the table or printed above it as a line (layout analysers cut at the title row)
    repeat_header: bool
    glued: bool  # the two parts of a cut table printed as one (docling joins them): no page line


def _draw(rng: random.Random) -> ToolStyle:
    return ToolStyle(
        tool=rng.choice(("html", "html", "pipe", "pipe", "mixed")),
        heading=rng.choice(("md", "md", "bold", "plain")),
        thead=rng.random() < 0.5,
        tbody=rng.random() < 0.5,
        one_line=rng.random() < 0.5,
        paddle=rng.random() < 0.25,
        br=rng.choice((0.0, 0.3, 0.6)),
        repeat=rng.random() < 0.6,
        flatten=rng.choice(("none", "none", "space", "dot", "slash")),
        no_separator=rng.random() < 0.25,
        ragged=rng.random() < 0.3,
        lead_col=rng.random() < 0.2,
        escaped_pipe=rng.choice((0.0, 0.0, 0.2)),
        fullwidth=rng.random() < 0.2,
        fw_comma=rng.random() < 0.3,
        fw_labels=rng.random() < 0.15,
        blank=rng.choice(("", "", "/", "-", "—")),
        minus=rng.choice(("-", "-", "−")),
        sep=rng.choice(("---", "---", ":---:", "-", ":-")),
        thousands=rng.random() < 0.4,
        latex=rng.choice((0.0, 0.0, 0.3, 1.0)),
        page_break=rng.choice((0.0, 0.5, 1.0)),
        split_items=rng.choice(("no", "no", "inside", "outside")),
        vertical=rng.random() < 0.3,
        repeat_header=rng.random() < 0.6,
        glued=rng.random() < 0.3,
    )


Part = list[list[tuple[GridCell, str, int, int]]]  # rows of (cell, own|cont, rowspan, colspan)


def _parts(grid: Grid, width: int, idx: list[int]) -> Part:
    """Grid rows ``idx`` as cells with spans clipped to them: a cell spanning into the rows from
    above starts again at the first (``cont``), as a converter prints a table cut by a page."""
    full = expand(grid, width)
    slots = [full[i] for i in idx]
    seen: set[int] = set()
    out: Part = []
    for r, line in enumerate(slots):
        row: list[tuple[GridCell, str, int, int]] = []
        for j, (c, how) in enumerate(line):
            if id(c) in seen:
                continue
            seen.add(id(c))
            cs = 1
            while j + cs < len(line) and line[j + cs][0] is c:
                cs += 1
            rs = 1
            while r + rs < len(slots) and j < len(slots[r + rs]) and slots[r + rs][j][0] is c:
                rs += 1
            row.append((c, "own" if how == "own" else "cont", rs, cs))
        out.append(row)
    return out


class MdTools:
    """One report printed the converters' way."""

    def __init__(self, rep: GenReport) -> None:
        self.rep = rep
        self.rng = random.Random(f"md_tools:{rep.seed}:{rep.layout}")
        self.st = _draw(self.rng)
        self.letters: dict[str, str] = rep.defect_detail.get("ocr_letters", {})

    # -- cells ----------------------------------------------------------------------------------
    def _cut(self, text: str, mark: str) -> str:
        """``mark`` inserted at a random place of ``text`` (never inside another mark or tag)."""
        inside = {k for m in re.finditer(r"<[^>]*>|\s?\\\|\s?", text) for k in range(m.start(), m.end() + 1)}
        cuts = [
            k for k in range(2, len(text) - 1)
            if text[k - 1] not in "（(" and text[k] not in "）)，,、" and k not in inside
        ]  # fmt: skip
        if len(text) < 6 or not cuts:
            return text
        k = self.rng.choice(cuts)
        return text[:k] + mark + text[k:]

    def _text(self, c: GridCell, br: str) -> str:
        """A text cell: its printed line breaks (and sometimes one more) as ``br``."""
        t = c.text.replace("\n", br if c.kind == "header" else "")
        if c.kind == "label" and self.st.fw_labels:
            t = t.translate(_FW)
        if c.kind == "label" and self.st.vertical and c.rs >= 4:
            return br.join(t)
        if br and br not in t and self.rng.random() < self.st.br:
            t = self._cut(t, br)
        return t

    def _value(self, key: Key | None, text: str) -> str:
        """A value cell as an OCR engine typed it."""
        if key is None:
            return text
        t = self.letters.get("|".join(key)) or value_text(self.rep, key)
        if not t:
            return self.st.blank
        digits = t.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
        if self.st.thousands and digits.split(".")[0].isdigit() and len(digits.split(".")[0]) >= 4:
            whole, _, frac = digits.partition(".")
            digits = f"{int(whole):,}" + (f".{frac}" if frac else "")
            t = digits.replace(",", "，") if self.st.fw_comma else digits
        if self.st.fullwidth or self.rep.style.fullwidth:
            t = t.translate(_FW)
        t = t.replace("-", self.st.minus)
        if self.st.latex and self.rng.random() < self.st.latex and all(ch in "0123456789.,+-" for ch in digits):
            t = self.rng.choice(("${}$", "$ {} $", "${}$")).format(t.replace(",", self.rng.choice((",", "{,}"))))
        return t

    def _cell(self, c: GridCell, br: str) -> str:
        return self._value(c.key, c.text) if c.kind == "value" else self._text(c, br)

    # -- HTML -----------------------------------------------------------------------------------
    def _html(self, grid: Grid, width: int, idx: list[int], head_rows: int) -> list[str]:
        st = self.st
        rows: list[str] = []
        for r, row in enumerate(_parts(grid, width, idx)):
            tag = "th" if st.thead and r < head_rows else "td"
            tds = []
            for c, how, rs, cs in row:
                text = "" if how == "cont" and self.rng.random() < 0.7 else self._cell(c, "<br>")
                if c.kind != "value":
                    text = html.escape(text).replace("&lt;br&gt;", self.rng.choice(("<br>", "<br/>", "<br />")))
                attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                tds.append(f"<{tag}{attrs}>{text}</{tag}>")
            rows.append("<tr>" + "".join(tds) + "</tr>")
        if st.thead and head_rows:
            body = ["<thead>", *rows[:head_rows], "</thead>"] + (["<tbody>"] if st.tbody else [])
            body += rows[head_rows:] + (["</tbody>"] if st.tbody else [])
        else:
            body = (["<tbody>"] if st.tbody else []) + rows + (["</tbody>"] if st.tbody else [])
        if st.one_line or st.paddle:
            one = "<table>" + "".join(body) + "</table>"
            return ["<html><body>" + one + "</body></html>" if st.paddle else one]
        return ["<table>", *body, "</table>"]

    # -- pipes ----------------------------------------------------------------------------------
    def _pipe_rows(self, grid: Grid, width: int, idx: list[int]) -> list[list[str]]:
        st = self.st
        out: list[list[str]] = []
        full = expand(grid, width)
        texts: dict[int, str] = {}  # a merged cell prints the same text in every slot
        for line in (full[i] for i in idx):
            row: list[str] = []
            for c, how in line:
                if id(c) in texts:
                    row.append(texts[id(c)] if st.repeat else "")
                    continue
                text = c.text.replace("\n", "") if c.kind == "label" else ""
                text = text.translate(_FW) if st.fw_labels else text
                if c.kind == "label" and st.vertical and c.rs >= 4:
                    text = "<br>".join(text)
                elif c.kind == "label" and len(text) > 12 and self.rng.random() < st.escaped_pipe:
                    text = self._cut(text, " \\| ")
                    if self.rng.random() < st.br:
                        text = self._cut(text, "<br>")
                else:
                    text = self._cell(c, "<br>")
                texts[id(c)] = text
                row.append(text if how == "own" or st.repeat else "")
            out.append(row)
        return out

    def _flatten(self, rows: list[list[str]]) -> list[str]:
        """Header rows joined column by column (a cell repeated downwards counted once)."""
        sep = {"space": " ", "dot": ".", "slash": "/"}[self.st.flatten]
        out = []
        for col in zip(*rows, strict=False):
            parts: list[str] = []
            for t in col:
                if t and (not parts or parts[-1] != t):
                    parts.append(t)
            out.append(sep.join(parts))
        return out

    def _pipe(self, grid: Grid, width: int, idx: list[int], head_rows: int) -> list[str]:
        st = self.st
        rows = self._pipe_rows(grid, width, idx)
        if head_rows and st.flatten != "none" and st.repeat:
            rows = [self._flatten(rows[:head_rows]), *rows[head_rows:]]
        if st.lead_col:
            rows = [["", *r] for r in rows]
        n = max(len(r) for r in rows)
        lines = []
        for i, r in enumerate(rows):
            if st.ragged and i:
                while r and not r[-1]:
                    r = r[:-1]
            lines.append("| " + " | ".join(r) + " |")
            if i == 0 and not st.no_separator:
                lines.append("|" + f"{st.sep}|" * n)
        return lines

    # -- tables ---------------------------------------------------------------------------------
    def _head_rows(self, grid: Grid, lo: int) -> int:
        """Rows at the top of [lo, …) that hold no value cell (the header block)."""
        n = 0
        for row in grid[lo:]:
            if any(c.kind == "value" for c in row):
                break
            n += 1
        return n

    def table(self, section: str, grid: Grid) -> list[str]:
        width = WIDTH[section]
        tool = self.st.tool if self.st.tool != "mixed" else self.rng.choice(("html", "pipe"))
        render = self._html if tool == "html" else self._pipe
        head = self._head_rows(grid, 0)
        if section == ACTIVE and self.st.split_items != "no":
            return self._items(grid, width, render)
        cut = -1
        if section == APPLICATIONS and len(grid) > 9 and self.rng.random() < self.st.page_break:
            cut = self.rng.randint(6, len(grid) - 2)
        elif section == ACTIVE and self.rng.random() < self.st.page_break / 3:
            titles = [i for i, row in enumerate(grid) if i and row[0].kind == "title"]
            cut = self.rng.choice(titles) if titles else -1
        if cut < 0:
            return render(grid, width, list(range(len(grid))), head)
        out = render(grid, width, list(range(cut)), head)
        out += [] if self.st.glued else ["", *self._page_lines(), ""]
        rest = list(range(cut, len(grid)))
        if section == APPLICATIONS and self.st.repeat_header:  # the header again, then the rest
            return out + render(grid, width, list(range(head)) + rest, head)
        return out + render(grid, width, rest, self._head_rows(grid, cut) if section == ACTIVE else 0)

    def _items(self, grid: Grid, width: int, render: Callable[[Grid, int, list[int], int], list[str]]) -> list[str]:
        """Section two as one table per 第二十条 item."""
        titles = [i for i, row in enumerate(grid) if row[0].kind == "title"] + [len(grid)]
        out: list[str] = []
        for a, b in zip(titles, titles[1:], strict=False):
            if self.st.split_items == "outside":
                title = grid[a][0].text.replace("\n", "")
                out += ["", self.rng.choice((title, f"**{title}**", f"### {title}")), ""]
                out += render(grid, width, list(range(a + 1, b)), 1)
            else:
                out += ["", *render(grid, width, list(range(a, b)), 2)]
        return out

    def _page_lines(self) -> list[str]:
        """A page footer, and sometimes the next page's running header after it."""
        n = self.rng.randint(2, 5)
        rep = self.rep
        foot = self.rng.choice(
            (f"- {n} -", f"— {n} —", f"第 {n} 页 共 {n + 2} 页", f"{n}/{n + 2}", str(n), "<!-- page break -->")
        )
        if self.rng.random() < 0.4:
            return [foot, "", f"{rep.agency.name}{rep.year}年政府信息公开工作年度报告"]
        return [foot]

    # -- document -------------------------------------------------------------------------------
    def _heading(self, text: str, level: int = 2) -> str:
        st = self.st.heading
        return f"{'#' * level} {text}" if st == "md" else f"**{text}**" if st == "bold" else text

    def render(self) -> str:
        return markdown_document(self.rep, self.rng, self.st.heading == "md", self._heading, self.table)


def render_md_tools(rep: GenReport) -> str:
    return MdTools(rep).render()
