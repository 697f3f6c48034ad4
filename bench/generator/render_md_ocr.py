"""The ``md_ocr`` rendering: markdown as OCR engines and LLM converters write it (issue 10).

Unlike ``md`` (one clean pipe grid per section) these converters cut and relabel tables. Drawn
per report from its seed:

- section two as one table per 第二十条 item, each under its own heading (``### 第二十条第（一）项``,
  a bold line or a plain line), or as one table with the item titles inside;
- section four as three small tables under ``### 行政复议``, ``### 行政诉讼（未经复议直接起诉）`` and
  ``### 行政诉讼（复议后起诉）`` (5 columns each), or as one 15-column table;
- headers: the real names flattened into one row, the official multi-row header, generic names
  (``数据1 … 数据6 | 总计``), none at all (the first data row stands in the header slot), or
  fragments as in corpus sh_kewei_2024.md: the header text on plain lines, a header row of the
  wrapped cells' tails (``| 业 | 构 | 益组织 | 务机构 |``) with a padding column, section two as
  plain ``行政处罚 0`` lines, section four's 15 values under a 12-cell fragment row;
- section three's labels in one column (group labels as rows of their own, plain lines, or
  dropped) or the official three label columns;
- a long label wrapped onto plain lines, then a pipe row of its values with no label (an empty
  label cell, or no label cell at all), sometimes as a one-row table with its own separator;
  consecutive wrapped rows batched (all labels, then all value rows), or the value rows first
  (corpus sh_kewei_2024.md) — always in the same order as their labels;
- ``<br>`` inside cells where the converter kept a line break; bold markers on labels and values;
- section three cut by a page: a page number line, then a new table (header repeated or not).

Values come from ``printed.value_text``; blank cells stay empty pipes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from bench.generator.model import GenReport
from bench.generator.outline import outline
from bench.generator.printed import value_text
from bench.generator.tables import WIDTH, Grid, GridCell, expand
from extract.templates import ACTIVE, APPLICANT_LABELS, APPLICATIONS, REVIEW_COLUMN_LABELS

REVIEW_PARTS = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")


@dataclass
class OcrStyle:
    """Per-report choices of the converter."""

    heading: str  # md | bold | plain
    two_split: bool
    four_split: bool
    sub_heading: str  # h3 | h4 | bold | plain
    header: str  # names | official | generic | none | fragments (header text as plain lines)
    label_cols: str  # one | three
    group_label: str  # row | line | drop
    wrap_over: int  # labels longer than this (chars) may be wrapped onto plain lines
    wrap_share: float
    unlabelled_cell: bool  # the value row after a wrapped label keeps an empty label cell
    br: float
    bold_labels: bool
    bold_totals: bool
    orphan_sep: bool  # a label-less value row gets its own separator row (a one-row table)
    batch: bool  # consecutive wrapped rows: all their label lines first, then all value rows
    values_first: bool  # the label-less value rows come before the label lines (sh_kewei_2024.md)
    page_break: float  # chance that section three is cut by a page: page number, new table
    repeat_header: bool  # the continuation repeats the header (else its first row takes the slot)


def _draw(rng: random.Random) -> OcrStyle:
    return OcrStyle(
        heading=rng.choice(("md", "bold", "plain")),
        two_split=rng.random() < 0.7,
        four_split=rng.random() < 0.7,
        sub_heading=rng.choice(("h3", "h3", "h4", "bold", "plain")),
        header=rng.choice(("names", "names", "official", "generic", "none", "fragments")),
        label_cols=rng.choice(("one", "one", "three")),
        group_label=rng.choice(("row", "line", "drop")),
        wrap_over=rng.choice((14, 18, 24)),
        wrap_share=rng.choice((0.0, 0.5, 1.0)),
        unlabelled_cell=rng.random() < 0.6,
        br=rng.choice((0.0, 0.2, 0.5)),
        bold_labels=rng.random() < 0.25,
        bold_totals=rng.random() < 0.25,
        orphan_sep=rng.random() < 0.4,
        batch=rng.random() < 0.5,
        values_first=rng.random() < 0.25,
        page_break=rng.choice((0.0, 0.5, 1.0)),
        repeat_header=rng.random() < 0.5,
    )


class MdOcr:
    """One report printed the converter's way."""

    def __init__(self, rep: GenReport) -> None:
        self.rep = rep
        self.rng = random.Random(f"md_ocr:{rep.seed}:{rep.layout}")
        self.st = _draw(self.rng)

    # -- small pieces ---------------------------------------------------------------------------
    def _heading(self, text: str, level: int = 2) -> str:
        st = self.st.heading
        return f"{'#' * level} {text}" if st == "md" else f"**{text}**" if st == "bold" else text

    def _sub(self, text: str) -> str:
        st = self.st.sub_heading
        return {"h3": f"### {text}", "h4": f"#### {text}", "bold": f"**{text}**"}.get(st, text)

    def _br(self, text: str) -> str:
        """A line break the converter kept inside a cell."""
        if len(text) >= 6 and self.rng.random() < self.st.br:
            cuts = [k for k in range(2, len(text) - 1) if text[k - 1] not in "（(" and text[k] not in "）)，,、"]
            if cuts:
                k = self.rng.choice(cuts)
                return text[:k] + "<br>" + text[k:]
        return text

    def _label(self, text: str) -> str:
        text = self._br(text.replace("\n", ""))
        return f"**{text}**" if self.st.bold_labels and self.rng.random() < 0.5 else text

    def _value(self, c: GridCell, total: bool) -> str:
        t = value_text(self.rep, c.key) if c.key else c.text
        return f"**{t}**" if t and total and self.st.bold_totals else t

    @staticmethod
    def _row(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    def _table(self, header: list[str] | None, body: list[list[str]], width: int) -> list[str]:
        """A pipe table; with no header the first body row takes the header slot."""
        rows = [header] if header is not None else body[:1]
        rest = body if header is not None else body[1:]
        out = [self._row(rows[0]), "|" + "---|" * width]
        out += [self._row(r) for r in rest]
        return out

    def _wrapped(
        self, label: str, values: list[str], lead: int, groups: list[str]
    ) -> tuple[list[str], list[str]] | None:
        """A long label on plain lines (after any group label starting on its row) and its values
        as a pipe row without the label: (label lines, value lines)."""
        if len(label) <= self.st.wrap_over or self.rng.random() >= self.st.wrap_share:
            return None
        k = self.rng.randint(len(label) // 3, 2 * len(label) // 3)
        row = ([""] * lead if self.st.unlabelled_cell else []) + values
        lines = [self._row(row)] + (["|" + "---|" * len(row)] if self.st.orphan_sep else [])
        return [*groups, label[:k], label[k:]], lines

    def _orphans(self, labels: list[str], values: list[str]) -> list[str]:
        """Wrapped labels and their label-less value rows, in one order or the other."""
        first, second = (values, labels) if self.st.values_first else (labels, values)
        return ["", *first, "", *second, ""]

    # -- section two ----------------------------------------------------------------------------
    def active(self, grid: Grid) -> list[str]:
        items: list[tuple[str, list[str], list[list[str]]]] = []
        for row in grid:
            kinds = {c.kind for c in row}
            if "title" in kinds:
                items.append((row[0].text, [], []))
            elif "header" in kinds:
                items[-1][1].extend(self._br(c.text) for c in row)
            else:
                items[-1][2].append([self._label(row[0].text)] + [self._value(c, False) for c in row[1:]])
        out: list[str] = []
        if self.st.header == "fragments":  # no table at all: "行政处罚 0" lines (sh_kewei_2024.md)
            for title, head, rows in items:
                out += [title, "".join(h.replace("<br>", "") for h in head)]
                out += [" ".join(r).replace("<br>", "") for r in rows]
            return out
        if not self.st.two_split:
            body: list[list[str]] = []
            for title, head, rows in items:
                body.append([title, "", "", ""])
                body.append(head + [""] * (4 - len(head)))
                body += [r + [""] * (4 - len(r)) for r in rows]
            return self._table(None, body, 4)
        for title, head, rows in items:
            width = len(head)
            header: list[str] | None = head
            if self.st.header == "generic":
                header = ["项目"] + [f"数据{k}" for k in range(1, width)]
            elif self.st.header == "none":
                header = None
            note = self._unit_note(head) if header is not head else []
            out += ["", self._sub(title), ""] + note + self._table(header, rows, width)
        return out

    def _unit_note(self, head: list[str]) -> list[str]:
        """A header that carried an amount's unit is gone (generic or no header): converters keep the
        unit as a note line above the table (（单位：元）), as scanned reports print it, so the
        printed numbers still say what they count."""
        for h in head:
            for unit in ("千元", "万元", "元"):
                if ("金额" in h) and unit in h:
                    return [f"（单位：{unit}）", ""]
        return []

    # -- section three --------------------------------------------------------------------------
    def _app_header(self) -> tuple[list[list[str]] | None, int]:
        lead = 1 if self.st.label_cols == "one" else 3
        names = [self._br(h) for h in APPLICANT_LABELS]
        h = self.st.header
        if h == "fragments":  # the tails of wrapped header cells, one padding column too many
            return [["业", "构", "益组织", "务机构"] + [""] * (lead + 4)], lead
        if h == "generic":
            return [[""] * (lead - 1) + ["项目"] + [f"数据{k}" for k in range(1, 7)] + ["总计"]], lead
        if h == "none":
            return None, lead
        if h == "official":
            pad = [""] * (lead - 1)
            return [
                pad + ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"] + [""] * 6,
                pad + ["", "自然人", "法人或其他组织", "", "", "", "", "总计"],
                pad + ["", ""] + names[1:6] + [""],
            ], lead
        return [[""] * (lead - 1) + ["项目"] + names], lead

    def applications(self, grid: Grid) -> list[str]:
        head, lead = self._app_header()
        pad = [""] if self.st.header == "fragments" else []
        width = lead + 7 + len(pad)
        out: list[str] = []
        if pad:  # the rest of the header as plain lines (corpus sh_kewei_2024.md)
            out += ["申请人情况", "（本列数据的勾稽关系为：第一项加第二项法人或其他组织", "之和，等于第三项加第四项之和）",
                    "自然人总计", "商业企科研机社会公法律服", "其他", ""]  # fmt: skip
        table: list[list[str]] = []

        first = True

        def flush() -> None:
            nonlocal table, first
            if not table:
                return
            if first:
                rows = (head or []) + table
                out.extend(self._table(rows[0], rows[1:], width))
                first = False
            else:
                out.extend(self._row(r) for r in table)  # a continuation: pipe rows only
            table = []

        slots = expand(grid, WIDTH[APPLICATIONS])
        held_labels: list[str] = []
        held_values: list[str] = []
        cut = self.rng.randint(6, len(grid) - 2) if self.rng.random() < self.st.page_break and len(grid) > 8 else -1
        for i, row in enumerate(grid[3:], start=3):
            if i == cut:  # a page ends inside the table: the converter starts a new one
                flush()
                out += ["", self.rng.choice(("- {n} -", "— {n} —", "第{n}页", "{n}")).format(n=self.rng.randint(2, 4)), ""]
                first = True
                if not self.st.repeat_header:
                    head = None
            labels = [c for c in row if c.kind == "label"]
            values = [self._value(c, c.key is not None and c.key[2] == "total") for c in row if c.kind == "value"]
            values += [""] * (7 - len(values))  # a truncated row printed only its first cells
            label = labels[-1].text.replace("\n", "")
            groups: list[str] = []
            if lead == 1:
                for g in labels[:-1]:
                    text = g.text.replace("\n", "")
                    if self.st.group_label == "row" or text.startswith(("（", "(")):
                        table.append([self._label(text)] + [""] * 7 + pad)
                    elif self.st.group_label == "line":
                        flush()
                        out += ["", text, ""]
                cells = [self._label(label)]
            else:
                cells = [self._label(c.text) if how == "own" else "" for c, how in slots[i][:3]]
                groups = [g.text.replace("\n", "") for g in labels[:-1]]
            wrapped = self._wrapped(label, values, lead, groups) if i > 3 else None
            if wrapped is not None:
                flush()
                held_labels += wrapped[0]
                held_values += wrapped[1]
                if not self.st.batch:
                    out += self._orphans(held_labels, held_values)
                    held_labels, held_values = [], []
                continue
            if held_labels:
                out += self._orphans(held_labels, held_values)
                held_labels, held_values = [], []
            table.append(cells + values + pad)
        flush()
        if held_labels:
            out += self._orphans(held_labels, held_values)
        return out

    # -- section four ---------------------------------------------------------------------------
    def review(self, grid: Grid) -> list[str]:
        values = [self._value(c, c.key is not None and c.key[2] == "total") for c in grid[3]]
        heads = [self._br(h) for h in REVIEW_COLUMN_LABELS]
        if self.st.header == "fragments":  # header as plain lines, a 12-cell fragment row, 15 values
            frag = ["维持", "纠正", "结果", "审结", "结果", "结果", "其他", "尚未", "结果", "结果", "其他", "尚未"]
            return [
                "行政复议行政诉讼", "未经复议直接起诉复议后起诉", "结果结果其他尚未", "总计", "总计总计",
                "维持纠正结果审结维持纠正结果审结", self._row(frag), "|" + "---|" * 12, self._row(values),
                "|" + "---|" * 15,
            ]  # fmt: skip
        if not self.st.four_split:
            top = ["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9
            mid = heads + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""]
            low = heads + heads + heads
            if self.st.header == "generic":
                return self._table(["数据" + str(k) for k in range(1, 16)], [values], 15)
            return self._table(top, [mid, low, values], 15)
        out: list[str] = []
        for k, part in enumerate(REVIEW_PARTS):
            header: list[str] | None = heads
            if self.st.header == "generic":
                header = [f"数据{n}" for n in range(1, 5)] + ["总计"]
            elif self.st.header == "none":
                header = None
            body = [values[5 * k : 5 * k + 5]]
            if header is None:
                out += ["", self._sub(part), "", self._row(body[0])]
            else:
                out += ["", self._sub(part), ""] + self._table(header, body, 5)
        return out

    # -- document -------------------------------------------------------------------------------
    def render(self) -> str:
        return markdown_document(self.rep, self.rng, self.st.heading == "md", self._heading, self._section)

    def _section(self, section: str, grid: Grid) -> list[str]:
        if section == ACTIVE:
            return self.active(grid)
        if section == APPLICATIONS:
            return self.applications(grid)
        return self.review(grid)


def markdown_document(
    rep: GenReport,
    rng: random.Random,
    title_md: bool,
    heading: Callable[..., str],
    table: Callable[[str, Grid], list[str]],
) -> str:
    """A report as converter markdown: the outline's title, headings (sub-headings as headings
    half of the time), paragraphs and sign-off, with each table printed by ``table`` — the part
    in which the converters differ."""
    out: list[str] = []
    for b in outline(rep):
        if b.kind == "title":
            out += ["# " + b.text.replace("\n", "") if title_md else b.text.replace("\n", ""), ""]
        elif b.kind == "heading":
            out += [heading(b.text), ""]
        elif b.kind == "subheading":
            out += [heading(b.text, 3) if rng.random() < 0.5 else b.text, ""]
        elif b.kind == "para":
            out += [b.text, ""]
        elif b.kind == "table":
            assert b.grid is not None
            out += table(b.section, b.grid)
            out.append("")
        elif b.kind == "signoff":
            out += [*b.text.split("\n"), ""]
    return "\n".join(out) + "\n"


def render_md_ocr(rep: GenReport) -> str:
    return MdOcr(rep).render()
