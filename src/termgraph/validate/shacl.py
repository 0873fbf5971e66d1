"""The oracle: pyshacl runs ontology/shapes.ttl over an rdflib Graph. Tests compare the build's validator with it.

Not on the build path (which must not import rdflib or pyshacl): see validator.validate_store.
"""
from __future__ import annotations

from functools import lru_cache

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from termgraph.model.graph import Origins
from termgraph.model.iris import Iris
from termgraph.resources import ontology_file
from termgraph.validate.locate import Locator, Raw
from termgraph.validate.report import Report, Severity

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
    locator = Locator(origins, iris, lambda iri: (URIRef(iri), RDF.type, None) in graph,
                      lambda: (str(s) for s in graph.subjects(RDF.type, None)))
    return Report.of(locator.finding(_raw(results, r)) for r in results.subjects(RDF.type, SH.ValidationResult))


def _raw(results: Graph, r: Node) -> Raw:
    def one(p: URIRef) -> Node | None:
        return results.value(r, p)

    focus, path, value = one(SH.focusNode), one(SH.resultPath), one(SH.value)
    shape = one(SH.sourceConstraint) if one(SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent else None
    shape = shape or one(SH.sourceShape)
    return Raw(shape=str(shape).removeprefix(SHAPES_NS) if isinstance(shape, URIRef) else "anonymous shape",
               severity=SEVERITIES.get(one(SH.resultSeverity) or SH.Violation, "violation"),
               message=str(one(SH.resultMessage) or "does not conform"), focus=str(focus),
               path=str(path) if isinstance(path, URIRef) else None,
               value=str(value) if value is not None else None, value_is_iri=isinstance(value, URIRef))
