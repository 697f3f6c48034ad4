"""The queue between parallel extraction and the single loader: one JSON-lines file per chunk.

Extraction runs in threads, processes or Dask workers; only the loader may write DuckDB. Each
extraction task handles a *chunk* of documents and writes its results here as one file,
``<id>.jsonl``: a header line ``{"sha256s": [...]}`` (so a run can tell what is queued without
parsing reports), then one result per line. The file is written to a temporary name and renamed,
so it is either whole or absent. The loader reads the queue in batches of whole chunk files,
commits a batch in one transaction and only then deletes its files. A run killed at any point
therefore leaves either staged files (loaded by the next run, without extracting again) or
committed rows (which the next run sees as known) — and since the warehouse load is idempotent, a
kill between commit and delete only means the next run loads the same rows again as "unchanged".

Per-document ``<sha256>.json`` files (the queue format of earlier versions) are still read.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

try:  # 3-5x faster than the json module both ways; pinned in requirements.lock (a Prefect dependency)
    import orjson
except ImportError:  # pragma: no cover - the stdlib fallback writes the same JSON
    orjson = None

CHUNK_SUFFIX = ".jsonl"
LEGACY_SUFFIX = ".json"


def staging_dir_for(db_path: str | Path) -> Path:
    """The queue folder of a warehouse: ``staging/`` beside the DuckDB file."""
    return Path(db_path).resolve().parent / "staging"


def dumps(obj: Any) -> bytes:
    """One JSON line's bytes (UTF-8, no ASCII escapes): orjson, or the json module for what
    orjson refuses (integers beyond 64 bits)."""
    if orjson is not None:
        try:
            return orjson.dumps(obj)
        except TypeError:
            pass
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def loads(data: bytes | str) -> Any:
    return orjson.loads(data) if orjson is not None else json.loads(data)


def _write_atomically(directory: Path, final: Path, lines: Iterable[bytes]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            for line in lines:
                fh.write(line)
                fh.write(b"\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return final


def chunk_name(sha256s: list[str]) -> str:
    """A chunk file's name: a hash of its documents, so the same chunk staged twice is one file."""
    return hashlib.sha256("\n".join(sha256s).encode()).hexdigest()[:32] + CHUNK_SUFFIX


def stage_chunk(results: list[dict[str, Any]], directory: Path) -> Path:
    """Queue the results of one chunk ({"document": ..., "report": ...} each) as one file."""
    shas = [r["document"]["sha256"] for r in results]
    header = dumps({"sha256s": shas})
    body = (dumps(r) for r in results)
    return _write_atomically(directory, directory / chunk_name(shas), [header, *body])


def stage(result: dict[str, Any], directory: Path) -> Path:
    """Queue one result: a chunk of one."""
    return stage_chunk([result], directory)


def pending(directory: Path) -> list[Path]:
    """Queued chunk files in a stable order; half-written temporaries of a killed run are removed."""
    if not directory.is_dir():
        return []
    for tmp in directory.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)
    return sorted(p for p in directory.iterdir() if p.suffix in (CHUNK_SUFFIX, LEGACY_SUFFIX) and not p.name.startswith("."))


def sha256s_of(path: Path) -> list[str]:
    """The documents of a queued file, from its header line only (reports are not parsed)."""
    if path.suffix == LEGACY_SUFFIX:
        return [path.stem]
    with path.open("rb") as fh:
        return list(loads(fh.readline())["sha256s"])


def staged_sha256s(directory: Path) -> set[str]:
    """Every document in the queue; an unreadable file counts for none (the loader drops it)."""
    out: set[str] = set()
    for p in pending(directory):
        try:
            out.update(sha256s_of(p))
        except (OSError, ValueError, KeyError):
            continue
    return out


def read(path: Path) -> list[dict[str, Any]]:
    """Every result of a queued file (raises ValueError on a damaged file)."""
    if path.suffix == LEGACY_SUFFIX:
        return [json.loads(path.read_text(encoding="utf-8"))]
    with path.open("rb") as fh:
        header = loads(fh.readline())
        results = [loads(line) for line in fh if line.strip()]
    if len(results) != len(header["sha256s"]):
        raise ValueError(f"{path.name}: {len(results)} results, header lists {len(header['sha256s'])}")
    return results


def iter_results(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    for p in paths:
        yield from read(p)


def remove(paths: Iterable[Path]) -> None:
    """Drop files the warehouse has committed."""
    for p in paths:
        p.unlink(missing_ok=True)
