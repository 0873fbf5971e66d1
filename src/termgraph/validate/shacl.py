"""Validation with pyshacl and ontology/shapes.ttl, each result mapped back to the content that caused it."""
from __future__ import annotations

import difflib
from functools import lru_cache

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from termgraph.model.graph import Origins
from termgraph.model.iris import Iris
from termgraph.resources import ontology_file
from termgraph.validate.report import Finding, Report, Severity

SEVERITIES: dict[Node, Severity] = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
SHAPES_NS = "https://termgraph.org/shapes#"


@lru_cache(maxsize=4)
def shapes_graph(language: str = "en") -> Graph:
    """ontology/shapes.ttl with the default-language list set to the glossary's language."""
    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    if language != "en":
        node = URIRef(SHAPES_NS + "InDefaultLanguage")
        lists = list(shapes.objects(node, SH.languageIn))
        for head in lists:
            Collection(shapes, head).clear()
            shapes.remove((node, SH.languageIn, head))
        head = URIRef(SHAPES_NS + "DefaultLanguageList")
        Collection(shapes, head, [Literal(language)])
        shapes.add((node, SH.languageIn, head))
    return shapes


def run_shacl(graph: Graph, language: str) -> Graph:
    """The raw SHACL results graph (pyshacl, no inference: the build already states every type)."""
    _, results, _ = shacl_validate(graph, shacl_graph=shapes_graph(language), inference="none",
                                   advanced=False, allow_warnings=True, meta_shacl=False)
    return results


def validate_graph(graph: Graph, origins: Origins, iris: Iris, language: str) -> Report:
    results = run_shacl(graph, language)
    known = _known_slugs(graph, iris)
    findings = [_finding(results, r, graph, origins, iris, known) for r in results.subjects(RDF.type, SH.ValidationResult)]
    return Report.of(findings)


def _finding(results: Graph, r: Node, data: Graph, origins: Origins, iris: Iris,
             known: dict[str, list[str]]) -> Finding:
    def one(p: URIRef) -> Node | None:
        return results.value(r, p)

    focus, path, value = one(SH.focusNode), one(SH.resultPath), one(SH.value)
    shape = one(SH.sourceConstraint) if one(SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent else None
    shape = shape or one(SH.sourceShape)
    shape_name = str(shape).removeprefix(SHAPES_NS) if isinstance(shape, URIRef) else "anonymous shape"
    message = str(one(SH.resultMessage) or "does not conform")
    path_key = path if isinstance(path, URIRef) else None
    origin = None
    if isinstance(value, URIRef) and focus == iris.scheme:  # whole-glossary checks name the term as value
        origin = origins.find(value, path_key)
    if origin is None and focus is not None:
        origin = origins.find(str(focus), path_key, str(value) if value is not None else None)
    severity = SEVERITIES.get(one(SH.resultSeverity) or SH.Violation, "violation")
    return Finding(origin=origin, severity=severity, shape=shape_name,
                   message=message, focus=str(focus), path=str(path) if path_key else None,
                   value=str(value) if value is not None else None, hint=_hint(value, data, iris, known))


def _known_slugs(graph: Graph, iris: Iris) -> dict[str, list[str]]:
    known: dict[str, list[str]] = {}
    for subject in set(graph.subjects(RDF.type, None)):
        parsed = iris.parse(str(subject))
        if parsed and "#" not in str(subject):
            known.setdefault(parsed[0], []).append(parsed[1])
    return known


def _hint(value: Node | None, graph: Graph, iris: Iris, known: dict[str, list[str]]) -> str | None:
    """For a link to something that does not exist, suggest the closest existing slug."""
    if not isinstance(value, URIRef) or (value, RDF.type, None) in graph:
        return None
    parsed = iris.parse(str(value))
    if not parsed:
        return None
    kind, slug = parsed
    close = difflib.get_close_matches(slug, known.get(kind, []), n=1, cutoff=0.6)
    return f"no {kind} {slug!r}; did you mean {close[0]!r}?" if close else f"no {kind} {slug!r}"

