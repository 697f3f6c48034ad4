"""Downloading report files from HTTP(S) sources, politely and within limits.

Agencies publish reports on ordinary web servers, some slow, some huge, some misconfigured, so a
fetch is bounded: only ``http``/``https`` (no ``file://`` or FTP reaching into the host), a body
size limit checked before and while reading, one time limit for the whole request, and a cap on
redirects. Re-runs are conditional (``If-None-Match`` / ``If-Modified-Since`` from the last
response, remembered in a small JSON state file), so a nightly run costs the server a 304.

Bodies land in a content-addressed downloads folder (``<sha256><suffix>``) that the extractor
reads; the document keeps its URL as its path. Failures are returned, not raised; ``transient``
says whether retrying could help (timeouts, connection errors, 408/429/5xx) — the flow's fetch
task raises on those so Prefect retries them with backoff.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

ALLOWED_SCHEMES = ("http", "https")
KNOWN_SUFFIXES = (".pdf", ".html", ".htm", ".txt", ".md", ".docx", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
CONTENT_TYPE_SUFFIX = {
    "application/pdf": ".pdf",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/tiff": ".tif",
}
USER_AGENT = "ogi-fetch/0.1 (+open-government-information annual reports)"


@dataclass(frozen=True)
class FetchLimits:
    """Bounds of one request. The defaults suit report files (a scanned PDF can be ~50 MB)."""

    max_bytes: int = 64 * 1024 * 1024
    timeout: float = 60.0  # seconds for the whole request, connect to last byte
    connect_timeout: float = 10.0
    max_redirects: int = 5


@dataclass
class FetchResult:
    """What happened to one URL."""

    url: str
    outcome: str  # downloaded | not_modified | failed
    http_status: int | None = None
    path: str | None = None  # local copy (downloads folder)
    sha256: str | None = None
    bytes: int = 0
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    transient: bool = False  # a retry could succeed
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.outcome in ("downloaded", "not_modified")


class TransientFetchError(Exception):
    """Raised by the flow's fetch task so that Prefect retries; carries the last result."""

    def __init__(self, result: FetchResult) -> None:
        super().__init__(f"{result.url}: {result.error}")
        self.result = result

    def __reduce__(self):  # picklable across process/Dask workers
        return (TransientFetchError, (self.result,))


@dataclass
class FetchState:
    """Validators and local copies of URLs seen before (``data/warehouse/fetch_state.json``).

    Only the flow's main thread writes it, once per run after all fetches, by atomic rename, so a
    killed run leaves the previous state intact.
    """

    path: Path
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path) -> FetchState:
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            entries = data.get("urls", {}) if isinstance(data, dict) else {}
        except (OSError, ValueError):
            entries = {}
        return cls(p, entries)

    def get(self, url: str) -> dict[str, Any] | None:
        return self.entries.get(url)

    def record(self, result: FetchResult, at: datetime | None = None) -> None:
        """Remember validators of a success; keep the previous copy's validators after a failure."""
        stamp = (at or datetime.now(UTC)).isoformat(timespec="seconds")
        entry = dict(self.entries.get(result.url) or {})
        entry["checked_at"] = stamp
        entry["last_outcome"] = result.outcome
        if result.outcome == "downloaded":
            entry.update(
                etag=result.etag,
                last_modified=result.last_modified,
                sha256=result.sha256,
                path=result.path,
                bytes=result.bytes,
                fetched_at=stamp,
                last_error=None,
            )
        elif result.outcome == "not_modified":
            entry["last_error"] = None
        else:
            entry["last_error"] = result.error
        self.entries[result.url] = entry

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"urls": self.entries}, ensure_ascii=False, indent=1, sort_keys=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".fetch_state.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
        os.replace(tmp, self.path)


def suffix_for(url: str, content_type: str | None) -> str:
    """A file suffix for the local copy: the URL's when it is a report format, else the type's."""
    path_suffix = os.path.splitext(urlsplit(url).path)[1].lower()
    if path_suffix in KNOWN_SUFFIXES:
        return path_suffix
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    return CONTENT_TYPE_SUFFIX.get(mime, "")


def _failed(url: str, started: float, error: str, status: int | None = None, transient: bool = False) -> FetchResult:
    return FetchResult(url, "failed", status, error=error, transient=transient, seconds=time.monotonic() - started)


def fetch_url(
    url: str,
    previous: dict[str, Any] | None,
    downloads: str | Path,
    limits: FetchLimits = FetchLimits(),
    client: httpx.Client | None = None,
) -> FetchResult:
    """Fetch ``url`` into ``downloads``; conditional on ``previous`` (a :class:`FetchState` entry)."""
    started = time.monotonic()
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        return _failed(url, started, f"unsupported URL scheme {scheme or '(none)'!r}: only http and https")
    downloads = Path(downloads)
    downloads.mkdir(parents=True, exist_ok=True)

    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    cached = previous if previous and previous.get("path") and Path(previous["path"]).is_file() else None
    if cached:
        if cached.get("etag"):
            headers["If-None-Match"] = cached["etag"]
        if cached.get("last_modified"):
            headers["If-Modified-Since"] = cached["last_modified"]

    own = client is None
    if own:
        client = httpx.Client(
            follow_redirects=True,
            max_redirects=limits.max_redirects,
            timeout=httpx.Timeout(limits.timeout, connect=min(limits.connect_timeout, limits.timeout)),
        )
    deadline = started + limits.timeout
    try:
        with client.stream("GET", url, headers=headers) as resp:
            final_scheme = resp.url.scheme.lower()
            if final_scheme not in ALLOWED_SCHEMES:
                return _failed(url, started, f"redirected to unsupported scheme {final_scheme!r}")
            status = resp.status_code
            if status == 304 and cached:
                return FetchResult(
                    url, "not_modified", status, path=cached["path"], sha256=cached.get("sha256"),
                    bytes=int(cached.get("bytes") or 0), etag=cached.get("etag"),
                    last_modified=cached.get("last_modified"), seconds=time.monotonic() - started,
                )  # fmt: skip
            if status in (408, 429) or status >= 500:
                return _failed(url, started, f"HTTP {status}", status, transient=True)
            if not (200 <= status < 300) or status == 204:
                return _failed(url, started, f"HTTP {status}", status)
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                return _failed(url, started, f"body of {declared} bytes exceeds the {limits.max_bytes}-byte limit", status)
            return _save_body(url, resp, downloads, limits, deadline, started)
    except httpx.TooManyRedirects:
        return _failed(url, started, f"more than {limits.max_redirects} redirects")
    except httpx.TimeoutException as exc:
        return _failed(url, started, f"timed out ({type(exc).__name__})", transient=True)
    except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
        return _failed(url, started, f"connection failed: {exc or type(exc).__name__}", transient=True)
    except httpx.HTTPError as exc:  # invalid URL, unsupported protocol in a redirect, ...
        return _failed(url, started, f"{type(exc).__name__}: {exc}")
    finally:
        if own:
            client.close()


def _save_body(
    url: str, resp: httpx.Response, downloads: Path, limits: FetchLimits, deadline: float, started: float
) -> FetchResult:
    """Stream the body to a temporary file, enforcing size and time, then file it under its hash."""
    h = hashlib.sha256()
    size = 0
    fd, tmp = tempfile.mkstemp(dir=downloads, prefix=".fetch.", suffix=".part")
    watchdog = _Watchdog(resp, deadline)
    try:
        with os.fdopen(fd, "wb") as fh, watchdog:
            try:
                # Per network read, not per 64 KiB: a 1-byte/s drip must meet the deadline too.
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > limits.max_bytes:
                        return _failed(url, started, f"body exceeds the {limits.max_bytes}-byte limit", resp.status_code)
                    if time.monotonic() > deadline:
                        break
                    h.update(chunk)
                    fh.write(chunk)
            except (httpx.TransportError, OSError):
                if not watchdog.fired:
                    raise
            if watchdog.fired or time.monotonic() > deadline:
                return _failed(url, started, f"exceeded the {limits.timeout:g} s time limit", resp.status_code, True)
        digest = h.hexdigest()
        final = downloads / f"{digest}{suffix_for(str(resp.url), resp.headers.get('Content-Type'))}"
        os.replace(tmp, final)
        tmp = ""
        return FetchResult(
            url, "downloaded", resp.status_code, path=str(final), sha256=digest, bytes=size,
            etag=resp.headers.get("ETag"), last_modified=resp.headers.get("Last-Modified"),
            seconds=time.monotonic() - started,
        )  # fmt: skip
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)


class _Watchdog:
    """Cuts the connection when the whole download's deadline passes.

    httpx's read timeout restarts with every byte, so a server that drips one byte a second
    would never time out; this timer shuts the socket down at the wall-clock deadline, which
    wakes the blocked read in the fetching thread.
    """

    def __init__(self, resp: httpx.Response, deadline: float) -> None:
        self.resp = resp
        self.fired = False
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        stream = self.resp.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        try:
            if sock is not None:
                sock.shutdown(socket.SHUT_RDWR)
            else:
                self.resp.close()
        except (OSError, RuntimeError):
            pass

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


def result_from_dict(d: dict[str, Any]) -> FetchResult:
    """Inverse of ``dataclasses.asdict`` (results cross process boundaries as dicts)."""
    return FetchResult(**d)


def result_to_dict(r: FetchResult) -> dict[str, Any]:
    return asdict(r)
