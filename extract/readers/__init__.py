"""Readers: one per file format, each turning a file into the same ``Document``.

``read_path`` picks the reader from the file's content (magic bytes) first and its suffix second,
so a PDF saved as ``.txt`` or an HTML page saved without a suffix is still read right.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from extract.document import Document


class ReaderError(Exception):
    """The file cannot be read as a document of its format (the message says why, for the user)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


Reader = Callable[[bytes, str], Document]


def sniff_format(data: bytes, suffix: str) -> str:
    """The format name of a file: from its first bytes when they are telling, else its suffix."""
    head = data[:1024].lstrip()
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"  # some servers put a BOM or blank lines before the header
    if data.startswith(b"PK\x03\x04") and b"OFD.xml" in data[:2048]:
        return "ofd"  # the national fixed-layout format (a zip whose first entry is OFD.xml)
    if data.startswith(b"PK\x03\x04") and (suffix in (".docx", ".doc", ".wps", "") or b"word/" in data[:4096]):
        return "docx"
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"  # Word 97-2003 .doc / .xls / .wps
    if data.startswith(b"{\\rtf"):
        return "rtf"  # Word saves RTF under .doc too
    low = head.lower()
    if suffix in (".html", ".htm", ".shtml", ".jsp") or low.startswith((b"<!doctype html", b"<html")) or (
        b"<html" in low or b"<body" in low
    ):
        return "html"
    if suffix in (".md", ".markdown"):
        return "md"
    if suffix == ".docx":
        return "docx"
    if suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff"):
        return "image"
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


def read_bytes(data: bytes, suffix: str = "") -> Document:
    """Read file content into a Document, or raise ReaderError."""
    fmt = sniff_format(data, suffix.lower())
    reader = _reader(fmt)
    if reader is None:
        raise ReaderError("unsupported_format", f"no reader for {fmt} files yet")
    return reader(data, fmt)


def read_path(path: str | Path) -> Document:
    """Read a file from disk into a Document, or raise ReaderError."""
    p = Path(path)
    return read_bytes(p.read_bytes(), p.suffix)
