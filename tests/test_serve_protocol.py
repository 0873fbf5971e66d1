"""The W3C SPARQL 1.1 Protocol test suite (../shared/data/w3c-sparql11/protocol/manifest.ttl), run against
`termgraph serve` and, in the same test, against `oxigraph serve` as the reference.

Every query test must pass on both. The update tests must get the read-only refusal (403) from termgraph,
and the store must be unchanged afterwards; Oxigraph (a read-write server) passes them as written.
"""
from __future__ import annotations

import http.client
import json
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from oxigraph_server import oxigraph_server
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection
from termgraph_server import termgraph_server

PROTOCOL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "w3c-sparql11" / "protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values"}
BOOLEAN = {"application/sparql-results+json", "application/sparql-results+xml"}
RDF_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples", "application/ld+json"}

pytestmark = pytest.mark.skipif(not (PROTOCOL / "manifest.ttl").is_file(),
                                reason=f"the W3C protocol tests are not at {PROTOCOL} (../shared/data is absent)")


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # after /sparql/
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    statuses: tuple[str, ...]  # StatusCode2xx, ...
    fmt: str | None
    boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    requests: tuple[Request, ...]

    @property
    def is_update(self) -> bool:
        return self.name.startswith("update_")


def manifest() -> list[ProtocolTest]:
    graph = Graph().parse(PROTOCOL / "manifest.ttl", publicID="http://example.org/protocol/manifest.ttl")
    root = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for test in Collection(graph, graph.value(root, MF.entries)):
        requests = []
        for request in Collection(graph, graph.value(graph.value(test, MF.action), HT.requests)):
            headers_node = graph.value(request, HT.headers)
            headers = tuple((str(graph.value(h, HT.fieldName)), str(graph.value(h, HT.fieldValue)))
                            for h in (Collection(graph, headers_node) if headers_node else []))
            body_node = graph.value(request, HT.body)
            body = None
            if body_node is not None:
                encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(graph.value(body_node, CNT.chars)).encode(encoding.lower().replace("utf-16", "utf-16"))
            response = graph.value(request, HT.resp)
            boolean = graph.value(response, MF.expectedBoolean)
            fmt = graph.value(response, MF.expectedFormat)
            path = str(graph.value(request, HT.absolutePath))
            assert path.startswith("/sparql/")
            requests.append(Request(str(graph.value(request, HT.methodName)), path[len("/sparql/"):], headers, body,
                                    tuple(sorted(str(s).rsplit("#", 1)[1] for s in
                                                 graph.objects(response, MF.expectedStatus))),
                                    str(fmt) if fmt is not None else None,
                                    None if boolean is None else boolean.toPython()))
        tests.append(ProtocolTest(str(test).rsplit("#", 1)[1], tuple(requests)))
    return tests


def dataset(path: Path) -> Path:
    """data1..3.nt of the suite as the named graphs the manifest gives them, in one N-Quads file."""
    graph = Graph().parse(PROTOCOL / "manifest.ttl", publicID="http://example.org/protocol/manifest.ttl")
    names = {}
    for node in graph.objects(None, UT.graphData):
        names[str(graph.value(node, UT.graph)).rsplit("/", 1)[1]] = str(graph.value(node, RDFS.label))
    lines = []
    for file, name in sorted(names.items()):
        for line in (PROTOCOL / file).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                assert line.endswith(".")
                lines.append(f"{line[:-1].rstrip()} <{name}> .")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def send(port: int, endpoint: str, request: Request) -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    target = endpoint + (request.path if not request.path or request.path.startswith("?") else "/" + request.path)
    connection.putrequest(request.method, target, skip_accept_encoding=True)
    for name, value in request.headers:
        connection.putheader(name, value)
    if request.body is not None:
        connection.putheader("Content-Length", str(len(request.body)))
    connection.endheaders(request.body)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, (response.getheader("Content-Type") or "").split(";")[0].strip().lower(), body


def boolean_of(media_type: str, body: bytes) -> bool:
    if media_type == "application/sparql-results+json":
        return bool(json.loads(body)["boolean"])
    root = ET.fromstring(body)
    found = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert found is not None
    return found.text == "true"


def check(request: Request, status: int, media_type: str, body: bytes) -> str | None:
    """None when the response is what the test expects, else what is wrong."""
    if f"StatusCode{status // 100}xx" not in request.statuses:
        return f"status {status}, expected {request.statuses}: {body[:300]!r}"
    if request.fmt == "boolean" and media_type not in BOOLEAN:
        return f"a boolean answer in {media_type}"
    if request.fmt == "tabular" and media_type not in TABULAR:
        return f"a tabular answer in {media_type}"
    if request.fmt == "RDF" and media_type not in RDF_TYPES:
        return f"an RDF answer in {media_type}"
    if request.boolean is not None and boolean_of(media_type, body) != request.boolean:
        return f"boolean {not request.boolean}, expected {request.boolean}"
    return None


def is_update_request(request: Request) -> bool:
    content_type = {k.lower(): v for k, v in request.headers}.get("content-type", "")
    return ("sparql-update" in content_type or (request.body or b"").startswith(b"update=")
            or "update=" in request.path)


def run_suite(port: int, endpoint: str, read_only: bool, update_endpoint: str | None = None) -> dict[str, str]:
    """Failures by test name. `update_endpoint`: where update requests go, for servers that keep them apart
    (the manifest allows it)."""
    failures = {}
    for test in manifest():
        for index, request in enumerate(test.requests):
            target = update_endpoint if update_endpoint and is_update_request(request) else endpoint
            status, media_type, body = send(port, target, request)
            if read_only and test.is_update:
                if index == 0:  # the update itself: refused, in the one JSON error shape
                    if status != 403 or media_type != "application/problem+json":
                        failures[test.name] = f"update answered {status} {media_type}, expected the 403 refusal"
                    elif "read-only" not in json.loads(body)["detail"]:
                        failures[test.name] = f"refusal without a reason: {body!r}"
                break  # what follows checks the update's effect, which read-only mode forbids
            problem = check(request, status, media_type, body)
            if problem:
                failures[test.name] = f"request {index + 1}: {problem}"
                break
    return failures


OXIGRAPH_DEVIATIONS = {
    # with no Accept header, Oxigraph answers CONSTRUCT and DESCRIBE in N-Quads, which the suite does not list
    "query_content_type_describe": "request 1: an RDF answer in application/n-quads",
    "query_content_type_construct": "request 1: an RDF answer in application/n-quads",
    # a GET of its /update with update= returns the service description instead of an error
    "bad_update_get": "request 1: status 200",
}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield dataset(tmp_path_factory.mktemp("w3c") / "protocol.nq")


def test_manifest_is_the_whole_suite() -> None:
    tests = manifest()
    assert len(tests) == 34 and sum(len(t.requests) for t in tests) == 39


def test_w3c_protocol_suite_against_termgraph_and_oxigraph(data: Path, tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "oxigraph", data=data) as reference:
        reference_failures = run_suite(reference.port, "/query", read_only=False, update_endpoint="/update")
    # Oxigraph's known deviations from the suite, so that the reference run stays meaningful.
    assert reference_failures.keys() == OXIGRAPH_DEVIATIONS.keys(), reference_failures
    assert all(reference_failures[k].startswith(v) for k, v in OXIGRAPH_DEVIATIONS.items()), reference_failures
    with termgraph_server("--data", str(data), "--quiet", log_dir=tmp_path) as server:
        before = send(server.port, "/sparql", Request("GET", "?" + urllib.parse.urlencode(
            {"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}), (("Accept", "text/csv"),), None,
            ("StatusCode2xx",), None, None))
        failures = run_suite(server.port, "/sparql", read_only=True)
        after = send(server.port, "/sparql", Request("GET", "?" + urllib.parse.urlencode(
            {"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}), (("Accept", "text/csv"),), None,
            ("StatusCode2xx",), None, None))
        assert "Traceback" not in server.log_text()
    assert failures == {}, failures
    assert before[0] == after[0] == 200 and before[2] == after[2] and before[2].split()[1] != b"0"  # unchanged
