"""Plain text and markdown reports: decode the bytes, keep the lines as they are.

Reports arrive as UTF-8, UTF-8 with BOM and GB18030/GBK. A file that decodes to garbage is an
error for the user, never a source of garbage cells, so decoding is strict and checked.
"""

from __future__ import annotations

import re

from extract.document import Document

# A report has these words; a mis-decoded file almost never does.
_MARKERS = ("政府信息公开", "年度报告", "主动公开", "行政复议", "申请")


def decode(data: bytes) -> str:
    """Decode report bytes strictly: UTF-8 (with or without BOM), then GB18030; else ReaderError."""
    from extract.readers import ReaderError

    if not data or data.isspace():  # as ``not data.strip()``, without copying the bytes
        raise ReaderError("empty", "the file is empty")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReaderError("binary", "the file is binary, not text")
    # One decoding alive at a time: the first that reads as a report wins, the others are never
    # made (a 19 MB file decoded three ways at once was most of its peak memory).
    decoded = False
    for enc in ("utf-8-sig", "utf-16", "gb18030"):
        if enc == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        decoded = True
        if any(m in text for m in _MARKERS):
            return _tidy(_newlines(text))
        del text
    if decoded:
        raise ReaderError("not_a_report", "the text has none of the words of an annual report (wrong encoding, or not a report)")
    raise ReaderError("encoding", "the file is neither UTF-8 nor GB18030 text")


def _newlines(text: str) -> str:
    """CRLF and CR to LF; the text itself when it has no CR (no copy)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _tidy(text: str) -> str:
    """Undo what web copies and converters leave in text cells: ``<br>`` inside markdown table
    cells (a label broken over two lines of one cell) and ``&nbsp;``. No newline is added, so
    line numbers stay those of the file."""
    return _BR.sub(" ", text).replace("&nbsp;", " ")


# A report is 10–100 KB of text; converting tables makes a Line object per line (issue 17).
MAX_CONVERTED_CHARS = 2_000_000


def read_text(data: bytes, fmt: str = "txt") -> Document:
    """A txt/md file as numbered lines; a column-aligned dump (``pdftotext -layout``) is read by
    the positions of its characters instead (``layout_dump``)."""
    text = decode(data)
    from extract.readers.markdown import has_html_table, needs_reading, read_markdown

    # converter markdown (HTML table blocks, docling tables), also when saved as .txt; a text far
    # larger than any report (padding, hostile input) stays plain lines, whose memory is bounded
    if len(text) <= MAX_CONVERTED_CHARS and (
        (fmt == "md" and needs_reading(text)) or (fmt == "txt" and has_html_table(text))
    ):
        return read_markdown(text, fmt)
    if fmt == "txt":
        from extract.readers.layout_dump import looks_like_layout_dump, read_layout_dump

        if looks_like_layout_dump(text):
            return read_layout_dump(text, fmt)
    return Document.from_text(text, fmt)
