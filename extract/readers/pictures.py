"""Pictures inside other formats: where an HTML ``<img>``'s bytes are, and the page being read.

Readers get a file's bytes, not its path, but a browser's "save page" keeps a page's pictures
beside it (``page.html`` + ``page_files/table1.png``), and many sites publish the report tables
only as such pictures. The HTML reader leaves an empty line where each ``<img>`` stands (listed
in ``meta["pictures"]``); once the page is read, the pipeline calls ``with_pictures`` with the
page's path, which reads each picture from a ``data:`` URI or from a file under the page's
folder (never a path leaving it, never the network) through the scan reader
(``image.picture_lines``). Word pictures are inside the file and read by the DOCX reader.
"""

from __future__ import annotations

import re

from extract.document import Document


def picture_bytes(src: str, page: str | None) -> bytes:
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
    if not page or not src or re.match(r"^[a-z]+:|^/|^\\\\", src, re.I):
        return b""
    folder = Path(page).resolve().parent
    target = (folder / unquote(src.split("?")[0].split("#")[0])).resolve()
    if folder in target.parents and target.is_file() and target.stat().st_size < 20_000_000:
        return target.read_bytes()
    return b""


def with_pictures(doc: Document, path: str) -> Document:
    """The Document with each ``<img>`` of a web page (an empty line the HTML reader left, listed
    in ``meta["pictures"]``) replaced by the lines OCR reads in the picture."""
    import json

    spots = json.loads(doc.meta.get("pictures") or "[]")
    if not spots:
        return doc
    from extract.readers.image import picture_lines

    lines = list(doc.lines)
    for index, src in sorted(spots, reverse=True):
        data = picture_bytes(src, path)
        if 0 <= index < len(lines) and data:
            lines[index : index + 1] = picture_lines(data, first_line=lines[index].line or 1)
    meta = {k: v for k, v in doc.meta.items() if k != "pictures"}
    return Document(lines, doc.format, meta)
