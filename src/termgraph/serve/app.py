"""The ASGI app: the SPARQL 1.1 Protocol query operation at /sparql, the Graph Store Protocol's read side at
/store, then the web routes of termgraph.web.

    app = create_app(graph, executor)      # a Starlette app; run it with uvicorn (termgraph.serve.serve)

What a request can do is bounded: read-only (updates get 403 and never reach the store), SERVICE refused
unless allowed, a time limit per query (the worker running it is killed), a result limit (answers are cut
and say so in `X-SPARQL-MaxRows`), a body limit (413), at most MAX_PARAMETERS parameters; every error is one
JSON problem document (termgraph.serve.errors) and no stack trace reaches a client.
"""
from __future__ import annotations

import logging
import time
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from termgraph.serve import errors
from termgraph.serve.errors import HTTPProblem
from termgraph.serve.executor import Executor, ExecutorStore
from termgraph.serve.graph import ServedGraph
from termgraph.serve.negotiation import media_type_of, negotiate
from termgraph.serve.writers import GRAPH_OFFERS, content_type, graph_format
from termgraph.sparql.syntax import mentions_service

MAX_PARAMETERS = 100
DEFAULT_MAX_BODY = 1 << 20  # 1 MiB
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
FORM_TYPE = "application/x-www-form-urlencoded"
access_log = logging.getLogger("termgraph.serve.access")
log = logging.getLogger("termgraph.serve")


def _read_only() -> HTTPProblem:
    return HTTPProblem(403, "this endpoint is read-only: SPARQL Update is refused and the store is unchanged",
                       parameter="update")


def _parse_parameters(text: str, where: str) -> list[tuple[str, str]]:
    try:
        return urllib.parse.parse_qsl(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8",
                                      errors="strict", max_num_fields=MAX_PARAMETERS)
    except UnicodeDecodeError:
        raise HTTPProblem(400, f"the {where} is not UTF-8 once percent-decoded") from None
    except ValueError:
        raise HTTPProblem(400, f"the {where} has more than {MAX_PARAMETERS} parameters") from None


def _charset_is_utf8(content_type_header: str) -> bool:
    for part in content_type_header.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            return False
    return True


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            length = int(declared)
        except ValueError:
            raise HTTPProblem(400, "Content-Length is not a number", parameter="Content-Length") from None
        if length > limit:
            raise HTTPProblem(413, f"the request body is {length} bytes; this server takes at most {limit} "
                              "(--max-body)", parameter="Content-Length")
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPProblem(413, f"the request body is over {limit} bytes, the most this server takes (--max-body)")
        chunks.append(chunk)
    return b"".join(chunks)


def _single(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise HTTPProblem(400, f"{name} is given {len(values)} times; give it once", parameter=name)
    return values[0] if values else None


def _endpoint_url(request: Request) -> str:
    """The URL of the endpoint as the client addressed it (the base IRI of its queries)."""
    return str(request.url.replace(query="", fragment="")).rstrip("?")


class SparqlEndpoint:
    """/sparql: GET ?query=, POST form, POST application/sparql-query; no query: the service description."""

    def __init__(self, graph: ServedGraph, executor: Executor, max_body: int):
        self.graph = graph
        self.executor = executor
        self.max_body = max_body

    async def handle(self, request: Request) -> Response:
        params = _parse_parameters(request.scope.get("query_string", b"").decode("latin-1"), "query string")
        if request.method == "POST":
            header = request.headers.get("content-type", "")
            kind = media_type_of(header)
            if kind not in (FORM_TYPE, QUERY_TYPE, UPDATE_TYPE):
                shown = f"Content-Type {kind}" if kind else "no Content-Type"
                raise HTTPProblem(415, f"a POST to this endpoint needs Content-Type {QUERY_TYPE} or {FORM_TYPE}; "
                                  f"got {shown}", parameter="Content-Type")
            if kind == UPDATE_TYPE:
                raise _read_only()
            if not _charset_is_utf8(header):
                raise HTTPProblem(415, "the request body must be UTF-8 (charset=utf-8)", parameter="Content-Type")
            body = await _read_body(request, self.max_body)
            if kind == FORM_TYPE:
                form = _parse_parameters(body.decode("latin-1"), "request body")
                if any(k in ("update", "using-graph-uri", "using-named-graph-uri") for k, _ in form):
                    raise _read_only()
                if any(k == "query" for k, _ in params):
                    raise HTTPProblem(400, "query is given in both the URL and the body; give it once",
                                      parameter="query")
                params = params + form
                query = _single(params, "query")
                if query is None:
                    raise HTTPProblem(400, "the form has no query parameter", parameter="query")
            else:
                if any(k == "query" for k, _ in params):
                    raise HTTPProblem(400, f"a {QUERY_TYPE} POST carries the query in its body, not in the URL",
                                      parameter="query")
                try:
                    query = body.decode("utf-8")
                except UnicodeDecodeError:
                    raise HTTPProblem(400, "the query is not UTF-8", parameter="query") from None
        else:
            if any(k == "update" for k, _ in params):
                raise _read_only()
            query = _single(params, "query")
            if query is None:
                return self.service_description(request)
        if not query.strip():
            raise HTTPProblem(400, "the query is empty", parameter="query")
        if "\x00" in query:
            raise HTTPProblem(400, "the query holds a NUL character", parameter="query")
        if not self.graph.allow_service and mentions_service(query):
            raise HTTPProblem(403, "SERVICE clauses are refused: they would make the server fetch other endpoints "
                              "(the operator can allow them with --allow-service)", parameter="query")
        defaults = [v for k, v in params if k == "default-graph-uri" and v] or None  # empty ones: as absent
        named = [v for k, v in params if k == "named-graph-uri" and v] or None
        media_type, body, truncated = await self.executor.sparql(
            query, defaults, named, request.headers.get("accept"), self.graph.max_results or None,
            self.graph.timeout, _endpoint_url(request))
        headers = {"Vary": "Accept"}
        if truncated:
            headers["X-SPARQL-MaxRows"] = str(self.graph.max_results)
        return Response(body, media_type=content_type(media_type), headers=headers)

    def service_description(self, request: Request) -> Response:
        """SPARQL 1.1 Service Description of this endpoint, in the negotiated RDF format (Turtle by default)."""
        import pyoxigraph as ox

        chosen = negotiate(request.headers.get("accept"), GRAPH_OFFERS)
        if chosen is None:
            raise errors.not_acceptable(GRAPH_OFFERS, "the service description")
        sd = "http://www.w3.org/ns/sparql-service-description#"
        fmt_ns = "http://www.w3.org/ns/formats/"
        rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        endpoint = ox.NamedNode(_endpoint_url(request))
        service = ox.BlankNode("service")
        dataset = ox.BlankNode("dataset")
        default = ox.BlankNode("default")
        triples = [
            ox.Triple(service, rdf_type, ox.NamedNode(sd + "Service")),
            ox.Triple(service, ox.NamedNode(sd + "endpoint"), endpoint),
            ox.Triple(service, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")),
            ox.Triple(service, ox.NamedNode(sd + "defaultDataset"), dataset),
            ox.Triple(dataset, rdf_type, ox.NamedNode(sd + "Dataset")),
            ox.Triple(dataset, ox.NamedNode(sd + "defaultGraph"), default),
            ox.Triple(default, rdf_type, ox.NamedNode(sd + "Graph")),
        ]
        for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                     "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
            triples.append(ox.Triple(service, ox.NamedNode(sd + "resultFormat"), ox.NamedNode(fmt_ns + name)))
        if self.graph.allow_service:
            triples.append(ox.Triple(service, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "BasicFederatedQuery")))
        if self.graph.triples is not None:
            triples.append(ox.Triple(default, ox.NamedNode("http://rdfs.org/ns/void#triples"),
                                     ox.Literal(str(self.graph.triples),
                                                datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))))
        if self.graph.base_iri:
            triples.append(ox.Triple(dataset, ox.NamedNode("http://purl.org/dc/terms/source"),
                                     ox.NamedNode(self.graph.base_iri)))
        _, ox_format = graph_format(chosen)
        body = ox.serialize(triples, format=ox_format,
                            prefixes={"sd": sd, "formats": fmt_ns} if ox_format == ox.RdfFormat.TURTLE else None)
        return Response(bytes(body or b""), media_type=content_type(chosen), headers={"Vary": "Accept"})


class GraphStore:
    """/store: the Graph Store Protocol's GET and HEAD (`?default` or `?graph=IRI`); writes are refused."""

    def __init__(self, graph: ServedGraph, executor: Executor):
        self.graph = graph
        self.executor = executor

    async def handle(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            raise HTTPProblem(405, f"the store is read-only: {request.method} is refused and nothing was changed",
                              headers={"Allow": "GET, HEAD"})
        params = _parse_parameters(request.scope.get("query_string", b"").decode("latin-1"), "query string")
        names = {k for k, _ in params}
        graph = _single(params, "graph")
        if ("default" in names) == (graph is not None):
            raise HTTPProblem(400, "name one graph: ?default for the default graph, or ?graph=IRI",
                              parameter="graph")
        media_type, body, truncated = await self.executor.graph(
            graph, request.headers.get("accept"), self.graph.max_results or None, self.graph.timeout)
        headers = {"Vary": "Accept"}
        if truncated:
            headers["X-SPARQL-MaxRows"] = str(self.graph.max_results)
        if request.method == "HEAD":
            headers["Content-Length"] = str(len(body))
            return Response(b"", media_type=content_type(media_type), headers=headers)
        return Response(body, media_type=content_type(media_type), headers=headers)


def _guarded(handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """The handler, with anything unexpected logged once (with its trace) and answered as a plain 500."""

    async def guarded(request: Request) -> Response:
        try:
            return await handler(request)
        except (HTTPProblem, HTTPException):
            raise
        except Exception:
            log.exception("internal error answering %s %s", request.method, request.url.path)
            return errors.problem(500, "internal server error; the server's log has the details")

    return guarded


class AccessLog:
    """One line per request on the `termgraph.serve.access` logger, in the common log shape plus the time taken:
    `127.0.0.1 - - [06/Dec/2026:10:00:00 +0000] "GET /sparql?query=... HTTP/1.1" 200 1234 2.1ms`."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]
        size = [0]

        async def sending(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            elif message["type"] == "http.response.body":
                size[0] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            client = scope.get("client") or ("-", 0)
            target = scope.get("path", "")
            query = scope.get("query_string", b"")
            if query:
                target += "?" + query.decode("latin-1")[:200]
            stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime())
            access_log.info('%s - - [%s] "%s %s HTTP/%s" %d %d %.1fms', client[0], stamp, scope.get("method"),
                            target, scope.get("http_version", "1.1"), status[0], size[0],
                            (time.perf_counter() - started) * 1000)


def create_app(graph: ServedGraph, executor: Executor, *, max_body: int = DEFAULT_MAX_BODY,
               log_requests: bool = True, web_routes: list[BaseRoute] | None = None) -> Starlette:
    """The server's ASGI app for a served graph and the executor that runs its queries.

    `web_routes` default to termgraph.web.routes(graph), mounted after /sparql and /store."""
    if web_routes is None:
        # The pages are a plug-in of the server, found by name: termgraph.web builds on serve's negotiation and
        # errors, so serve must not import it (tests/test_layout.py: no import cycles between packages).
        from importlib import import_module

        web_routes = list(import_module("termgraph.web").routes(graph))
    endpoint = SparqlEndpoint(graph, executor, max_body)
    store = GraphStore(graph, executor)
    routes: list[BaseRoute] = [
        Route("/sparql", _guarded(endpoint.handle), methods=["GET", "POST"], name="sparql"),
        Route("/store", _guarded(store.handle), methods=["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH"], name="store"),
        *web_routes,
    ]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        import asyncio

        if isinstance(graph.store, ExecutorStore):
            graph.store.loop = asyncio.get_running_loop()
        await executor.start()
        try:
            yield
        finally:
            await executor.stop()

    middleware = [
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
                   allow_headers=["*"], expose_headers=["X-SPARQL-MaxRows", "Vary"], max_age=86400),
        Middleware(GZipMiddleware, minimum_size=1000),
    ]
    if log_requests:
        middleware.insert(0, Middleware(AccessLog))
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    errors.install(app)
    app.state.graph = graph
    app.state.executor = executor
    return app
