"""Saved web pages in an inbox: a page and the files that belong to it are one document.

A browser saves a page as ``page.html`` beside ``page_files/`` (its pictures and scripts); an
office may keep a folder with the page and its attachments; ``ogi`` writes fetched pages as
folders with a ``bundle.json``. Each of these is one report (see :mod:`extract.bundle`), so the
files inside are not documents of their own: reading ``page_files/table1.png`` alone would load
the same report twice, or a picture as a failed document.
"""

from __future__ import annotations

import os
from pathlib import Path

from extract.bundle import MANIFEST, PAGE_SUFFIXES, load_bundle, saved_page_folder
from flows.discover import Candidate


def _bundle_candidate(path: Path) -> Candidate | None:
    from extract.bundle import bundle_sha256

    bundle = load_bundle(path)
    if bundle is None:
        return None
    try:
        sha, size = bundle_sha256(bundle)
    except OSError:  # a part vanished while we looked: the next run sees the folder whole
        return None
    return Candidate(str(path), sha, size, str(path))


def fold_saved_pages(
    found: list[tuple[Path, os.stat_result]], root: Path
) -> tuple[list[tuple[Path, os.stat_result]], list[Candidate]]:
    """Split the files of inbox ``root`` into plain files and bundle documents.

    - a folder with ``bundle.json`` (a fetched page) is one document;
    - ``X.html`` with its ``X_files/`` folder is one document;
    - a sub-folder whose only page links to files beside it is one document made of the page
      and those files (other files of the folder stay documents of their own).
    """
    pages = [p for p, _ in found if p.suffix.lower() in PAGE_SUFFIXES]
    if not pages:
        return found, []
    owned: set[Path] = set()
    bundles: list[Candidate] = []
    by_folder: dict[Path, list[Path]] = {}
    for page in pages:
        by_folder.setdefault(page.parent, []).append(page)
    for folder, in_folder in sorted(by_folder.items()):
        if (folder / MANIFEST).is_file():
            members = [folder]
            cand = _bundle_candidate(folder)
        elif len(in_folder) == 1 and saved_page_folder(in_folder[0]) is None and folder.resolve() != root.resolve():
            bundle = load_bundle(folder)
            members = [in_folder[0], *(part.file for part in bundle.parts)] if bundle else []
            cand = _bundle_candidate(folder) if bundle else None
        else:
            cand = None
        if cand is not None:
            bundles.append(cand)
            owned.update(Path(os.path.abspath(m)) for m in members)
            continue
        for page in in_folder:
            files_dir = saved_page_folder(page)
            cand = _bundle_candidate(page) if files_dir is not None else None
            if cand is not None:
                bundles.append(cand)
                owned.update({Path(os.path.abspath(page)), Path(os.path.abspath(files_dir))})
    if not owned:
        return found, []

    def inside(p: Path) -> bool:
        a = Path(os.path.abspath(p))
        return a in owned or any(parent in owned for parent in a.parents)

    return [(p, st) for p, st in found if not inside(p)], bundles
