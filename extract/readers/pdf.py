"""PDF reports: text layer first, ruled tables as tab rows, scanned pages through OCR.

Why pdfium only: it reads a page's characters, their boxes and its drawn paths in milliseconds,
while pdfplumber parses pages with pdfminer at ~0.25 s a page, too slow for one second per
ten-page report. Ruling lines are taken from pdfium's path objects on pages whose text names a
report table (``信息内容``, ``本年新收`` …) and turned into cells by pdfplumber's own
edge-to-table functions (``rulings``). A ruled table's cells come from the rulings (merged cells included, see ``grid``); the characters
of each cell are joined across printed lines, so vertical labels (``三、本年度办理结果`` one
character per line) and wrapped labels read whole. A table page without rulings falls back to word
positions (``layout``). A table cut by a page break is joined: a label row left without values at
the foot of a page takes the values of the label-less row heading the next page. Pages without a
text layer are scans and go to OCR. Every line keeps its page and bbox (top-left origin, points).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.document import Document, Line
from extract.readers.grid import BBox, Cell, clean_cell, grid_lines
from extract.readers.rulings import pdf_edges, tables_from_edges

# Words that only appear on pages holding one of the report tables.
TABLE_WORDS = ("信息内容", "本年新收", "本年度办理结果", "申请人情况", "结果维持", "尚未审结", "第二十条第", "上年结转", "属于国家秘密", "重复申请")
_PAGE_NUMBER = re.compile(r"^[-—–－‐―\s]*\d{1,3}[-—–－‐―\s]*$|^第\s*\d+\s*页")
_NUMERIC = re.compile(r"^[-+]?[\d,，.]+\s*(元|万元)?$")


@dataclass
class Char:
    """One printed character with its box (points, top-left origin)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def text_rows(chars: list[Char], gap: float = 0.9) -> list[list[Char]]:
    """Characters grouped into printed lines (by vertical overlap), each sorted left to right."""
    rows: list[list[Char]] = []
    spans: list[tuple[float, float]] = []
    for ch in sorted(chars, key=lambda c: (round(c.top, 1), c.x0)):
        mid = (ch.top + ch.bottom) / 2
        for i in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            top, bottom = spans[i]
            if top <= mid <= bottom:
                rows[i].append(ch)
                spans[i] = (min(top, ch.top), max(bottom, ch.bottom))
                break
        else:
            rows.append([ch])
            spans.append((ch.top, ch.bottom))
    return [sorted(r, key=lambda c: c.x0) for r in rows]


def row_text(row: list[Char], gap: float = 0.9) -> str:
    """A printed line's text; a space where a wide gap separates characters (columns, words)."""
    out: list[str] = []
    prev: Char | None = None
    for ch in row:
        if prev is not None and ch.text.strip() and ch.x0 - prev.x1 > gap * max(1.0, ch.bottom - ch.top):
            out.append(" ")
        out.append(ch.text)
        prev = ch
    return re.sub(r"[ \t\xa0\u3000]+", " ", "".join(out)).strip()


def _box(chars: list[Char]) -> tuple[float, float, float, float]:
    return (min(c.x0 for c in chars), min(c.top for c in chars), max(c.x1 for c in chars), max(c.bottom for c in chars))


def _cluster(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def table_cells(bboxes: list[tuple[float, float, float, float]], chars: list[Char]) -> tuple[list[Cell], set[int]]:
    """Grid cells of one ruled table from its cell boxes; returns the ids of the characters used."""
    xs = _cluster([b[0] for b in bboxes] + [b[2] for b in bboxes])
    ys = _cluster([b[1] for b in bboxes] + [b[3] for b in bboxes])
    cells: list[Cell] = []
    used: set[int] = set()
    for b in bboxes:
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        if c1 <= c0 or r1 <= r0:
            continue
        inside = [ch for ch in chars if b[0] <= (ch.x0 + ch.x1) / 2 <= b[2] and b[1] <= (ch.top + ch.bottom) / 2 <= b[3]]
        used.update(id(ch) for ch in inside)
        text = "\n".join(row_text(r, gap=2.0) for r in text_rows(inside))
        confs = [ch.confidence for ch in inside if getattr(ch, "confidence", None) is not None]
        cells.append(
            Cell(text, r0, c0, r1 - r0, c1 - c0, bbox=tuple(round(v, 1) for v in b), confidence=min(confs) if confs else None)
        )
    return cells, used


def _is_table_page(text: str) -> bool:
    return sum(w in text for w in TABLE_WORDS) >= 1


def _pdfium_chars(page, height: float) -> list[Char]:
    tp = page.get_textpage()
    n = tp.count_chars()
    text = tp.get_text_range(0, n) if n else ""
    chars: list[Char] = []
    if len(text) != n:  # pdfium's generated characters disagree with the count: read one by one
        text = "".join(tp.get_text_range(i, 1) or " " for i in range(n))
    for i, ch in enumerate(text):
        if ch in "\r\n\ufffe\x02" or not ch.strip():
            continue
        left, bottom, right, top = tp.get_charbox(i)
        chars.append(Char(ch, left, height - top, right, height - bottom))
    tp.close()
    return chars


def _free_lines(chars: list[Char], page_no: int) -> list[tuple[float, list[Line]]]:
    out: list[tuple[float, list[Line]]] = []
    for row in text_rows(chars):
        text = row_text(row, gap=2.0)
        if not text or _PAGE_NUMBER.match(text):
            continue
        box = _box(row)
        out.append((box[1], [Line(text, page=page_no, bbox=tuple(round(v, 1) for v in box))]))
    return out


def page_lines(
    page_no: int | None, chars: list[Char], tables: list[list[BBox]] | None = None, boxes_free: bool = False
) -> list[Line]:
    """One page's lines in reading order: free text lines and ruled tables' rows by their top.

    ``tables`` (cell boxes per ruled table) is None for a page not searched for tables; an empty
    list means a table page without rulings, read from word positions. ``boxes_free``: the text
    outside ruled tables is OCR boxes, read by position too (a scan may hold borderless tables).
    """
    blocks: list[tuple[float, list[Line]]] = []
    used: set[int] = set()
    found_table = False
    for boxes in tables or []:
        cells, ids = table_cells(boxes, chars)
        if len({c.col for c in cells}) < 2:
            continue  # a frame around paragraphs, not a table
        found_table = True
        used |= ids
        blocks.append((min(b[1] for b in boxes), grid_lines(cells, page=page_no)))
    free = [ch for ch in chars if id(ch) not in used]
    from extract.readers.layout import Box, boxes_to_lines

    if boxes_free:
        for ln in boxes_to_lines(free, page=page_no):
            blocks.append((ln.bbox[1] if ln.bbox else 0.0, [ln]))
    elif tables is not None and not found_table:
        boxes = [Box(row_text(r), *_box(r)) for r in _word_runs(free)]
        return boxes_to_lines(boxes, page=page_no)
    else:
        blocks.extend(_free_lines(free, page_no))
    blocks.sort(key=lambda b: b[0])
    return [ln for _, lines in blocks for ln in lines]


def _word_runs(chars: list[Char]) -> list[list[Char]]:
    """Runs of characters without a wide gap (a borderless table's cells)."""
    runs: list[list[Char]] = []
    for row in text_rows(chars):
        cur: list[Char] = []
        for ch in row:
            if cur and ch.x0 - cur[-1].x1 > 0.9 * max(1.0, ch.bottom - ch.top):
                runs.append(cur)
                cur = []
            cur.append(ch)
        if cur:
            runs.append(cur)
    return runs


def join_page_breaks(lines: list[Line]) -> list[Line]:
    """Join a table row cut by a page break: labels at a page foot, values heading the next page."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.page is not None
            and ln.page == prev.page + 1
            and "\t" in prev.text
            and "\t" in ln.text
        ):
            a, b = prev.text.split("\t"), ln.text.split("\t")
            a_has_values = any(_NUMERIC.match(f) for f in a if f)
            b_labels = [f for f in b if f and not _NUMERIC.match(f)]
            if len(a) == len(b) and not a_has_values and not b_labels and any(b):
                merged = [x or y for x, y in zip(a, b, strict=True)]
                out[-1] = Line("\t".join(merged), page=prev.page, bbox=prev.bbox, cell_boxes=prev.cell_boxes)
                continue
        out.append(ln)
    return out


def read_pdf(data: bytes, fmt: str = "pdf", ocr: bool = True) -> Document:
    """A PDF as a Document; pages without a text layer are OCR'd (unless ``ocr`` is False)."""
    import pypdfium2 as pdfium

    from extract.readers import ReaderError

    start = data.find(b"%PDF-", 0, 1024)
    data = data[start:] if start > 0 else data
    if not data.startswith(b"%PDF"):
        raise ReaderError("pdf_damaged", "the file does not start like a PDF")
    if b"%%EOF" not in data[-2048:]:
        raise ReaderError("pdf_truncated", "the PDF is truncated (no end-of-file marker): download it again")
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg or "security" in msg:
            raise ReaderError("pdf_encrypted", "the PDF is encrypted (password protected) and cannot be read") from exc
        raise ReaderError("pdf_damaged", f"the PDF is damaged or truncated: {exc}") from exc
    if len(doc) == 0:
        raise ReaderError("pdf_damaged", "the PDF has no pages (damaged or truncated)")
    lines: list[Line] = []
    scanned: list[int] = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            height = page.get_height()
            chars = _pdfium_chars(page, height)
            page_no = i + 1
            if len(chars) < 10 and (not chars or _has_page_image(page)):
                scanned.append(i)
                lines.extend(_ocr_page(page, page_no) if ocr else [])
                continue
            text = "".join(c.text for c in chars)
            tables = tables_from_edges(pdf_edges(page)) if _is_table_page(text) else None
            lines.extend(page_lines(page_no, chars, tables))
            page.close()
    finally:
        doc.close()
    if not any(ln.text.strip() for ln in lines):
        raise ReaderError("empty", "the PDF has no readable text" + (" (scanned pages, OCR off)" if scanned else ""))
    meta = {"pages": str(len(set(ln.page for ln in lines if ln.page)))}
    if scanned:
        meta["ocr_pages"] = ",".join(str(i + 1) for i in scanned)
    return Document(join_page_breaks(lines), "pdf", meta)


def _has_page_image(page) -> bool:
    """Whether an image covers most of the page (a scan), as opposed to a page with a short text."""
    import pypdfium2.raw as raw

    area = page.get_width() * page.get_height()
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) > 0.4 * area:
            return True
    return False


def _ocr_page(page, page_no: int) -> list[Line]:
    """A scanned page: render at its picture's resolution and read it with OCR (coordinates back
    in points)."""
    from extract.readers.image import image_lines, scan_scale

    scale = scan_scale(page)
    img = page.render(scale=scale).to_pil()
    lines = image_lines(img, page=page_no)
    for ln in lines:
        if ln.bbox:
            ln.bbox = tuple(round(v / scale, 1) for v in ln.bbox)
        if ln.cell_boxes:
            ln.cell_boxes = [tuple(round(v / scale, 1) for v in b) if b else None for b in ln.cell_boxes]
    return lines


__all__ = ["read_pdf", "page_lines", "table_cells", "clean_cell", "Char"]
