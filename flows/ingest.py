"""The ingestion flow: discover → fetch → extract (parallel) → load (one writer) → models → export.

Stages and their rules:

- **discover**: files of the inbox folders, hashed; a document is its SHA-256, not its path. A
  file whose (path, size, mtime) is unchanged since the last run keeps its remembered hash
  (``discover_hashes.json`` beside the warehouse), so a no-op run reads no file.
- **fetch**: URLs of the sources file, conditional and bounded (flows/fetch.py); Prefect retries
  transient failures with exponential backoff. Fetched bodies join the inbox files.
- **plan**: documents the warehouse knows (``known_documents``) are only marked as seen, unless
  another extractor version read them (``stale_documents``: read again, replaced at load); documents
  staged by an interrupted run are loaded without extracting; the rest are extracted.
- **extract**: one Prefect task per *chunk* of documents (adaptive: one document per task for a
  handful, up to 250 for a large run) on the chosen task runner (threads, process pool, Dask).
  The worker stages its chunk on disk as one file the moment it is done (flows/staging.py). No
  Prefect result cache: a staged chunk is never extracted again and a loaded document is never
  extracted again (it is known to the warehouse), so persisting every result a second time in
  Prefect's storage only cost time. A document that cannot be read becomes a *failed* result
  with its error — it never stops the run.
- **load**: in this process only, batch by batch (whole chunk files, at least ``load_batch``
  documents), one transaction per batch; a batch's files are deleted after its commit. Then
  ``touch_documents`` for the known ones, in one statement.
- **models**, **export**: dbt build and the parquet export, when something was loaded since the
  last successful build (a marker file survives a killed run) or no export exists yet.

A failed stage (the warehouse, dbt, the export) fails the run; per-document failures do not.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from flows import settings

settings.configure()

from prefect import flow, task  # noqa: E402  (Prefect reads its settings at import)
from prefect.cache_policies import NONE  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.tasks import exponential_backoff  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.progress import (  # noqa: E402
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from extract import EXTRACTOR_VERSION  # noqa: E402
from flows import staging  # noqa: E402
from flows.discover import Candidate, HashCache, plan, read_sources, scan_inboxes  # noqa: E402
from flows.fetch import FetchLimits, FetchResult, FetchState, TransientFetchError, fetch_url  # noqa: E402
from flows.lock import lock_path_for, retry_on_db_lock, warehouse_lock  # noqa: E402
from flows.runners import describe, parallelism, task_runner  # noqa: E402
from flows.summary import RunSummary  # noqa: E402

DEFAULT_INBOX = "data/inbox"
DEFAULT_SOURCES = "data/sources.txt"
DEFAULT_DB = "data/warehouse/ogi.duckdb"
DEFAULT_EXPORT_DIR = "data/exports"
DEFAULT_SITE_DIR = "data/site"
LOAD_BATCH = 2000  # documents per load transaction (at least; whole chunk files): bounds memory and the work a kill can undo
HASH_CACHE_NAME = "discover_hashes.json"  # beside the warehouse: (path, size, mtime_ns) -> sha256
PLAN_NAME = "extract-plan.json"  # beside the warehouse: the documents handed to the extraction subflow

# Test hook: "SECONDS[:BATCH]" pauses the loader inside batch BATCH's transaction (default the
# first), after all its rows were handed to the warehouse and before COMMIT, so a test can SIGKILL
# the run at a known point. Announced on stderr as PAUSE_ANNOUNCEMENT.
PAUSE_ENV = "OGI_TEST_PAUSE_BEFORE_COMMIT"
PAUSE_ANNOUNCEMENT = "ogi: loader paused before commit"
# Test hook: seconds each document's extraction is delayed by, so a test can kill a run while its
# workers are busy.
EXTRACT_DELAY_ENV = "OGI_TEST_EXTRACT_DELAY"


class RunFailed(RuntimeError):
    """A stage of the run failed; carries the summary so far."""

    def __init__(self, message: str, summary: dict[str, Any]) -> None:
        super().__init__(message)
        self.summary = summary

    def __reduce__(self):
        return (RunFailed, (str(self), self.summary))


# --------------------------------------------------------------------------- extraction


def _format_of(path: str) -> str:
    try:
        from extract.readers import sniff_format

        with open(path, "rb") as fh:
            return sniff_format(fh.read(1024), Path(path).suffix.lower())
    except OSError:
        return "unknown"


def extract_one(candidate: Candidate) -> dict[str, Any]:
    """Extract one document into a load result; unreadable documents become failed results.

    When it fails under its name, the same bytes are tried under the candidate's alternate names
    (another suffix can choose another reader); the first success wins and keeps its own name.
    """
    result = _extract_named(candidate, candidate.path, candidate.origin)
    for path, origin in candidate.alternates:
        if result["document"]["status"] == "ok":
            break
        retry = _extract_named(candidate, path, origin)
        if retry["document"]["status"] == "ok":
            result = retry
    return result


def _extract_named(candidate: Candidate, path: str, origin: str) -> dict[str, Any]:
    """One extraction of the candidate's bytes read from ``path``, recorded under ``origin``."""
    from extract.readers import ReaderError
    from flows.stages import extract_report

    document = {"sha256": candidate.sha256, "path": origin, "format": None, "bytes": candidate.bytes,
                "status": "ok", "error": None, "extractor_version": EXTRACTOR_VERSION}  # fmt: skip
    try:
        report = extract_report(path)
    except ReaderError as exc:
        document.update(format=_format_of(path), status="failed", error=f"{exc.code}: {exc}")
        return {"document": document, "report": None}
    except Exception as exc:  # an extractor bug must not stop the run: record it on the document
        document.update(format=_format_of(path), status="failed", error=f"extractor crashed: {type(exc).__name__}: {exc}")
        return {"document": document, "report": None}
    data = report.to_dict()
    data["source"]["path"] = origin  # the inbox path or the URL, not the downloads copy
    data["source"]["sha256"] = candidate.sha256
    document["format"] = data["source"].get("format") or _format_of(path)
    if report.failed:
        first = next(i for i in report.issues if i.severity == "error")
        document.update(status="failed", error=f"{first.code}: {first.message}")
    return {"document": document, "report": data}


def failed_result(candidate: Candidate, error: str) -> dict[str, Any]:
    """The result of a document whose extraction task itself died (worker crash, pickling error)."""
    doc = {"sha256": candidate.sha256, "path": candidate.origin, "format": _format_of(candidate.path),
           "bytes": candidate.bytes, "status": "failed", "error": error,
           "extractor_version": EXTRACTOR_VERSION}  # fmt: skip
    return {"document": doc, "report": None}


def _relocate(result: dict[str, Any], candidate: Candidate) -> None:
    """A result may come from the same bytes under another name: give it this one's (unless it
    was read under one of this candidate's alternate names, which then is its name)."""
    if result["document"]["path"] in {origin for _, origin in candidate.alternates}:
        return
    result["document"]["path"] = candidate.origin
    if result.get("report"):
        result["report"]["source"]["path"] = candidate.origin


MAX_CHUNK = 250  # documents per extraction task on a large run (~1 s of work for text reports)
CHUNKS_PER_WORKER = 8  # at least this many tasks per worker: balance, and a moving progress bar


def chunk_size_for(n: int, parallelism: int, requested: int | None = None) -> int:
    """Documents per extraction task.

    Prefect costs ~5-20 ms per task in threads and ~0.1 s in a process pool, more than a text
    report's extraction (~3 ms), so large runs batch up to :data:`MAX_CHUNK` documents per task.
    Small runs keep small chunks (one document each for a handful) so every worker has work and
    the progress bar moves; ``requested`` (``--chunk-size``) overrides.
    """
    if requested:
        return max(1, requested)
    return max(1, min(MAX_CHUNK, -(-n // (max(parallelism, 1) * CHUNKS_PER_WORKER))))


def extract_chunk(candidates: list[Candidate], staging_dir: str | None) -> dict[str, Any]:
    """Extract a chunk of documents; stage it as one file when the queue folder is reachable.

    With ``staging_dir`` the worker writes the chunk file itself and returns only its name and
    size, so 100k reports never travel back through Prefect or get serialised twice; without it
    (a remote Dask cluster, which cannot see this machine's disk) the results are returned.
    """
    delay = float(os.environ.get(EXTRACT_DELAY_ENV) or 0)
    results = []
    for c in candidates:
        if delay:
            time.sleep(delay)
        r = extract_one(c)
        _relocate(r, c)
        results.append(r)
    if staging_dir is None:
        return {"file": None, "documents": len(results), "results": results}
    path = staging.stage_chunk(results, Path(staging_dir))
    return {"file": path.name, "documents": len(results), "results": None}


@task(name="extract-chunk", cache_policy=NONE, persist_result=False)
def extract_chunk_task(candidates: list[Candidate], staging_dir: str | None) -> dict[str, Any]:
    """One Prefect task per chunk. No Prefect result cache: the chunk's staged file and the
    warehouse already guarantee a document is extracted once (see the module docstring)."""
    return extract_chunk(candidates, staging_dir)


@task(name="fetch", cache_policy=NONE, retries=3, retry_delay_seconds=exponential_backoff(backoff_factor=2))
def fetch_task(url: str, previous: dict[str, Any] | None, downloads: str, limits: FetchLimits) -> FetchResult:
    result = fetch_url(url, previous, downloads, limits)
    if result.ok:  # a report page: fetch its attachments or table pictures into one bundle
        from flows.pages import expand_page

        result = expand_page(result, downloads, limits)
    if result.transient:
        raise TransientFetchError(result)  # Prefect retries with backoff
    return result


# --------------------------------------------------------------------------- loading


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``itertools.batched`` of Python 3.12."""
    it = iter(items)
    while chunk := list(islice(it, max(size, 1))):
        yield chunk


def _pause_spec() -> tuple[float, int] | None:
    raw = os.environ.get(PAUSE_ENV)
    if not raw:
        return None
    seconds, _, batch = raw.partition(":")
    return float(seconds), int(batch or 1)


def _feed(results: Iterator[dict[str, Any]], batch_no: int) -> Iterator[dict[str, Any]]:
    """Hand results to ``load``; the test hook pauses here, inside the open transaction."""
    yield from results
    spec = _pause_spec()
    if spec and spec[1] == batch_no:
        print(f"{PAUSE_ANNOUNCEMENT} (batch {batch_no})", file=sys.stderr, flush=True)
        time.sleep(spec[0])


def load_batches(directory: Path, batch_size: int) -> Iterator[list[tuple[Path, int]]]:
    """Queued files grouped into load transactions of at least ``batch_size`` documents.

    A chunk file is never split: it is deleted as a whole after the commit that stored it.
    A file whose header cannot be read is dropped at once (its documents are not in the
    warehouse, so the next run extracts them again).
    """
    batch: list[tuple[Path, int]] = []
    count = 0
    for p in staging.pending(directory):
        try:
            n = len(staging.sha256s_of(p))
        except (OSError, ValueError, KeyError):
            p.unlink(missing_ok=True)
            continue
        batch.append((p, n))
        count += n
        if count >= batch_size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


def _read_batch(files: list[tuple[Path, int]], done: list[Path], failures: list[dict[str, str]]) -> Iterator[dict[str, Any]]:
    """Results of a batch's files, one file at a time (memory stays one file's worth ahead of
    ``load``); damaged files are dropped, loaded ones listed in ``done`` for deletion after COMMIT."""
    for p, _ in files:
        try:
            results = staging.read(p)
        except (OSError, ValueError, KeyError):
            p.unlink(missing_ok=True)
            continue
        done.append(p)
        for r in results:
            doc = r["document"]
            if doc.get("status") == "failed":
                failures.append({"path": str(doc.get("path")), "error": str(doc.get("error"))})
        yield from results


def load_staged(
    con: Any,
    directory: Path,
    seen_at: datetime,
    batch_size: int = LOAD_BATCH,
    summary: RunSummary | None = None,
    on_loaded: Any = None,
) -> int:
    """Load every staged result, one transaction per batch; delete a batch's files after commit.

    Returns the number of results loaded. A staged file that cannot be parsed (a disk filled up
    under an older version) is dropped: its documents are not known, so the next run extracts them.
    """
    from transform.warehouse import load

    summary = summary if summary is not None else RunSummary()
    total = 0
    for batch_no, files in enumerate(load_batches(directory, batch_size), start=1):
        done: list[Path] = []
        failures: list[dict[str, str]] = []
        stats = load(con, _feed(_read_batch(files, done, failures), batch_no), seen_at=seen_at)
        summary.add_load(stats)
        staging.remove(done)
        summary.failures.extend(failures)
        n = sum(count for p, count in files if p in done)
        total += n
        if on_loaded:
            on_loaded(n)
    return total


# --------------------------------------------------------------------------- models and export


def models_marker(db: Path) -> Path:
    """Exists while loaded data has not been through dbt and the export (survives a killed run)."""
    return db.resolve().parent / f".{db.stem}.models-pending"


def _has_exports(export_dir: Path) -> bool:
    return export_dir.is_dir() and any(p.is_file() for p in export_dir.rglob("*"))


def _optional(module: str, name: str) -> Any:
    """A transform entry point, or None when that module has not landed in this checkout."""
    import importlib

    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise


def _release_dbt_connection() -> None:
    """Close the DuckDB handle dbt-duckdb keeps open in this process after an in-process build.

    dbt-duckdb caches one read-write database instance per process; while it lives, DuckDB refuses
    the export's read-only connection ("same database file with a different configuration") and a
    long-lived ``ogi serve`` process would pin the file between nightly runs.
    """
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:
        return
    with DuckDBConnectionManager._LOCK:
        env, DuckDBConnectionManager._ENV = DuckDBConnectionManager._ENV, None
    if env is not None:
        env.close()


def build_and_export(db: Path, export_dir: Path, summary: RunSummary) -> None:
    """dbt build, then export the marts; each stage timed and noted in the summary."""
    build_models = _optional("transform.models", "build_models")
    t0 = time.perf_counter()
    if build_models is None:
        summary.stage_notes["models"] = "skipped: transform.models not available"
    else:
        try:
            result = retry_on_db_lock(build_models, db)
        finally:
            _release_dbt_connection()
        summary.stage_notes["models"] = f"{result.models} models, {result.tests} tests"
    summary.stage_seconds["models"] = time.perf_counter() - t0

    export = _optional("transform.export", "export")
    t0 = time.perf_counter()
    if export is None:
        summary.stage_notes["export"] = "skipped: transform.export not available"
    else:
        paths = retry_on_db_lock(export, db_path=db, out_dir=export_dir)
        summary.exports = [str(p) for p in paths]
        summary.stage_notes["export"] = f"{len(paths)} files in {export_dir}"
    summary.stage_seconds["export"] = time.perf_counter() - t0


def build_site_stage(db: Path, site_dir: Path, summary: RunSummary) -> None:
    """The static site (``ogi site``) from the fresh marts; a failure is noted, not fatal: the
    warehouse and the export are already published."""
    build_site = _optional("transform.site.build", "build_site")
    t0 = time.perf_counter()
    if build_site is None:
        summary.stage_notes["site"] = "skipped: transform.site not available"
        return
    try:
        stats = build_site(db, site_dir)
        summary.stage_notes["site"] = f"{stats.pages} pages ({stats.written} written) in {site_dir}"
    except Exception as exc:  # noqa: BLE001 - the site is a view of the marts; the run's data is safe
        summary.stage_notes["site"] = f"failed: {type(exc).__name__}: {exc}"
    summary.stage_seconds["site"] = time.perf_counter() - t0


# --------------------------------------------------------------------------- the flow


@dataclass
class _Stage:
    """Times one stage into the summary."""

    summary: RunSummary
    name: str

    def __enter__(self) -> _Stage:
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.summary.stage_seconds[self.name] = self.summary.stage_seconds.get(self.name, 0.0) + time.perf_counter() - self.t0


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("{task.description:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not enabled,
        transient=False,
    )


def _fetch_all(
    urls: list[str], db: Path, retries: int, backoff: float, limits: FetchLimits, summary: RunSummary
) -> list[Candidate]:
    state = FetchState.load(db.resolve().parent / "fetch_state.json")
    downloads = str(db.resolve().parent / "downloads")
    fetcher = fetch_task.with_options(retries=retries, retry_delay_seconds=exponential_backoff(backoff_factor=backoff) if backoff > 0 else 0)
    futures = {fetcher.submit(url, state.get(url), downloads, limits): url for url in urls}
    out = []
    for fut in as_completed(list(futures)):
        url = futures[fut]
        try:
            result = fut.result()
        except TransientFetchError as exc:
            result = exc.result
        except Exception as exc:  # a crash in the fetch task is that URL's failure, not the run's
            result = FetchResult(url, "failed", error=f"{type(exc).__name__}: {exc}")
        state.record(result)
        summary.fetch_outcomes[result.outcome] = summary.fetch_outcomes.get(result.outcome, 0) + 1
        if result.ok and result.sha256 and result.path:
            out.append(Candidate(result.path, result.sha256, result.bytes, url))
        else:
            summary.failures.append({"path": url, "error": str(result.error)})
    state.save()
    out.sort(key=lambda c: c.origin)
    return out


def write_plan(candidates: list[Candidate], path: Path) -> Path:
    """The documents to extract, as a file the extraction subflow reads.

    Passed by path, not as a parameter: Prefect validates a flow's parameters and stores them
    with the flow run, which for 100k documents costs seconds and megabytes for nothing.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [[c.path, c.sha256, c.bytes, c.origin, [list(a) for a in c.alternates]] for c in candidates]
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def read_plan(path: Path) -> list[Candidate]:
    out = []
    for row in json.loads(path.read_text(encoding="utf-8")):
        alternates = tuple(tuple(a) for a in row[4]) if len(row) > 4 else ()
        out.append(Candidate(*row[:4], alternates=alternates))
    return out


@flow(name="ogi-extract", log_prints=False)
def extract_documents(
    plan_file: str, staging_dir: str, progress: bool = False, chunk_size: int = 1, stage_in_workers: bool = True
) -> int:
    """Extract documents on this flow's task runner, one task per chunk, each chunk staged as it
    completes.

    A subflow so that the task runner (threads, process pool, Dask) is chosen per run — also for
    served, scheduled runs, which load the parent flow from its entrypoint with fixed options;
    fetches stay on the parent's threads (they wait on the network, not the CPU).

    A chunk whose task dies (a worker process killed, a result that cannot travel) is submitted
    again one document per task, so one poisonous document fails alone, not its 250 neighbours.
    """
    directory = Path(staging_dir)
    target = staging_dir if stage_in_workers else None
    candidates = read_plan(Path(plan_file))
    done = 0
    with _progress(progress) as bar:
        job = bar.add_task("extract", total=len(candidates))
        wave = [candidates[i : i + chunk_size] for i in range(0, len(candidates), chunk_size)]
        while wave:
            futures = {extract_chunk_task.submit(chunk, target): chunk for chunk in wave}
            wave = []
            for fut in as_completed(list(futures)):
                chunk = futures[fut]
                try:
                    outcome = fut.result()
                except Exception as exc:  # the worker died or the result could not travel back
                    if len(chunk) > 1:
                        wave.extend([c] for c in chunk)
                        continue
                    result = failed_result(chunk[0], f"extraction task failed: {type(exc).__name__}: {exc}")
                    outcome = {"documents": 1, "results": [result]}
                if outcome.get("results") is not None:
                    staging.stage_chunk(outcome["results"], directory)
                done += outcome["documents"]
                bar.advance(job, outcome["documents"])
    return done


def run_ingest(
    inboxes: Iterable[str],
    sources: str | None,
    db: Path,
    export_dir: Path,
    summary: RunSummary,
    retry_failed: bool = False,
    load_batch: int = LOAD_BATCH,
    fetch_retries: int = 3,
    fetch_backoff: float = 2.0,
    fetch_limits: FetchLimits | None = None,
    progress: bool = False,
    workers: int | None = None,
    dask: str | None = None,
    chunk_size: int | None = None,
    site_dir: Path | None = None,
) -> RunSummary:
    """The stages, in order (call inside the flow: extraction and fetches are Prefect tasks)."""
    from transform.warehouse import connect, known_documents, stale_documents, touch_documents

    seen_at = datetime.now(UTC)
    summary.runner = describe(workers, dask)
    stage_dir = staging.staging_dir_for(db)

    inboxes = list(inboxes)
    missing = [str(i) for i in inboxes if not Path(i).is_dir()]
    if missing:
        summary.stage_notes["discover"] = f"no folder {', '.join(missing)}"
    with _Stage(summary, "discover"):
        hashes = HashCache(db.resolve().parent / HASH_CACHE_NAME)
        unreadable: list[tuple[str, str]] = []  # loops, dangling links, permissions: per entry
        candidates = scan_inboxes(inboxes, hashes, unreadable)
        summary.hashed = hashes.hashed
        summary.failures.extend({"path": path, "error": error} for path, error in unreadable)
    urls = read_sources(sources)
    summary.urls = len(urls)
    if urls:
        with _Stage(summary, "fetch"):
            candidates += _fetch_all(urls, db, fetch_retries, fetch_backoff, fetch_limits or FetchLimits(), summary)

    with _Stage(summary, "discover"):
        con = retry_on_db_lock(connect, db)  # an analyst's open connection only delays us
        try:
            known = known_documents(con)
            stale = stale_documents(con, EXTRACTOR_VERSION)
            failed_paths = dict(con.execute("SELECT sha256, path FROM raw.documents WHERE status = 'failed'").fetchall())
        finally:
            con.close()
        staged = staging.staged_sha256s(stage_dir)
        work = plan(candidates, known, staged, retry_failed=retry_failed, failed_paths=failed_paths, stale=stale)
    summary.found = len(work.to_extract) + len(work.known) + len(work.staged)
    summary.duplicates = len(work.duplicates)

    with _Stage(summary, "extract"):
        if work.to_extract:
            size = chunk_size_for(len(work.to_extract), parallelism(workers, dask), chunk_size)
            summary.chunk_size = size
            plan_file = write_plan(work.to_extract, db.resolve().parent / PLAN_NAME)
            extractor = extract_documents.with_options(task_runner=task_runner(workers, dask))
            local = dask is None or dask == "local"  # a remote cluster cannot write our disk
            summary.extracted = extractor(str(plan_file), str(stage_dir), progress, size, local)
            plan_file.unlink(missing_ok=True)

    with _Stage(summary, "load"), _progress(progress) as bar:
        queued = len(staging.pending(stage_dir))
        con = retry_on_db_lock(connect, db)  # an analyst's open connection only delays us
        try:
            if queued:
                models_marker(db).touch()
                job = bar.add_task("load", total=queued)
                loaded = load_staged(con, stage_dir, seen_at, load_batch, summary, lambda n: bar.advance(job, n))
                summary.from_staging = max(loaded - summary.extracted, 0)
            # known documents still in the queue (a run killed between commit and cleanup) were
            # counted by the load above; the rest are only marked as seen
            touch = [c.sha256 for c in work.known if c.sha256 not in staged]
            touch_documents(con, touch, seen_at)
            summary.documents_unchanged += len(touch)
        finally:
            con.close()

    marker = models_marker(db)
    rebuilt = marker.exists() or not _has_exports(export_dir)
    if rebuilt:
        build_and_export(db, export_dir, summary)
        marker.unlink(missing_ok=True)
    else:
        summary.stage_notes["models"] = "skipped: nothing new"
        summary.stage_notes["export"] = "skipped: nothing new"
    if site_dir is not None and (rebuilt or not (site_dir / "index.html").exists()):
        build_site_stage(db, site_dir, summary)
    return summary


@flow(name="ogi-ingest", log_prints=False)
def ingest(
    inbox: list[str] | None = None,
    sources: str | None = DEFAULT_SOURCES,
    db: str = DEFAULT_DB,
    export_dir: str = DEFAULT_EXPORT_DIR,
    retry_failed: bool = False,
    load_batch: int = LOAD_BATCH,
    fetch_retries: int = 3,
    fetch_backoff: float = 2.0,
    fetch_timeout: float = 60.0,
    fetch_max_bytes: int = 64 * 1024 * 1024,
    lock_timeout: float = 0.0,
    progress: bool = False,
    workers: int | None = None,
    dask: str | None = None,
    chunk_size: int | None = None,
    site_dir: str | None = DEFAULT_SITE_DIR,
) -> dict[str, Any]:
    """One ingestion run; returns the run summary (a dict). Raises RunFailed when a stage fails.

    ``workers``/``dask`` choose where extraction runs (see flows/runners.py); the rest of the run
    stays in this process.
    """
    started = time.perf_counter()
    summary = RunSummary()
    db_path = Path(db)
    try:
        with warehouse_lock(lock_path_for(db_path), timeout=lock_timeout):
            run_ingest(
                inbox if inbox is not None else [DEFAULT_INBOX],
                sources,
                db_path,
                Path(export_dir),
                summary,
                retry_failed=retry_failed,
                load_batch=load_batch,
                fetch_retries=fetch_retries,
                fetch_backoff=fetch_backoff,
                fetch_limits=FetchLimits(max_bytes=fetch_max_bytes, timeout=fetch_timeout),
                progress=progress,
                workers=workers,
                dask=dask,
                chunk_size=chunk_size,
                site_dir=Path(site_dir) if site_dir else None,
            )
    except Exception as exc:
        summary.ok = False
        summary.error = f"{type(exc).__name__}: {exc}"
        summary.total_seconds = time.perf_counter() - started
        raise RunFailed(summary.error, summary.to_dict()) from exc
    summary.total_seconds = time.perf_counter() - started
    return summary.to_dict()
