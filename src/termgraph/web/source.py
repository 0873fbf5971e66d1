"""Where the web layer reads the graph from: the store that answers SPARQL, embedded or remote.

Two primitives are enough for every page: the outgoing statements of a few subjects, and the subjects that
point at an object with a predicate. With an embedded pyoxigraph store they are index lookups
(`quads_for_pattern`, microseconds); with any other store they are one SPARQL SELECT each, so the pages work
the same in front of a remote triple store (one round trip per step, cached above this layer).

Terms are kept light: an IRI is a `str`, a literal a `Lit`, a blank node a `Blank`. rdflib terms are made
only when a description is serialized.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, Protocol

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Lit(NamedTuple):
    value: str
    lang: str = ""
    datatype: str = XSD_STRING


class Blank(str):
    """A blank node's label (the glossary's graph has none; other data may)."""


Obj = str | Lit
Statement = tuple[str, str, Obj]  # subject IRI, predicate IRI, object


class Source(Protocol):
    def outgoing(self, subjects: Sequence[str]) -> list[Statement]:
        """Every statement whose subject is one of `subjects`."""

    def subjects(self, predicate: str, obj: Obj) -> list[str]:
        """Subjects s with (s, predicate, obj) in the graph."""

    def objects(self, predicate: str) -> list[tuple[str, Obj]]:
        """Every (subject, object) pair of one predicate (used once at start-up)."""


def _from_ox(term: Any) -> Obj:
    import pyoxigraph as ox

    if isinstance(term, ox.Literal):
        return Lit(term.value, term.language or "", LANG_STRING if term.language else term.datatype.value)
    if isinstance(term, ox.BlankNode):
        return Blank(term.value)
    return str(term.value)


class EmbeddedSource:
    """Index lookups on a pyoxigraph Store."""

    def __init__(self, store: Any):
        import pyoxigraph as ox

        self.store = store
        self._ox = ox
        self._cache: dict[str, Any] = {}

    def _node(self, iri: str) -> Any:
        node = self._cache.get(iri)
        if node is None:
            if len(self._cache) > 10_000:
                self._cache.clear()
            node = self._cache[iri] = self._ox.NamedNode(iri)
        return node

    def _term(self, obj: Obj) -> Any:
        ox = self._ox
        if isinstance(obj, Lit):
            if obj.lang:
                return ox.Literal(obj.value, language=obj.lang)
            return ox.Literal(obj.value, datatype=ox.NamedNode(obj.datatype))
        if isinstance(obj, Blank):
            return ox.BlankNode(obj)
        return self._node(obj)

    def outgoing(self, subjects: Sequence[str]) -> list[Statement]:
        found: list[Statement] = []
        seen: set[tuple[str, str, Obj]] = set()
        for s in subjects:
            try:
                node = self._node(s)
            except ValueError:  # not an IRI pyoxigraph accepts: nothing is said about it
                continue
            for quad in self.store.quads_for_pattern(node, None, None, None):
                st = (s, quad.predicate.value, _from_ox(quad.object))
                if st not in seen:  # the same triple may sit in several named graphs
                    seen.add(st)
                    found.append(st)
        return found

    def subjects(self, predicate: str, obj: Obj) -> list[str]:
        try:
            pattern = self.store.quads_for_pattern(None, self._node(predicate), self._term(obj), None)
            return sorted({q.subject.value for q in pattern})
        except ValueError:
            return []

    def objects(self, predicate: str) -> list[tuple[str, Obj]]:
        return sorted({(q.subject.value, _from_ox(q.object))
                       for q in self.store.quads_for_pattern(None, self._node(predicate), None, None)},
                      key=lambda so: (so[0], str(so[1])))


def _nt(obj: Obj) -> str:
    if isinstance(obj, Lit):
        text = (obj.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r"))
        if obj.lang:
            return f'"{text}"@{obj.lang}'
        if obj.datatype == XSD_STRING:
            return f'"{text}"'
        return f'"{text}"^^<{obj.datatype}>'
    if isinstance(obj, Blank):
        return f"_:{obj}"
    return f"<{obj}>"


def _safe_iri(iri: str) -> bool:
    return not any(c in iri for c in '<>"{}|^`\\ \n\r\t')


class SparqlSource:
    """The same lookups as SPARQL SELECTs, for any store with `query(text)` (termgraph.sparql's Store)."""

    def __init__(self, store: Any):
        self.store = store

    def _rows(self, text: str) -> list[tuple[Any, ...]]:
        result = self.store.query(text)
        return list(getattr(result, "rows", ()))

    @staticmethod
    def _obj(node: Any) -> Obj:
        from rdflib import BNode, Literal

        if isinstance(node, Literal):
            if node.language:
                return Lit(str(node), node.language, LANG_STRING)
            return Lit(str(node), "", str(node.datatype) if node.datatype else XSD_STRING)
        if isinstance(node, BNode):
            return Blank(str(node))
        return str(node)

    def outgoing(self, subjects: Sequence[str]) -> list[Statement]:
        wanted = [s for s in dict.fromkeys(subjects) if _safe_iri(s)]
        if not wanted:
            return []
        values = " ".join(f"<{s}>" for s in wanted)
        rows = self._rows(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}")
        found = [(str(s), str(p), self._obj(o)) for s, p, o in rows]
        return sorted(set(found), key=lambda t: (t[0], t[1], _nt(t[2])))

    def subjects(self, predicate: str, obj: Obj) -> list[str]:
        if not _safe_iri(predicate) or (isinstance(obj, str) and not _safe_iri(obj)):
            return []
        rows = self._rows(f"SELECT DISTINCT ?s WHERE {{ ?s <{predicate}> {_nt(obj)} }}")
        return sorted(str(r[0]) for r in rows)

    def objects(self, predicate: str) -> list[tuple[str, Obj]]:
        rows = self._rows(f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}")
        return sorted({(str(s), self._obj(o)) for s, o in rows}, key=lambda so: (so[0], str(so[1])))


def open_source(store: Any) -> Source:
    """The fastest source for a store: index lookups for an embedded pyoxigraph store, SPARQL otherwise."""
    backend = getattr(store, "backend", store)
    try:
        import pyoxigraph as ox

        if isinstance(backend, ox.Store):
            return EmbeddedSource(backend)
    except ImportError:  # pragma: no cover - pyoxigraph is a dependency
        pass
    return SparqlSource(store)


def nt_line(s: str, p: str, o: Obj) -> str:
    subject = f"_:{s}" if isinstance(s, Blank) else f"<{s}>"
    return f"{subject} <{p}> {_nt(o)} ."


def group(statements: Iterable[Statement]) -> dict[str, dict[str, list[Obj]]]:
    """subject -> predicate -> objects, in the order met."""
    out: dict[str, dict[str, list[Obj]]] = {}
    for s, p, o in statements:
        out.setdefault(s, {}).setdefault(p, []).append(o)
    return out
