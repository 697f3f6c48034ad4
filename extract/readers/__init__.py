"""Readers: one per file format, each turning a file into the same ``Document``.

``read_path`` picks the reader from the file's content (magic bytes, markup, text) and uses the
suffix only between text flavours, so a PDF saved as ``.txt``, a text report saved as ``.png`` or
an HTML page saved without a suffix is still read right.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from extract.document import Document


class ReaderError(Exception):
    """The file cannot be read as a document of its format (the message says why, for the user)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


Reader = Callable[[bytes, str], Document]


_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_MARKUP = (b"<!doctype html", b"<html", b"<body", b"<head", b"<meta", b"<table", b"<div", b"<p>", b"<?xml")


def _looks_like_text(head: bytes) -> bool:
    """No NUL byte in the first KB (or a text BOM): UTF-8/GB18030 text, never a binary format."""
    return head.startswith(_TEXT_BOMS) or b"\x00" not in head


def _text_first(low: bytes) -> bool:
    """The text opens with a line of plain text (a title), not a tag: a converter's markdown with
    ``<html><body><table>`` blocks inside (PaddleOCR), whatever its suffix — a web page opens with
    markup."""
    first = low.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    return bool(first) and b"<" not in first


def sniff_format(data: bytes, suffix: str) -> str:
    """The format name of a file, from its content; the suffix only tells text flavours apart.

    Content first because the same bytes arrive under wrong names (a report saved as ``.png``, a
    PDF served as ``text/html``): magic bytes decide PDF, images, zip (DOCX) and OLE; markup decides
    HTML; other text is text (``.md`` keeps markdown, ``.html`` keeps HTML). Only bytes that are
    neither known magic nor text fall back to the suffix, whose reader then says why it failed.
    """
    head = data[:1024].lstrip()
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"  # some servers put a BOM or blank lines before the header
    if data.startswith(b"PK\x03\x04") and b"OFD.xml" in data[:2048]:
        return "ofd"  # the national fixed-layout format (a zip whose first entry is OFD.xml)
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(_IMAGE_MAGIC):
        return "image"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"  # Word 97-2003 .doc / .xls / .wps
    if data.startswith(b"{\\rtf"):
        return "rtf"  # Word saves RTF under .doc too
    low = head.lower()
    if _looks_like_text(data[:1024]):
        if suffix in (".md", ".markdown") and not low.startswith((b"<!doctype html", b"<html")):
            return "md"  # converters put <html><body><table> blocks inside markdown (PaddleOCR)
        if low.startswith(_MARKUP) or ((b"<html" in low or b"<body" in low) and not _text_first(low)):
            return "html"
        if suffix in (".html", ".htm", ".shtml", ".jsp"):
            return "html"
        if suffix in (".md", ".markdown"):
            return "md"
        return "txt"
    if suffix == ".docx":
        return "docx"
    if suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff"):
        return "image"
    if suffix in (".html", ".htm", ".shtml", ".jsp"):
        return "html"
    return "txt"


def _reader(fmt: str) -> Reader | None:
    """The reader function of a format (imported lazily: PDF/OCR readers load heavy libraries)."""
    if fmt in ("txt", "md"):
        from extract.readers.text import read_text

        return read_text
    if fmt == "html":
        from extract.readers.html import read_html

        return read_html
    if fmt == "pdf":
        from extract.readers.pdf import read_pdf

        return read_pdf
    if fmt == "docx":
        from extract.readers.docx import read_docx

        return read_docx
    if fmt == "image":
        from extract.readers.image import read_image

        return read_image
    if fmt in ("ole", "rtf"):
        from extract.readers.legacy_office import read_legacy_word

        return read_legacy_word
    if fmt == "ofd":
        return _read_ofd
    return None


def _read_ofd(data: bytes, fmt: str) -> Document:
    """No maintained OFD reader on the registry works without a heavy PDF stack: say so clearly."""
    raise ReaderError("unsupported_format", "an OFD file (the national fixed-layout format): save it as PDF to read it")


# HTML nesting deeper than this is flattened before parsing: libxml2 stops building the tree at
# depth 256 (the rest of the page is lost: a report wrapped in 300 <div>s read as "empty"), and
# the walk over the tree is recursive. Wrappers carry no table structure, so they go.
MAX_HTML_DEPTH = 128
_WRAPPER = re.compile(rb"<(/?)(div|section|article|center|blockquote|main|header|footer|nav|aside|span|font|b|i|u|em|strong|a|small|big|sup|sub|label)\b[^>]*>", re.I)
_BLOCK_WRAPPERS = frozenset({b"div", b"section", b"article", b"center", b"blockquote", b"main", b"header", b"footer", b"nav", b"aside"})


def nesting_depth(data: bytes) -> int:
    """The deepest nesting of wrapper elements (div, span, font…) in an HTML page, by its tags."""
    depth = deepest = 0
    for m in _WRAPPER.finditer(data):
        depth = max(depth - 1, 0) if m.group(1) else depth + 1
        deepest = max(deepest, depth)
    return deepest


def flatten_wrappers(data: bytes) -> bytes:
    """Wrapper elements removed: block wrappers become a line break, inline ones nothing."""
    return _WRAPPER.sub(lambda m: b"<br>" if m.group(2).lower() in _BLOCK_WRAPPERS else b"", data)


def read_bytes(data: bytes, suffix: str = "") -> Document:
    """Read file content into a Document, or raise ReaderError."""
    fmt = sniff_format(data, suffix.lower())
    if fmt == "html" and nesting_depth(data) > MAX_HTML_DEPTH:
        data = flatten_wrappers(data)
    reader = _reader(fmt)
    if reader is None:
        raise ReaderError("unsupported_format", f"no reader for {fmt} files yet")
    return reader(data, fmt)


def read_path(path: str | Path) -> Document:
    """Read a file from disk into a Document, or raise ReaderError."""
    p = Path(path)
    return read_bytes(p.read_bytes(), p.suffix)
