"""Scanned reports (png/jpg/tif, and PDF pages without a text layer) through OCR.

Scans are made the way offices make them: printed, scanned at 150-300 dpi, turned by a degree,
JPEG-compressed, speckled. The page is straightened and its ruled tables found in the pixels
(``pixel_grid``: adaptive threshold, morphological strokes, pdfplumber's edge-to-cell code), so a
table gives exact cells, blank cells included. Text is then placed by geometry, never by a
detector's box: each cell's crop is read on its own and the text outside the tables line by line
(``ocr``: rapidocr's recogniser only, batched), so ``00 00`` across two cells or labels of two rows
on one line cannot happen. Tables become tab rows through the same grid code as HTML/DOCX/PDF
(``grid.grid_lines``); text outside tables is laid out by box positions (``layout``), which also
rebuilds borderless tables. Each cell's OCR confidence goes to ``Line.confidence`` so the mapper
warns on doubtful cells (and ``extract.ocr_repair`` lets the identities settle them).
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import Any

from extract.document import Document, Line
from extract.readers.grid import Cell, grid_lines
from extract.readers.layout import Box

# Scans are upright (no angle classifier); one thread (the budget is CPU seconds per page on one
# core). Only the recogniser is used (``ocr``); the detector settings stay for callers of the engine.
OCR_PARAMS = {
    "Global.use_cls": False,
    "Global.log_level": "warning",
    "Det.limit_type": "max",
    "Det.limit_side_len": 1280,
    "EngineConfig.onnxruntime.intra_op_num_threads": 1,
    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
}


@lru_cache(maxsize=1)
def _engine() -> Any:
    """The OCR engine, loaded once per process (loading the models takes ~1-3 s)."""
    from rapidocr import RapidOCR

    return RapidOCR(params=OCR_PARAMS)


def strips(gray: Any, ratio: float = 1.45) -> list[tuple[int, int]]:
    """Row ranges of page-shaped strips of a tall image (pages stacked in one PNG, a long
    screenshot), cut where a pixel row holds no ink, so the detector's size limit never shrinks
    a whole report into unreadable text."""
    h, w = gray.shape
    step = int(w * ratio)
    if h <= step * 1.15:
        return [(0, h)]
    import numpy as np

    # dark pixels per row, smoothed: a speckled scan has no row without ink, so the cut goes to
    # the emptiest stretch near where the page should end (the margins between two pages), not
    # to the first row without ink (the cut drifted into the next page's table by ~45 px a page)
    dark = (gray < 160).sum(axis=1).astype(np.float64)
    smooth = np.convolve(dark, np.ones(15) / 15, mode="same")
    out: list[tuple[int, int]] = []
    top = 0
    while h - top > step * 1.15:
        target = top + step
        lo, hi = max(top + 1, target - step // 3), min(h - 1, target + step // 3)
        window = smooth[lo:hi]
        least = float(window.min())
        quiet = np.nonzero(window <= least + 2.0)[0] + lo
        runs = np.split(quiet, np.nonzero(np.diff(quiet) > 1)[0] + 1)
        run = max(runs, key=lambda r: (len(r), -abs(int(r[len(r) // 2]) - target)))
        cut = int(run[len(run) // 2])  # the middle of the widest empty stretch: between two pages
        out.append((top, cut))
        top = cut
    out.append((top, h))
    return out


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _nearest(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


_NUMBERED_LABEL = re.compile(r"^([1-9])[\s.,，、·]*(?=[\u4e00-\u9fff])")


_GROUP_NUMBER = re.compile(r"^[一二三四五六七八九十]{1,2}[)）]")
_STRAY_MARK = re.compile(r"(?<=[\u4e00-\u9fff])[,.](?=[\u4e00-\u9fff])")


def _label_point(text: str) -> str:
    """``3其他``/``3 其他`` → ``3.其他``: the small point after an item number is the mark OCR
    most often drops or misreads, and the template's labels carry it. A Latin comma or point
    between two Chinese characters is a speck or a split stroke (Chinese text prints ``，``)."""
    text = _NUMBERED_LABEL.sub(r"\1.", text)
    if _GROUP_NUMBER.match(text):
        text = "（" + text  # the opening bracket at a crop's edge is the other mark OCR drops
    return _STRAY_MARK.sub("", text)


def grid_cells(boxes: list[tuple[float, float, float, float]], readings: list[Any], tol: float) -> list[Cell]:
    """Grid cells of one ruled table: spans from where each cell box's sides fall among all sides."""
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes], tol)
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes], tol)
    cells: list[Cell] = []
    for b, rd in zip(boxes, readings, strict=True):
        c0, c1 = _nearest(xs, b[0]), _nearest(xs, b[2])
        r0, r1 = _nearest(ys, b[1]), _nearest(ys, b[3])
        if c1 <= c0 or r1 <= r0:
            continue
        text, conf = (_label_point(rd.text), rd.confidence) if rd is not None else ("", None)
        cells.append(Cell(text, r0, c0, r1 - r0, c1 - c0, bbox=tuple(round(v, 1) for v in b), confidence=conf))
    return cells


def page_gray(img: Any) -> Any:
    """A page as grey levels in which a red seal fades: for a colour scan each pixel's lightest
    channel (black print stays dark in all three, red or blue ink is light in one), so the sign-off
    date under the seal and the cells a seal overlaps read as print only. Grey images as they are."""
    if img.mode in ("RGB", "RGBA", "CMYK", "P", "YCbCr"):
        return _lightest(*img.convert("RGB").split())
    return img.convert("L")


def _lightest(*bands: Any) -> Any:
    from PIL import ImageChops

    out = bands[0]
    for b in bands[1:]:
        out = ImageChops.lighter(out, b)
    return out


def image_lines(img: Any, page: int | None = None) -> list[Line]:
    """Lines of one scanned page (a PIL image): ruled tables as tab rows, the rest by position.

    The page is straightened (``pixel_grid``); the ruled tables' cells are read crop by crop and
    the text outside them line by line (``ocr``), all strips of the page in one batched
    recognition. Boxes are in the straightened page's pixels.
    """
    import numpy as np

    from extract.readers.layout import Box, boxes_to_lines
    from extract.readers.ocr import (
        cell_strip,
        fade_seals,
        mark_before,
        point_inside,
        recognize,
        rule_beside,
        text_segments,
        wide_gap,
    )
    from extract.readers.pixel_grid import find_rules, page_unit

    gray = np.asarray(page_gray(img))
    rules = find_rules(gray)
    unit = page_unit(gray)
    strips: list[Any] = []
    where: list[tuple[int, int]] = []  # (table index or -1 for free text, item index)
    for t, boxes in enumerate(rules.tables):
        for k, box in enumerate(boxes):
            strip = cell_strip(rules.gray, rules.ink, box, unit)
            if strip is not None:
                strips.append(strip)
                where.append((t, k))
    free_ink = rules.ink.copy()
    for boxes in rules.tables:
        x0, y0 = int(min(b[0] for b in boxes)) - 3, int(min(b[1] for b in boxes)) - 3
        x1, y1 = int(max(b[2] for b in boxes)) + 3, int(max(b[3] for b in boxes)) + 3
        free_ink[max(0, y0) : y1, max(0, x0) : x1] = 0
    seal_gray, free_ink = fade_seals(rules.gray, free_ink, unit)
    segments = text_segments(seal_gray, free_ink, unit)
    for k, (_, strip) in enumerate(segments):
        strips.append(strip)
        where.append((-1, k))
    readings = recognize(strips) if strips else []
    per_table: list[list[Any]] = [[None] * len(b) for b in rules.tables]
    free: list[Box] = []
    for (t, k), rd in zip(where, readings, strict=True):
        if t >= 0:
            if rd.text[:1].isdigit() and mark_before(rules.ink, rules.tables[t][k], unit):
                rd.confidence = min(rd.confidence, 0.5)  # a dropped mark where a minus sign goes
            box = rules.tables[t][k]
            if len(rd.text) >= 2 and rd.text.isdigit() and point_inside(rules.ink, box, unit):
                rd.confidence = min(rd.confidence, 0.5)  # a decimal point the reading lost
            if rd.spaced and (point_inside(rules.ink, box, unit) or wide_gap(rules.ink, box, unit)):
                rd.confidence = min(rd.confidence, 0.3)  # a point lost in the gap, or two values
            if rd.text[:1] == "1" or rd.text[-1:] == "1":
                side = rule_beside(rules.ink, rules.tables[t][k], unit)
                if (side == "left" and rd.text[:1] == "1") or (side == "right" and rd.text[-1:] == "1"):
                    rd.confidence = min(rd.confidence, 0.5)  # the 1 may be a ruling's remnant
            per_table[t][k] = rd
        elif rd.text and (len(rd.text) > 2 or rd.confidence >= 0.8):  # a doubtful speck is not text
            x0, y0, x1, y1 = segments[k][0]
            free.append(Box(rd.text, float(x0), float(y0), float(x1), float(y1), rd.confidence))
    blocks: list[tuple[float, list[Line]]] = []
    tol = max(3.0, 4.0 * unit)
    for boxes, rds in zip(rules.tables, per_table, strict=True):
        cells = grid_cells(boxes, rds, tol)
        if len({c.col for c in cells}) < 2:
            continue  # a frame around paragraphs, not a table
        for c in cells:
            if c.confidence is None:
                c.confidence = 1.0  # a blank cell: nothing read, nothing doubtful
        blocks.append((min(b[1] for b in boxes), grid_lines(cells, page=page)))
    for ln in boxes_to_lines(free, page=page):
        blocks.append((ln.bbox[1] if ln.bbox else 0.0, [ln]))
    blocks.sort(key=lambda b: b[0])
    return [ln for _, lines in blocks for ln in lines]


def scan_scale(page: Any) -> float:
    """Pixels per point to render a scanned PDF page at: its largest picture's own resolution,
    kept within 150-300 dpi. A fixed 144 dpi shrank 300-dpi scans (resampled twice, digits read
    as ``8``) and put 150-dpi ones below the sizes the grid and crop lengths are set for."""
    import pypdfium2.raw as raw

    best = 0.0
    width = page.get_width() or 1.0
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, _, right, _ = obj.get_bounds()
        try:
            px = obj.get_px_size()[0]
        except Exception:  # noqa: BLE001 - an image pdfium cannot size: the default scale
            continue
        if right - left > 0.4 * width:
            best = max(best, px / (right - left))
    return min(300 / 72, max(150 / 72, best))


def read_image(data: bytes, fmt: str = "image") -> Document:
    """An image file (every frame of a multi-page TIFF is a page) as a Document, by OCR."""
    from PIL import Image, UnidentifiedImageError

    from extract.readers import ReaderError

    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise ReaderError("image_damaged", f"the image cannot be decoded: {exc}") from exc
    import numpy as np

    from extract.readers.pdf import join_page_breaks

    lines: list[Line] = []
    n = getattr(img, "n_frames", 1)
    page = 0
    for i in range(n):
        img.seek(i)
        frame = page_gray(img)
        if frame.width * frame.height > 60_000_000:
            raise ReaderError("image_too_large", "the image is larger than 60 megapixels")
        # pages stacked in one tall image are read page by page: each was turned on its own
        for top, bottom in strips(np.asarray(frame)):
            page += 1
            part = frame if (top, bottom) == (0, frame.height) else frame.crop((0, top, frame.width, bottom))
            lines.extend(_shifted(image_lines(part, page=page), top))
    if not lines:
        raise ReaderError("empty", "OCR found no text in the image")
    return Document(join_page_breaks(lines), "image", {"ocr_pages": ",".join(str(i + 1) for i in range(page))})


def _shifted(lines: list[Line], dy: float) -> list[Line]:
    """Lines of a strip of a tall image with their boxes in the whole image's pixels."""
    if not dy:
        return lines
    for ln in lines:
        if ln.bbox:
            ln.bbox = (ln.bbox[0], ln.bbox[1] + dy, ln.bbox[2], ln.bbox[3] + dy)
        if ln.cell_boxes:
            ln.cell_boxes = [(b[0], b[1] + dy, b[2], b[3] + dy) if b else None for b in ln.cell_boxes]
    return lines


def picture_lines(data: bytes, first_line: int = 1) -> list[Line]:
    """Lines of a picture inside another format (a table pasted into a web page or Word file).

    Pictures are drawn at screen resolution (96-144 dpi), below the 150 dpi the scan lengths are
    set for, so small ones are enlarged by half first. Pictures that are not text (a logo, a
    photo, an undecodable file) give no lines rather than an error: the document around them
    is still read.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except (UnidentifiedImageError, OSError, ValueError):
        return []
    if img.width < 200 or img.height < 60 or img.width * img.height > 60_000_000:
        return []
    frame = page_gray(img)
    if frame.width < 1400:
        frame = frame.resize((frame.width * 3 // 2, frame.height * 3 // 2), Image.Resampling.BICUBIC)
    import numpy as np

    lines: list[Line] = []
    for top, bottom in strips(np.asarray(frame)):
        part = frame if (top, bottom) == (0, frame.height) else frame.crop((0, top, frame.width, bottom))
        lines.extend(image_lines(part))
    for i, ln in enumerate(lines):
        ln.line, ln.bbox, ln.cell_boxes = first_line + i, None, None  # positions in a picture mean nothing outside it
    return lines
