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


@lru_cache(maxsize=1)
def _engine() -> Any:
    """The OCR engine, loaded once per process (loading the models takes ~0.5 s)."""
    import logging

    from rapidocr import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    return RapidOCR(params={"Global.log_level": "warning"}) if _accepts_params() else RapidOCR()


def _accepts_params() -> bool:
    import inspect

    from rapidocr import RapidOCR

    return "params" in inspect.signature(RapidOCR.__init__).parameters


def ocr_boxes(gray: Any) -> list[Box]:
    """OCR text boxes of a grayscale page (numpy array), in pixels, with their scores."""
    import numpy as np

    result = _engine()(np.stack([gray] * 3, axis=-1), use_cls=False)
    boxes: list[Box] = []
    if result is None or getattr(result, "boxes", None) is None:
        return boxes
    for quad, text, score in zip(result.boxes, result.txts, result.scores, strict=False):
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        if text and text.strip():
            boxes.append(Box(text.strip(), min(xs), min(ys), max(xs), max(ys), round(float(score), 3)))
    return boxes


def image_lines(img: Any, page: int | None = None) -> list[Line]:
    """Lines of one scanned page (a PIL image): ruled tables as tab rows, the rest by position."""
    import numpy as np

    from extract.readers.pdf import page_lines
    from extract.readers.rulings import image_edges, tables_from_edges

    gray = np.asarray(img.convert("L"))
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
