"""A report page with its parts: read the report from the best part.

On government sites the 年报 page is often not the report itself: it carries a short note and an
attachment (附件：…年度报告.pdf/.doc/.wps), or the narrative in HTML with the tables as pictures.
A *bundle* is such a page with the parts that belong to it, on disk:

- a folder written by the fetcher (``bundle.json`` lists the page, its URL and each part's URL);
- a page saved by a browser: ``page.html`` beside its ``page_files/`` folder;
- a folder holding one page and the files it links to.

The report comes from the best part: the page itself when it holds the tables, else the first
attachment that does (report-like names first), else the page text with the table pictures read
by OCR, as one document. The page's published date and title count as report facts when the part
lacks them. Provenance keeps both: ``source.path`` is the page (its URL when fetched) and
``source.part`` the part the cells were read from.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from extract.document import Document
from extract.model import Report
from extract.readers.pictures import PictureSource, no_pictures, saved_page_pictures

MANIFEST = "bundle.json"
PAGE_SUFFIXES = (".html", ".htm", ".shtml")
REPORT_PART_SUFFIXES = (".pdf", ".doc", ".docx", ".wps", ".rtf", ".txt", ".ofd")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp")
REPORT_WORDS = ("年度报告", "年报", "工作报告")


@dataclass
class Part:
    """One file of a bundle: an attachment or a picture, with the URL it came from (if fetched)."""

    file: Path
    kind: str  # attachment | image
    url: str | None = None
    text: str = ""  # the link text or alt text on the page


@dataclass
class Bundle:
    """A page and its parts."""

    root: Path
    page: Path | None
    page_url: str | None = None
    parts: list[Part] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # parts not fetched, each "url: reason"

    def files(self) -> list[Path]:
        """Every file that makes the bundle's content (for its hash)."""
        out = [self.page] if self.page else []
        return out + [p.file for p in self.parts]


# ----------------------------------------------------------------------------- recognising bundles
def parse_page(data: bytes):
    """A page's element tree (decoded as the HTML reader does: UTF-8, declared charset, GB18030),
    or None when it is not parseable."""
    import lxml.html

    from extract.readers.html import decode_html

    text = re.sub(r"^\s*<\?xml[^>]*>", "", decode_html(data))
    try:
        return lxml.html.fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        return None


def _links(html: bytes) -> list[tuple[str, str, str]]:
    """(tag, target, text) of links and images of a page (lxml; tolerant of broken markup)."""
    tree = parse_page(html)
    if tree is None:
        return []
    out = []
    for el in tree.iter("a", "img"):
        if el.tag == "a" and el.get("href"):
            out.append(("a", el.get("href").strip(), el.text_content().strip()))
        elif el.tag == "img" and el.get("src"):
            out.append(("img", el.get("src").strip(), (el.get("alt") or "").strip()))
    return out


def _local_target(page: Path, target: str) -> Path | None:
    """The file a relative link of a saved page points to, when it exists."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    folder = Path(os.path.abspath(page.parent))
    p = Path(os.path.normpath(folder / unquote(parts.path)))
    # only files inside the page's own folder: a saved page must not reach elsewhere on the host
    return p if folder in p.parents and p.is_file() else None


def _kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return "image"
    if suffix in REPORT_PART_SUFFIXES:
        return "attachment"
    return None


def saved_page_folder(page: Path) -> Path | None:
    """The ``<stem>_files`` folder a browser saves beside ``page`` (also ``<stem>.files``)."""
    for name in (f"{page.stem}_files", f"{page.stem}.files"):
        d = page.with_name(name)
        if d.is_dir():
            return d
    return None


def _page_parts(page: Path) -> list[Part]:
    """The local files a saved page links to or shows, in page order, each once."""
    try:
        html = page.read_bytes()
    except OSError:
        return []
    seen: set[Path] = set()
    parts = []
    for tag, target, text in _links(html):
        f = _local_target(page, target)
        if f is None or f in seen:
            continue
        kind = _kind(f)
        if kind is None or (tag == "img" and kind != "image"):
            continue
        seen.add(f)
        parts.append(Part(f, kind, None, text))
    return parts


def load_bundle(path: str | Path) -> Bundle | None:
    """The bundle at ``path`` (a folder or a saved page), or None when it is not one."""
    p = Path(path)
    if p.is_dir():
        manifest = p / MANIFEST
        if manifest.is_file():
            return _from_manifest(p, manifest)
        pages = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in PAGE_SUFFIXES)
        if len(pages) == 1:
            parts = _page_parts(pages[0])
            if parts:
                return Bundle(p, pages[0], None, parts)
        return None
    if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES and saved_page_folder(p) is not None:
        return Bundle(p.parent, p, None, _page_parts(p))
    return None


def _from_manifest(root: Path, manifest: Path) -> Bundle:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    page = root / data["page"] if data.get("page") else None
    parts = [
        Part(root / part["file"], part["kind"], part.get("url"), part.get("text", ""))
        for part in data.get("parts", [])
        if part.get("file") and (root / part["file"]).is_file()
    ]
    skipped = [f"{s.get('url')}: {s.get('reason')}" for s in data.get("skipped", [])]
    return Bundle(root, page, data.get("page_url"), parts, skipped)


def bundle_sha256(bundle: Bundle) -> tuple[str, int]:
    """A bundle's identity: the hash of its files' names and bytes (a changed attachment is a new
    document), and their total size."""
    h = hashlib.sha256()
    size = 0
    for f in bundle.files():
        data = f.read_bytes()
        size += len(data)
        h.update(f.name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest(), size


# ----------------------------------------------------------------------------- reading the report
def _rank(part: Part) -> tuple[int, int]:
    """Report-like attachments first (名 carries 年度报告/年报), then by format (PDF, Word, text)."""
    named = any(w in part.text or w in part.file.name for w in REPORT_WORDS)
    order = {".pdf": 0, ".docx": 1, ".doc": 2, ".wps": 3, ".rtf": 4, ".txt": 5, ".ofd": 6}
    return (0 if named else 1, order.get(part.file.suffix.lower(), 9))


def _has_tables(report: Report) -> bool:
    return not report.failed and bool(report.cells)


def extract_bundle(path: str | Path, guard: bool = True) -> tuple[Report, Document | None]:
    """Extract the report of a bundle (see the module docstring for the choice of part)."""
    from extract.pipeline import extract_plain_file

    bundle = load_bundle(path)
    if bundle is None:  # not a bundle after all: read the path as a plain file
        return extract_plain_file(path, guard)
    # the page's own text first, pictures last: OCR costs seconds a picture, attachments less
    page_report, page_doc = extract_plain_file(bundle.page, guard, no_pictures) if bundle.page else (None, None)
    origin = bundle.page_url or str(bundle.page or bundle.root)
    if page_report is not None and _has_tables(page_report):
        return _finish(page_report, page_doc, bundle, None, page_doc), page_doc

    tried: list[str] = []
    for part in sorted((p for p in bundle.parts if p.kind == "attachment"), key=_rank):
        report, doc = extract_plain_file(part.file, guard)
        if _has_tables(report):
            return _finish(report, doc, bundle, part, page_doc), doc
        first = next((i for i in report.issues if i.severity == "error"), None)
        tried.append(f"{part.url or part.file.name}: {first.code if first else 'no tables'}")

    images = [p for p in bundle.parts if p.kind == "image"]
    if images and bundle.page is not None:  # last: the page again, its pictures read where they stand
        used: list[Part] = []
        report, doc = extract_plain_file(bundle.page, guard, _bundle_pictures(bundle, used))
        if _has_tables(report):
            used.sort(key=bundle.parts.index)  # read last to first (lines shift); named in page order
            return _finish(report, doc, bundle, None, page_doc, pictures=used), doc
        tried.append(f"{len(used)} picture(s) on the page: no tables")

    report = page_report or Report(source=_bundle_source(bundle, origin, None))
    report.source.path = origin
    # one error that says where the report was looked for (the page's own "no tables" is part of it)
    missing = tried + bundle.skipped
    report.issues = [i for i in report.issues if i.severity != "error"]
    why = f" ({'; '.join(missing)})" if missing else ""
    report.issue("error", "not_a_report", f"no annual-report tables found on the page or in its parts{why}")
    return report, page_doc


def _bundle_source(bundle: Bundle, origin: str, page_report: Report | None):
    from extract.model import Source

    if page_report is not None:
        return Source(origin, page_report.source.sha256, page_report.source.format, page_report.source.bytes)
    return Source(origin, "", "html", 0)


def _bundle_pictures(bundle: Bundle, used: list[Part]) -> PictureSource:
    """The picture source of a bundle's page: a fetched part by its URL (the page's ``src``
    resolved against the page URL), else a file saved beside the page; ``used`` collects the
    parts read, for provenance."""
    by_url = {p.url: p for p in bundle.parts if p.kind == "image" and p.url}
    by_file = {p.file.resolve(): p for p in bundle.parts if p.kind == "image"}
    beside = saved_page_pictures(str(bundle.page) if bundle.page else None)

    def source(src: str) -> bytes:
        part = by_url.get(urljoin(bundle.page_url, src)) if bundle.page_url else None
        data = part.file.read_bytes() if part is not None else beside(src)
        if part is None and data and bundle.page is not None:
            target = _local_target(bundle.page, src)
            part = by_file.get(target.resolve()) if target else None
        if part is not None and part not in used:
            used.append(part)
        return data

    return source


def _finish(
    report: Report,
    doc: Document | None,
    bundle: Bundle,
    part: Part | None,
    page_doc: Document | None,
    pictures: list[Part] | None = None,
) -> Report:
    """Provenance of page and part; page facts (title, published date) where the part lacks them."""
    report.source.path = bundle.page_url or str(bundle.page or bundle.root)
    if part is not None:
        report.source.part = part.url or str(part.file)
    elif pictures:
        report.source.part = ", ".join(p.url or str(p.file) for p in pictures)
    meta = page_doc.meta if page_doc else {}
    if report.published_on is None and meta.get("published_on"):
        report.published_on = meta["published_on"]
    if report.title is None and meta.get("title") and part is not None:
        from extract.facts import find_title

        title = find_title([meta["title"]])
        if title:
            report.title, report.agency = title.text, report.agency or title.agency
            report.year = report.year or title.year
    return report



def is_bundle_path(path: str | Path) -> bool:
    """Cheap test run for every file: a folder, or a page with a saved ``_files`` folder."""
    p = Path(path)
    if p.suffix.lower() in PAGE_SUFFIXES:
        return saved_page_folder(p) is not None
    return p.is_dir()
