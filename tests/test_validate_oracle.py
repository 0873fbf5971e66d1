"""pyshacl is the oracle: termgraph's compiled shapes over pyoxigraph give exactly its findings.

Identical means the whole Finding: focus node, path, value, shape, severity, message, content origin and hint.
Cases: the real glossary, a case made to break each shape, random small graphs (hypothesis). And a shape that
uses a construct the compiler does not support is an error naming the shape, never skipped.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MINI, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle_support import both, rdflib_graph, store_of
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from test_shapes import BREAKERS

from termgraph import check
from termgraph.errors import UsageError
from termgraph.model.graph import Origins
from termgraph.model.iris import Iris
from termgraph.validate.report import Report
from termgraph.validate.validator import validate_store


def assert_same(oracle: Report, ours: Report) -> None:
    assert set(ours.findings) - set(oracle.findings) == set(), "found by termgraph only"
    assert set(oracle.findings) - set(ours.findings) == set(), "found by pyshacl only"
    assert ours == oracle


@pytest.fixture(scope="module")
def mini():
    return check(MINI)


def test_the_glossary():
    glossary = check(ROOT / "content")
    oracle, ours = both(rdflib_graph(glossary.graph), glossary.origins, glossary.iris, "en")
    assert_same(oracle, ours)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_mini_glossary(mini, language):
    assert_same(*both(rdflib_graph(mini.graph), mini.origins, mini.iris, language))


@pytest.mark.parametrize("shape", sorted(BREAKERS))
def test_a_case_made_to_break_each_shape(mini, shape):
    graph = rdflib_graph(mini.graph)
    BREAKERS[shape](graph)
    oracle, ours = both(graph, mini.origins, mini.iris, "en")
    assert shape in {f.shape for f in oracle.findings}
    assert_same(oracle, ours)


# ---------------------------------------------------------------- random small graphs

I = Iris("https://example.org/h/")
SCHEMA, TG = Namespace("https://schema.org/"), Namespace("https://termgraph.org/ns#")
TERMS = [URIRef(I.term(f"t{i}")) for i in range(4)]
MISSING = URIRef(I.term("t9"))  # never typed: links to it get a "did you mean" hint
CATEGORY, LEVEL, CMP = URIRef(I.category("c")), URIRef(I.level("l")), URIRef(I.comparison("t0-vs-t1"))
FAQ, ANSWER = URIRef(I.faq("t0", 1)), URIRef(I.answer("t0", 1))
SOURCE, ASPECT, SCHEME = URIRef(I.source("t0", 1)), URIRef(I.aspect("t0-vs-t1", 1)), URIRef(I.scheme)
NODES = [*TERMS, MISSING, CATEGORY, LEVEL, CMP, FAQ, ANSWER, SOURCE, ASPECT, SCHEME]
TEXTS = [Literal(t, lang=lang) for t in ("Alpha", "alpha", "Beta") for lang in ("en", "fr", "en-gb")]
TEXTS += [Literal("Alpha"), Literal("Beta"), Literal("Alpha", lang="de")]
IRIS = [URIRef("http://example.org/x"), URIRef("https://example.org/y"), URIRef("not a url"), URIRef("ftp://z")]
DATES = [Literal("2024-01-31", datatype=XSD.date), Literal("2024-02-30", datatype=XSD.date),
         Literal("2024-1-5", datatype=XSD.date), Literal("last year"), Literal("2024-01-31")]
BOOLEANS = [Literal(True), Literal(False), Literal("yes")]

TYPES = {node: kind for kinds, kind in (
    (TERMS + [MISSING], SCHEMA.DefinedTerm), ([CATEGORY], TG.Category), ([LEVEL], TG.Level),
    ([CMP], TG.Comparison), ([ASPECT], TG.Aspect), ([FAQ], SCHEMA.Question), ([SCHEME], SCHEMA.DefinedTermSet))
    for node in kinds}
TERM_OBJECTS = {  # predicate -> the objects it may get: right ones, wrong ones, and colliding ones
    SKOS.prefLabel: TEXTS, SKOS.altLabel: TEXTS, SKOS.hiddenLabel: TEXTS, SKOS.definition: TEXTS,
    TG.explanation: TEXTS, SKOS.example: TEXTS, TG.category: [CATEGORY, LEVEL, MISSING],
    TG.level: [LEVEL, CATEGORY, URIRef(I.level("lx"))], SKOS.related: NODES[:5], SKOS.broader: NODES[:5],
    SKOS.exactMatch: IRIS, SKOS.closeMatch: IRIS + [Literal("x")], SKOS.broadMatch: IRIS, SKOS.relatedMatch: IRIS,
    DCTERMS.created: DATES, DCTERMS.modified: DATES, OWL.deprecated: BOOLEANS, DCTERMS.isReplacedBy: NODES[:5],
    DCTERMS.source: [SOURCE, MISSING],
}
OTHER_OBJECTS = {  # (subjects, predicate) -> objects
    ((CATEGORY, LEVEL), SKOS.prefLabel): TEXTS, ((CATEGORY, LEVEL), SKOS.definition): TEXTS,
    ((SOURCE, CMP, SCHEME), DCTERMS.title): TEXTS[:4], ((SOURCE,), SCHEMA.url): IRIS + [Literal("http://a.b")],
    ((FAQ,), SCHEMA.name): TEXTS, ((FAQ,), SCHEMA.acceptedAnswer): [ANSWER, Literal("an answer")],
    ((ANSWER,), SCHEMA.text): TEXTS, ((CMP,), TG.compares): NODES[:5], ((CMP,), TG.firstTerm): TERMS,
    ((CMP,), TG.secondTerm): TERMS, ((CMP,), TG.aspect): [ASPECT, MISSING], ((ASPECT,), RDFS.label): TEXTS[:3],
    ((ASPECT,), TG.firstValue): TEXTS[:3], ((ASPECT,), TG.secondValue): TEXTS[:3],
    ((SCHEME,), DCTERMS.license): IRIS[:1] + TEXTS[:1],
}
STATEMENTS = [((s,), p, o) for s in TERMS for p, o in TERM_OBJECTS.items()] + [
    (s, p, o) for (s, p), o in OTHER_OBJECTS.items()]


@st.composite
def graphs(draw: st.DrawFn) -> Graph:
    """Each node mostly of its usual type (sometimes not, sometimes also another); for each subject and predicate,
    none, one or two objects from a small pool, so that values collide (duplicates, clashes, shared labels)."""
    graph = Graph()
    for node, kind in TYPES.items():
        if draw(st.integers(0, 5)):
            graph.add((node, RDF.type, kind))
        if not draw(st.integers(0, 7)):
            graph.add((node, RDF.type, draw(st.sampled_from(sorted(set(TYPES.values()))))))
    for subjects, p, objects in STATEMENTS:
        for o in draw(st.lists(st.sampled_from(objects), max_size=2)):
            graph.add((draw(st.sampled_from(subjects)), p, o))
    return graph


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graph=graphs(), language=st.sampled_from(["en", "fr"]))
def test_random_small_graphs(graph, language):
    assert_same(*both(graph, Origins({}), I, language))


# ---------------------------------------------------------------- what the compiler refuses

HEADER = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
@prefix tgsh: <https://termgraph.org/shapes#> .
tgsh:Thing a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property tgsh:Broken .
"""
UNSUPPORTED = {
    "a constraint component": 'tgsh:Broken sh:path ex:p ; sh:minLength 3 ; sh:message "m" .',
    "a typo": 'tgsh:Broken sh:path ex:p ; sh:minCount 1 ; sh:mesage "m" .',
    "a path": 'tgsh:Broken sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ; sh:message "m" .',
    "an ASK constraint": 'tgsh:Broken sh:path ex:p ; sh:sparql [ sh:ask "ASK {}" ] ; sh:message "m" .',
    "no message": "tgsh:Broken sh:path ex:p ; sh:minCount 1 .",
    "a recursive shape": 'tgsh:Broken sh:path ex:p ; sh:node tgsh:Thing ; sh:message "m" .',
    "a qualified shape with properties": 'tgsh:Broken sh:path ex:p ; sh:qualifiedValueShape tgsh:Thing ; '
                                         'sh:qualifiedMinCount 1 ; sh:message "m" .',
}


@pytest.mark.parametrize("case", sorted(UNSUPPORTED))
def test_an_unsupported_construct_is_an_error_naming_the_shape(tmp_path: Path, case):
    shapes = tmp_path / f"{case.replace(' ', '-')}.ttl"
    shapes.write_text(HEADER + UNSUPPORTED[case], encoding="utf-8")
    with pytest.raises(UsageError, match="Broken|Thing"):
        validate_store(store_of(Graph()), Origins({}), I, "en", shapes=shapes)


def test_a_supported_shapes_file_of_ones_own(tmp_path: Path):
    shapes = tmp_path / "own.ttl"
    shapes.write_text(HEADER + 'tgsh:Broken sh:path ex:p ; sh:minCount 1 ; sh:message "needs a p"@en .',
                      encoding="utf-8")
    graph = Graph()
    graph.add((URIRef("https://example.org/a"), RDF.type, URIRef("https://example.org/Thing")))
    report = validate_store(store_of(graph), Origins({}), I, "en", shapes=shapes)
    assert [(f.shape, f.focus, f.message) for f in report.findings] == [("Broken", "https://example.org/a",
                                                                          "needs a p")]


def test_the_build_path_imports_neither_rdflib_nor_pyshacl():
    """Only shacl.py (the oracle) may: the build validates with validator.validate_store."""
    package = ROOT / "src" / "termgraph" / "validate"
    for module in ("validator", "compiler", "shapes", "locate", "report"):
        source = (package / f"{module}.py").read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) (rdflib|pyshacl)", source, re.MULTILINE), module
