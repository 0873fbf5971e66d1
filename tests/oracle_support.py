"""Run both validators on one rdflib graph: pyshacl (the oracle) and termgraph's compiled shapes over pyoxigraph."""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from termgraph.model.graph import Origins
from termgraph.model.iris import Iris
from termgraph.validate.report import Report
from termgraph.validate.shacl import validate_graph
from termgraph.validate.validator import validate_store


def _nt(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"  # as it is, even an invalid IRI from content: the store loads it leniently
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    suffix = f"@{term.language}" if term.language else f"^^<{term.datatype}>" if term.datatype else ""
    return f'"{text}"{suffix}'


def store_of(graph: Graph) -> ox.Store:
    """The graph in a pyoxigraph Store (N-Triples written here: rdflib refuses to write invalid IRIs)."""
    store = ox.Store()
    lines = "".join(f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in graph)
    store.load(lines.encode("utf-8"), ox.RdfFormat.N_TRIPLES, lenient=True)
    return store


def rdflib_graph(graph: object) -> Graph:
    """A copy of a built graph as an rdflib Graph, whether the build holds one or a pyoxigraph Store."""
    copy = Graph()
    if isinstance(graph, ox.Store):
        copy.parse(data=ox.serialize(graph, format=ox.RdfFormat.N_TRIPLES), format="nt")
    else:
        for triple in graph:  # type: ignore[attr-defined]
            copy.add(triple)
    return copy


def both(graph: Graph, origins: Origins, iris: Iris, language: str) -> tuple[Report, Report]:
    """(pyshacl's report, ours) on the same graph."""
    return (validate_graph(graph, origins, iris, language),
            validate_store(store_of(graph), origins, iris, language))
