"""Read a SHACL shapes file into plain shape records, refusing any construct the compiler cannot run.

The shapes are read with pyoxigraph's Turtle parser (no rdflib on the build path). Every `sh:` predicate on a
shape must be one this module knows: an unknown one (a construct we do not compile, or a typo such as
`sh:mesage`) is a UsageError naming the shape, never silently ignored.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from termgraph.errors import UsageError
from termgraph.resources import ontology_file

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SHAPES_NS = "https://termgraph.org/shapes#"
DEFAULT_LANGUAGE_SHAPE = SHAPES_NS + "InDefaultLanguage"

Node = ox.NamedNode | ox.BlankNode | ox.Literal

# Predicates that say nothing about validity: allowed anywhere, ignored.
_INERT = {"name", "description", "order", "group", "defaultValue"}
# Constraints on each value node; on a node shape the value node is the focus node itself.
_VALUE = {"datatype", "class", "nodeKind", "pattern", "flags", "languageIn"}
_NODE_SHAPE = _INERT | _VALUE | {"targetClass", "targetObjectsOf", "property", "sparql", "severity", "message",
                                 "deactivated"}
_PROPERTY_SHAPE = _NODE_SHAPE - {"sparql"} | {"path", "minCount", "maxCount", "uniqueLang", "disjoint", "node",
                                              "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount"}
_SPARQL = {"select", "message", "prefixes", "deactivated"}
_PATHS = {"oneOrMorePath", "alternativePath"}
_NODE_KINDS = {"IRI", "BlankNode", "Literal", "BlankNodeOrIRI", "BlankNodeOrLiteral", "IRIOrLiteral"}
_SEVERITIES = {SH + "Violation": "violation", SH + "Warning": "warning", SH + "Info": "info"}


@dataclass(frozen=True)
class ShapePath:
    sparql: str  # a SPARQL property path
    predicate: str | None  # the IRI when the path is a single predicate: results name it as their path


@dataclass(frozen=True)
class ValueRules:
    """Constraints that each value node must meet on its own."""

    datatype: str | None = None
    classes: tuple[str, ...] = ()
    node_kind: str | None = None
    patterns: tuple[tuple[str, str], ...] = ()  # (regex, flags)
    language_in: tuple[str, ...] | None = None

    def __bool__(self) -> bool:
        return bool(self.datatype or self.classes or self.node_kind or self.patterns or self.language_in is not None)


@dataclass(frozen=True)
class SparqlConstraint:
    name: str
    select: str
    prefixes: str  # PREFIX lines from sh:prefixes / sh:declare
    message: str | None


@dataclass(frozen=True)
class Shape:
    """A node shape (path None) or a property shape; `nodes` and `qualified` name other shapes by key."""

    key: str
    name: str
    severity: str
    message: str | None
    path: ShapePath | None = None
    targets: tuple[tuple[str, str], ...] = ()  # ("class" | "objectsOf", IRI)
    properties: tuple[str, ...] = ()
    sparql: tuple[SparqlConstraint, ...] = ()
    values: ValueRules = field(default_factory=ValueRules)
    min_count: int | None = None
    max_count: int | None = None
    unique_lang: bool = False
    disjoint: tuple[str, ...] = ()
    nodes: tuple[str, ...] = ()
    qualified: str | None = None
    qualified_min: int | None = None
    qualified_max: int | None = None

    @property
    def counted(self) -> bool:
        """Whether the shape has constraints on the number of values (checked per focus node, not per value)."""
        return (self.min_count is not None or self.max_count is not None or self.unique_lang
                or self.qualified is not None)


@dataclass(frozen=True)
class Shapes:
    shapes: dict[str, Shape]
    roots: tuple[str, ...]  # shapes with targets, in file order of their keys

    def __getitem__(self, key: str) -> Shape:
        return self.shapes[key]


def shape_name(node: Node) -> str:
    return node.value.removeprefix(SHAPES_NS) if isinstance(node, ox.NamedNode) else "anonymous shape"


class _Triples:
    def __init__(self, triples: Iterator[ox.Quad]):
        self.by_subject: dict[Node, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
        for t in triples:
            if not isinstance(t.subject, ox.Triple) and not isinstance(t.object, ox.Triple):  # no RDF-star here
                self.by_subject[t.subject][t.predicate.value].append(t.object)

    def objects(self, s: Node, p: str) -> list[Node]:
        return self.by_subject.get(s, {}).get(p, [])

    def subjects(self, p: str) -> list[Node]:
        return sorted((s for s, props in self.by_subject.items() if p in props), key=str)

    def items(self, head: Node) -> list[Node]:
        found: list[Node] = []
        while head != ox.NamedNode(RDF + "nil"):
            first, rest = self.objects(head, RDF + "first"), self.objects(head, RDF + "rest")
            if len(first) != 1 or len(rest) != 1:
                raise UsageError(f"shapes: {head} is not a well-formed RDF list")
            found.append(first[0])
            head = rest[0]
        return found


@lru_cache(maxsize=8)
def load_shapes(path: Path | None = None, language: str = "en") -> Shapes:
    """The shapes of `path` (default ontology/shapes.ttl), tgsh:InDefaultLanguage set to `language`."""
    path = path or ontology_file("shapes.ttl")
    try:
        triples = _Triples(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    except (SyntaxError, OSError) as e:
        raise UsageError(f"cannot read the shapes file {path}: {e}") from None
    return _Reader(triples, language).read()


class _Reader:
    def __init__(self, triples: _Triples, language: str):
        self.t = triples
        self.language = language
        self.shapes: dict[str, Shape] = {}

    def read(self) -> Shapes:
        roots: list[Node] = []
        for p in ("targetClass", "targetObjectsOf"):
            roots += [s for s in self.t.subjects(SH + p) if s not in roots]
        typed = [s for s in self.t.subjects(RDF + "type")
                 if {o.value for o in self.t.objects(s, RDF + "type")} & {SH + "NodeShape", SH + "PropertyShape"}]
        for node in roots + typed:
            self.shape(node)
        return Shapes(self.shapes, tuple(str(r) for r in roots if str(r) in self.shapes))

    def shape(self, node: Node) -> str:
        key = str(node)
        if key in self.shapes:
            return key
        name = shape_name(node)
        if self._flag(node, "deactivated", name):
            self.shapes[key] = Shape(key, name, "violation", None)
            return key
        is_property = bool(self.t.objects(node, SH + "path"))
        self._check_known(node, name, _PROPERTY_SHAPE if is_property else _NODE_SHAPE)
        # Reserve the key first: shapes may refer to each other (the compiler refuses cycles).
        self.shapes[key] = Shape(key, name, "violation", None)
        self.shapes[key] = Shape(
            key=key, name=name, severity=self._severity(node, name), message=self._message(node),
            path=self._path(self._one(node, "path", name), name) if is_property else None,
            targets=tuple([("class", self._iri(c, name)) for c in self.t.objects(node, SH + "targetClass")]
                          + [("objectsOf", self._iri(p, name)) for p in self.t.objects(node, SH + "targetObjectsOf")]),
            properties=tuple(self.shape(p) for p in self.t.objects(node, SH + "property")),
            sparql=tuple(self._sparql(c, name) for c in self.t.objects(node, SH + "sparql")
                         if not self._flag(c, "deactivated", name)),
            values=self._values(node, name),
            min_count=self._int(node, "minCount", name), max_count=self._int(node, "maxCount", name),
            unique_lang=self._flag(node, "uniqueLang", name),
            disjoint=tuple(self._iri(p, name) for p in self.t.objects(node, SH + "disjoint")),
            nodes=tuple(self.shape(n) for n in self.t.objects(node, SH + "node")),
            qualified=self.shape(q) if (q := self._one(node, "qualifiedValueShape", name)) is not None else None,
            qualified_min=self._int(node, "qualifiedMinCount", name),
            qualified_max=self._int(node, "qualifiedMaxCount", name),
        )
        return key

    def _check_known(self, node: Node, name: str, allowed: set[str]) -> None:
        for p in self.t.by_subject.get(node, {}):
            if p.startswith(SH) and p.removeprefix(SH) not in allowed:
                raise UsageError(f"shape {name}: sh:{p.removeprefix(SH)} is not supported by termgraph's "
                                 f"validator (supported here: {', '.join(sorted(allowed - _INERT))})")

    def _one(self, node: Node, p: str, name: str) -> Node | None:
        found = self.t.objects(node, SH + p)
        if len(found) > 1:
            raise UsageError(f"shape {name}: more than one sh:{p}")
        return found[0] if found else None

    def _iri(self, node: Node, name: str) -> str:
        if not isinstance(node, ox.NamedNode):
            raise UsageError(f"shape {name}: {node} must be an IRI")
        return node.value

    def _int(self, node: Node, p: str, name: str) -> int | None:
        value = self._one(node, p, name)
        if value is None:
            return None
        if not isinstance(value, ox.Literal) or not value.value.isdigit():
            raise UsageError(f"shape {name}: sh:{p} must be a non-negative integer")
        return int(value.value)

    def _flag(self, node: Node, p: str, name: str) -> bool:
        value = self._one(node, p, name)
        return isinstance(value, ox.Literal) and value.value in ("true", "1")

    def _severity(self, node: Node, name: str) -> str:
        value = self._one(node, "severity", name)
        if value is None:
            return "violation"
        if value.value not in _SEVERITIES:
            raise UsageError(f"shape {name}: sh:severity {value} is not sh:Violation, sh:Warning or sh:Info")
        return _SEVERITIES[value.value]

    def _message(self, node: Node) -> str | None:
        """The message in the glossary's language, else English, else untagged, else the first."""
        messages = sorted((m for m in self.t.objects(node, SH + "message") if isinstance(m, ox.Literal)),
                          key=lambda m: (m.language != self.language, m.language != "en", m.language is not None,
                                         m.value))
        return messages[0].value if messages else None

    def _path(self, node: Node | None, name: str) -> ShapePath:
        if isinstance(node, ox.NamedNode):
            return ShapePath(f"<{node.value}>", node.value)
        if node is None:
            raise UsageError(f"shape {name}: sh:path is missing")
        props = self.t.by_subject.get(node, {})
        if len(props) != 1 or next(iter(props)).removeprefix(SH) not in _PATHS:
            raise UsageError(f"shape {name}: only predicate paths, sh:oneOrMorePath and sh:alternativePath are "
                             f"supported, not {', '.join(sorted(props)) or 'an empty path'}")
        kind, (value, *rest) = next(iter(props.items()))
        if rest:
            raise UsageError(f"shape {name}: a path node with two values")
        if kind == SH + "oneOrMorePath":
            return ShapePath(f"({self._path(value, name).sparql})+", None)
        return ShapePath("(" + "|".join(self._path(v, name).sparql for v in self.t.items(value)) + ")", None)

    def _values(self, node: Node, name: str) -> ValueRules:
        datatype = self._one(node, "datatype", name)
        kind = self._one(node, "nodeKind", name)
        if kind is not None and kind.value.removeprefix(SH) not in _NODE_KINDS:
            raise UsageError(f"shape {name}: sh:nodeKind {kind} is not a SHACL node kind")
        flags = self._one(node, "flags", name)
        languages: tuple[str, ...] | None = None
        if isinstance(node, ox.NamedNode) and node.value == DEFAULT_LANGUAGE_SHAPE:
            languages = (self.language,)  # the glossary's default language replaces the list in the file
        elif (head := self._one(node, "languageIn", name)) is not None:
            languages = tuple(x.value for x in self.t.items(head))
        return ValueRules(
            datatype=self._iri(datatype, name) if datatype is not None else None,
            classes=tuple(self._iri(c, name) for c in self.t.objects(node, SH + "class")),
            node_kind=kind.value.removeprefix(SH) if kind is not None else None,
            patterns=tuple((p.value, flags.value if flags is not None else "")
                           for p in self.t.objects(node, SH + "pattern")),
            language_in=languages,
        )

    def _sparql(self, node: Node, name: str) -> SparqlConstraint:
        constraint = shape_name(node) if isinstance(node, ox.NamedNode) else name
        self._check_known(node, constraint, _SPARQL)
        select = self._one(node, "select", constraint)
        if select is None:
            raise UsageError(f"SPARQL constraint {constraint} (shape {name}): only sh:select is supported")
        prefixes = []
        for holder in self.t.objects(node, SH + "prefixes"):
            for decl in self.t.objects(holder, SH + "declare"):
                prefix, ns = self.t.objects(decl, SH + "prefix"), self.t.objects(decl, SH + "namespace")
                if len(prefix) != 1 or len(ns) != 1:
                    raise UsageError(f"SPARQL constraint {constraint}: a sh:declare needs one sh:prefix and one "
                                     "sh:namespace")
                prefixes.append(f"PREFIX {prefix[0].value}: <{ns[0].value}>")
        return SparqlConstraint(constraint, select.value, "\n".join(sorted(set(prefixes))), self._message(node))
