"""Pictures inside other formats: where an ``<img>``'s bytes are, read where it stands.

Readers get a file's bytes, not its path, but many sites publish the report tables only as
pictures: a browser's "save page" keeps them beside the page (``page.html`` +
``page_files/table1.png``), and ``ogi fetch`` keeps them in the page's bundle folder under
their URLs. The HTML reader leaves an empty line where each ``<img>`` stands (listed in
``meta["pictures"]``); once the page is read, the pipeline calls :func:`with_pictures` with a
*picture source* (``src`` → bytes: a ``data:`` URI, a file under the saved page's folder, a
fetched part — never a path leaving the folder, never the network), and each picture is read by
the scan reader (``image.picture_lines``) under the same time and memory guard as a scan file,
its lines put where the picture stood. Word pictures are inside the file and read by the DOCX
reader.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from extract.document import Document, Line

PictureSource = Callable[[str], bytes]


def no_pictures(src: str) -> bytes:
    """A picture source that has none: read a page's text alone (cheap, and first)."""
    return b""


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


def saved_page_pictures(page: str | None) -> PictureSource:
    """The picture source of a page on disk: ``data:`` URIs and files beside it."""
    return lambda src: picture_bytes(src, page)


def picture_document(data: bytes, suffix: str = "") -> Document:
    """A picture's lines as a Document (the reader the guard's child process runs)."""
    from extract.readers.image import picture_lines

    return Document(picture_lines(data), "image", {})


def pictures_document(data: bytes, suffix: str = "") -> Document:
    """Several pictures read in one guarded child, so the OCR models load once for a page, not
    once per picture: ``data`` is a pickled list of picture bytes; ``meta["counts"]`` says how
    many of the lines belong to each picture, in order."""
    import pickle

    lines: list[Line] = []
    counts: list[int] = []
    for picture in pickle.loads(data):
        read = list(picture_document(picture).lines)
        counts.append(len(read))
        lines += read
    return Document(lines, "image", {"counts": json.dumps(counts)})


def read_pictures(datas: list[bytes], guard: bool = True) -> list[list[Line] | str]:
    """The lines OCR reads in each picture, or the code of the limit that stopped it. All of a
    page's pictures go through one child; if that child is stopped, each picture is tried on its
    own, so one hostile picture costs itself, not the page's other pictures."""
    import pickle

    from extract.readers import ReaderError
    from extract.readers.guards import DEFAULT_SECONDS, read_guarded

    if not guard:
        return [list(picture_document(d).lines) for d in datas]
    if len(datas) > 1:
        try:
            doc = read_guarded(pickle.dumps(datas), "", DEFAULT_SECONDS * len(datas), reader=pictures_document)
        except ReaderError:
            pass  # one of them broke the child: read them one by one below
        else:
            lines, out = list(doc.lines), []
            for n in json.loads(doc.meta["counts"]):
                out.append(lines[:n])
                lines = lines[n:]
            return out
    out: list[list[Line] | str] = []
    for d in datas:
        try:
            out.append(list(read_guarded(d, "", reader=picture_document).lines))
        except ReaderError as exc:
            out.append(exc.code)
    return out


def with_pictures(doc: Document, pictures: PictureSource, guard: bool = True) -> Document:
    """The Document with each ``<img>`` of a web page (an empty line the HTML reader left, listed
    in ``meta["pictures"]``) replaced by the lines OCR reads in the picture. A picture the guard
    stopped is listed in ``meta["picture_errors"]`` (the pipeline turns it into a warning): the
    page around it is still read."""
    spots = json.loads(doc.meta.get("pictures") or "[]")
    if not spots:
        return doc
    lines = list(doc.lines)
    found = [(index, src, data) for index, src in spots if 0 <= index < len(lines) and (data := pictures(src))]
    errors: list[str] = []
    read = read_pictures([data for _, _, data in found], guard)
    for (index, src, _), got in sorted(zip(found, read, strict=True), key=lambda x: x[0][0], reverse=True):
        if isinstance(got, str):
            errors.append(f"{src[:80]}: {got}")
            continue
        first = lines[index].line or 1
        for i, ln in enumerate(got):  # positions in a picture mean nothing outside it
            ln.line, ln.bbox, ln.cell_boxes = first + i, None, None
        lines[index : index + 1] = got
    meta = {k: v for k, v in doc.meta.items() if k != "pictures"}
    if errors:
        meta["picture_errors"] = json.dumps(sorted(errors), ensure_ascii=False)
    return Document(lines, doc.format, meta)
