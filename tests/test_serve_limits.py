"""The server's safety limits and HTTP semantics, against a real `termgraph serve`: read-only (updates refused,
store unchanged), SERVICE refused, a runaway query stopped within its limit while others are served, result
limit, 413, 415, 406, 400 with the parser's message, hostile parameters, one JSON error shape, CORS, gzip, the
service description, the Graph Store Protocol's read side, and the command's own errors."""
from __future__ import annotations

import gzip
import http.client
import json
import statistics
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from querydata import QUERY_CONTENT, dump
from rdflib import Graph, URIRef
from termgraph_server import TERMGRAPH, TermgraphServer, termgraph_server

TIMEOUT = 1.5
MAX_RESULTS = 5
MAX_BODY = 4000
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TermgraphServer]:
    root = tmp_path_factory.mktemp("serve-limits")
    with termgraph_server("--data", str(dump(root / "glossary.nt")), "--workers", "2", "--timeout", str(TIMEOUT),
                          "--max-results", str(MAX_RESULTS), "--max-body", str(MAX_BODY), log_dir=root) as running:
        yield running


class Answer:
    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()

    def json(self) -> dict:  # type: ignore[type-arg]
        return json.loads(self.body)  # type: ignore[no-any-return]


def request(server: TermgraphServer, method: str, target: str, body: bytes | None = None,
            headers: dict[str, str] | None = None) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request(method, target, body=body, headers=headers or {})
    response = connection.getresponse()
    answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    connection.close()
    return answer


def get(server: TermgraphServer, query: str, accept: str | None = None, **params: str) -> Answer:
    target = "/sparql?" + urllib.parse.urlencode({"query": query, **params})
    return request(server, "GET", target, headers={"Accept": accept} if accept else {})


def problem(answer: Answer, status: int, parameter: str | None = None) -> str:
    """The answer is the one JSON error shape with `status`; its detail."""
    assert answer.status == status, (answer.status, answer.body)
    assert answer.media_type == "application/problem+json"
    document = answer.json()
    assert document["status"] == status and document["title"] and document["detail"]
    assert "Traceback" not in document["detail"]
    if parameter is not None:
        assert document.get("parameter") == parameter, document
    return str(document["detail"])


def count(server: TermgraphServer) -> int:
    answer = get(server, COUNT, "application/sparql-results+json")
    assert answer.status == 200
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


# --- read-only -----------------------------------------------------------------------------------------


def test_updates_are_refused_and_the_store_is_unchanged(server: TermgraphServer) -> None:
    before = count(server)
    update = "DELETE WHERE { ?s ?p ?o }"
    assert "read-only" in problem(request(server, "POST", "/sparql", update.encode(),
                                          {"Content-Type": "application/sparql-update"}), 403, "update")
    problem(request(server, "POST", "/sparql", urllib.parse.urlencode({"update": update}).encode(),
                    {"Content-Type": "application/x-www-form-urlencoded"}), 403, "update")
    problem(request(server, "GET", "/sparql?" + urllib.parse.urlencode({"update": update})), 403, "update")
    # an update sent as a query is not SPARQL Query: the parser says so
    problem(get(server, update), 400, "query")
    problem(get(server, "DROP ALL"), 400, "query")
    problem(request(server, "PUT", "/store?default", b"<a:b> <a:c> <a:d> .", {"Content-Type": "application/n-triples"}),
            405)
    problem(request(server, "DELETE", "/store?default"), 405)
    assert count(server) == before > 100


# --- SERVICE -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
])
def test_service_is_refused(server: TermgraphServer, query: str) -> None:
    assert "--allow-service" in problem(get(server, query), 403, "query")


def test_service_as_a_word_in_data_is_fine(server: TermgraphServer) -> None:
    answer = get(server, 'SELECT ?x WHERE { BIND("SERVICE <http://x/>" AS ?x) }', "text/csv")
    assert answer.status == 200 and b"SERVICE" in answer.body


# --- time limit ----------------------------------------------------------------------------------------


def test_runaway_query_is_stopped_while_another_client_is_served(server: TermgraphServer) -> None:
    workers_before = set(server.worker_pids())
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["answer"] = get(server, RUNAWAY)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    fast = []
    while thread.is_alive():  # the other worker keeps answering
        started = time.monotonic()
        assert get(server, "ASK { ?s ?p ?o }").status == 200
        fast.append(time.monotonic() - started)
        time.sleep(0.05)
    thread.join()
    answer = outcome["answer"]
    assert isinstance(answer, Answer)
    assert "stopped after" in problem(answer, 503, "query")
    # stopped at its limit (with slack for a loaded machine), while the other worker kept answering
    assert TIMEOUT <= float(outcome["seconds"]) < TIMEOUT + 3  # type: ignore[arg-type]
    assert len(fast) >= 2 and statistics.median(fast) < 1.0, fast
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the killed worker is replaced by a fresh one
        workers_after = set(server.worker_pids())
        if len(workers_after) == len(workers_before) and workers_after != workers_before:
            break
        time.sleep(0.1)
    assert len(workers_after) == len(workers_before) and workers_after != workers_before
    assert count(server) > 100  # and the server answers as before


# --- result and body limits ----------------------------------------------------------------------------


def test_result_limit_cuts_and_says_so(server: TermgraphServer) -> None:
    answer = get(server, "SELECT ?s WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert answer.status == 200 and answer.headers["x-sparql-maxrows"] == str(MAX_RESULTS)
    assert len(answer.json()["results"]["bindings"]) == MAX_RESULTS
    answer = get(server, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert answer.status == 200 and answer.headers["x-sparql-maxrows"] == str(MAX_RESULTS)
    assert len(answer.body.decode().strip().splitlines()) == MAX_RESULTS
    answer = get(server, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "text/csv")
    assert "x-sparql-maxrows" not in answer.headers and len(answer.body.decode().splitlines()) == 4


def test_body_limit_413(server: TermgraphServer) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_BODY
    problem(request(server, "POST", "/sparql", big.encode(), {"Content-Type": "application/sparql-query"}), 413)
    problem(request(server, "POST", "/sparql", urllib.parse.urlencode({"query": big}).encode(),
                    {"Content-Type": "application/x-www-form-urlencoded"}), 413)
    # a chunked body without Content-Length is counted as it arrives
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("POST", "/sparql", body=iter([big.encode()[:3000], big.encode()[3000:]]),
                       headers={"Content-Type": "application/sparql-query"}, encode_chunked=True)
    response = connection.getresponse()
    assert response.status == 413
    connection.close()


# --- media types ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("content_type", "body"), [
    ("text/plain", b"ASK {}"),
    (None, b"ASK {}"),
    (None, b"query=ASK%20%7B%7D"),
    ("application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16")),
    ("application/json", b'{"query": "ASK {}"}'),
])
def test_unsupported_media_type_415(server: TermgraphServer, content_type: str | None, body: bytes) -> None:
    problem(request(server, "POST", "/sparql", body, {"Content-Type": content_type} if content_type else {}), 415,
            "Content-Type")


@pytest.mark.parametrize(("query", "accept", "expected"), [
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", None, "application/sparql-results+json"),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "*/*", "application/sparql-results+json"),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "application/sparql-results+xml", "application/sparql-results+xml"),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/*", "text/csv"),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "application/json", "application/json"),
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "application/x-turtle", "application/x-turtle"),
    ("ASK {}", "application/sparql-results+xml, */*;q=0.1", "application/sparql-results+xml"),
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", None, "text/turtle"),
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "application/ld+json", "application/ld+json"),
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "application/rdf+xml;q=0.9, application/n-triples", "application/n-triples"),
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "text/turtle;q=0, */*", "application/ld+json"),
    ("DESCRIBE ?s WHERE { ?s ?p ?o } LIMIT 1", "application/rdf+xml", "application/rdf+xml"),
])
def test_negotiated_answers(server: TermgraphServer, query: str, accept: str | None, expected: str) -> None:
    answer = get(server, query, accept)
    assert answer.status == 200, answer.body
    assert answer.media_type == expected
    assert "Accept" in answer.headers["vary"]


@pytest.mark.parametrize(("query", "accept"), [
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/html"),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/turtle"),
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "application/sparql-results+json"),
    ("ASK {}", "*/*;q=0"),
])
def test_not_acceptable_406(server: TermgraphServer, query: str, accept: str) -> None:
    answer = get(server, query, accept)
    assert "available" in problem(answer, 406, "Accept")
    assert "Accept" in answer.headers["vary"]


# --- malformed and hostile requests --------------------------------------------------------------------


def test_malformed_query_400_with_the_parsers_message(server: TermgraphServer) -> None:
    detail = problem(get(server, "SELECT * WHERE { ?s ?p "), 400, "query")
    assert "not valid SPARQL" in detail and "1:" in detail


@pytest.mark.parametrize(("target", "parameter"), [
    ("/sparql?query=ASK%7B%7D&query=ASK%7B%7D", "query"),                    # two queries
    ("/sparql?query=%FF%FE", None),                                           # not UTF-8
    ("/sparql?query=ASK%7B%7D%00", "query"),                                  # NUL
    ("/sparql?query=", "query"),                                              # empty
    ("/sparql?query=ASK%7B%7D&default-graph-uri=not%20an%20iri", "default-graph-uri"),
    ("/sparql?query=ASK%7B%7D&named-graph-uri=%3Cx%3E", "named-graph-uri"),
    ("/sparql?" + "&".join(f"p{i}=1" for i in range(200)) + "&query=ASK%7B%7D", None),  # too many parameters
    ("/store?default&graph=urn:x", "graph"),
    ("/store", "graph"),
])
def test_hostile_parameters_400(server: TermgraphServer, target: str, parameter: str | None) -> None:
    problem(request(server, "GET", target), 400, parameter)


def test_what_real_clients_send_is_accepted(server: TermgraphServer) -> None:
    # every character percent-encoded (roqet), unknown parameters (SPARQLWrapper), Upgrade: h2c (Java clients)
    query = "ASK { ?s ?p ?o }"
    target = "/sparql?query=" + "".join(f"%{b:02X}" for b in query.encode()) + "&format=json&output=json&results=json"
    answer = request(server, "GET", target, headers={"Upgrade": "h2c", "Connection": "Upgrade, HTTP2-Settings",
                                                     "HTTP2-Settings": "AAMAAABkAAQCAAAAAAIAAAAA"})
    assert answer.status == 200 and answer.json()["boolean"] is True
    form = urllib.parse.urlencode({"query": query, "format": "json"}).encode()
    answer = request(server, "POST", "/sparql?default-graph-uri=", form,
                     {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"})
    assert answer.status == 200


def test_unknown_paths_and_methods(server: TermgraphServer) -> None:
    problem(request(server, "GET", "/nothing-here"), 404)
    problem(request(server, "PUT", "/sparql?query=ASK%7B%7D"), 405)
    problem(request(server, "DELETE", "/sparql"), 405)


# --- HTTP features -------------------------------------------------------------------------------------


def test_cors(server: TermgraphServer) -> None:
    answer = request(server, "GET", "/sparql?query=ASK%7B%7D", headers={"Origin": "https://yasgui.example"})
    assert answer.headers["access-control-allow-origin"] == "*"
    preflight = request(server, "OPTIONS", "/sparql", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status == 200 and "POST" in preflight.headers["access-control-allow-methods"]


def test_gzip_when_asked(server: TermgraphServer) -> None:
    target = "/sparql?" + urllib.parse.urlencode({"query": f'SELECT ?x WHERE {{ BIND("{"long " * 1000}" AS ?x) }}'})
    answer = request(server, "GET", target, headers={"Accept-Encoding": "gzip", "Accept": "text/csv"})
    assert answer.status == 200 and answer.headers.get("content-encoding") == "gzip"
    assert gzip.decompress(answer.body).startswith(b"x\r\nlong long")
    plain = request(server, "GET", target, headers={"Accept": "text/csv"})
    assert "content-encoding" not in plain.headers and plain.body.startswith(b"x\r\nlong")


def test_service_description(server: TermgraphServer) -> None:
    answer = request(server, "GET", "/sparql")
    assert answer.status == 200 and answer.media_type == "text/turtle"
    graph = Graph().parse(data=answer.body, format="turtle")
    assert (None, URIRef(SD + "endpoint"), URIRef(server.sparql_url)) in graph
    assert (None, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Query")) in graph
    assert (None, URIRef(SD + "feature"), URIRef(SD + "BasicFederatedQuery")) not in graph
    answer = request(server, "GET", "/sparql", headers={"Accept": "application/ld+json"})
    assert answer.status == 200 and answer.media_type == "application/ld+json"
    problem(request(server, "GET", "/sparql", headers={"Accept": "image/png"}), 406, "Accept")


def test_graph_store_read_side(server: TermgraphServer) -> None:
    answer = request(server, "GET", "/store?default", headers={"Accept": "application/n-triples"})
    assert answer.status == 200 and answer.media_type == "application/n-triples"
    assert len(answer.body.splitlines()) == MAX_RESULTS and answer.headers["x-sparql-maxrows"] == str(MAX_RESULTS)
    head = request(server, "HEAD", "/store?default")
    assert head.status == 200 and head.body == b""
    problem(request(server, "GET", "/store?graph=" + urllib.parse.quote("urn:no-such-graph")), 404, "graph")


def test_no_trace_reaches_the_log_or_a_client(server: TermgraphServer) -> None:
    assert "Traceback" not in server.log_text()


# --- the command ---------------------------------------------------------------------------------------


def run_serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TERMGRAPH), "serve", *args], capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize(("args", "message"), [
    (("--data", "no-such-file.nt"), "no such file"),
    (("--data", "glossary.xyz"), "cannot tell the RDF format"),
    (("--data", "a.nt", "--endpoint", "http://127.0.0.1:9/sparql"), "serve one source"),
    (("--content", "no-such-folder"), ""),
    (("--timeout", "0"), "--timeout"),
    (("--port", "70000"), "--port"),
])
def test_usage_errors_exit_2_without_a_trace(args: tuple[str, ...], message: str) -> None:
    done = run_serve(*args)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr


def test_endpoint_down_exits_3() -> None:
    done = run_serve("--endpoint", "http://127.0.0.1:9/sparql", "--port", "0")
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr


def test_help_has_an_example() -> None:
    done = run_serve("--help")
    assert done.returncode == 0 and "Example" in done.stdout and "--timeout" in done.stdout


def test_serves_content_built_and_validated(tmp_path: Path) -> None:
    with termgraph_server("--content", str(QUERY_CONTENT), "--quiet", log_dir=tmp_path) as running:
        answer = get(running, "ASK { ?s a <http://www.w3.org/2004/02/skos/core#Concept> }")
        assert answer.status == 200 and answer.json()["boolean"] is True
