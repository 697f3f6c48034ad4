"""HTML reports as published on government sites.

A report page is a report wrapped in a site: navigation, footers, scripts, sometimes the report
itself only inside a JavaScript string (``var content = "<p>…<table>…"``), sometimes tables nested in
a layout table (Word-exported HTML). The reader keeps the report and its order: paragraphs become
lines, each table row one TAB line (see ``grid``), a table that only lays out other tables is walked
as plain blocks. Facts outside the text go to ``meta``: the page title, the headings, and the
page's publish date (发布日期/发布时间, or the ``PubDate`` meta tag), because the mapper has no other
way to know the date of a report that has no sign-off date.
"""

from __future__ import annotations

import html as htmllib
import json
import re

import lxml.html
from lxml import etree

from extract.document import Document, Line
from extract.readers.grid import clean_cell, grid_lines, place

_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "center",
    "blockquote", "pre", "dt", "dd", "dl", "form", "tr", "td", "th", "caption", "main", "figure",
}
_DROP = {"script", "style", "noscript", "head", "nav", "header", "footer", "iframe", "button", "select", "svg"}
_NOISE = re.compile(r"(^|[-_ ])(nav|navbar|menu|footer|foot|header|breadcrumb|crumbs?|share|sidebar|topbar|copyright)($|[-_ \d])", re.I)
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
_DATE = re.compile(r"(?:发布日期|发布时间|发文日期|成文日期|更新时间|时间)\s*[：:]\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_JS_STRING = re.compile(r'"((?:[^"\\\n]|\\.){80,})"|\'((?:[^\'\\\n]|\\.){80,})\'', re.S)


def decode_html(data: bytes) -> str:
    """Page bytes as text: BOM/UTF-8 first, then the declared charset, then GB18030."""
    from extract.readers import ReaderError

    if not data.strip():
        raise ReaderError("empty", "the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", data[:4096])
    for enc in ([m.group(1).decode("ascii").lower()] if m else []) + ["gb18030"]:
        enc = "gb18030" if enc in ("gb2312", "gbk") else enc
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", "replace")


def _js_unescape(body: str) -> str:
    """A JavaScript string literal's content as text (\\uXXXX, \\n, \\/, \\' and \\x escapes)."""
    body = re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: f"\\u00{m.group(1)}", body)
    body = re.sub(r"\\([^\"\\/bfnrtu])", r"\1", body)  # \' \< and friends: JSON does not know them
    try:
        return json.loads(f'"{body}"')
    except json.JSONDecodeError:
        return body.replace('\\"', '"').replace("\\n", "\n").replace("\\/", "/")


def embedded_html(script: str) -> str | None:
    """The report HTML a script carries in its string literals (joined with ``+``), if any."""
    pieces: list[str] = []
    for m in _JS_STRING.finditer(script):
        text = _js_unescape(m.group(1) if m.group(1) is not None else m.group(2))
        if "%3C" in text[:200] and "<" not in text:
            from urllib.parse import unquote

            text = unquote(text)
        if "&lt;" in text and "<" not in text:
            text = htmllib.unescape(text)
        pieces.append(text)
    joined = "".join(pieces)
    low = joined.lower()
    if ("<table" in low or "<p" in low) and ("年度报告" in joined or "政府信息公开" in joined):
        return joined
    return None


def _inline_scripts(root: etree._Element) -> None:
    """Replace each script that carries report HTML by that HTML, parsed, in place."""
    for script in list(root.iter("script")):
        html_text = embedded_html(script.text or "")
        if not html_text:
            continue
        holder = lxml.html.fragment_fromstring(html_text, create_parent="div")
        parent = script.getparent()
        if parent is not None:
            parent.replace(script, holder)


def _drop_noise(root: etree._Element) -> None:
    """Remove site furniture (scripts, navigation, footers) unless the report text is inside it."""
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        tag = el.tag.lower()
        marks = f"{el.get('class', '')} {el.get('id', '')}"
        if tag in _DROP or (tag in ("div", "ul", "section", "table") and _NOISE.search(marks)):
            text = el.text_content() if tag not in ("script", "style") else ""
            if "政府信息公开" in text and ("<table" in text or len(text) > 2000 or el.find(".//table") is not None):
                continue
            el.drop_tree()


def _cell_text(td: etree._Element) -> str:
    """A cell's text with its printed line breaks (<br>, paragraphs) as newlines."""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            if not isinstance(child.tag, str):
                if child.tail:
                    parts.append(child.tail)
                continue
            tag = child.tag.lower()
            if tag == "br":
                parts.append("\n")
            elif tag not in ("script", "style"):
                if tag in _BLOCK:
                    parts.append("\n")
                walk(child)
                if tag in _BLOCK:
                    parts.append("\n")
            if child.tail:
                parts.append(child.tail)

    walk(td)
    return "".join(parts)


def _span(el: etree._Element, name: str) -> int:
    try:
        return max(1, min(int(re.sub(r"\D", "", el.get(name, "1")) or 1), 200))
    except ValueError:
        return 1


def _rows(table: etree._Element) -> list[etree._Element]:
    return table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")


def table_lines(table: etree._Element, index: int | None = None) -> list[Line]:
    """One table (no nested tables) as tab-row lines; ``index`` is its place among the page's
    tables (0-based, document order), kept per cell with its row and cell index."""
    trs = _rows(table)
    rows = [[(_cell_text(td), _span(td, "rowspan"), _span(td, "colspan")) for td in tr.xpath("./td|./th")] for tr in trs]
    return grid_lines(place(rows), source_line=[tr.sourceline for tr in trs], table_index=index,
                      source_element=[tr.get(_PATH) for tr in trs])


_PATH = "data-ogi-path"


def _mark_paths(root: etree._Element) -> None:
    """Each block element's XPath in the page as published, kept on it before furniture and
    scripts are removed or unfolded (which would renumber its siblings): a paragraph's locator
    must find it in the file, not in the cleaned tree."""
    tree = root.getroottree()
    for el in root.iter(*_BLOCK, "body"):
        el.set(_PATH, tree.getpath(el))


class _Walker:
    """Walks the page in order, collecting paragraph lines and table lines."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.buf: list[str] = []
        self.buf_line: int | None = None
        self.buf_el: etree._Element | None = None
        self.block: etree._Element | None = None  # the innermost block element being walked
        self.pictures: list[tuple[int, str]] = []  # (index of its empty line, src)
        self.tables = 0  # <table> elements met so far, layout tables included (document order)

    def flush(self) -> None:
        text = re.sub(r"[ \t\r\n\xa0\u3000]+", " ", "".join(self.buf)).strip()
        if text:
            where = self.buf_el.get(_PATH) if self.buf_el is not None else None
            self.lines.append(Line(text, line=self.buf_line, element=where))
        self.buf = []
        self.buf_line = None
        self.buf_el = None

    def text(self, s: str | None, line: int | None) -> None:
        if s:
            if self.buf_line is None and s.strip():
                self.buf_line = line
                self.buf_el = self.block
            self.buf.append(s)

    def walk(self, el: etree._Element) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag == "br":
            self.flush()
            return
        if tag == "img":  # a table pasted as a picture: OCR'd where it stands (pictures.with_pictures)
            self.flush()
            if el.get("src"):
                self.pictures.append((len(self.lines), el.get("src") or ""))
                self.lines.append(Line("", line=el.sourceline))
            return
        if tag == "table":
            self.flush()
            index, self.tables = self.tables, self.tables + 1
            if any(td.find(".//table") is not None for tr in _rows(el) for td in tr.xpath("./td|./th")):
                for tr in _rows(el):  # a layout table: its cells are blocks of the page
                    for td in tr.xpath("./td|./th"):
                        self.walk(td)
                        self.flush()
            else:
                self.lines.extend(table_lines(el, index))
            return
        block = tag in _BLOCK or tag in ("body", "html")
        outer = self.block
        if block:
            self.flush()
            self.block = el
        self.text(el.text, el.sourceline)
        for child in el:
            if isinstance(child.tag, str):
                self.walk(child)
            self.text(child.tail, getattr(child, "sourceline", None))
        if block:
            self.flush()
            self.block = outer


def _meta(root: etree._Element, lines: list[Line]) -> dict[str, str]:
    meta: dict[str, str] = {}
    page_title = root.findtext(".//title")
    for i, ln in enumerate(lines[:15]):
        if "年度报告" in ln.text and "\t" not in ln.text and len(ln.text) < 80:
            title = ln.text
            prev = lines[i - 1].text if i else ""
            # a title printed over two lines (agency, then 2024年…年度报告) is one title
            if re.match(r"^\s*\d{4}\s*年", title) and prev and len(prev) < 40 and not re.search(r"[。：:，,；]", prev):
                title = prev + title
            meta["title"] = title
            break
    if "title" not in meta and page_title and page_title.strip():
        meta["title"] = clean_cell(page_title)
    heads = [ln.text for ln in lines if _HEADING.match(ln.text) and "\t" not in ln.text and len(ln.text) < 60]
    if heads:
        meta["headings"] = "\n".join(heads)
    for m in root.iter("meta"):
        name = (m.get("name") or m.get("property") or "").lower()
        if name in ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date"):
            d = re.match(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", (m.get("content") or "").strip())
            if d:
                meta["published_on"] = f"{d.group(1)}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
                break
    if "published_on" not in meta:
        for ln in lines:
            d = _DATE.search(ln.text)
            if d and "\t" not in ln.text:
                meta["published_on"] = f"{d.group(1)}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
                break
    return meta


def read_html(data: bytes, fmt: str = "html") -> Document:
    """An HTML page (or fragment) as a Document: report lines in page order, facts in ``meta``."""
    from extract.readers import ReaderError

    text = decode_html(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ReaderError("html", f"the page cannot be parsed as HTML: {exc}") from exc
    page_title = root.findtext(".//title")
    _mark_paths(root)
    _inline_scripts(root)
    meta_root = lxml.html.document_fromstring(text)  # meta tags live in <head>, which the walk drops
    _drop_noise(root)
    walker = _Walker()
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    lines = walker.lines
    if not lines:
        raise ReaderError("empty", "the page has no text")
    meta = _meta(meta_root, lines)
    if walker.pictures:
        meta["pictures"] = json.dumps(walker.pictures)
    if page_title and "title" not in meta:
        meta["title"] = clean_cell(page_title)
    return Document(lines, "html", meta)
