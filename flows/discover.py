"""Finding the documents of a run: files in inbox folders and lines of a sources file.

A document is its content: it is identified by the SHA-256 of its bytes, never by its path, so a
file renamed or copied into a second folder is the same document, and a file edited in place is a
new one. Splitting the found documents into new / known / staged is a plain function so the flow
stays thin and the rule is unit-tested.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

# Files a browser or a copy in progress leaves behind; reading them would record half a document.
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", ".swp")
# Formats the readers know (content decides the reader; the suffix only admits the file). Files
# without a suffix are admitted too (saved web pages). Anything else — the generator's truth .tsv
# files, notes, spreadsheets — is not a report and would only be recorded as a failed document.
REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".doc", ".wps", ".rtf", ".ofd",
                   ".png", ".jpg", ".jpeg", ".tif", ".tiff")

RACY_NS = 2_000_000_000  # files modified this recently are hashed again next run


@dataclass(frozen=True)
class Candidate:
    """One file to consider: where it is, what it is (sha256), and where it came from."""

    path: str  # local file to read
    sha256: str
    bytes: int
    origin: str  # the inbox path, or the URL it was fetched from
    # (path, origin) of the same bytes under other names, tried in turn if this one fails: the
    # name still decides between text flavours (.md, .html), so a duplicate is not a lost chance
    alternates: tuple[tuple[str, str], ...] = ()


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, streamed through one reused buffer (``hashlib.file_digest``): a
    scanned PDF of tens of MB is never read whole, and 100k small reports cost no 1 MB buffer each
    (reading in fresh 1 MB blocks made hashing ten times slower than reading)."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _wanted(path: Path | str) -> bool:
    name = path.name if isinstance(path, Path) else os.path.basename(path)
    if name.startswith((".", "~$")) or name.lower().endswith(PARTIAL_SUFFIXES):
        return False
    dot = name.rfind(".")
    suffix = name[dot:] if 0 < dot < len(name) - 1 else ""  # what Path(name).suffix says, cheaper
    return suffix.lower() in REPORT_SUFFIXES or suffix == ""


def _why(exc: OSError) -> str:
    """An OS error as a short reason for the run summary (``Too many levels of symbolic links``)."""
    return exc.strerror or type(exc).__name__


def _walk(root: str, errors: list[tuple[str, str]] | None = None) -> Iterator[os.DirEntry[str]]:
    """Files under ``root`` (hidden folders not entered), with the stat ``scandir`` already has.

    A bad entry costs only itself, recorded in ``errors`` as (path, reason): a symbolic link loop
    (``a.txt -> b.txt -> a.txt``) or a dangling link among report files, a folder that cannot be
    listed. A folder is entered once (by device and inode), so ``ln -s . loop`` or two links to
    the same folder do not walk it again and again.
    """
    errors = errors if errors is not None else []
    stack = [root]
    entered: set[tuple[int, int]] = set()
    while stack:
        folder = stack.pop()
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in entered:
                continue
            entered.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = list(it)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            errors.append((folder, f"cannot list the folder: {_why(exc)}"))
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=True):
                    if not entry.name.startswith("."):
                        stack.append(entry.path)
                elif entry.is_file(follow_symlinks=True):
                    yield entry
                elif entry.is_symlink() and _wanted(entry.name):
                    errors.append((entry.path, "a symbolic link to nothing (its target is missing)"))
            except OSError as exc:
                if _wanted(entry.name):
                    errors.append((entry.path, f"cannot open: {_why(exc)}"))


def _inbox_files(inbox: str | Path, errors: list[tuple[str, str]] | None = None) -> list[tuple[Path, os.stat_result]]:
    root = Path(inbox)
    if not root.is_dir():
        return []
    found = []
    for entry in _walk(str(root), errors):
        if _wanted(entry.name):
            try:
                found.append((entry.path, entry.stat(follow_symlinks=True)))
            except FileNotFoundError:  # deleted while we looked
                continue
            except OSError as exc:
                if errors is not None:
                    errors.append((entry.path, f"cannot open: {_why(exc)}"))
    found.sort(key=lambda item: item[0].split(os.sep))  # the order of sorted Paths, cheaper
    return [(Path(p), st) for p, st in found]


def iter_inbox(inbox: str | Path) -> Iterator[Path]:
    """Report files under ``inbox`` in a stable order (no hidden files or folders, partials, or
    files of other formats)."""
    for path, _ in _inbox_files(inbox):
        yield path


class HashCache:
    """Remembered SHA-256s of inbox files, keyed by (absolute path, size, mtime_ns).

    Hashing 100k files reads every byte (a gigabyte) on each run, which is most of a no-op run.
    A file whose size and modification time are unchanged is taken to have its old content, the
    rule ``make`` and ``rsync`` use; an edit changes the mtime (even ``touch`` does), so it is
    hashed again. The cache is a JSON file written atomically; a missing or damaged file only
    means everything is hashed once more. Entries of files no longer found are dropped on save.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.old: dict[str, list[Any]] = {}
        self.new: dict[str, list[Any]] = {}
        self.hashed = 0
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("version") == 1:
                    self.old = data["files"]
            except (OSError, ValueError, KeyError, AttributeError):
                self.old = {}

    def sha256(self, path: Path, st: os.stat_result) -> str:
        key = os.path.abspath(path)
        hit = self.old.get(key)
        if hit is not None and hit[0] == st.st_size and hit[1] == st.st_mtime_ns:
            sha = hit[2]
        else:
            sha = sha256_file(path)
            self.hashed += 1
        # a file written in the last seconds may be written again within the same mtime tick
        # (git's "racy" case): remember it, but as unverified, so the next run hashes it again
        recent = time.time_ns() - st.st_mtime_ns < RACY_NS
        self.new[key] = [-1 if recent else st.st_size, st.st_mtime_ns, sha]
        return sha

    def save(self) -> None:
        if self.path is None or self.new == self.old:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"version": 1, "files": self.new}, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, self.path)


def scan_inboxes(
    inboxes: Iterable[str | Path], cache: HashCache | None = None, errors: list[tuple[str, str]] | None = None
) -> list[Candidate]:
    """Every file of the inbox folders, hashed (or its hash taken from ``cache``, then saved).

    Entries that cannot be read (loops, dangling links, permissions) are appended to ``errors``
    as (path, reason) and skipped: one bad entry never stops the others. A saved web page with its
    files, or a folder of a page and its attachments, is one document (``flows/saved_pages.py``).
    """
    from flows.saved_pages import fold_saved_pages

    cache = cache or HashCache(None)
    out = []
    for inbox in inboxes:
        files, bundles = fold_saved_pages(_inbox_files(inbox, errors), Path(inbox))
        out.extend(bundles)
        for path, st in files:
            try:
                sha = cache.sha256(path, st)
            except FileNotFoundError:  # deleted between listing and hashing
                continue
            except OSError as exc:
                if errors is not None:
                    errors.append((str(path), f"cannot read: {_why(exc)}"))
                continue
            out.append(Candidate(str(path), sha, st.st_size, str(path)))
    cache.save()
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


def _suffix(path: str) -> str:
    return os.path.splitext(path.split("?", 1)[0])[1].lower()


def plan(
    candidates: Iterable[Candidate],
    known: dict[str, str],
    staged: set[str],
    retry_failed: bool = False,
    failed_paths: dict[str, str] | None = None,
    stale: set[str] | None = None,
) -> Plan:
    """Split candidates by content hash.

    ``known`` maps sha256 to the warehouse status; documents that failed before are extracted
    again only with ``retry_failed`` (a failure is deterministic until the extractor changes), or
    when they now come under a name with another suffix than the one that failed (``failed_paths``:
    sha256 -> stored path), since the name can decide the reader. Staged documents are in the
    loader's queue already and need no extraction. A document to extract carries its duplicates
    of other suffixes as ``alternates``. ``stale`` documents were read by another extractor
    version: they are extracted again (the loader replaces them), failed ones included, since a
    failure is deterministic only until the extractor changes.
    """
    result = Plan([], [], [], [])
    failed_paths = failed_paths or {}
    first: dict[str, Candidate] = {}
    others: dict[str, list[Candidate]] = {}
    for c in candidates:
        if c.sha256 in first:
            result.duplicates.append(c)
            others.setdefault(c.sha256, []).append(c)
            continue
        first[c.sha256] = c
    for sha, c in first.items():
        status = known.get(sha)
        names = [c, *others.get(sha, [])]
        if status is not None and stale is not None and sha in stale:
            retry = True  # read by another extractor version: every name is worth a new try
        elif status == "failed" and not retry_failed and sha in failed_paths:
            tried = _suffix(failed_paths[sha])
            names = [n for n in names if _suffix(n.origin) != tried]
            retry = bool(names)
        else:
            retry = retry_failed and status == "failed"
        if status is not None and not retry:
            result.known.append(c)
        elif sha in staged:
            result.staged.append(c)
        else:
            lead, rest = names[0], names[1:]
            seen = {_suffix(lead.origin)}
            alternates = []
            for n in rest:
                if _suffix(n.origin) not in seen:
                    seen.add(_suffix(n.origin))
                    alternates.append((n.path, n.origin))
            result.to_extract.append(replace(lead, alternates=tuple(alternates)) if alternates else lead)
    return result
