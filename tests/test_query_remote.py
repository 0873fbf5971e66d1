"""Remote endpoints through SPARQLWrapper: a real Oxigraph server answers every named query as the embedded
store does; each way an endpoint can fail is a clear RemoteError with exit code 3; credentials come from
the environment or netrc and never show."""
from __future__ import annotations

import base64
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from oxigraph_server import OxigraphServer, oxigraph_server
from querydata import PARAMS, QUERY_CONTENT, dump, embedded, strings
from rdflib import Literal, URIRef
from server_support import free_port

from termgraph.cli import main
from termgraph.errors import RemoteError, UsageError
from termgraph.sparql.queries import named_queries, parse_query
from termgraph.sparql.remote import ENV_PASSWORD, ENV_TOKEN, ENV_USER, RemoteStore, _prepare, parse_json_results
from termgraph.sparql.results import Rows, Triples

TOKEN = "s3cret-token-do-not-print"
PASSWORD = "pa55-do-not-print"


@pytest.fixture(autouse=True)
def no_ambient_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No credentials leak in from the machine running the tests (env vars, ~/.netrc)."""
    for name in (ENV_TOKEN, ENV_USER, ENV_PASSWORD, "NETRC"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    root = tmp_path_factory.mktemp("oxigraph")
    with oxigraph_server(root / "db", data=dump(root / "glossary.nt"), read_only=True) as running:
        yield running


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


# --- the same answers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_gives_the_same_answer_remotely(server: OxigraphServer, name: str) -> None:
    text = named_queries()[name].bind(PARAMS.get(name, {}))
    local, remote = embedded().query(text), RemoteStore(server.query_url).query(text)
    if isinstance(local, Triples):
        assert isinstance(remote, Triples) and set(remote.triples) == set(local.triples) and len(local) > 10
    else:
        assert remote == local
        if isinstance(local, Rows):
            assert len(local) > 0


def test_hostile_values_are_data_remotely_too(server: OxigraphServer) -> None:
    query = parse_query("# param: v string\n# param: w langstring\n# param: i iri\n"
                        "SELECT ?v ?w ?i WHERE {\n  #@values\n}\n", "echo")
    value = 'x" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o }\n#\t\\ """'
    result = RemoteStore(server.query_url).query(query.bind({"v": value, "w": f"{value}@en", "i": "urn:x:%22"}))
    assert isinstance(result, Rows)
    assert result.rows == ((Literal(value), Literal(value, lang="en"), URIRef("urn:x:%22")),)


def test_cli_prints_the_same_bytes_for_endpoint_and_embedded(server: OxigraphServer) -> None:
    for fmt in ("table", "json", "csv"):
        local = invoke("query", "related", "-p", "term=gradient-descent", "--content", str(QUERY_CONTENT),
                       "--format", fmt)
        remote = invoke("query", "related", "-p", "term=gradient-descent", "--endpoint", server.query_url,
                        "--format", fmt)
        assert local.exit_code == remote.exit_code == 0, remote.output
        assert remote.stdout_bytes == local.stdout_bytes and b"backpropagation" in local.stdout_bytes


def test_limit_is_sent_to_the_server(server: OxigraphServer) -> None:
    assert _prepare("SELECT * WHERE { ?s ?p ?o }", 5) == ("SELECT", "SELECT * WHERE { ?s ?p ?o }\nLIMIT 6\n")
    assert _prepare("SELECT * WHERE { ?s ?p ?o } LIMIT 2", 5)[1].endswith("LIMIT 2")
    assert _prepare("CONSTRUCT WHERE { ?s ?p ?o }", 5) == ("CONSTRUCT", "CONSTRUCT WHERE { ?s ?p ?o }")
    # 35 million rows to compute unless the server is told to stop after six
    result = RemoteStore(server.query_url).query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", limit=5,
                                                 timeout=20)
    assert isinstance(result, Rows) and len(result) == 5 and result.truncated
    triples = RemoteStore(server.query_url).query("CONSTRUCT WHERE { ?s ?p ?o }", limit=4)
    assert isinstance(triples, Triples) and len(triples) == 4 and triples.truncated


def test_a_named_graph_of_the_store(tmp_path: Path) -> None:
    graph = "https://example.org/qt/"
    with oxigraph_server(tmp_path / "db", data=dump(tmp_path / "glossary.nt"), graph=graph) as running:
        ask = named_queries()["has-term"].bind({"term": "transformer"})
        assert not RemoteStore(running.query_url).query(ask)  # the default graph of the store is empty
        assert RemoteStore(running.query_url, graph=graph).query(ask)
        text = named_queries()["two-hops"].bind(PARAMS["two-hops"])
        assert RemoteStore(running.query_url, graph=graph).query(text) == embedded().query(text)
        result = invoke("query", "statistics", "--endpoint", running.query_url, "--graph", graph, "--format", "csv")
        assert result.exit_code == 0 and result.stdout_bytes.count(b"\r\n") == 7
    with pytest.raises(UsageError, match="the graph must be an absolute IRI"):
        RemoteStore("http://127.0.0.1:1/query", graph="not an iri")
    assert "use it with --endpoint" in invoke("query", "statistics", "--graph", graph).stderr


def test_updates_are_refused(server: OxigraphServer) -> None:
    with pytest.raises(UsageError, match="only reads"):
        RemoteStore(server.query_url).query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


# --- failures ------------------------------------------------------------------------------------------


@contextmanager
def tiny_server(respond: Callable[[BaseHTTPRequestHandler], None]) -> Iterator[str]:
    """An HTTP server in a thread on 127.0.0.1 that answers every request with `respond`."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            respond(self)

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql"
    finally:
        httpd.shutdown()
        httpd.server_close()


def answer(status: int, content_type: str, body: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return respond


@contextmanager
def silent_server() -> Iterator[str]:
    """Accepts connections (the kernel's backlog does) and never answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"
    finally:
        sock.close()


def expect_remote_error(url: str, message: str, query: str = "SELECT * WHERE { ?s ?p ?o }",
                        timeout: float = 10) -> None:
    with pytest.raises(RemoteError, match=message) as caught:
        RemoteStore(url).query(query, timeout=timeout)
    assert caught.value.exit_code == 3
    result = CliRunner().invoke(main, ["query", "-", "--endpoint", url, "--timeout", str(timeout)], input=query)
    assert result.exit_code == 3, result.output
    assert result.stdout == ""  # nothing half-written
    assert result.stderr.startswith("error: ") and re.search(message, result.stderr), result.stderr


def test_unreachable_endpoint() -> None:
    expect_remote_error(f"http://127.0.0.1:{free_port()}/query", "cannot reach the endpoint .*connection refused")


def test_endpoint_that_never_answers_times_out() -> None:
    with silent_server() as url:
        started = time.monotonic()
        with pytest.raises(RemoteError, match=r"did not answer within 1 s"):
            RemoteStore(url).query("ASK { ?s ?p ?o }", timeout=1)
        assert time.monotonic() - started < 10
        expect_remote_error(url, "did not answer within 1 s", timeout=1)


def test_http_400_carries_the_servers_message(server: OxigraphServer) -> None:
    expect_remote_error(server.query_url, "answered HTTP 400 Bad Request: error at 1:", query="SELEC * WHERE {}")


def test_http_404_carries_the_servers_message(server: OxigraphServer) -> None:
    expect_remote_error(f"{server.url}/nope", "answered HTTP 404 Not Found: GET /nope is not supported")


@pytest.mark.parametrize(("status", "reason"), [(500, "Internal Server Error"), (503, "Service Unavailable")])
def test_http_5xx_carries_the_servers_message(status: int, reason: str) -> None:
    page = b"<html><head><title>Oops</title></head><body><h1>The store is overloaded</h1></body></html>"
    with tiny_server(answer(status, "text/html", page)) as url:
        expect_remote_error(url, f"answered HTTP {status} {reason}: Oops The store is overloaded")


def test_an_html_page_is_not_sparql_results(server: OxigraphServer) -> None:
    # A website's page, not its endpoint. (A URL with no path is a store's base URL, as `publish` takes it: the
    # query goes to <base>/query, so Oxigraph's own page at / is no longer reached that way.)
    page = b"<html><head><title>Our Oxigraph server</title></head><body>Welcome</body></html>"
    with tiny_server(answer(200, "text/html", page)) as url:
        expect_remote_error(url, "answered with text/html, not SPARQL results .*Oxigraph server")
    base = CliRunner().invoke(main, ["query", "-", "--endpoint", f"{server.url}/"], input="ASK { ?s ?p ?o }")
    assert base.exit_code == 0 and base.stdout.strip() == "true", base.output


def test_garbage_json_is_not_sparql_results() -> None:
    with tiny_server(answer(200, "application/sparql-results+json", b"{not json")) as url:
        expect_remote_error(url, "sent JSON that does not parse")
    with tiny_server(answer(200, "application/json", b'{"rows": []}')) as url:
        expect_remote_error(url, "sent JSON that is not SPARQL results")


def test_a_graph_query_answered_with_html() -> None:
    page = b"<html><title>Login</title></html>"
    with tiny_server(answer(200, "text/html; charset=utf-8", page)) as url, \
            pytest.raises(RemoteError, match="answered with text/html, not an RDF graph .*Login"):
        RemoteStore(url).query("CONSTRUCT WHERE { ?s ?p ?o }")


VIRTUOSO = b"""{ "head": { "link": [], "vars": ["s", "n", "l", "b"] },
  "results": { "distinct": false, "ordered": true, "bindings": [
    { "s": { "type": "uri", "value": "http://dbpedia.org/resource/Transformer" },
      "n": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "42" },
      "l": { "type": "literal", "xml:lang": "en", "value": "Transformer" },
      "b": { "type": "bnode", "value": "nodeID://b10006" } },
    { "s": { "type": "uri", "value": "http://dbpedia.org/resource/BERT" },
      "n": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#string", "value": "x" } } ] } }"""


def test_virtuoso_typed_literals_are_accepted() -> None:
    rows = parse_json_results(VIRTUOSO)
    assert isinstance(rows, Rows) and rows.variables == ("s", "n", "l", "b")
    assert rows.rows[0][:3] == (URIRef("http://dbpedia.org/resource/Transformer"), Literal(42),
                                Literal("Transformer", lang="en"))
    assert rows.rows[1] == (URIRef("http://dbpedia.org/resource/BERT"), Literal("x"), None, None)
    with tiny_server(answer(200, "application/sparql-results+json; charset=UTF-8", VIRTUOSO)) as url:
        assert RemoteStore(url).query("SELECT * WHERE { ?s ?p ?o }") == rows


def test_xml_results_are_accepted_too() -> None:
    from termgraph.sparql.results import render

    expected = embedded().query(named_queries()["statistics"].text)
    with tiny_server(answer(200, "application/sparql-results+xml", render(expected, "xml"))) as url:
        assert RemoteStore(url).query("SELECT * WHERE { ?s ?p ?o }") == expected


# --- credentials ---------------------------------------------------------------------------------------


@contextmanager
def protected_server(expected: str, seen: list[str | None]) -> Iterator[str]:
    """Answers SPARQL JSON only to requests whose Authorization header is `expected`; records what it saw."""
    ok = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "in"}}]}}'

    def respond(handler: BaseHTTPRequestHandler) -> None:
        header = handler.headers.get("Authorization")
        seen.append(header)
        if header == expected:
            answer(200, "application/sparql-results+json", ok)(handler)
        else:
            answer(401, "text/plain", b"authentication required")(handler)

    with tiny_server(respond) as url:
        yield url


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_bearer_token_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str | None] = []
    with protected_server(f"Bearer {TOKEN}", seen) as url:
        with pytest.raises(RemoteError, match="HTTP 401 .*authentication required .*no credentials were sent"):
            RemoteStore(url).query("ASK {}")
        monkeypatch.setenv(ENV_TOKEN, TOKEN)
        assert strings(RemoteStore(url).query("SELECT ?x {}")) == [("in",)]
    assert seen == [None, f"Bearer {TOKEN}"]


def test_user_and_password_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str | None] = []
    with protected_server(basic("reader", PASSWORD), seen) as url:
        monkeypatch.setenv(ENV_USER, "reader")
        with pytest.raises(UsageError, match=f"{ENV_PASSWORD} is not set"):
            RemoteStore(url)
        monkeypatch.setenv(ENV_PASSWORD, PASSWORD)
        assert strings(RemoteStore(url).query("SELECT ?x {}")) == [("in",)]
        monkeypatch.setenv(ENV_PASSWORD, "wrong")
        with pytest.raises(RemoteError, match=f"HTTP 401 .*credentials from {ENV_USER} / {ENV_PASSWORD}") as caught:
            RemoteStore(url).query("SELECT ?x {}")
        assert "wrong" not in str(caught.value)


def test_netrc_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    rc = tmp_path / "netrc"
    seen: list[str | None] = []
    with protected_server(basic("reader", PASSWORD), seen) as url:
        rc.write_text(f"machine 127.0.0.1 login reader password {PASSWORD}\n", encoding="utf-8")
        monkeypatch.setenv("NETRC", str(rc))
        assert strings(RemoteStore(url).query("SELECT ?x {}")) == [("in",)]
        rc.write_text("machine 127.0.0.1 login reader password other\n", encoding="utf-8")
        with pytest.raises(RemoteError, match=r"HTTP 401 .*credentials from netrc \(") as caught:
            RemoteStore(url).query("SELECT ?x {}")
        assert "other" not in str(caught.value)
        rc.write_text(f"machine 127.0.0.1 login reader password {PASSWORD} bogus\n", encoding="utf-8")
        with pytest.raises(UsageError, match=r"cannot read the netrc file .*netrc, line \d+: syntax error") as bad:
            RemoteStore(url)
        assert PASSWORD not in str(bad.value)
        rc.unlink()
        with pytest.raises(UsageError, match="NETRC names .* which does not exist"):
            RemoteStore(url)
    # ~/.netrc (HOME is a temporary folder here) is read when NETRC is not set
    monkeypatch.delenv("NETRC")
    home = tmp_path / "home"
    home.mkdir()
    (home / ".netrc").write_text(f"machine 127.0.0.1 login reader password {PASSWORD}\n", encoding="utf-8")
    (home / ".netrc").chmod(0o600)
    with protected_server(basic("reader", PASSWORD), seen) as url:
        assert strings(RemoteStore(url).query("SELECT ?x {}")) == [("in",)]


def test_credentials_never_come_from_the_url_nor_show_in_output(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(UsageError, match="must not carry credentials"):
        RemoteStore(f"http://reader:{PASSWORD}@127.0.0.1:1/sparql")
    refused = invoke("query", "statistics", "--endpoint", f"http://reader:{PASSWORD}@127.0.0.1:1/sparql")
    assert refused.exit_code == 2 and PASSWORD not in refused.output
    seen: list[str | None] = []
    with protected_server("Bearer something-else", seen) as url:
        monkeypatch.setenv(ENV_TOKEN, TOKEN)
        result = invoke("query", "statistics", "--endpoint", url)
        assert result.exit_code == 3
        assert "HTTP 401" in result.stderr and f"credentials from {ENV_TOKEN}" in result.stderr
        assert TOKEN not in result.output and TOKEN not in result.stderr
    assert seen == [f"Bearer {TOKEN}"]


def test_credentials_do_not_follow_a_redirect_to_another_host(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str | None] = []
    ok = b'{"head": {"vars": []}, "results": {"bindings": [{}]}}'

    def elsewhere(handler: BaseHTTPRequestHandler) -> None:
        seen.append(handler.headers.get("Authorization"))
        answer(200, "application/sparql-results+json", ok)(handler)

    with tiny_server(elsewhere) as other:
        target = other.replace("127.0.0.1", "localhost")

        def redirect(handler: BaseHTTPRequestHandler) -> None:
            seen.append(handler.headers.get("Authorization"))
            handler.send_response(307)
            handler.send_header("Location", target + "?" + handler.path.partition("?")[2])
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        with tiny_server(redirect) as url:
            monkeypatch.setenv(ENV_TOKEN, TOKEN)
            assert RemoteStore(url).query("SELECT * {}") == Rows((), ((),))
    assert seen == [f"Bearer {TOKEN}", None]
