"""Word (.docx) reports: paragraphs and tables in body order, merged cells resolved.

python-docx's ``table.rows[i].cells`` repeats a merged cell in every slot it covers, which hides
whether a slot is a column span (``w:gridSpan``: write the cell once) or a vertical merge
(``w:vMerge``: an empty label slot below the label). The reader walks the XML instead and hands
the spans to ``grid``, like the HTML reader, so Word and web reports give the same tab rows. Body
order matters because a table's section is known only from the heading before it.
"""

from __future__ import annotations

import io
import zipfile

from extract.document import Document, Line
from extract.readers.grid import Cell, grid_lines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(el) -> str:
    """Text of a paragraph or cell: runs joined, <w:br/> and paragraphs as newlines."""
    out: list[str] = []
    for p in el.iter(f"{_W}p"):
        if out:
            out.append("\n")
        for node in p.iter():
            if node.tag == f"{_W}t" and node.text:
                out.append(node.text)
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                out.append("\n")
            elif node.tag == f"{_W}tab":
                out.append(" ")
    return "".join(out)


def _grid_cells(tbl) -> list[Cell]:
    """Cells of a Word table with their grid positions, gridSpan and vMerge resolved."""
    cells: list[Cell] = []
    open_merge: dict[int, Cell] = {}  # grid column -> cell whose vMerge is still going down
    for r, tr in enumerate(tbl.findall(f"{_W}tr")):
        col = 0
        trpr = tr.find(f"{_W}trPr")
        if trpr is not None:
            before = trpr.find(f"{_W}gridBefore")
            if before is not None:
                col += int(before.get(f"{_W}val", "0") or 0)
        for tc in tr.findall(f"{_W}tc"):
            tcpr = tc.find(f"{_W}tcPr")
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(f"{_W}gridSpan")
                if gs is not None:
                    span = max(1, int(gs.get(f"{_W}val", "1") or 1))
                vm = tcpr.find(f"{_W}vMerge")
                if vm is not None:
                    vmerge = vm.get(f"{_W}val", "continue")
            if vmerge == "continue" and col in open_merge:
                above = open_merge[col]
                above.rowspan = r - above.row + 1
            else:
                text = _text(tc)
                cell = Cell(text, r, col, 1, span)
                cells.append(cell)
                if vmerge == "restart":
                    open_merge[col] = cell
                else:
                    open_merge.pop(col, None)
            col += span
    return cells


_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


def _pictures(d, paragraph, first_line: int) -> list[Line]:
    """Tables pasted as pictures (word/media) read by OCR where they stand (``image.picture_lines``)."""
    out: list[Line] = []
    for blip in paragraph.iter(_BLIP):
        part = d.part.related_parts.get(blip.get(_EMBED, ""))
        if part is not None and getattr(part, "blob", None):
            from extract.readers.image import picture_lines

            out.extend(picture_lines(part.blob, first_line + len(out)))
    return out


def read_docx(data: bytes, fmt: str = "docx") -> Document:
    """A .docx file as a Document: body paragraphs and tables in order (nested tables flattened)."""
    from extract.readers import ReaderError

    try:
        import docx  # python-docx

        d = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReaderError("docx_damaged", f"the Word file is damaged or not a .docx: {exc}") from exc
    except Exception as exc:  # lxml and python-docx raise their own types for broken parts
        raise ReaderError("docx_damaged", f"the Word file cannot be read: {exc}") from exc
    lines: list[Line] = []
    meta: dict[str, str] = {}
    title = (d.core_properties.title or "").strip()
    if title:
        meta["title"] = title

    def walk(parent) -> None:
        for child in parent:
            if child.tag == f"{_W}p":
                for part in _text(child).split("\n"):
                    if part.strip():
                        lines.append(Line(part.strip(), line=len(lines) + 1))
                lines.extend(_pictures(d, child, len(lines) + 1))
            elif child.tag == f"{_W}tbl":
                nested = [tc for tc in child.iter(f"{_W}tc") if tc.find(f".//{_W}tbl") is not None]
                if nested:  # a layout table around the real ones: read its cells as body
                    for tc in child.iter(f"{_W}tc"):
                        if tc.find(f".//{_W}tbl") is not None:
                            walk(tc)
                    continue
                for ln in grid_lines(_grid_cells(child)):
                    ln.line = len(lines) + 1
                    lines.append(ln)
            elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
                walk(child)

    walk(d.element.body)
    if not lines:
        raise ReaderError("empty", "the Word file has no text")
    return Document(lines, "docx", meta)
