"""A remote SPARQL 1.1 endpoint as a store, through SPARQLWrapper.

Credentials come from the environment (TERMGRAPH_ENDPOINT_TOKEN for a bearer token, or
TERMGRAPH_ENDPOINT_USER with TERMGRAPH_ENDPOINT_PASSWORD for HTTP Basic) or from a netrc file ($NETRC or
~/.netrc), never from the command line or the URL; they are sent only to the endpoint's host (not along a
redirect) and never appear in messages. Every failure of the outside system is a RemoteError (exit 3)
that says what happened: unreachable, no answer in time, an HTTP error with the server's own message, or
an answer that is not SPARQL results.
"""
from __future__ import annotations

import base64
import http.client
import json
import netrc
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
import warnings
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import GET, JSON, POST, TURTLE, URLENCODED, SPARQLWrapper

from termgraph.errors import RemoteError, UsageError
from termgraph.sparql.queries import is_iri, strip_lexical
from termgraph.sparql.results import (
    Boolean,
    Result,
    Rows,
    Triples,
    collect_triples,
    from_oxigraph,
    plain,
    triples_from_oxigraph,
)
from termgraph.sparql.syntax import UPDATE_MESSAGE

ENV_TOKEN = "TERMGRAPH_ENDPOINT_TOKEN"
ENV_USER = "TERMGRAPH_ENDPOINT_USER"
ENV_PASSWORD = "TERMGRAPH_ENDPOINT_PASSWORD"
DEFAULT_TIMEOUT = 60.0
MAX_GET_URL = 2000  # longer queries go by POST (some servers and proxies cut long URLs)
SOLUTIONS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.8"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"
_JSON_TYPES = ("application/sparql-results+json", "application/json")
_XML_TYPES = ("application/sparql-results+xml", "application/xml", "text/xml")


@dataclass(frozen=True)
class Credentials:
    """An Authorization header value and where it came from (for messages; the value is never shown)."""

    authorization: str = field(repr=False)
    source: str


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def find_credentials(endpoint: str) -> Credentials | None:
    """Credentials for the endpoint: the environment first, then the netrc entry of its host."""
    token = os.environ.get(ENV_TOKEN)
    if token:
        return Credentials(f"Bearer {token}", ENV_TOKEN)
    user, password = os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)
    if user or password:
        if not (user and password):
            missing = ENV_PASSWORD if user else ENV_USER
            raise UsageError(f"{ENV_USER} and {ENV_PASSWORD} go together; {missing} is not set")
        return Credentials(_basic(user, password), f"{ENV_USER} / {ENV_PASSWORD}")
    host = urllib.parse.urlsplit(endpoint).hostname or ""
    explicit = os.environ.get("NETRC")
    path = explicit or os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.exists(path):
        if explicit:
            raise UsageError(f"NETRC names {explicit}, which does not exist")
        return None
    try:
        # netrc() without a file name also checks that ~/.netrc is private to its owner.
        entry = (netrc.netrc(explicit) if explicit else netrc.netrc()).authenticators(host)
    except netrc.NetrcParseError as exc:
        # The parser's own message may quote a token of the file (a password): say only where.
        reason = "it must be readable by its owner only" if "permissive" in str(exc.msg) else "syntax error"
        raise UsageError(f"cannot read the netrc file {exc.filename}, line {exc.lineno}: {reason}") from None
    except OSError as exc:
        raise UsageError(f"cannot read the netrc file {path}: {exc.strerror}") from None
    if entry is None or not entry[2]:
        return None
    return Credentials(_basic(entry[0] or "", entry[2]), f"netrc ({path})")


class _Wrapper(SPARQLWrapper):
    """SPARQLWrapper with our errors, and the Authorization header kept off redirects to other hosts."""

    def __init__(self, endpoint: str, authorization: str | None):
        super().__init__(endpoint)
        self._authorization = authorization

    def _createRequest(self) -> urllib.request.Request:
        request = super()._createRequest()
        if self._authorization:
            request.add_unredirected_header("Authorization", self._authorization)
        return request

    def _query(self) -> tuple[Any, str]:
        request = self._createRequest()
        try:
            return urllib.request.urlopen(request, timeout=self.timeout), self.returnFormat
        except urllib.error.HTTPError as exc:
            raise _HTTPFailure(exc.code, exc.reason, _read_quietly(exc)) from None


class _HTTPFailure(Exception):
    def __init__(self, code: int, reason: str, body: bytes):
        super().__init__(code)
        self.code, self.reason, self.body = code, reason, body


def _read_quietly(response: Any) -> bytes:
    try:
        return bytes(response.read(64 * 1024))
    except Exception:  # noqa: BLE001  (the body only decorates the message)
        return b""


def _server_message(body: bytes, limit: int = 400) -> str:
    """The server's words, as one short line (tags of an HTML error page dropped)."""
    text = body.decode("utf-8", errors="replace")
    if re.search(r"<(html|body|head|title|!doctype)\b", text, re.IGNORECASE):
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.IGNORECASE | re.DOTALL)
        text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint (Oxigraph, Virtuoso, Jena Fuseki, GraphDB, ...)."""

    def __init__(self, endpoint: str, *, graph: str | None = None, credentials: Credentials | None = None,
                 use_netrc_and_env: bool = True, default_timeout: float = DEFAULT_TIMEOUT):
        parts = urllib.parse.urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f"the endpoint must be an http(s) URL; got {endpoint!r}")
        if parts.username is not None or parts.password is not None:
            raise UsageError("the endpoint URL must not carry credentials: set "
                             f"{ENV_TOKEN}, or {ENV_USER} and {ENV_PASSWORD}, or use a netrc file")
        if graph is not None and not is_iri(graph):
            raise UsageError(f"the graph must be an absolute IRI; got {graph!r}")
        self.endpoint = endpoint
        self.graph = graph  # the named graph to query as the default graph (SPARQL Protocol default-graph-uri)
        self.credentials = credentials if credentials is not None else (
            find_credentials(endpoint) if use_netrc_and_env else None)
        self.default_timeout = default_timeout

    def query(self, text: str, *, limit: int | None = None, timeout: float | None = None) -> Result:
        form, sent = _prepare(text, limit)
        seconds = timeout if timeout is not None else self.default_timeout
        wrapper = _Wrapper(self.endpoint, self.credentials.authorization if self.credentials else None)
        wrapper.setOnlyConneg(True)  # content negotiation only: no format=/output= parameters
        if self.graph:
            wrapper.addDefaultGraph(self.graph)
        with warnings.catch_warnings():  # its guess at the query type warns on what it cannot classify
            warnings.simplefilter("ignore", RuntimeWarning)
            wrapper.setQuery(sent)
        if wrapper.isSparqlUpdateRequest():
            raise UsageError(UPDATE_MESSAGE)
        wrapper.setReturnFormat(TURTLE if form in ("CONSTRUCT", "DESCRIBE") else JSON)
        wrapper.addCustomHttpHeader("Accept", GRAPH_ACCEPT if form in ("CONSTRUCT", "DESCRIBE") else SOLUTIONS_ACCEPT)
        long_query = len(self.endpoint) + len(urllib.parse.quote_plus(sent)) > MAX_GET_URL
        wrapper.setMethod(POST if long_query else GET)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.timeout = seconds  # type: ignore[assignment]  # (setTimeout would round down to whole seconds)
        body, media_type = self._fetch(wrapper, seconds)
        result = self._parse(form, body, media_type)
        return _cap(result, limit)

    def _fetch(self, wrapper: _Wrapper, seconds: float) -> tuple[bytes, str]:
        where = self.endpoint
        try:
            response = wrapper.query().response
            body = response.read()
            media_type = (response.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
            return body, media_type
        except _HTTPFailure as exc:
            message = _server_message(exc.body) or "(no message)"
            hint = ""
            if exc.code in (401, 403):
                hint = (f" (credentials from {self.credentials.source})" if self.credentials else
                        f" (no credentials were sent: set {ENV_TOKEN}, or {ENV_USER} and {ENV_PASSWORD}, "
                        "or add the host to a netrc file)")
            raise RemoteError(f"the endpoint {where} answered HTTP {exc.code} {exc.reason}: {message}{hint}") from None
        except TimeoutError:
            raise RemoteError(f"the endpoint {where} did not answer within {seconds:g} s (--timeout)") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise RemoteError(f"the endpoint {where} did not answer within {seconds:g} s (--timeout)") from None
            raise RemoteError(f"cannot reach the endpoint {where}: {_reason(exc.reason)}") from None
        except (http.client.HTTPException, OSError) as exc:
            raise RemoteError(f"the connection to the endpoint {where} failed: {_reason(exc)}") from None

    def _parse(self, form: str, body: bytes, media_type: str) -> Result:
        where = self.endpoint
        if form in ("CONSTRUCT", "DESCRIBE"):
            rdf_format = ox.RdfFormat.from_media_type(media_type) if media_type else None
            if rdf_format is None or media_type in ("text/html", "application/xhtml+xml"):
                raise _not_sparql(where, media_type, body, "an RDF graph")
            try:
                triples = ox.parse(body, rdf_format)
                return collect_triples(triples_from_oxigraph(triples))
            except SyntaxError as exc:
                raise RemoteError(f"the endpoint {where} sent a {media_type} graph that does not parse: {exc}"
                                  ) from None
        if media_type in _JSON_TYPES:
            return parse_json_results(body, where)
        if media_type in _XML_TYPES:
            return _parse_xml_results(body, where)
        raise _not_sparql(where, media_type, body, "SPARQL results")


def query_url(endpoint: str) -> str:
    """The SPARQL query URL of `endpoint`, which is either a store's base URL as `termgraph publish` takes it
    (Oxigraph's http://host:7878, with no path: its query URL is <base>/query, as publish derives it) or already
    a URL that answers queries (Oxigraph's or Fuseki's .../query, Virtuoso's .../sparql, a Fuseki dataset
    URL, GraphDB's .../repositories/NAME), used as it is."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.path.strip("/") or parts.query:
        return endpoint
    return urllib.parse.urlunsplit(parts._replace(path="/query"))


def _reason(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the server running, and is that the right port?)"
    if isinstance(reason, socket.gaierror):
        return f"unknown host ({reason.strerror})"
    return str(getattr(reason, "strerror", None) or reason)


def _not_sparql(where: str, media_type: str, body: bytes, expected: str) -> RemoteError:
    return RemoteError(f"the endpoint {where} answered with {media_type or 'no content type'}, not {expected} "
                       f"(is this the SPARQL endpoint's URL?): {_server_message(body, 200)}")


def _prepare(text: str, limit: int | None) -> tuple[str, str]:
    """The query's form, and the text to send: with LIMIT limit+1 added to a SELECT that has none, so the
    server does not compute (nor send) rows we would throw away."""
    try:
        from rdflib.plugins.sparql.parser import parseQuery

        parsed = parseQuery(text)[1]
        form = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
                "DescribeQuery": "DESCRIBE"}.get(parsed.name, "SELECT")
        open_ended = form == "SELECT" and "limitoffset" not in parsed and "valuesClause" not in parsed
    except Exception:  # noqa: BLE001  (rdflib's parser lags SPARQL in places; then send the query unchanged)
        match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", strip_lexical(text), re.IGNORECASE)
        form, open_ended = (match.group(1).upper() if match else "SELECT"), False
    if limit is not None and open_ended:
        return form, f"{text.rstrip()}\nLIMIT {limit + 1}\n"
    return form, text


def _cap(result: Result, limit: int | None) -> Result:
    if limit is None:
        return result
    if isinstance(result, Rows) and len(result.rows) > limit:
        return Rows(result.variables, result.rows[:limit], truncated=True)
    if isinstance(result, Triples) and len(result.triples) > limit:
        return Triples(result.triples[:limit], truncated=True)
    return result


# --- SPARQL results documents ---------------------------------------------------------------------------


def parse_json_results(body: bytes, where: str = "the endpoint") -> Rows | Boolean:
    """SPARQL 1.1 Query Results JSON, with the quirks of real stores (Virtuoso's `typed-literal`)."""
    try:
        document = json.loads(body)
    except ValueError as exc:
        raise RemoteError(f"{where} sent JSON that does not parse: {exc}") from None
    if isinstance(document, dict) and isinstance(document.get("boolean"), bool):
        return Boolean(document["boolean"])
    try:
        variables = tuple(str(v) for v in document["head"]["vars"])
        bindings = document["results"]["bindings"]
        rows = tuple(tuple(_json_term(b.get(v), where) for v in variables) for b in bindings)
    except (KeyError, TypeError, AttributeError):
        raise RemoteError(f"{where} sent JSON that is not SPARQL results (no head.vars / results.bindings)") from None
    return Rows(variables, rows)


def _json_term(binding: Any, where: str) -> Node | None:
    if binding is None:
        return None
    kind, value = binding.get("type"), binding.get("value")
    if not isinstance(value, str):
        raise RemoteError(f"{where} sent a binding without a string value: {binding!r}")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):  # typed-literal: Virtuoso and the 2007 draft of the format
        if binding.get("xml:lang"):
            return Literal(value, lang=binding["xml:lang"])
        if binding.get("datatype"):
            return plain(Literal(value, datatype=URIRef(binding["datatype"])))
        return Literal(value)
    raise RemoteError(f"{where} sent a binding of unknown type {kind!r}")


def _parse_xml_results(body: bytes, where: str) -> Rows | Boolean:
    try:
        answer = ox.parse_query_results(body, ox.QueryResultsFormat.XML)
        if isinstance(answer, ox.QueryBoolean):
            return Boolean(bool(answer))
        variables = tuple(v.value for v in answer.variables)
        return Rows(variables, tuple(tuple(from_oxigraph(s[i]) for i in range(len(variables))) for s in answer))
    except SyntaxError as exc:
        raise RemoteError(f"{where} sent XML that is not SPARQL results: {exc}") from None
