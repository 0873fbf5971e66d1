"""The dumps mean exactly the built graph, in every format and every engine, and are byte-stable."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pyoxigraph
import pytest
from conftest import MINI, ROOT
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, RDF, SKOS, VOID, XSD

from termgraph import FORMATS, build, write_dumps
from termgraph.dumps.dataset import dump_name

OX_FORMATS = {"turtle": pyoxigraph.RdfFormat.TURTLE, "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
              "rdfxml": pyoxigraph.RdfFormat.RDF_XML, "jsonld": pyoxigraph.RdfFormat.JSON_LD}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    result = build(MINI)
    write_dumps(result, out)
    return result, out


def ntriples_set(graph: Graph) -> set[str]:
    """Our graphs have no blank nodes, so equal sets of N-Triples lines mean isomorphic graphs."""
    return {line for line in graph.serialize(format="nt").splitlines() if line.strip()}


def test_every_format_is_written(built):
    _, out = built
    assert sorted(p.name for p in out.iterdir()) == sorted([dump_name(f) for f in FORMATS]
                                                           + ["glossary.jsonl", "void.ttl"])


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
def test_rdflib_parses_each_dump_back_to_the_same_graph(built, fmt):
    result, out = built
    parsed = Graph().parse(out / dump_name(fmt), format=fmt.rdflib_name)
    assert ntriples_set(parsed) == ntriples_set(result.graph)


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
def test_pyoxigraph_parses_each_dump_back_to_the_same_graph(built, fmt):
    result, out = built
    quads = pyoxigraph.parse(path=str(out / dump_name(fmt)), format=OX_FORMATS[fmt.name])
    parsed = {f"{q.subject} {q.predicate} {q.object} ." for q in quads}
    assert parsed == ntriples_set(result.graph)


def test_jsonld_expands_with_pyld_to_the_same_graph(built):
    result, out = built
    document = json.loads((out / "glossary.jsonld").read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict), "the context is embedded: nothing to fetch"
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    parsed = Graph().parse(data=nquads, format="nt")
    assert ntriples_set(parsed) == ntriples_set(result.graph)


def test_jsonld_uses_short_keys(built):
    _, out = built
    nodes = {n["id"]: n for n in json.loads((out / "glossary.jsonld").read_text())["@graph"]}
    nn = nodes["https://example.org/mini/term/neural-network"]
    assert nn["prefLabel"] == {"en": "Neural Network", "fr": "Réseau de neurones"}
    assert nn["altLabel"] == {"en": ["Artificial Neural Network", "NN"], "fr": ["RN"]}
    assert nn["category"] == "https://example.org/mini/category/foundations"
    assert nn["type"] == ["Concept", "DefinedTerm"]


def test_graph_models_the_content(built):
    result, _ = built
    g, i = result.graph, result.iris
    nn, tr, sa, dl = (URIRef(i.term(s)) for s in ("neural-network", "transformer", "self-attention", "deep-learning"))
    scheme = URIRef(i.scheme)
    assert (tr, SKOS.related, dl) in g and (dl, SKOS.related, tr) in g
    assert (sa, SKOS.broader, tr) in g and (tr, SKOS.narrower, sa) in g
    assert (sa, SKOS.topConceptOf, scheme) not in g and (tr, SKOS.topConceptOf, scheme) in g
    assert (nn, SKOS.exactMatch, URIRef("http://dbpedia.org/resource/Neural_network_(machine_learning)")) in g
    assert (URIRef(i.term("connectionism")), SKOS.exactMatch, None) not in g
    assert (URIRef(i.term("connectionism")), URIRef("http://purl.org/dc/terms/isReplacedBy"), nn) in g
    assert (nn, SKOS.definition, Literal("Un modèle fait de couches d'unités simples reliées entre elles.",
                                         lang="fr")) in g
    assert len(list(g.objects(nn, URIRef("https://termgraph.org/ns#faq")))) == 2
    assert not any((node is None) for t in g for node in t)
    assert all(not n.startswith("_:") for t in g for n in map(str, t)), "no blank nodes"


def test_dataset_description(built):
    result, out = built
    void = Graph().parse(out / "void.ttl")
    dataset = URIRef(result.iris.dataset)
    assert void.value(dataset, VOID.triples) == Literal(len(result.graph), datatype=XSD.integer)
    assert void.value(dataset, VOID.entities) == Literal(5, datatype=XSD.integer)
    assert (dataset, RDF.type, DCAT.Dataset) in void
    dumps = set(void.objects(dataset, VOID.dataDump))
    assert len(dumps) == len(FORMATS)
    for fmt in FORMATS:
        url = URIRef(result.iris.dump(dump_name(fmt)))
        assert url in dumps
        size = int(void.value(url, DCAT.byteSize))
        assert size == (out / dump_name(fmt)).stat().st_size
    jsonl = URIRef(result.iris.dump("glossary.jsonl"))  # a distribution, not an RDF data dump
    assert (dataset, DCAT.distribution, jsonl) in void and jsonl not in dumps
    assert int(void.value(jsonl, DCAT.byteSize)) == (out / "glossary.jsonl").stat().st_size


BUILD_AND_HASH = """
import hashlib, pathlib, sys
from termgraph import build, write_dumps
for path in sorted(write_dumps(build(sys.argv[1]), sys.argv[2])):
    print(path.name, hashlib.sha256(path.read_bytes()).hexdigest())
"""


def test_byte_stable_across_hash_seeds(tmp_path):
    outputs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env.pop("SOURCE_DATE_EPOCH", None)
        run = subprocess.run([sys.executable, "-c", BUILD_AND_HASH, str(MINI), str(tmp_path / seed)],
                             env=env, capture_output=True, text=True, timeout=120, check=True)
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == len(FORMATS) + 2  # + glossary.jsonl, void.ttl


def test_source_date_epoch_sets_the_issue_date(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    write_dumps(build(MINI), tmp_path)
    assert '"2026-01-01"^^xsd:date' in (tmp_path / "void.ttl").read_text()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    write_dumps(build(MINI), tmp_path)
    assert "issued" not in (tmp_path / "void.ttl").read_text()


def test_ontology_documents_everything_it_defines():
    from rdflib.namespace import OWL, RDFS

    ontology = Graph().parse(ROOT / "ontology" / "termgraph.ttl")
    defined = {s for s in ontology.subjects(RDFS.isDefinedBy, None)}
    assert len(defined) >= 10
    for term in defined:
        assert ontology.value(term, RDFS.label) and ontology.value(term, RDFS.comment), term
    assert ontology.value(URIRef("https://termgraph.org/ns"), OWL.versionInfo)
    # Everything the build uses from our namespace is defined there.
    used = {p for t in build(MINI).graph for p in t if str(p).startswith("https://termgraph.org/ns#")}
    assert used <= defined


def test_related_categories_are_linked_both_ways(mini_copy):
    """`related:` of a category in glossary.yaml is written once and holds in both directions."""
    yaml = mini_copy / "glossary.yaml"
    yaml.write_text(yaml.read_text().replace("definition: Core ideas.", "definition: Core ideas.\n    related: [architecture]"))
    g = build(mini_copy).graph
    foundations, architecture = (URIRef(f"https://example.org/mini/category/{s}") for s in ("foundations", "architecture"))
    assert (foundations, SKOS.related, architecture) in g and (architecture, SKOS.related, foundations) in g


def test_cached_and_cold_builds_write_the_same_bytes(mini_copy, tmp_path, monkeypatch):
    """The record cache only saves parsing: with it, without it, and after an edit, the bytes are a cold build's."""
    from termgraph.dumps.dataset import build_dumps

    monkeypatch.setenv("TERMGRAPH_CACHE_DIR", str(tmp_path / "cache"))

    def dumps(out: str, cache: bool) -> dict[str, bytes]:
        build_dumps(mini_copy, tmp_path / out, cache=cache)
        return {p.name: p.read_bytes() for p in sorted((tmp_path / out).iterdir())}

    cold = dumps("cold", cache=False)
    assert dumps("first", cache=True) == cold
    assert any((tmp_path / "cache").iterdir()), "the cache was written"
    assert dumps("warm", cache=True) == cold
    term = mini_copy / "terms" / "transformer.md"
    term.write_text(term.read_text().replace("label: Transformer", "label: Transformer architecture"))
    edited_cold = dumps("edited-cold", cache=False)
    assert edited_cold != cold
    assert dumps("edited-warm", cache=True) == edited_cold


def test_build_writes_a_changelog_and_the_release_version(mini_copy, tmp_path):
    """`build --changelog OLD` writes what changed since OLD beside the dumps; glossary.yaml's version is in void.ttl."""
    import json

    from click.testing import CliRunner

    from termgraph.cli import main

    old = tmp_path / "old"
    assert CliRunner().invoke(main, ["build", "--content", str(mini_copy), "--out", str(old)]).exit_code == 0
    (mini_copy / "terms" / "transformer.md").write_text(
        (mini_copy / "terms" / "transformer.md").read_text().replace("label: Transformer", "label: Transformer model"))
    glossary = mini_copy / "glossary.yaml"
    glossary.write_text(glossary.read_text() + "version: '2.0'\n")
    new = tmp_path / "new"
    result = CliRunner().invoke(main, ["build", "--content", str(mini_copy), "--out", str(new),
                                       "--changelog", str(old / "glossary.nt")])
    assert result.exit_code == 0, result.output
    changes = json.loads((new / "changelog.json").read_text())
    assert "Transformer model" in json.dumps(changes) and "Transformer model" in (new / "changelog.md").read_text()
    void = Graph().parse(new / "void.ttl")
    assert (URIRef(build(mini_copy).iris.dataset), DCAT.version, Literal("2.0")) in void
    assert not (old / "changelog.md").exists()
