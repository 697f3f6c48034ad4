"""A real HTTP server on 127.0.0.1 for the fetch tests (threading ``http.server``, no network).

Routes answer the cases a report source can present: a report with validators (ETag and
Last-Modified, so a second request gets 304), 404, a server too slow to answer, bodies over the
size limit (declared, and streamed without a length), a redirect loop, a redirect to another
scheme, and a flaky route that fails with 503 before it succeeds.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

REPORT_ETAG = '"report-v1"'
REPORT_MODIFIED = "Mon, 01 Apr 2024 08:00:00 GMT"


class Routes:
    """Bodies and behaviour of the test server; ``hits`` counts requests per path."""

    def __init__(self) -> None:
        self.report = b""
        self.hits: Counter[str] = Counter()
        self.conditional: list[dict[str, str]] = []  # validators received on /report.txt
        self.slow_seconds = 5.0
        self.flaky_failures = 1
        self.flaky_body = b"flaky but there"


def make_handler(routes: Routes) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body and self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            path = self.path.split("?", 1)[0]
            routes.hits[path] += 1
            if path in ("/report.txt", "/renamed"):
                inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
                routes.conditional.append({"If-None-Match": inm or "", "If-Modified-Since": ims or ""})
                validators = {"ETag": REPORT_ETAG, "Last-Modified": REPORT_MODIFIED}
                if inm == REPORT_ETAG or ims == REPORT_MODIFIED:
                    self._send(304, headers=validators)
                else:
                    self._send(200, routes.report, {"Content-Type": "text/plain; charset=utf-8", **validators})
            elif path == "/slow":
                time.sleep(routes.slow_seconds)
                self._send(200, b"too late")
            elif path == "/big":
                self._send(200, b"x" * 4096, {"Content-Type": "text/plain"})
            elif path == "/big-chunked":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for _ in range(8):
                    chunk = b"y" * 1024
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            elif path == "/loop":
                self._send(302, headers={"Location": "/loop"})
            elif path == "/to-ftp":
                self._send(302, headers={"Location": "ftp://127.0.0.1/report.txt"})
            elif path == "/moved":
                self._send(301, headers={"Location": "/report.txt"})
            elif path == "/flaky":
                if routes.hits[path] <= routes.flaky_failures:
                    self._send(503, b"busy")
                else:
                    self._send(200, routes.flaky_body, {"Content-Type": "text/plain"})
            else:
                self._send(404, b"not here")

    return Handler


class LocalServer:
    """Start/stop the server in a thread; ``url(path)`` builds addresses. ``handler`` makes the
    request handler class from the routes (other test sites bring their own)."""

    def __init__(self, routes: Any, handler: Callable[[Any], type[BaseHTTPRequestHandler]] = make_handler) -> None:
        self.routes = routes
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler(routes))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"
