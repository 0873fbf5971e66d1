"""A client for a remote triple store: SPARQL 1.1 Protocol (query), Update, and the Graph Store HTTP Protocol.

Plain urllib: every request is one standard HTTP exchange, bodies are bytes we already hold, and answers are
streamed (a full graph can be hundreds of megabytes). Every failure becomes a RemoteError that names the
request and the server's own message, never the credentials.
"""
from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.client import HTTPException, HTTPResponse
from typing import BinaryIO

from termgraph.errors import RemoteError, UsageError

NTRIPLES = "application/n-triples"
SPARQL_UPDATE = "application/sparql-update"
SPARQL_JSON = "application/sparql-results+json"

# An absolute IRI that is safe to write between < and > in SPARQL text (the IRIREF production): graph names
# are pasted into MOVE / DROP / GRAPH clauses, so anything else is refused rather than escaped.
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*")


def check_iri(iri: str, what: str = "graph IRI") -> str:
    if not _IRI.fullmatch(iri):
        raise UsageError(f"not a usable {what}: {iri!r} (an absolute IRI without spaces or any of <>\"{{}}|^`\\)")
    return iri


def check_url(url: str, what: str) -> str:
    """An http(s) URL without credentials in it (they would end up in logs, shell history and our messages)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is not None or parts.password is not None:
        shown = parts._replace(netloc=(parts.hostname or "") + (f":{parts.port}" if parts.port else "")).geturl()
        raise UsageError(f"the {what} {shown} carries credentials; give them in TERMGRAPH_ENDPOINT_USER / "
                         "TERMGRAPH_ENDPOINT_PASSWORD, TERMGRAPH_ENDPOINT_TOKEN or a netrc file instead")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"the {what} must be an http:// or https:// URL, not {url!r}")
    return url


@dataclass(frozen=True)
class Endpoints:
    """Where a store answers queries, updates and Graph Store Protocol requests."""

    query: str
    update: str
    store: str

    @classmethod
    def resolve(cls, endpoint: str, query: str | None = None, update: str | None = None,
                store: str | None = None) -> Endpoints:
        """Oxigraph's layout under `endpoint` (<base>/query, /update, /store) unless a URL is given."""
        base = check_url(endpoint, "endpoint").rstrip("/")
        return cls(check_url(query or f"{base}/query", "query URL"),
                   check_url(update or f"{base}/update", "update URL"),
                   check_url(store or f"{base}/store", "store URL"))

    def graph_url(self, graph: str) -> str:
        """The Graph Store Protocol URL of a named graph (indirect identification: ?graph=IRI)."""
        return self.store + ("&" if "?" in self.store else "?") + urllib.parse.urlencode({"graph": graph})


AuthHeader = Callable[[str], "str | None"]


def no_auth(_url: str) -> str | None:
    return None


class StoreClient:
    """Counts its requests; turns every HTTP or network failure into a RemoteError."""

    def __init__(self, endpoints: Endpoints, auth: AuthHeader = no_auth, timeout: float = 300.0):
        self.endpoints = endpoints
        self.auth = auth
        self.timeout = timeout
        self.requests = 0
        self.server = ""  # the Server header of the last answer ("Oxigraph/0.5.13")
        self._opener = urllib.request.build_opener()

    @property
    def is_oxigraph(self) -> bool:
        return self.server.lower().startswith("oxigraph/")

    # -- the operations publishing needs ------------------------------------------------------------

    def put_graph(self, graph: str, ntriples: bytes, bulk: bool = False) -> None:
        """GSP PUT: the graph's content becomes exactly `ntriples`. `bulk`: see post_graph."""
        self._send("PUT", self._graph_url(graph, bulk), ntriples, NTRIPLES)

    def post_graph(self, graph: str, ntriples: bytes, bulk: bool = False) -> None:
        """GSP POST: `ntriples` is added to the graph.

        `bulk` asks Oxigraph for its bulk loader (`no_transaction`): several times faster, not atomic, so
        only for graphs nobody reads yet (our temporary ones). Other stores would not know the parameter.
        """
        self._send("POST", self._graph_url(graph, bulk), ntriples, NTRIPLES)

    def update(self, text: str | bytes) -> None:
        """One SPARQL 1.1 Update request (POSTed directly, as application/sparql-update)."""
        body = text.encode("utf-8") if isinstance(text, str) else text
        self._send("POST", self.endpoints.update, body, SPARQL_UPDATE)

    def select(self, query: str) -> list[dict[str, str]]:
        """A SELECT's rows as {variable: lexical value}."""
        body = urllib.parse.urlencode({"query": query}).encode("ascii")
        data = self._send("POST", self.endpoints.query, body, "application/x-www-form-urlencoded",
                          accept=SPARQL_JSON)
        try:
            bindings = json.loads(data)["results"]["bindings"]
            return [{name: value["value"] for name, value in row.items()} for row in bindings]
        except (ValueError, KeyError, TypeError) as exc:
            raise RemoteError(f"POST {self.endpoints.query}: the answer is not SPARQL JSON results "
                              f"({_snippet(data)!r})") from exc

    def count(self, graph: str) -> int:
        """The number of triples in a named graph (0 when it does not exist)."""
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{check_iri(graph)}> {{ ?s ?p ?o }} }}")
        try:
            return int(rows[0]["n"])
        except (IndexError, KeyError, ValueError) as exc:
            raise RemoteError(f"POST {self.endpoints.query}: a triple count was expected, got {rows!r}") from exc

    @contextmanager
    def fetch(self, graph: str, gsp: bool = True) -> Iterator[tuple[str, BinaryIO]]:
        """A graph asked for as N-Triples, by GSP GET or (gsp=False) a CONSTRUCT: (content type, stream)."""
        if gsp:
            opened = self._open("GET", self.endpoints.graph_url(graph), None, None, NTRIPLES)
        else:
            query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{check_iri(graph)}> {{ ?s ?p ?o }} }}"
            body = urllib.parse.urlencode({"query": query}).encode("ascii")
            opened = self._open("POST", self.endpoints.query, body, "application/x-www-form-urlencoded", NTRIPLES)
        with opened as response:
            yield response.headers.get_content_type(), response

    def _graph_url(self, graph: str, bulk: bool) -> str:
        url = self.endpoints.graph_url(graph)
        return url + "&no_transaction" if bulk else url

    def _reason(self, exc: object) -> str:
        if isinstance(exc, (socket.timeout, TimeoutError)):
            return f"no answer within {self.timeout:g} s"
        if isinstance(exc, BaseException):
            return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return str(exc)

    # -- HTTP -----------------------------------------------------------------------------------------

    def _send(self, method: str, url: str, body: bytes | None, content_type: str | None,
              accept: str | None = None) -> bytes:
        with self._open(method, url, body, content_type, accept) as response:
            try:
                return response.read()
            except (OSError, HTTPException) as exc:
                raise RemoteError(f"{method} {url}: the connection failed while reading the answer "
                                  f"({self._reason(exc)})") from exc

    @contextmanager
    def _open(self, method: str, url: str, body: bytes | None, content_type: str | None,
              accept: str | None) -> Iterator[HTTPResponse]:
        headers = {"User-Agent": "termgraph"}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        authorization = self.auth(url)
        if authorization:  # unredirected: a redirect to another host does not get our credentials
            request.add_unredirected_header("Authorization", authorization)
        self.requests += 1
        try:
            response = self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            message = _snippet(_read_quietly(exc))
            detail = f": {message}" if message else ""
            hint = " (check the credentials)" if exc.code in (401, 403) else ""
            raise RemoteError(f"{method} {url}: HTTP {exc.code} {exc.reason}{detail}{hint}") from exc
        except urllib.error.URLError as exc:
            raise RemoteError(f"{method} {url}: cannot reach the store ({self._reason(exc.reason)})") from exc
        except (OSError, HTTPException) as exc:
            raise RemoteError(f"{method} {url}: the connection failed ({self._reason(exc)})") from exc
        self.server = response.headers.get("Server", "")
        with response:
            yield response


def _read_quietly(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read()
    except (OSError, HTTPException):
        return b""


def _snippet(data: bytes, limit: int = 300) -> str:
    text = " ".join(data.decode("utf-8", "replace").split())
    return text if len(text) <= limit else text[:limit] + "…"


