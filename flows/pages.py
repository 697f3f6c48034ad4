"""From a report's web page to its parts: attachments and table pictures, fetched as one bundle.

A nightly source is often the 年报 *page*, not the report: a short note with 附件：…年度报告.pdf
(or .doc/.docx/.wps), or the narrative with the tables as pictures. After the page is fetched,
:func:`expand_page` finds the parts that belong to the report — links to report files and
pictures inside the article body, never the site's navigation, header, footer or "related
links", never other HTML pages — fetches them with the same limits as any source (http/https,
size, time, redirects), only from the page's own site or an allow-listed host, at most
``max_parts`` of them, and writes the page and its parts as a bundle folder
(``downloads/pages/<page sha>/`` with ``bundle.json``). The extractor
(:mod:`extract.bundle`) then reads the report from the best part, keeping both URLs.

Settings (environment, so served nightly runs see them too): ``OGI_MAX_ATTACHMENTS`` (default 8)
and ``OGI_ATTACHMENT_HOSTS`` (comma-separated extra hosts attachments may come from, e.g. a
file server of the same government).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from extract.bundle import (
    IMAGE_SUFFIXES,
    MANIFEST,
    REPORT_PART_SUFFIXES,
    REPORT_WORDS,
    Bundle,
    bundle_sha256,
    parse_page,
)
from flows.fetch import FetchLimits, FetchResult, fetch_url

DEFAULT_MAX_PARTS = 8
# Containers of site furniture: links there lead to other pages and other years' reports.
FURNITURE_TAGS = {"nav", "header", "footer", "aside"}
FURNITURE_HINT = re.compile(
    r"nav|menu|header|footer|crumb|sidebar|friend|share|related|xglj|xgwz|bottom|topbar|pagination|guide",
    re.IGNORECASE,
)
DECORATION_HINT = re.compile(r"logo|icon|banner|qrcode|erweima|ewm|share|print|close|btn|button", re.IGNORECASE)
# Public suffixes under which a government's hosts share a site (x.gov.cn: www.x.gov.cn, file.x.gov.cn).
SHARED_SUFFIXES = ("gov.cn", "com.cn", "org.cn", "net.cn", "edu.cn", "ac.cn")
TABLE_HINTS = ("收到和处理政府信息公开申请", "本年新收政府信息公开申请", "行政复议")


@dataclass(frozen=True)
class PageLink:
    """A part the page offers: where, what kind, and the text the page gives it."""

    url: str
    kind: str  # attachment | image
    text: str


def page_settings() -> tuple[int, tuple[str, ...]]:
    """``(max_parts, allowed extra hosts)`` from the environment."""
    try:
        max_parts = max(0, int(os.environ.get("OGI_MAX_ATTACHMENTS", DEFAULT_MAX_PARTS)))
    except ValueError:
        max_parts = DEFAULT_MAX_PARTS
    hosts = tuple(h.strip().lower() for h in os.environ.get("OGI_ATTACHMENT_HOSTS", "").split(",") if h.strip())
    return max_parts, hosts


def site_of(host: str) -> str:
    """The site a host belongs to: ``www.hz.gov.cn`` and ``file.hz.gov.cn`` → ``hz.gov.cn``."""
    host = host.lower().rstrip(".")
    labels = host.split(".")
    if host.replace(".", "").isdigit() or len(labels) <= 2:
        return host
    for suffix in SHARED_SUFFIXES:
        if host.endswith("." + suffix):
            keep = suffix.count(".") + 2
            return ".".join(labels[-keep:])
    return ".".join(labels[-2:])


def allowed(url: str, page_url: str, extra_hosts: tuple[str, ...]) -> bool:
    """Parts come from the page's own site (or an allow-listed host), over http/https only."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    page_host = (urlsplit(page_url).hostname or "").lower()
    return host in extra_hosts or site_of(host) == site_of(page_host)


def _in_furniture(el) -> bool:
    for anc in el.iterancestors():
        if anc.tag in FURNITURE_TAGS:
            return True
        hint = f"{anc.get('class', '')} {anc.get('id', '')}"
        if hint.strip() and FURNITURE_HINT.search(hint):
            return True
    return False


def _file_suffix(url: str) -> str:
    """The report-file suffix a link points to, from its path or a ``filename=`` query value."""
    parts = urlsplit(url)
    candidates = [unquote(parts.path)] + [unquote(v) for _, v in parse_qsl(parts.query)]
    for c in candidates:
        suffix = os.path.splitext(c)[1].lower()
        if suffix in REPORT_PART_SUFFIXES or suffix in IMAGE_SUFFIXES:
            return suffix
    return ""


def find_parts(html: bytes, page_url: str) -> list[PageLink]:
    """Attachments and table pictures of the article body, in page order, each once."""
    tree = parse_page(html)
    if tree is None:
        return []
    base = tree.find(".//base")
    base_url = urljoin(page_url, base.get("href")) if base is not None and base.get("href") else page_url
    seen: set[str] = set()
    out: list[PageLink] = []
    for el in tree.iter("a", "img"):
        if _in_furniture(el):
            continue
        if el.tag == "a":
            href = (el.get("href") or "").strip()
            if not href or href.startswith(("#", "javascript:", "mailto:")):
                continue
            url = urljoin(base_url, href)
            text = " ".join(el.text_content().split())
            suffix = _file_suffix(url) or os.path.splitext(text)[1].lower()
            named = "附件" in text or any(w in text for w in REPORT_WORDS)
            if suffix in REPORT_PART_SUFFIXES or (not suffix and "附件" in text):  # download.jsp?id=…
                kind = "attachment"
            elif suffix in IMAGE_SUFFIXES and named:
                kind = "image"
            else:
                continue
        else:
            src = (el.get("src") or "").strip()
            if not src or src.startswith("data:") or DECORATION_HINT.search(src):
                continue
            w, h = el.get("width", ""), el.get("height", "")
            if w.isdigit() and h.isdigit() and (int(w) < 200 or int(h) < 100):
                continue
            url, text, kind = urljoin(base_url, src), (el.get("alt") or "").strip(), "image"
        if url not in seen and url.split("#", 1)[0] != page_url.split("#", 1)[0]:
            seen.add(url)
            out.append(PageLink(url, kind, text))
    return out


def holds_tables(html: bytes) -> bool:
    """Cheap look: does the page print the report's tables itself (then no part is fetched)?"""
    text = html.decode("utf-8", "ignore")
    return text.count("<table") + text.count("<TABLE") >= 2 and sum(h in text for h in TABLE_HINTS) >= 2


def expand_page(result: FetchResult, downloads: str | Path, limits: FetchLimits | None = None) -> FetchResult:
    """After a page is fetched: fetch its parts and return the result for the bundle folder.

    Anything that is not an HTML page, or a page that prints its tables itself or offers no parts,
    is returned unchanged. The bundle's path, sha256 and size replace the page's; a part that
    fails is written into ``bundle.json`` with its error (the report then says why it is missing).
    """
    if not result.ok or not result.path or not result.path.lower().endswith((".html", ".htm")):
        return result
    limits = limits or FetchLimits()
    page = Path(result.path)
    if not page.is_file():
        return result
    html = page.read_bytes()
    if holds_tables(html):
        return result
    links = find_parts(html, result.url)
    if not links:
        return result
    max_parts, hosts = page_settings()
    folder = Path(downloads) / "pages" / (result.sha256 or "page")[:24]
    manifest = folder / MANIFEST
    if not manifest.is_file():
        _build_bundle(folder, page, result.url, links, Path(downloads), limits, max_parts, hosts)
    bundle = _bundle(folder)
    sha, size = bundle_sha256(bundle)
    return replace(result, path=str(folder), sha256=sha, bytes=size)


def _bundle(folder: Path) -> Bundle:
    from extract.bundle import load_bundle

    bundle = load_bundle(folder)
    assert bundle is not None  # written just before with its manifest
    return bundle


def _build_bundle(
    folder: Path,
    page: Path,
    page_url: str,
    links: list[PageLink],
    downloads: Path,
    limits: FetchLimits,
    max_parts: int,
    hosts: tuple[str, ...],
) -> None:
    """Fetch the parts into a temporary folder, then publish the folder by one rename."""
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "parts").mkdir(parents=True)
    shutil.copyfile(page, tmp / "page.html")
    parts: list[dict[str, str]] = []
    skipped: list[dict[str, str]] = []
    fetched = 0
    for link in links:
        if not allowed(link.url, page_url, hosts):
            skipped.append({"url": link.url, "kind": link.kind, "reason": "another site (not followed)"})
            continue
        if fetched >= max_parts:
            skipped.append({"url": link.url, "kind": link.kind, "reason": f"over the cap of {max_parts} parts per page"})
            continue
        fetched += 1
        got = fetch_url(link.url, None, downloads / "parts", limits)
        if not got.ok or not got.path:
            skipped.append({"url": link.url, "kind": link.kind, "reason": f"fetch failed: {got.error}"})
            continue
        name = f"parts/{fetched:02d}{Path(got.path).suffix or _file_suffix(link.url)}"
        shutil.copyfile(got.path, tmp / name)
        parts.append({"url": link.url, "file": name, "kind": link.kind, "text": link.text})
    body = {"page": "page.html", "page_url": page_url, "parts": parts, "skipped": skipped}
    (tmp / MANIFEST).write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)


