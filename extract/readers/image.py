"""Scanned reports (png/jpg/tif, and PDF pages without a text layer) through OCR.

rapidocr (ONNX models inside the wheel, so offline and deterministic) returns text boxes with a
score each. A scanned table keeps its ruling lines, which give exact cells, blank cells included;
they are found in the pixels (``rulings.image_edges``) and the boxes are dropped into them, so a
scan goes through the same grid-to-tab-row code as a PDF (``pdf.page_lines``). Text outside ruled
tables is laid out by box positions (``layout``), which also rebuilds borderless tables. Each
cell's OCR score goes to ``Line.confidence`` so the mapper can warn on doubtful cells instead of
trusting a misread digit.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from extract.document import Document, Line
from extract.readers.layout import Box

# Scans are upright (no angle classifier); detection at most 1280 px on the long side (a 150-dpi
# A4 page is 1241x1754: its 10.5-pt text stays ~16 px high, enough for the detector, at half the
# cost), and small crops are not blown up to 736 px as the default ``min`` limit would.
OCR_PARAMS = {
    "Global.use_cls": False,
    "Global.log_level": "warning",
    "Det.limit_type": "max",
    "Det.limit_side_len": 1280,
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
    ink = (gray < 160).any(axis=1)
    out: list[tuple[int, int]] = []
    top = 0
    while h - top > step * 1.15:
        target = top + step
        cut = next((y for d in range(0, step // 3) for y in (target - d, target + d) if 0 < y < h and not ink[y]), target)
        out.append((top, cut))
        top = cut
    out.append((top, h))
    return out


def ocr_boxes(gray: Any) -> list[Box]:
    """OCR text boxes of a grayscale page (numpy array), in pixels, with their scores."""
    import numpy as np

    boxes: list[Box] = []
    for top, bottom in strips(gray):
        part = gray[top:bottom]
        result = _engine()(np.stack([part] * 3, axis=-1))
        if result is None or getattr(result, "boxes", None) is None:
            continue
        for quad, text, score in zip(result.boxes, result.txts, result.scores, strict=False):
            xs = [float(p[0]) for p in quad]
            ys = [float(p[1]) + top for p in quad]
            if text and text.strip():
                boxes.append(Box(text.strip(), min(xs), min(ys), max(xs), max(ys), round(float(score), 3)))
    return boxes


def skew_degrees(gray: Any) -> float:
    """The page's skew from its long near-horizontal rulings (0.0 when it has none).

    Ruling detection needs axis-aligned lines: at 0.6 degrees a 1200-px rule drifts 12 px and falls
    apart into short runs, and the table is lost. Text lines are not continuous dark runs, so only
    table rules (and underlines) are long enough to vote.
    """
    import math

    import cv2
    import numpy as np

    bw = (gray < 140).astype(np.uint8) * 255
    # keep only long horizontal runs (rules; a 2-px rule at 2 degrees still has 57-px runs) so the
    # Hough transform sees a sparse image and runs in milliseconds
    bw = cv2.morphologyEx(bw, cv2.MORPH_OPEN, np.ones((1, 41), np.uint8))
    found = cv2.HoughLinesP(bw, 1, np.pi / 1800, threshold=150, minLineLength=gray.shape[1] // 4, maxLineGap=8)
    if found is None:
        return 0.0
    segs = np.asarray(found).reshape(-1, 4).tolist()
    angles = [math.degrees(math.atan2(y2 - y1, x2 - x1)) for x1, y1, x2, y2 in segs]
    angles = [a for a in angles if abs(a) < 5]
    return float(np.median(angles)) if angles else 0.0


def image_lines(img: Any, page: int | None = None) -> list[Line]:
    """Lines of one scanned page (a PIL image): ruled tables as tab rows, the rest by position.

    A skewed page is straightened first; boxes are then in the straightened page's pixels.
    """
    import numpy as np

    from extract.readers.pdf import page_lines
    from extract.readers.rulings import image_edges, tables_from_edges

    img = img.convert("L")
    angle = skew_degrees(np.asarray(img))
    if abs(angle) >= 0.05:
        from PIL import Image

        img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    gray = np.asarray(img)
    boxes = ocr_boxes(gray)
    min_len = max(40, gray.shape[1] // 25)
    tables = tables_from_edges(image_edges(gray, min_len=min_len), tolerance=4.0)
    tables = [t for t in tables if len(t) >= 2]
    return page_lines(page, boxes, tables, boxes_free=True)


def read_image(data: bytes, fmt: str = "image") -> Document:
    """An image file (every frame of a multi-page TIFF is a page) as a Document, by OCR."""
    from PIL import Image, UnidentifiedImageError

    from extract.readers import ReaderError

    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise ReaderError("image_damaged", f"the image cannot be decoded: {exc}") from exc
    lines: list[Line] = []
    n = getattr(img, "n_frames", 1)
    for i in range(n):
        img.seek(i)
        frame = img.convert("L")
        if frame.width * frame.height > 60_000_000:
            raise ReaderError("image_too_large", "the image is larger than 60 megapixels")
        lines.extend(image_lines(frame, page=i + 1))
    if not lines:
        raise ReaderError("empty", "OCR found no text in the image")
    return Document(lines, "image", {"ocr_pages": ",".join(str(i + 1) for i in range(n))})
