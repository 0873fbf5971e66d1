"""Test helpers of the publish feature: an Oxigraph server with a union default graph, and a small HTTP
proxy on 127.0.0.1 that counts requests, checks credentials and injects failures.

The server is started the way tests/oxigraph_server.py starts one (its helpers are reused), with
`--union-default-graph` so the named queries, which read the default graph, see the published named graph,
as they would on a store configured that way (GraphDB and Virtuoso are by default).
"""
from __future__ import annotations

import http.client
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from oxigraph_server import BINARY, STARTUP_SECONDS, OxigraphServer, _answers
from server_support import start, stop


@contextmanager
def union_server(location: Path) -> Iterator[OxigraphServer]:
    """`oxigraph serve --union-default-graph` on a free port, stopped by its PID at the end of the block."""
    if not BINARY.exists():
        pytest.skip(f"the oxigraph server binary is not installed at {BINARY} (pip install oxigraph)")
    location.mkdir(parents=True, exist_ok=True)
    process, port, log = start(
        lambda port: [str(BINARY), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                      "--union-default-graph"],
        _answers, lambda _port: location.parent / f"{location.name}-server.log", "the oxigraph server",
        startup_seconds=STARTUP_SECONDS)
    try:
        yield OxigraphServer(process, port, location, log)
    finally:
        stop(process)


@dataclass
class Seen:
    """One request as the proxy received it."""

    method: str
    path: str
    authorization: str | None
    body: bytes

    @property
    def writes(self) -> bool:
        """Changes the store: an update, or a GSP PUT / POST / DELETE."""
        return self.path.startswith("/update") or self.method in ("PUT", "DELETE") or (
            self.method == "POST" and self.path.startswith("/store"))


@dataclass
class Proxy:
    """A reverse proxy to `upstream` (http://127.0.0.1:PORT) that records every request.

    `fail(seen, number)` decides for each request (numbered from 1): None forwards it, "500" answers
    HTTP 500, "cut" closes the connection without an answer, "cut-after" forwards the request and then
    closes the connection without passing the answer on, "hang" answers nothing for 30 s.
    `require` makes every request without exactly that Authorization header get a 401.
    `edit(seen)` may rewrite a request body before it is forwarded.
    """

    upstream: str
    fail: Callable[[Seen, int], str | None] = lambda seen, number: None
    require: str | None = None
    edit: Callable[[Seen], bytes] | None = None
    seen: list[Seen] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def writes(self) -> list[Seen]:
        return [s for s in self.seen if s.writes]


def _handler(proxy: Proxy) -> type[BaseHTTPRequestHandler]:
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            seen = Seen(self.command, self.path, self.headers.get("Authorization"), body)
            with lock:
                proxy.seen.append(seen)
                number = len(proxy.seen)
            if proxy.require is not None and seen.authorization != proxy.require:
                return self._answer(401, b"authentication required", {"WWW-Authenticate": 'Basic realm="test"'})
            failure = proxy.fail(seen, number)
            if failure == "500":
                return self._answer(500, b"injected failure")
            if failure == "cut":
                self.close_connection = True
                return None
            if failure == "hang":
                time.sleep(30)
                self.close_connection = True
                return None
            if proxy.edit is not None:
                body = proxy.edit(seen)
            target = urllib.parse.urlsplit(proxy.upstream)
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=120)
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() not in ("host", "content-length", "connection", "authorization")}
            try:
                connection.request(self.command, self.path, body=body if body or self.command != "GET" else None,
                                   headers=headers)
                response = connection.getresponse()
                data = response.read()
            except OSError:  # the server is gone: the client sees a dropped connection
                self.close_connection = True
                return None
            finally:
                connection.close()
            if failure == "cut-after":
                self.close_connection = True
                return None
            extra = {k: v for k, v in response.getheaders() if k.lower() in ("content-type", "location")}
            self.upstream_server = response.getheader("Server") or ""
            return self._answer(response.status, data, extra)

        upstream_server = ""

        def version_string(self) -> str:  # the Server header: the store's own, as a transparent proxy would
            return self.upstream_server or "termgraph-test-proxy"

        def _answer(self, status: int, data: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _any

    return Handler


@contextmanager
def proxy_to(upstream: str, **options: object) -> Iterator[Proxy]:
    """Run a Proxy on a free 127.0.0.1 port for the duration of the block."""
    proxy = Proxy(upstream, **options)  # type: ignore[arg-type]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(proxy))
    server.daemon_threads = True
    proxy.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        server.shutdown()
        server.server_close()
