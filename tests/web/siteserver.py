"""A static web site on 127.0.0.1 for the page/attachment tests (no network).

``files`` maps a URL path to (content type, body); ``drip`` paths send their body one byte per
``drip_seconds`` (a slow-drip server), and ``hits`` counts requests so tests can assert which
links were (not) followed.
"""

from __future__ import annotations

import time
from collections import Counter
from http.server import BaseHTTPRequestHandler

from tests.flows.httpserver import LocalServer


class Site:
    """Routes of the test site and what was requested."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[str, bytes]] = {}
        self.drip: set[str] = set()
        self.drip_seconds = 1.0
        self.hits: Counter[str] = Counter()

    def add(self, path: str, body: bytes | str, ctype: str = "text/html; charset=utf-8") -> None:
        self.files[path] = (ctype, body.encode("utf-8") if isinstance(body, str) else body)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            path = self.path.split("?", 1)[0]
            site.hits[path] += 1
            if path not in site.files:
                body = b"not here"
                self.send_response(404)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            ctype, body = site.files[path]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if path in site.drip:
                try:
                    for i in range(len(body)):
                        self.wfile.write(body[i : i + 1])
                        self.wfile.flush()
                        time.sleep(site.drip_seconds)
                except OSError:  # the client hung up: the test is over
                    return
            else:
                self.wfile.write(body)

    return Handler


class SiteServer(LocalServer):
    """The site served from a thread on 127.0.0.1 (the fetch tests' server with these routes)."""

    def __init__(self, site: Site) -> None:
        super().__init__(site, _handler)
        self.site = site
