"""Every shape in ontology/shapes.ttl fires on a case made to break it, and stays quiet otherwise.

Each test runs on both validators: pyshacl (the oracle) and the compiled shapes over pyoxigraph (the build's).
tests/test_validate_oracle.py asserts that the two give identical findings on the same cases."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import MINI
from oracle_support import rdflib_graph, store_of
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS, SH, SKOS
from rdflib.term import Node

from termgraph import check
from termgraph.model.graph import Origins
from termgraph.model.iris import SCHEMA, TG, Iris
from termgraph.resources import ontology_file
from termgraph.validate.report import Report
from termgraph.validate.shacl import SHAPES_NS, validate_graph
from termgraph.validate.validator import validate_store

I = Iris("https://example.org/mini/")
NN, TR, SA, DL = (I.term(s) for s in ("neural-network", "transformer", "self-attention", "deep-learning"))
CMP = I.comparison("neural-network-vs-transformer")
MISSING = I.term("no-such-term")


def node(x: str) -> Node:
    """termgraph mints IRIs as plain strings: rdflib needs them as URIRefs."""
    return x if isinstance(x, Node) else URIRef(x)


def drop(s: str, p: str, lang: str | None = "any") -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        for o in list(g.objects(node(s), node(p))):
            if lang == "any" or (isinstance(o, Literal) and o.language == lang):
                g.remove((node(s), node(p), o))
    return mutate


def add(*triples: tuple) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        for t in triples:
            g.add(tuple(node(x) for x in t))  # type: ignore[arg-type]
    return mutate


def both(*mutations: Callable[[Graph], None]) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        for m in mutations:
            m(g)
    return mutate


BREAKERS: dict[str, Callable[[Graph], None]] = {
    "TermLabel": drop(NN, SKOS.prefLabel, "en"),
    "TermOneLabelPerLanguage": add((NN, SKOS.prefLabel, Literal("Neural Net", lang="en"))),
    "TermLabelTagged": add((NN, SKOS.prefLabel, Literal("Neural Network untagged"))),
    "TermAliasTagged": add((NN, SKOS.altLabel, Literal("NNet"))),
    "TermPrefAltDisjoint": add((NN, SKOS.altLabel, Literal("Neural Network", lang="en"))),
    "TermPrefHiddenDisjoint": add((NN, SKOS.hiddenLabel, Literal("Neural Network", lang="en"))),
    "TermAltHiddenDisjoint": add((NN, SKOS.hiddenLabel, Literal("NN", lang="en"))),
    "TermDefinition": drop(NN, SKOS.definition, "en"),
    "TermOneDefinitionPerLanguage": add((NN, SKOS.definition, Literal("Autre définition.", lang="fr"))),
    "TermDefinitionTagged": add((NN, SKOS.definition, Literal("No tag."))),
    "TermExplanation": drop(TR, TG.explanation),
    "TermExplanationTagged": add((TR, TG.explanation, Literal("No tag."))),
    "TermExampleTagged": add((TR, SKOS.example, Literal("No tag."))),
    "TermCategory": add((TR, TG.category, I.category("foundations"))),
    "TermLevel": both(drop(TR, TG.level), add((TR, TG.level, I.level("expert")))),
    "TermRelatedTarget": add((NN, SKOS.related, MISSING)),
    "TermBroaderTarget": add((SA, SKOS.broader, MISSING)),
    "TermRelatedNotInHierarchy": add((SA, SKOS.related, TR), (TR, SKOS.related, SA)),
    "TermExactMatchDisjoint": add((TR, SKOS.exactMatch, URIRef("http://example.org/x")),
                                  (TR, SKOS.broadMatch, URIRef("http://example.org/x"))),
    "TermMappingIri": add((TR, SKOS.closeMatch, Literal("Transformer"))),
    "TermCreated": add((TR, DCTERMS.created, Literal("last year"))),
    "TermModified": add((TR, DCTERMS.modified, Literal("2026-13-45"))),
    "TermDeprecated": add((TR, OWL.deprecated, Literal("yes"))),
    "TermReplacedBy": add((TR, DCTERMS.isReplacedBy, MISSING)),
    "TermSource": drop(TR, DCTERMS.source),
    "QuestionText": drop(I.faq("neural-network", 1), SCHEMA.name),
    "QuestionAnswer": drop(I.faq("neural-network", 1), SCHEMA.acceptedAnswer),
    "AnswerText": drop(I.answer("neural-network", 2), SCHEMA.text),
    "SourceTitle": drop(I.source("transformer", 1), DCTERMS.title),
    "SourceUrl": both(drop(I.source("transformer", 1), SCHEMA.url),
                      add((I.source("transformer", 1), SCHEMA.url, URIRef("not a url")))),
    "ComparisonTerms": add((CMP, TG.compares, DL)),
    "ComparisonFirst": drop(CMP, TG.firstTerm),
    "ComparisonSecond": add((CMP, TG.secondTerm, DL)),
    "ComparisonTitle": drop(CMP, DCTERMS.title),
    "ComparisonAspects": drop(CMP, TG.aspect),
    "AspectName": drop(I.aspect("neural-network-vs-transformer", 1), RDFS.label),
    "AspectFirstValue": drop(I.aspect("neural-network-vs-transformer", 1), TG.firstValue),
    "AspectSecondValue": add((I.aspect("neural-network-vs-transformer", 2), TG.secondValue,
                              Literal("Another.", lang="en"))),
    "CategoryLabel": drop(I.category("foundations"), SKOS.prefLabel),
    "CategoryDefinition": drop(I.level("advanced"), SKOS.definition),
    "GlossaryTitle": drop(I.scheme, DCTERMS.title),
    "GlossaryLicense": add((I.scheme, DCTERMS.license, URIRef("https://example.org/other-licence"))),
    "NoSelfRelation": add((DL, SKOS.related, DL)),
    "UniqueLabels": both(drop(TR, SKOS.prefLabel), add((TR, SKOS.prefLabel, Literal("NEURAL network", lang="en")))),
    "NoHierarchyCycle": add((TR, SKOS.broader, SA), (SA, SKOS.narrower, TR)),
}


def named_shapes() -> set[str]:
    """Every shape in shapes.ttl that carries a message: each is a rule an author can break."""
    shapes = Graph().parse(ontology_file("shapes.ttl"))
    return {str(s).removeprefix(SHAPES_NS) for s in shapes.subjects(SH.message, None)}


Validator = Callable[[Graph, Origins, Iris, str], Report]
ENGINES: dict[str, Validator] = {
    "pyshacl": validate_graph,
    "oxigraph": lambda graph, origins, iris, language: validate_store(store_of(graph), origins, iris, language),
}


@pytest.fixture(scope="module")
def mini():
    return check(MINI)


@pytest.fixture(params=sorted(ENGINES))
def validate(request) -> Validator:
    return ENGINES[request.param]


def test_every_shape_with_a_message_has_a_breaking_case():
    assert named_shapes() == set(BREAKERS)


def test_mini_glossary_is_clean(mini):
    assert mini.report.findings == ()


@pytest.mark.parametrize("shape", sorted(BREAKERS))
def test_shape_fires_on_a_case_made_to_break_it(mini, shape, validate):
    graph = rdflib_graph(mini.graph)
    BREAKERS[shape](graph)
    report = validate(graph, mini.origins, mini.iris, "en")
    fired = {f.shape for f in report.findings}
    assert shape in fired, f"{shape} did not fire; got {sorted(fired)}"
    finding = next(f for f in report.findings if f.shape == shape)
    assert finding.message and "does not conform" not in finding.message
    assert finding.origin is not None, f"{shape}: result not mapped back to a content file"
    # Breaking one rule must not set off unrelated rules all over the glossary.
    assert len(fired) <= 3, fired


def test_severities(mini, validate):
    graph = rdflib_graph(mini.graph)
    BREAKERS["TermSource"](graph)
    BREAKERS["NoHierarchyCycle"](graph)
    report = validate(graph, mini.origins, mini.iris, "en")
    assert {f.severity for f in report.findings} == {"warning"}
    assert report.conforms and not report.passes(strict=True)


def test_default_language_follows_the_glossary(mini, validate):
    """A glossary in French needs French labels: the shapes' language list is the glossary's."""
    report = validate(rdflib_graph(mini.graph), mini.origins, mini.iris, "fr")
    missing = {f.focus for f in report.findings if f.shape == "TermLabel"}
    assert missing == {str(TR), str(SA), str(DL), str(I.term("connectionism"))}
