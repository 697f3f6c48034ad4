"""Pictures inside other formats: where an HTML ``<img>``'s bytes are, and the page being read.

Readers get a file's bytes, not its path, but a browser's "save page" keeps a page's pictures
beside it (``page.html`` + ``page_files/table1.png``), and many sites publish the report tables
only as such pictures. The pipeline names the page being read in ``PAGE_PATH`` (a context
variable: one run can read many files), and ``img_lines`` reads a picture from a ``data:`` URI or
from a file under the page's folder, never a path leaving it and never the network. The
picture's text comes from the scan reader (``image.picture_lines``).
"""

from __future__ import annotations

import re
from contextvars import ContextVar

from extract.document import Line

# The saved page being read (``page.html``: its pictures are in ``page_files/`` beside it); set by
# the pipeline before reading, since readers get bytes only.
PAGE_PATH: ContextVar[str | None] = ContextVar("PAGE_PATH", default=None)


def picture_bytes(src: str) -> bytes:
    """The bytes of an ``<img>`` source: a ``data:`` URI, or a file under the saved page's folder
    (never a path leaving it, never the network); empty when there is none."""
    import base64
    from pathlib import Path
    from urllib.parse import unquote

    if src.startswith("data:image/") and ";base64," in src[:64]:
        try:
            return base64.b64decode(src.split(",", 1)[1], validate=False)
        except ValueError:
            return b""
    page = PAGE_PATH.get()
    if not page or not src or re.match(r"^[a-z]+:|^/|^\\\\", src, re.I):
        return b""
    folder = Path(page).resolve().parent
    target = (folder / unquote(src.split("?")[0].split("#")[0])).resolve()
    if folder in target.parents and target.is_file() and target.stat().st_size < 20_000_000:
        return target.read_bytes()
    return b""


def img_lines(src: str) -> list[Line]:
    """Lines of an ``<img>`` read by OCR (none when its bytes cannot be had or hold no text)."""
    data = picture_bytes(src)
    if not data:
        return []
    from extract.readers.image import picture_lines

    return picture_lines(data)
