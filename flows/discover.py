"""Finding the documents of a run: files in inbox folders and lines of a sources file.

A document is its content: it is identified by the SHA-256 of its bytes, never by its path, so a
file renamed or copied into a second folder is the same document, and a file edited in place is a
new one. Splitting the found documents into new / known / staged is a plain function so the flow
stays thin and the rule is unit-tested.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Files a browser or a copy in progress leaves behind; reading them would record half a document.
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", ".swp")
# Formats the readers know (content decides the reader; the suffix only admits the file). Files
# without a suffix are admitted too (saved web pages). Anything else — the generator's truth .tsv
# files, notes, spreadsheets — is not a report and would only be recorded as a failed document.
REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


@dataclass(frozen=True)
class Candidate:
    """One file to consider: where it is, what it is (sha256), and where it came from."""

    path: str  # local file to read
    sha256: str
    bytes: int
    origin: str  # the inbox path, or the URL it was fetched from


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    """The SHA-256 of a file, read in chunks (reports can be scanned PDFs of tens of MB)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def _wanted(path: Path) -> bool:
    name = path.name
    if name.startswith((".", "~$")) or name.lower().endswith(PARTIAL_SUFFIXES):
        return False
    return path.suffix.lower() in REPORT_SUFFIXES or path.suffix == ""


def iter_inbox(inbox: str | Path) -> Iterator[Path]:
    """Report files under ``inbox`` in a stable order (no hidden files or folders, partials, or
    files of other formats)."""
    root = Path(inbox)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).parts
        if any(part.startswith(".") for part in rel[:-1]):
            continue
        if path.is_file() and _wanted(path):
            yield path


def scan_inboxes(inboxes: Iterable[str | Path]) -> list[Candidate]:
    """Every file of the inbox folders, hashed."""
    out = []
    for inbox in inboxes:
        for path in iter_inbox(inbox):
            out.append(Candidate(str(path), sha256_file(path), path.stat().st_size, str(path)))
    return out


def read_sources(path: str | Path | None) -> list[str]:
    """URLs of a sources file: one per line; blank lines and ``#`` comment lines skipped; duplicates once."""
    if path is None or not Path(path).is_file():
        return []
    seen: dict[str, None] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        url = line.strip()
        if url and not url.startswith("#"):
            seen.setdefault(url, None)
    return list(seen)


@dataclass
class Plan:
    """What a run does with what it found."""

    to_extract: list[Candidate]  # new content: extract, stage, load
    known: list[Candidate]  # already in the warehouse: only mark as seen
    staged: list[Candidate]  # extracted by an earlier (killed) run: load without extracting
    duplicates: list[Candidate]  # same content as another candidate of this run


def plan(candidates: Iterable[Candidate], known: dict[str, str], staged: set[str], retry_failed: bool = False) -> Plan:
    """Split candidates by content hash.

    ``known`` maps sha256 to the warehouse status; documents that failed before are extracted
    again only with ``retry_failed`` (a failure is deterministic until the extractor changes).
    Staged documents are in the loader's queue already and need no extraction.
    """
    result = Plan([], [], [], [])
    seen: set[str] = set()
    for c in candidates:
        if c.sha256 in seen:
            result.duplicates.append(c)
            continue
        seen.add(c.sha256)
        status = known.get(c.sha256)
        if status is not None and not (retry_failed and status == "failed"):
            result.known.append(c)
        elif c.sha256 in staged:
            result.staged.append(c)
        else:
            result.to_extract.append(c)
    return result
