"""Text layouts, each mimicking documents in /work/shared/seeds and corpus:

- ``tab``: one line per table row, TAB between cells, row-spanned slots empty, column spans
  either padded with empty cells or not (seeds 000, 001, 004; optional ``##`` headings).
- ``cells``: a Word table pasted as text: a blank line per row, then one TAB-indented line per
  cell, header cells broken over lines (``本年新\\n制作数量``), values padded (seeds 002, 003).
- ``md``: markdown pipe tables as a PDF converter writes them (clean grid, spans as empty cells).
- ``flat``: a scraped page: a header block, then the whole body on one line with the table cells
  glued (``规章007``), as in corpus pingtan_2020.txt / pingtan_2022.txt.
"""

from __future__ import annotations

from bench.generator.model import GenReport, Key
from bench.generator.narrative import title_lines
from bench.generator.outline import Block, outline
from bench.generator.printed import value_text
from bench.generator.tables import WIDTH, Grid, expand, grid_for, placeholder
from extract.templates import REVIEW


def _spaced(text: str, label_space: int) -> str:
    """A stray space inside a long label (copied from a PDF): 其他法律行政法规 禁止公开."""
    if not label_space or len(text) < 10:
        return text
    k = len(text) * label_space // 4
    return text[:k] + " " + text[k:]


def _tab_table(grid: Grid, width: int, pad: bool, label_space: int = 0) -> list[str]:
    lines = []
    for row in expand(grid, width):
        cells = []
        prev = None
        for c, how in row:
            if how == "own":
                text = c.text.replace("\n", "")
                cells.append(_spaced(text, label_space) if c.kind == "label" else text)
            elif (how == "row" and c is not prev) or pad:
                cells.append("")  # a merged cell leaves one empty slot (or one per column, padded)
            prev = c
        lines.append("\t".join(cells))
    return lines


def _break(text: str, cut: int = 0) -> str:
    """本年新制作数量 → 本年新\\n制作数量 (Word wraps narrow header cells; ``cut`` chars first)."""
    if len(text) < 4 or "\n" in text:
        return text
    cut = min(cut, len(text) - 1) if cut else 3 if len(text) >= 6 else 2
    return text[:cut] + "\n" + text[cut:]


def _cells_table(rep: GenReport, grid: Grid, width: int, pad_values: bool = True) -> list[str]:
    st = rep.style
    lines: list[str] = []
    for row in expand(grid, width):
        lines.append("")
        prev = None
        for c, how in row:
            seen, prev = c is prev, c
            if how == "col":
                continue
            if how == "row":
                if not seen:  # a vertically merged cell is one empty cell, however wide
                    lines.append("\t")
                continue
            text = c.text
            if c.kind == "header" and st.break_headers and len(text) <= 8:
                text = _break(text, st.header_cut)
            elif c.kind == "value" and pad_values:
                text = st.value_pad + text if text else " "
            lines.append("\t" + text)
    return lines


def _md_table(grid: Grid, width: int, label_space: int = 0) -> list[str]:
    rows = []
    for row in expand(grid, width):
        cells = [
            (_spaced(c.text.replace("\n", ""), label_space) if c.kind == "label" else c.text.replace("\n", ""))
            if how == "own"
            else ""
            for c, how in row
        ]
        cells += [""] * (width - len(cells))
        rows.append("| " + " | ".join(cells) + " |")
    rows.insert(1, "|" + "---|" * width)
    return rows


_COMPILED: dict[tuple, tuple[list[str], list[tuple[str, ...]]]] = {}


def _table_text(rep: GenReport, section: str, layout: str) -> str:
    """A table in a line layout. The layout of a table depends only on its shape and a few style
    flags, so it is compiled once (values as placeholders) and filled per report: this is what
    makes 100k-report runs cheap."""
    st = rep.style
    key = (
        layout, section, rep.template, rep.defect_detail.get("truncate"), st.paren_ascii, st.ordinal_space,
        st.pad_colspan, st.break_headers, st.amount_style, st.header_cut, st.label_space,
    )  # fmt: skip
    compiled = _COMPILED.get(key)
    if compiled is None:
        grid = grid_for(rep, section, placeholder)
        w = WIDTH[section]
        if layout == "tab":
            lines = _tab_table(grid, w, st.pad_colspan, st.label_space)
        elif layout == "cells":
            lines = _cells_table(rep, grid, w, pad_values=False)
        else:
            lines = _md_table(grid, w, st.label_space)
        frags = "\n".join(lines).split("\x00")
        compiled = _COMPILED[key] = (frags[0::2], [tuple(f.split("|")) for f in frags[1::2]])
    statics, keys = compiled
    texts = [value_text(rep, k) for k in keys]  # type: ignore[arg-type]
    if layout == "cells":
        pad = st.value_pad
        texts = [pad + t if t else " " for t in texts]
    elif st.value_space:
        sp = st.value_space
        texts = [sp + t + sp if t else t for t in texts]
    out = [""] * (len(statics) + len(texts))
    out[0::2] = statics
    out[1::2] = texts
    return "".join(out)


def _heading(rep: GenReport, b: Block, level: int) -> str:
    return ("#" * level + " " + b.text) if rep.style.md_headings else b.text


def render_lines(rep: GenReport, layout: str) -> str:
    """The tab / cells / md layouts (they share paragraph handling)."""
    out: list[str] = []
    blank = layout != "cells"
    for b in outline(rep, grids=False):
        if b.kind == "title":
            lines = b.text.split("\n")
            out += ["", ("# " + lines[0]) if rep.style.md_headings else lines[0], *lines[1:]]
        elif b.kind == "heading":
            out.append(_heading(rep, b, 2 if not b.section else 2))
        elif b.kind in ("para", "subheading"):
            out.append(b.text)
        elif b.kind == "table":
            out.append(_table_text(rep, b.section, layout))
        elif b.kind == "signoff":
            name, when = b.text.split("\n")
            out += ["", " " * 40 + name, " " * 40 + when]
        if blank:
            out.append("")
    return "\n".join(out) + "\n"


def render_tab(rep: GenReport) -> str:
    return render_lines(rep, "tab")


def render_cells(rep: GenReport) -> str:
    return render_lines(rep, "cells")


def render_md(rep: GenReport) -> str:
    return render_lines(rep, "md")


_FLAT: dict[tuple, list[tuple[str, str, tuple[Key, ...]]]] = {}


def _flat_table(rep: GenReport, section: str) -> str:
    """All cell texts glued; a row's values spaced only when the style says so. The row labels of
    a shape are compiled once; values are filled per report."""
    st = rep.style
    key = (section, rep.template, rep.defect_detail.get("truncate"), st.paren_ascii, st.ordinal_space, st.amount_style)
    rows = _FLAT.get(key)
    if rows is None:
        rows = []
        for row in grid_for(rep, section, placeholder):
            keys = tuple(c.key for c in row if c.key is not None)
            rid = "review" if keys and keys[0][0] == REVIEW else (keys[0][1] if keys else "")
            labels = "".join(c.text.replace("\n", "") for c in row if c.kind != "value")
            rows.append((rid, labels, keys))
        _FLAT[key] = rows
    parts: list[str] = []
    blank = rep.blank
    for rid, labels, keys in rows:
        spaced = st.flat_spaced_review if rid == "review" else rid in st.flat_spaced_rows
        vals = [value_text(rep, k) for k in keys if k not in blank]
        if spaced:
            parts.append(labels + (" " if labels else "") + " ".join(vals) + " ")
        else:
            parts.append(labels + "".join(vals))
    return "".join(parts)


def render_flat(rep: GenReport) -> str:
    """A scraped page: metadata header, then the body on one line (pingtan style)."""
    title = "".join(title_lines(rep))
    pub = rep.published_on
    head = [
        f"标题: {title}",
        f"发布时间: {pub.isoformat()} {9 + rep.seed % 8:02d}:{rep.seed % 60:02d}" if pub else "发布时间: ",
        "文号: ",
        "栏目: 政府信息公开年报",
        "==================== 正文 ====================",
    ]
    body: list[str] = []
    for b in outline(rep, grids=False):
        if b.kind == "title":
            body.append(title + " ")
        elif b.kind == "table":
            body.append(_flat_table(rep, b.section))
        elif b.kind == "signoff":
            continue
        else:
            body.append(b.text)
    return "\n".join(head) + "\n" + "".join(body) + "\n"


def render_layout(rep: GenReport) -> str:
    from bench.generator.render_layout import render_layout as _render

    return _render(rep)


def render_md_ocr(rep: GenReport) -> str:
    from bench.generator.render_md_ocr import render_md_ocr as _render

    return _render(rep)


def render_md_tools(rep: GenReport) -> str:
    from bench.generator.render_md_tools import render_md_tools as _render

    return _render(rep)


TEXT_RENDERERS = {
    "tab": render_tab, "cells": render_cells, "md": render_md, "flat": render_flat,
    "layout": render_layout, "md_ocr": render_md_ocr, "md_tools": render_md_tools,
}  # fmt: skip
