"""The queue between parallel extraction and the single loader: one JSON file per document.

Extraction runs in threads, processes or Dask workers; only the loader may write DuckDB. Each
finished extraction is written here (``<sha256>.json``, by atomic rename, so a file is either
whole or absent) as soon as it completes; the loader reads the queue in batches, commits a batch
in one transaction and only then deletes its files. A run killed at any point therefore leaves
either staged files (loaded by the next run, without extracting again) or committed rows (which the
next run sees as known) — and since the warehouse load is idempotent, a kill between commit and
delete only means the next run loads the same rows again as "unchanged".
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def staging_dir_for(db_path: str | Path) -> Path:
    """The queue folder of a warehouse: ``staging/`` beside the DuckDB file."""
    return Path(db_path).resolve().parent / "staging"


def stage(result: dict[str, Any], directory: Path) -> Path:
    """Queue one result ({"document": ..., "report": ...}) under its document's sha256."""
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"{result['document']['sha256']}.json"
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(result, fh, ensure_ascii=False, separators=(",", ":"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return final


def pending(directory: Path) -> list[Path]:
    """Queued results in a stable order; half-written temporaries of a killed run are removed."""
    if not directory.is_dir():
        return []
    for tmp in directory.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)
    return sorted(directory.glob("*.json"))


def staged_sha256s(directory: Path) -> set[str]:
    return {p.stem for p in pending(directory)}


def read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def remove(paths: Iterable[Path]) -> None:
    """Drop results the warehouse has committed."""
    for p in paths:
        p.unlink(missing_ok=True)
