"""Byte-stable serialization and atomic file writing.

Stability: rdflib's serializers follow the store's iteration order, which depends on PYTHONHASHSEED. We
write Turtle, JSON-LD and N-Triples ourselves (sorted), and give rdflib's RDF/XML writer a sorted view of
the graph; tests compare the bytes across hash seeds.
"""
from __future__ import annotations

from rdflib import Graph

from termgraph.dumps import ntriples
from termgraph.dumps.formats import Format
from termgraph.dumps.jsonld import serialize_jsonld
from termgraph.dumps.turtle import serialize_turtle


class _SortedView(Graph):
    """The same store seen in sorted order by rdflib's RDF/XML writer: subjects, then each one's statements.

    The writer walks subjects() and then predicate_objects(subject); both follow the memory store's set
    iteration (hash-seed dependent) unless sorted here. A view, not a copy: copying a 500k-triple graph
    cost more than writing it.
    """

    def subjects(self, predicate=None, object=None, unique=False):  # type: ignore[no-untyped-def]
        if predicate is None and object is None:
            return iter(sorted(set(super().subjects())))
        return super().subjects(predicate, object, unique)

    def predicate_objects(self, subject=None, unique=False):  # type: ignore[no-untyped-def]
        return iter(sorted(super().predicate_objects(subject, unique)))


def sorted_view(graph: Graph) -> Graph:
    return _SortedView(store=graph.store, identifier=graph.identifier, namespace_manager=graph.namespace_manager)


def serialize(graph: Graph, fmt: Format) -> bytes:
    if fmt.name == "jsonld":
        return serialize_jsonld(graph)
    if fmt.name == "turtle":
        return serialize_turtle(graph)
    if fmt.name == "ntriples":
        return "".join(sorted({f"{ntriples.line(t, blank_nodes=True)}\n" for t in graph})).encode("utf-8")
    return sorted_view(graph).serialize(format=fmt.rdflib_name, encoding="utf-8")
