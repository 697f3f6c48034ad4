"""DOCX with real merged cells (python-docx ``merge`` writes ``gridSpan`` and ``vMerge``), header
cells with line breaks, headings as styled paragraphs: what agencies upload from Word.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from bench.generator.model import GenReport
from bench.generator.outline import Block, outline
from bench.generator.tables import WIDTH, Grid, expand


def _table(doc, grid: Grid, width: int) -> None:
    matrix = expand(grid, width)
    table = doc.add_table(rows=len(matrix), cols=width)
    table.style = "Table Grid"
    for i, row in enumerate(matrix):
        for j, (c, how) in enumerate(row):
            if how != "own" or c is None:
                continue
            cell = table.cell(i, j)
            if c.rs > 1 or c.cs > 1:
                cell = cell.merge(table.cell(i + c.rs - 1, j + c.cs - 1))
            para = cell.paragraphs[0]
            para.add_run(c.text)  # "\n" becomes <w:br/>


def render_docx(rep: GenReport, put_table: Callable[[Any, Block], None] | None = None) -> bytes:
    """The report as a Word file: headings, paragraphs and tables in outline order. ``put_table``
    writes a table block some other way (the pictures layout adds an image instead)."""
    from docx import Document

    doc = Document()
    doc.core_properties.author = ""
    for b in outline(rep):
        if b.kind == "title":
            for ln in b.text.split("\n"):
                doc.add_heading(ln, level=1)
        elif b.kind == "heading":
            doc.add_heading(b.text, level=2)
        elif b.kind == "table":
            if put_table is not None:
                put_table(doc, b)
            else:
                assert b.grid is not None
                _table(doc, b.grid, WIDTH[b.section])
        else:
            for ln in b.text.split("\n"):
                doc.add_paragraph(ln)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
