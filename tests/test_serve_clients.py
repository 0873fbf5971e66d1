"""Real SPARQL clients against a real `termgraph serve`: SPARQLWrapper (GET and POST), rdflib's SPARQLStore,
`termgraph query --endpoint` for every named query, roqet (rasqal-utils), Jena's rsparql (libapache-jena-java,
through .ci/rsparql) and Comunica 4.x (npm, in .ci/comunica). Each gives the answers of the embedded store."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from querydata import PARAMS, dump, embedded
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import GET, JSON, POST, TURTLE, XML, SPARQLWrapper
from termgraph_server import TermgraphServer, termgraph_server

from termgraph.cli import main
from termgraph.sparql.queries import named_queries
from termgraph.sparql.results import Boolean, Rows, Triples, render

ROOT = Path(__file__).resolve().parents[1]
RSPARQL = ROOT / ".ci" / "rsparql"
COMUNICA = ROOT / ".ci" / "comunica" / "node_modules" / ".bin" / "comunica-sparql"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LABELS = f"SELECT ?term ?label WHERE {{ ?term <{SKOS}prefLabel> ?label . FILTER(LANG(?label) = 'en') }} ORDER BY ?term"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TermgraphServer]:
    root = tmp_path_factory.mktemp("serve-clients")
    with termgraph_server("--data", str(dump(root / "glossary.nt")), "--workers", "2", log_dir=root) as running:
        yield running


def expected_labels() -> list[tuple[str, str]]:
    result = embedded().query(LABELS)
    assert isinstance(result, Rows) and len(result) > 5
    return [(str(t), str(label)) for t, label in result.rows]  # type: ignore[misc]


# --- termgraph's own client ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_through_the_endpoint_gives_the_embedded_answer(server: TermgraphServer, name: str) -> None:
    query = named_queries()[name]
    local = embedded().query(query.bind(PARAMS.get(name, {})))
    args = ["query", name, "--endpoint", server.sparql_url]
    for key, value in PARAMS.get(name, {}).items():
        args += ["-p", f"{key}={value}"]
    if isinstance(local, Triples):
        done = CliRunner().invoke(main, [*args, "--format", "ntriples"])
        assert done.exit_code == 0, done.output
        remote = Graph().parse(data=done.stdout, format="nt")
        assert set(remote) == set(local.triples) and len(local) > 10
        return
    done = CliRunner().invoke(main, [*args, "--format", "json"])
    assert done.exit_code == 0, done.output
    assert done.stdout_bytes == render(local, "json")
    if isinstance(local, Rows):
        assert len(local) > 0, f"{name} has no rows on the test glossary"


# --- Python clients ------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_json_and_xml(server: TermgraphServer, method: str) -> None:
    client = SPARQLWrapper(server.sparql_url)  # adds format=json&output=json&results=json: ignored
    client.setMethod(method)
    client.setQuery(LABELS)
    client.setReturnFormat(JSON)
    document = client.query().convert()
    assert [(b["term"]["value"], b["label"]["value"]) for b in document["results"]["bindings"]] == expected_labels()
    client.setReturnFormat(XML)
    xml = client.query().convert()
    assert len(xml.getElementsByTagName("result")) == len(expected_labels())
    client.setQuery("ASK { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_sparqlwrapper_construct_as_turtle(server: TermgraphServer) -> None:
    client = SPARQLWrapper(server.sparql_url)
    client.setQuery(f"CONSTRUCT {{ ?t <{SKOS}prefLabel> ?l }} WHERE {{ ?t <{SKOS}prefLabel> ?l }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    local = embedded().query(f"CONSTRUCT {{ ?t <{SKOS}prefLabel> ?l }} WHERE {{ ?t <{SKOS}prefLabel> ?l }}")
    assert isinstance(local, Triples) and set(graph) == set(local.triples)


def test_rdflib_sparqlstore(server: TermgraphServer) -> None:
    graph = Graph(store=SPARQLStore(server.sparql_url))  # asks for application/sparql-results+xml only
    rows = [(str(r[0]), str(r[1])) for r in graph.query(LABELS)]  # type: ignore[index]
    assert rows == expected_labels()
    assert (URIRef(rows[0][0]), URIRef(SKOS + "prefLabel"), Literal(rows[0][1], lang="en")) in graph


# --- command-line clients ------------------------------------------------------------------------------


def _csv_rows(text: str) -> list[tuple[str, str]]:
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["term", "label"], rows[:2]
    return [(r[0], r[1]) for r in rows[1:] if r]


def test_roqet(server: TermgraphServer) -> None:
    roqet = shutil.which("roqet")
    if roqet is None:
        pytest.skip("roqet is not installed (apt-get install rasqal-utils; .ci/run does)")
    # roqet asks for SPARQL XML only and percent-encodes every character of the query
    done = subprocess.run([roqet, "-q", "-p", server.sparql_url, "-r", "csv", "-e", LABELS],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert _csv_rows(done.stdout) == expected_labels()


def test_jena_rsparql(server: TermgraphServer, tmp_path: Path) -> None:
    if shutil.which("java") is None or not Path("/usr/share/java/jena-arq.jar").exists():
        pytest.skip("Jena is not installed (apt-get install libapache-jena-java; .ci/run does)")
    query = tmp_path / "labels.rq"
    query.write_text(LABELS, encoding="utf-8")
    done = subprocess.run([str(RSPARQL), "--service", server.sparql_url, "--query", str(query), "--results", "csv"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _csv_rows(done.stdout) == expected_labels()


def test_comunica(server: TermgraphServer) -> None:
    if not COMUNICA.exists() or shutil.which("node") is None:
        pytest.skip(f"Comunica is not installed at {COMUNICA} (.ci/run installs @comunica/query-sparql@4)")
    done = subprocess.run([str(COMUNICA), f"sparql@{server.sparql_url}", LABELS, "-t", "application/sparql-results+json"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    # Comunica 4.x drops the language tag of literals from any endpoint (Oxigraph's too): compare the text
    bindings = json.loads(done.stdout)["results"]["bindings"]
    assert sorted((b["term"]["value"], b["label"]["value"]) for b in bindings) == sorted(expected_labels())
    done = subprocess.run([str(COMUNICA), f"sparql@{server.sparql_url}", "ASK { ?s ?p ?o }"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "true", done.stdout + done.stderr[-2000:]


def test_no_trace_in_the_log(server: TermgraphServer) -> None:
    assert "Traceback" not in server.log_text()
    assert '"GET /sparql?' in server.log_text()  # the access log: one line per request


def test_embedded_answer_types() -> None:
    assert isinstance(embedded().query("ASK { ?s ?p ?o }"), Boolean)
