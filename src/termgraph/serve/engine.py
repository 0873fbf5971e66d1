"""What runs in a query worker: one job in, one reply out, never an exception.

Jobs and replies are plain tuples of str / bytes / numbers (they cross a socket, pickled). A worker holds
the loaded pyoxigraph Store (shared copy-on-write with the process that loaded it) and answers:

- ("sparql", query, default_graph_uris, named_graph_uris, accept, limit, base_iri): the SPARQL 1.1 Protocol
  query operation, with the answer already negotiated and written (relative IRIs resolve against base_iri,
  the endpoint's URL);
- ("graph", graph_iri_or_None, accept, limit): the Graph Store Protocol's GET;
- ("result", query, limit): a termgraph.sparql.results Result (rdflib terms) for the library's own callers.

Replies: ("ok", media_type, body, truncated), ("result", Result) or ("error", status, message, parameter).
"""
from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from termgraph.errors import TermgraphError
from termgraph.serve.negotiation import negotiate
from termgraph.serve.writers import (
    GRAPH_OFFERS,
    RESULT_OFFERS,
    result_format,
    write_boolean,
    write_solutions,
    write_triples,
)

Reply = tuple[Any, ...]
BOOLEAN_OFFERS = RESULT_OFFERS


def _graph_names(uris: list[str] | None, parameter: str) -> list[ox.NamedNode] | None:
    if not uris:
        return None
    try:
        return [ox.NamedNode(uri) for uri in uris]
    except ValueError as exc:
        raise _Refused(400, f"{parameter} must be an absolute IRI: {exc}", parameter) from None


class _Refused(Exception):
    def __init__(self, status: int, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status, self.message, self.parameter = status, message, parameter


def _not_acceptable(offers: tuple[str, ...], what: str) -> _Refused:
    return _Refused(406, f"none of the media types in Accept fits {what}; available: {', '.join(offers)}", "Accept")


def run_sparql(store: ox.Store, query: str, default_graphs: list[str] | None, named_graphs: list[str] | None,
               accept: str | None, limit: int | None, base_iri: str | None = None) -> Reply:
    defaults = _graph_names(default_graphs, "default-graph-uri")
    named = _graph_names(named_graphs, "named-graph-uri")
    options: dict[str, Any] = {"base_iri": base_iri} if base_iri else {}
    if defaults is not None or named is not None:
        # The protocol's dataset replaces the query's FROM / FROM NAMED (SPARQL 1.1 Protocol, 2.1.4).
        options["default_graph"] = defaults if defaults is not None else []
        options["named_graphs"] = named if named is not None else []
    try:
        answer = store.query(query, **options)
    except SyntaxError as exc:
        raise _Refused(400, f"the query is not valid SPARQL: {exc}", "query") from None
    if isinstance(answer, ox.QueryBoolean):
        chosen = negotiate(accept, BOOLEAN_OFFERS)
        if chosen is None:
            raise _not_acceptable(BOOLEAN_OFFERS, "an ASK answer")
        return ("ok", chosen, write_boolean(bool(answer), result_format(chosen)), False)
    if isinstance(answer, ox.QuerySolutions):
        chosen = negotiate(accept, RESULT_OFFERS)
        if chosen is None:
            raise _not_acceptable(RESULT_OFFERS, "a SELECT answer")
        body, truncated = write_solutions(answer, result_format(chosen), limit)
        return ("ok", chosen, body, truncated)
    chosen = negotiate(accept, GRAPH_OFFERS)
    if chosen is None:
        raise _not_acceptable(GRAPH_OFFERS, "a CONSTRUCT or DESCRIBE answer")
    body, truncated = write_triples(answer, chosen, limit)
    return ("ok", chosen, body, truncated)


def run_graph(store: ox.Store, graph: str | None, accept: str | None, limit: int | None) -> Reply:
    chosen = negotiate(accept, GRAPH_OFFERS)
    if chosen is None:
        raise _not_acceptable(GRAPH_OFFERS, "a graph")
    if graph is None:
        name: ox.NamedNode | ox.DefaultGraph = ox.DefaultGraph()
    else:
        try:
            name = ox.NamedNode(graph)
        except ValueError as exc:
            raise _Refused(400, f"graph must be an absolute IRI: {exc}", "graph") from None
        if not store.contains_named_graph(name):
            raise _Refused(404, f"the store has no graph {graph}", "graph")
    triples = (ox.Triple(q.subject, q.predicate, q.object)
               for q in store.quads_for_pattern(None, None, None, name))
    body, truncated = write_triples(triples, chosen, limit)
    return ("ok", chosen, body, truncated)


def run_result(store: ox.Store, query: str, limit: int | None) -> Reply:
    from termgraph.sparql.store import _run_oxigraph

    return ("result", _run_oxigraph(store, query, limit))


def handle(store: ox.Store, job: tuple[Any, ...]) -> Reply:
    """Answer one job; every failure becomes an ("error", status, message, parameter) reply."""
    try:
        kind = job[0]
        if kind == "sparql":
            return run_sparql(store, *job[1:])
        if kind == "graph":
            return run_graph(store, *job[1:])
        if kind == "result":
            return run_result(store, *job[1:])
        if kind == "ping":
            return ("ok", "text/plain", b"pong", False)
        return ("error", 500, f"unknown job {kind!r}", None)
    except _Refused as exc:
        return ("error", exc.status, exc.message, exc.parameter)
    except TermgraphError as exc:
        return ("error", 400, str(exc), "query")
    except (OSError, RuntimeError, ValueError) as exc:
        # pyoxigraph reports evaluation errors (a bad regex, an unsupported SERVICE) as these
        return ("error", 400, f"the query failed: {exc}", "query")
    except MemoryError:
        return ("error", 503, "the query needed more memory than the server has; narrow it", "query")
    except Exception as exc:  # noqa: BLE001  (a worker must answer, whatever happened)
        return ("error", 500, f"internal error in the query worker: {type(exc).__name__}", None)
