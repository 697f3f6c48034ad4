"""The extractor's front door: a file (or a Document) in, a ``Report`` out — it never raises.

Order of work: read → title facts → locate sections → template per section → read each section's
cells → check identities → sign-off date. Every doubt on the way becomes an issue on the report.
"""

from __future__ import annotations

import hashlib
import json
from itertools import count
from pathlib import Path

from extract import EXTRACTOR_VERSION, narrative
from extract.document import Document
from extract.facts import find_title, published_on, stats_year
from extract.identities import all_identities, check_all
from extract.model import Report, Source
from extract.ocr_repair import repair_digits
from extract.phrases import squeeze
from extract.readers import ReaderError, sniff_format
from extract.readers.pictures import PictureSource, saved_page_pictures, with_pictures
from extract.sections import locate_sections
from extract.tables import (
    TextIndex,
    active_version,
    active_version_by_rows,
    application_version,
    read_section,
)
from extract.templates import ACTIVE, APPLICATIONS, REVIEW, SECTION_TITLES, TEMPLATES

MAX_BYTES = 20 * 1024 * 1024  # text and HTML
MAX_BINARY_BYTES = 200 * 1024 * 1024  # PDF, DOCX, images


def _index(doc: Document) -> TextIndex:
    return TextIndex(doc.text, squeeze(doc.text), doc.line_starts, doc.lines)  # type: ignore[arg-type]


def _overall_template(versions: dict[str, str]) -> str:
    seen = set(versions.values())
    if not seen:
        return "unknown"
    if len(seen) == 1:
        return seen.pop()
    return "hybrid"


def extract_document(doc: Document, source: Source) -> Report:
    """Map a Document to a Report (cells, issues, identities, facts)."""
    report = Report(source=source, extractor_version=EXTRACTOR_VERSION)
    lines = doc.line_texts  # a view for plain text: no list of a million strings
    title = find_title(lines)
    if doc.meta.get("title"):
        title = find_title([doc.meta["title"]]) or title
    if title:
        report.title, report.agency, report.year = title.text, title.agency, title.year
    idx = _index(doc)
    if report.year is None:
        report.year = stats_year(idx.text)
    regions = locate_sections(idx.sq)
    if ACTIVE not in regions and APPLICATIONS not in regions:
        if report.year is not None and report.year < 2019 and "政府信息公开" in idx.text:
            report.issue("error", "unknown_template", f"a {report.year} report: not a recognised template (pre-2019 tables)")
        else:
            report.issue("error", "not_a_report", "no annual-report tables found (sections 二 and 三 are missing)")
        return report

    versions: dict[str, str] = {}
    if APPLICATIONS in regions:
        v3 = application_version(idx.sq, regions[APPLICATIONS])
        if v3:
            versions[APPLICATIONS] = v3
    if ACTIVE in regions:
        v2 = active_version(idx.sq, regions[ACTIVE])
        if v2 is None:
            v2 = active_version_by_rows(idx, regions[ACTIVE])
            if v2 is not None:
                report.issue("info", "template_from_rows", f"section two headers not printed; its rows fit the {v2} template only", ACTIVE)
        if v2 is None:
            v2 = versions.get(APPLICATIONS) or ("2021" if (report.year or 2021) >= 2021 else "2019")
            report.issue("warning", "template_assumed", f"section two headers not recognised; read as the {v2} template", ACTIVE)
        versions[ACTIVE] = v2
    if APPLICATIONS in regions and APPLICATIONS not in versions:
        versions[APPLICATIONS] = versions.get(ACTIVE) or ("2021" if (report.year or 2021) >= 2021 else "2019")
    report.section_templates = dict(versions)
    report.template = _overall_template(versions)

    cells = {}
    for section in (ACTIVE, APPLICATIONS, REVIEW):
        if section not in regions:
            report.issue("warning", "section_missing", f"section {SECTION_TITLES[section]} not found", section)
            continue
        version = versions.get(section) or versions.get(APPLICATIONS) or versions.get(ACTIVE) or "2021"
        cells.update(read_section(idx, report, section, regions[section], version))
    # codebook order, ties in reading order; keys are the cells' own (section, row, column)
    order = [_ORDER.get(k, len(_ORDER)) for k in cells]
    report.cells = [c for _, _, c in sorted(zip(order, count(), cells.values()))]

    app_version = versions.get(APPLICATIONS)
    app_rows = tuple(r.row for r in TEMPLATES[app_version].application_rows) if app_version else ()
    values = repair_digits(report, cells, all_identities(app_version, app_rows))  # OCR digits vs identities
    report.identities = check_all(all_identities(app_version, app_rows), values)
    _identity_issues(report, set(regions))
    report.published_on = published_on(lines, doc.meta.get("published_on"))
    narrative.attach(report, doc)  # paragraphs, stated facts, text-vs-table checks (issue 13)
    return report


def _print_order() -> dict[tuple[str, str, str], int]:
    """Codebook order of every (section, row, column), both templates, for stable output."""
    order: dict[tuple[str, str, str], int] = {}
    for t in TEMPLATES.values():
        for section in (ACTIVE, APPLICATIONS, REVIEW):
            for spec in t.rows(section):
                for col in t.columns(section, spec.table):
                    order.setdefault((section, spec.row, col), len(order))
    return order


_ORDER = _print_order()


def _identity_issues(report: Report, present: set[str]) -> None:
    """Failed identities are warnings with the numbers; blanks that stop checks are one info."""
    unchecked: dict[str, int] = {}
    for chk in report.identities:
        if chk.status == "failed":
            col = chk.scope if chk.name in ("balance", "outcome_sum") else ""
            row = chk.scope if not col else ""
            report.issue("warning", f"identity_failed:{chk.name}", f"{chk.name} [{chk.scope}]: {chk.detail}", chk.section, row, col)
        elif chk.status == "unchecked" and chk.section in present:
            unchecked[chk.section] = unchecked.get(chk.section, 0) + 1
    for section, n in unchecked.items():
        report.issue("info", "identity_unchecked", f"{n} identities could not be checked because cells are blank", section)


def _source(path: str, data: bytes) -> Source:
    fmt = sniff_format(data, Path(path).suffix.lower())
    return Source(path=path, sha256=hashlib.sha256(data).hexdigest(), format=fmt, bytes=len(data))


def _read(data: bytes, suffix: str, fmt: str, guard: bool) -> Document:
    """Every format under the time/memory guard (policy in extract/readers/guards.py)."""
    from extract.readers.guards import read_document

    return read_document(data, suffix, fmt, guard)


def extract_bytes(data: bytes, path: str = "<bytes>", guard: bool = True) -> Report:
    """Extract from file content; errors become an ``error`` issue on the returned Report.
    ``guard`` reads PDF, DOCX and images in a limited child process."""
    return extract_bytes_with_document(data, path, guard)[0]


def extract_bytes_with_document(
    data: bytes, path: str = "<bytes>", guard: bool = True, pictures: PictureSource | None = None
) -> tuple[Report, Document | None]:
    """``extract_bytes`` that also returns the Document it read (None when unreadable), for
    later stages that need the text (the agency resolver looks for clues in the body).
    ``pictures`` gives the bytes of a page's ``<img>`` sources (default: the files saved beside
    ``path``); each picture is read where it stands (``readers.pictures``)."""
    source = _source(path, data)
    try:
        limit = MAX_BYTES if source.format in ("txt", "md", "html") else MAX_BINARY_BYTES
        if len(data) > limit:
            raise ReaderError("too_large", f"the file is {len(data)} bytes; the limit for {source.format} is {limit}")
        doc = _read(data, Path(path).suffix.lower(), source.format, guard)
        doc = with_pictures(doc, pictures or saved_page_pictures(path), guard)
        report = extract_document(doc, source)
        for failed in json.loads(doc.meta.get("picture_errors") or "[]"):
            report.issue("warning", "picture_unreadable", f"a picture on the page could not be read: {failed}")
        return report, doc
    except ReaderError as exc:
        report = Report(source=source, extractor_version=EXTRACTOR_VERSION)
        report.issue("error", exc.code, str(exc))
        return report, None
    except Exception as exc:  # noqa: BLE001 - the extractor must never take a run down
        report = Report(source=source, extractor_version=EXTRACTOR_VERSION)
        report.issue("error", "internal_error", f"{type(exc).__name__}: {exc}")
        return report, None


def extract_file(path: str | Path, guard: bool = True) -> tuple[Report, Document | None]:
    """Extract one file from disk, with the Document read (None when unreadable). A folder or a
    saved web page with its ``_files`` folder is a bundle: the report is read from its best part."""
    from extract.bundle import is_bundle_path

    if is_bundle_path(path):
        from extract.bundle import extract_bundle

        return extract_bundle(path, guard)
    return extract_plain_file(path, guard)


def extract_plain_file(
    path: str | Path, guard: bool = True, pictures: PictureSource | None = None
) -> tuple[Report, Document | None]:
    """``extract_file`` for one file, never a bundle (``pictures``: see extract_bytes_with_document)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        report = Report(source=Source(str(p), "", "unknown", 0), extractor_version=EXTRACTOR_VERSION)
        report.issue("error", "unreadable_file", f"cannot read the file: {exc.strerror or exc}")
        return report, None
    return extract_bytes_with_document(data, str(p), guard, pictures)


def extract_path(path: str | Path, guard: bool = True) -> Report:
    """Extract one file from disk."""
    return extract_file(path, guard)[0]
