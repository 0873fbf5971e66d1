"""termgraph publish against a real Oxigraph server (started here on 127.0.0.1, stopped by its PID), with a
proxy in between where a test needs to count requests, check credentials or inject failures."""
from __future__ import annotations

import base64
import shutil
import subprocess
import sys
import threading
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner
from conftest import MINI
from oxigraph_server import oxigraph_server
from publish_support import Seen, proxy_to, union_server
from querydata import PARAMS
from querydata import built as query_build

from termgraph import build
from termgraph.cli import main
from termgraph.dumps.ntriples import difference, lines, read_lines
from termgraph.errors import RemoteError, UsageError
from termgraph.publish.client import Endpoints, no_auth
from termgraph.publish.publisher import VerificationFailed, publish
from termgraph.sparql.queries import named_queries
from termgraph.sparql.results import Boolean, Rows, Triples
from termgraph.sparql.store import EmbeddedStore, run_query

GRAPH = "https://example.org/mini/"
OTHER = "http://example.org/another-graph"
OTHER_DATA = b'<http://example.org/x> <http://example.org/says> "keep me" .\n'
SECRET = "s3cr3t-t0ken-do-not-print"


@pytest.fixture(autouse=True)
def no_ambient_credentials(monkeypatch, tmp_path):
    """Tests decide the credentials: none from the environment or the user's ~/.netrc."""
    for name in ("TERMGRAPH_ENDPOINT_TOKEN", "TERMGRAPH_ENDPOINT_USER", "TERMGRAPH_ENDPOINT_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    (tmp_path / "no-netrc").write_text("")


@pytest.fixture(scope="module")
def mini():
    return build(MINI)


@pytest.fixture(scope="module")
def changed(tmp_path_factory):
    """The mini glossary with one definition reworded and one example gone."""
    content = tmp_path_factory.mktemp("changed") / "content"
    shutil.copytree(MINI, content)
    path = content / "terms" / "transformer.md"
    text = path.read_text()
    path.write_text(text.replace("letting every position attend to every other.",
                                 "where every position attends to every other.")
                        .replace("  - A translation model.\n", ""))
    return build(content)


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def remote_lines(server_url: str, graph: str) -> set[str]:
    """The graph as the store has it (empty when it does not exist)."""
    url = f"{server_url}/store?" + urllib.parse.urlencode({"graph": graph})
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return {line.strip() for line in response.read().decode().splitlines() if line.strip()}
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return set()
        raise


def graph_names(server_url: str) -> set[str]:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    url = f"{server_url}/query?" + urllib.parse.urlencode({"query": query})
    with urllib.request.urlopen(url, timeout=30) as response:
        import json

        return {b["g"]["value"] for b in json.load(response)["results"]["bindings"]}


def put(server_url: str, graph: str, data: bytes) -> None:
    url = f"{server_url}/store?" + urllib.parse.urlencode({"graph": graph})
    request = urllib.request.Request(url, data=data, method="PUT", headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(request, timeout=30).close()


def as_lines(b) -> set[str]:
    return set(lines(b.graph))


# --- publishing, republishing, what else is in the store -------------------------------------------------


@pytest.mark.parametrize("reading", ["--graph", "union default graph"])
def test_publish_then_every_named_query_answers_as_embedded(tmp_path, reading):
    """The query feature's test glossary, published; each named query through --endpoint gives the embedded
    answer, reading the published graph either by name (query --graph) or through a union default graph."""
    glossary = query_build()
    embedded = EmbeddedStore.from_graph(glossary.graph)
    serve = union_server if reading == "union default graph" else oxigraph_server
    with serve(tmp_path / "db") as server:
        put(server.url, OTHER, OTHER_DATA)
        result = publish(glossary, server.url, auth=no_auth)
        assert result.strategy == "replace" and result.verification and result.verification.ok
        assert result.graph == str(glossary.iris.scheme)
        graph = result.graph if reading == "--graph" else None
        queries = named_queries()
        assert len(queries) >= 15
        for name, query in sorted(queries.items()):
            params = PARAMS.get(name, {})
            here = run_query(query, params, store=embedded)
            there = run_query(query, params, endpoint=server.query_url, graph=graph)
            assert normalized(there) == normalized(here), name
            if isinstance(here, Rows) and name not in ("few-related", "without-sources", "deprecated"):
                assert len(here.rows) > 0, f"{name} answers nothing on the test glossary: a weak comparison"
        cli = invoke("query", "related", "-p", "term=gradient-descent", "--endpoint", server.query_url,
                     "--format", "csv", *(["--graph", result.graph] if graph else []))
        assert cli.exit_code == 0, cli.output
        assert cli.output.splitlines()[0] == "slug,label,definition" and len(cli.output.splitlines()) > 1


def normalized(result):
    if isinstance(result, Rows):
        return result.variables, sorted(tuple(str(t) if t is not None else "" for t in row) for row in result.rows)
    if isinstance(result, Boolean):
        return bool(result)
    assert isinstance(result, Triples)
    return sorted(" ".join(n.n3() for n in t) for t in result.triples)


def test_cli_publish_republish_changed_content_and_leave_other_graphs(tmp_path, mini, changed):
    with oxigraph_server(tmp_path / "db") as server:
        put(server.url, OTHER, OTHER_DATA)
        first = invoke("publish", "--endpoint", server.url, "--content", str(MINI))
        assert first.exit_code == 0, first.output
        assert f"published <{GRAPH}>: {len(mini.graph)} triples (replacing 0); {len(mini.graph)} triples sent in 4 " \
               "requests" in first.output
        assert f"verified: {len(mini.graph)} triples in the store, the same count as the build" in first.output
        assert remote_lines(server.url, GRAPH) == as_lines(mini)

        result = publish(changed, server.url, auth=no_auth, verify="full")
        gone = as_lines(mini) - as_lines(changed)
        assert result.strategy == "difference" and (result.removed, result.added) == (2, 1)
        assert remote_lines(server.url, GRAPH) == as_lines(changed)
        assert any("A translation model." in line for line in gone)
        assert not any("A translation model." in line for line in remote_lines(server.url, GRAPH))
        assert str(result.verification) == f"verified: {len(changed.graph)} triples in the store, the same " \
                                           "triples as the build"

        # The other named graph is untouched, and no temporary graph is left behind.
        assert remote_lines(server.url, OTHER) == {OTHER_DATA.decode().strip()}
        assert graph_names(server.url) == {GRAPH, OTHER}


def test_large_difference_goes_through_temporary_graphs_and_one_swap(tmp_path, mini, changed):
    """With tiny chunks the difference is staged in temporary graphs; the target changes in one request."""
    with oxigraph_server(tmp_path / "db") as server:
        publish(mini, server.url, auth=no_auth)
        messages: list[str] = []
        with proxy_to(server.url) as proxy:
            result = publish(changed, proxy.url, auth=no_auth, chunk_triples=1, verify="full",
                             progress=messages.append)
        assert remote_lines(server.url, GRAPH) == as_lines(changed)
        assert result.sent == 3
        assert messages == [f"counting the triples of <{GRAPH}> in the store",
                            f"reading back the {len(mini.graph)} triples of <{GRAPH}> and comparing",
                            "uploading the triples to remove: 1 of 2 triples",
                            "uploading the triples to remove: 2 of 2 triples",
                            "uploading the triples to add: 1 of 1 triples",
                            f"swapping the new content into <{GRAPH}>", f"verifying <{GRAPH}>"]
        def target_of(seen: Seen) -> list[str]:
            return urllib.parse.parse_qs(urllib.parse.urlsplit(seen.path).query).get("graph", [])

        touching_target = [s for s in proxy.writes() if f"<{GRAPH}>".encode() in s.body or target_of(s) == [GRAPH]]
        [swap] = touching_target
        assert swap.body.startswith(b"DELETE { GRAPH <https://example.org/mini/>")
        assert b"INSERT { GRAPH <https://example.org/mini/>" in swap.body
        assert result.requests == len(proxy.seen)
        assert graph_names(server.url) == {GRAPH}


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_same_build_twice_leaves_the_same_graph_and_writes_nothing(tmp_path, mini, method):
    with oxigraph_server(tmp_path / "db") as server, proxy_to(server.url) as proxy:
        publish(mini, proxy.url, auth=no_auth, method=method)
        once = remote_lines(server.url, GRAPH)
        before = len(proxy.seen)
        again = publish(mini, proxy.url, auth=no_auth, method=method, verify="full")
        assert again.strategy == "unchanged"
        assert remote_lines(server.url, GRAPH) == once == as_lines(mini)
        assert [s for s in proxy.seen[before:] if s.writes] == []


def test_update_method_uses_only_the_query_and_update_endpoints(tmp_path, mini, changed):
    with oxigraph_server(tmp_path / "db") as server, proxy_to(server.url) as proxy:
        publish(mini, proxy.url, auth=no_auth, method="update", chunk_triples=100)
        publish(changed, proxy.url, auth=no_auth, method="update", chunk_triples=1, verify="full")
        assert remote_lines(server.url, GRAPH) == as_lines(changed)
        assert {urllib.parse.urlsplit(s.path).path for s in proxy.seen} == {"/query", "/update"}
        assert sum(s.body.startswith(b"INSERT DATA { GRAPH <https://example.org/mini/-tmp-") for s in proxy.seen) >= 3


def test_separate_urls_and_another_graph_name(tmp_path, mini):
    with oxigraph_server(tmp_path / "db") as server:
        result = publish(mini, "http://127.0.0.1:9", graph="urn:example:glossary", auth=no_auth,
                         query_url=server.query_url, update_url=server.update_url, store_url=server.store_url)
        assert result.graph == "urn:example:glossary"
        assert remote_lines(server.url, "urn:example:glossary") == as_lines(mini)


# --- failures part-way --------------------------------------------------------------------------------------


def fail_nth_write(n: int, how: str):
    """Fail the n-th request that writes (GSP PUT/POST or an update), and only that one."""
    count = {"writes": 0}

    def decide(seen: Seen, number: int) -> str | None:
        if seen.writes:
            count["writes"] += 1
            if count["writes"] == n:
                return how
        return None

    return decide


BLANK_OLD = b'_:b0 <http://example.org/note> "an old blank node" .\n'


@pytest.mark.parametrize("how", ["500", "cut"])
@pytest.mark.parametrize("n", [1, 2, 4])
def test_failure_part_way_through_a_replace_leaves_the_old_graph(tmp_path, changed, how, n):
    """309 triples in chunks of 110: writes PUT, POST, POST, then the MOVE (n=4). The old graph holds a blank
    node, which a difference cannot address, so it is replaced whole. Any failure: old graph intact, exit 3."""
    with oxigraph_server(tmp_path / "db") as server:
        put(server.url, GRAPH, "\n".join(sorted(as_lines(changed))).encode() + b"\n" + BLANK_OLD)
        old = remote_lines(server.url, GRAPH)
        put(server.url, OTHER, OTHER_DATA)
        with proxy_to(server.url, fail=fail_nth_write(n, how)) as proxy:
            result = invoke("publish", "--endpoint", proxy.url, "--content", str(MINI), "--chunk-triples", "110")
            sent = len(proxy.seen)
        assert result.exit_code == 3, result.output
        assert remote_lines(server.url, GRAPH) == old
        assert remote_lines(server.url, OTHER) == {OTHER_DATA.decode().strip()}
        assert graph_names(server.url) == {GRAPH, OTHER}, "a temporary graph was left behind"
        assert ("HTTP 500 Internal Server Error: injected failure" in result.output) if how == "500" else \
            ("the connection failed" in result.output)
        assert "the temporary graphs were dropped; publishing again is safe" in result.output
        expected = "the swap request failed" if n == 4 else f"uploading the graph failed after {(n - 1) * 110} of"
        assert expected in result.output
        assert sent == 1 + 1 + n + 1  # count, read-back, n writes, then the drop


@pytest.mark.parametrize("n", [2, 3, 4])
def test_failure_part_way_through_a_difference_leaves_the_old_graph(tmp_path, mini, changed, n):
    """Chunks of one triple: writes PUT, POST (2 to remove), PUT (1 to add), the swap (n=4), two drops."""
    with oxigraph_server(tmp_path / "db") as server:
        publish(mini, server.url, auth=no_auth)
        with proxy_to(server.url, fail=fail_nth_write(n, "500")) as proxy, pytest.raises(RemoteError) as failure:
            publish(changed, proxy.url, auth=no_auth, chunk_triples=1)
        assert remote_lines(server.url, GRAPH) == as_lines(mini)
        assert graph_names(server.url) == {GRAPH}
        assert str(failure.value).endswith("the temporary graphs were dropped; publishing again is safe")
        # and publishing again is indeed safe
        assert publish(changed, server.url, auth=no_auth, verify="full").verification.ok  # type: ignore[union-attr]
        assert remote_lines(server.url, GRAPH) == as_lines(changed)


def test_a_swap_whose_answer_is_lost_leaves_one_whole_graph(tmp_path, mini, changed):
    """The store applied the swap but the connection dropped before its answer: the new graph, whole."""
    with oxigraph_server(tmp_path / "db") as server:
        publish(mini, server.url, auth=no_auth)
        forward_then_cut = {"armed": True}

        def fail(seen: Seen, number: int) -> str | None:
            if seen.body.startswith(b"DELETE {") and forward_then_cut.pop("armed", False):
                return "cut-after"
            return None

        with proxy_to(server.url, fail=fail) as proxy, pytest.raises(RemoteError) as failure:
            publish(changed, proxy.url, auth=no_auth, chunk_triples=1)
        assert "holds either the previous glossary or the new one, never a mix" in str(failure.value)
        assert remote_lines(server.url, GRAPH) == as_lines(changed)
        assert graph_names(server.url) == {GRAPH}


def test_server_stopped_part_way(tmp_path, changed):
    """The store dies after the first upload request: exit 3 naming the leftover; after a restart the old
    graph is there, whole; the leftover can be dropped as the message says; publishing again works."""
    location = tmp_path / "db"
    with oxigraph_server(location) as server:
        put(server.url, GRAPH, "\n".join(sorted(as_lines(changed))).encode() + b"\n" + BLANK_OLD)
        old = remote_lines(server.url, GRAPH)

        def stop_on_second_write(seen: Seen, number: int, writes={"n": 0}) -> str | None:  # noqa: B006
            writes["n"] += seen.writes
            if writes["n"] == 2:
                server.process.terminate()  # by its PID
                server.process.wait(timeout=30)
            return None

        with proxy_to(server.url, fail=stop_on_second_write) as proxy:
            result = invoke("publish", "--endpoint", proxy.url, "--content", str(MINI), "--chunk-triples", "110")
    assert result.exit_code == 3, result.output
    assert "uploading the graph failed after 110 of 309 triples" in result.output
    assert "could not be dropped" in result.output and "publishing again is safe" in result.output
    [drop] = [line for line in result.output.splitlines() if "remove them with DROP SILENT GRAPH" in line]
    leftover = drop.split("DROP SILENT GRAPH <", 1)[1].split(">", 1)[0]
    assert leftover.startswith(GRAPH + "-tmp-")
    with oxigraph_server(location) as again:
        assert remote_lines(again.url, GRAPH) == old
        assert graph_names(again.url) == {GRAPH, leftover}
        request = urllib.request.Request(again.update_url, data=f"DROP SILENT GRAPH <{leftover}>".encode(),
                                         headers={"Content-Type": "application/sparql-update"}, method="POST")
        urllib.request.urlopen(request, timeout=30).close()
        retry = invoke("publish", "--endpoint", again.url, "--content", str(MINI))
        assert retry.exit_code == 0, retry.output
        assert graph_names(again.url) == {GRAPH}


def test_readers_see_the_old_graph_or_the_new_one_never_a_mix(tmp_path, mini, changed):
    with oxigraph_server(tmp_path / "db") as server:
        publish(mini, server.url, auth=no_auth)
        states = {frozenset(as_lines(mini)), frozenset(as_lines(changed))}
        seen: list[frozenset[str]] = []
        done = threading.Event()

        def read() -> None:
            while not done.is_set():
                seen.append(frozenset(remote_lines(server.url, GRAPH)))

        reader = threading.Thread(target=read)
        reader.start()
        try:
            for glossary in (changed, mini, changed, mini):  # by difference, staged one triple a request
                publish(glossary, server.url, auth=no_auth, chunk_triples=1)
            publish(changed, server.url, graph=OTHER, auth=no_auth, chunk_triples=20)  # and a whole new graph
        finally:
            done.set()
            reader.join()
        assert len(seen) > 10
        assert set(seen) <= states, "a reader saw a graph that is neither the old nor the new glossary"


def test_initial_load_fills_a_new_graph_in_place_and_refuses_an_existing_one(tmp_path, mini, changed):
    with oxigraph_server(tmp_path / "db") as server, proxy_to(server.url) as proxy:
        result = publish(mini, proxy.url, auth=no_auth, initial_load=True, chunk_triples=110, verify="full")
        assert result.strategy == "initial load" and result.verification.ok  # type: ignore[union-attr]
        assert remote_lines(server.url, GRAPH) == as_lines(mini)
        assert [urllib.parse.urlsplit(s.path).query for s in proxy.writes()] == \
            ["graph=https%3A%2F%2Fexample.org%2Fmini%2F&no_transaction"] * 3  # Oxigraph's bulk loader, in place
        before = len(proxy.seen)
        again = invoke("publish", "--endpoint", proxy.url, "--content", str(MINI), "--initial-load")
        assert again.exit_code == 2
        assert f"the graph <{GRAPH}> already holds {len(mini.graph)} triples; an initial load only fills" in again.output
        assert [s for s in proxy.seen[before:] if s.writes] == []


def test_a_failed_initial_load_drops_the_partly_loaded_graph(tmp_path):
    with oxigraph_server(tmp_path / "db") as server, proxy_to(server.url, fail=fail_nth_write(2, "500")) as proxy:
        result = invoke("publish", "--endpoint", proxy.url, "--content", str(MINI), "--initial-load",
                        "--chunk-triples", "110")
        assert result.exit_code == 3
        assert "uploading the graph failed after 110 of 309 triples; the partly loaded graph was dropped; " \
               "publishing again is safe" in result.output
        assert graph_names(server.url) == set()


# --- dry run, credentials, timeouts, verification --------------------------------------------------------


def test_dry_run_sends_nothing(tmp_path):
    with oxigraph_server(tmp_path / "db") as server, proxy_to(server.url) as proxy:
        result = invoke("publish", "--endpoint", proxy.url, "--content", str(MINI), "--dry-run", "--verify", "full")
        assert result.exit_code == 0, result.output
        assert proxy.seen == []
    assert "dry run, nothing sent: would publish 309 triples into <https://example.org/mini/> (method gsp)" \
        in result.output
    for url in (f"{proxy.url}/query", f"{proxy.url}/update", f"{proxy.url}/store"):
        assert url in result.output
    assert "verify: every triple" in result.output


def test_an_invalid_glossary_is_not_published(mini_copy):
    path = mini_copy / "terms" / "transformer.md"
    path.write_text(path.read_text().replace("related: [deep-learning]", "related: [deep-learning, transformer]"))
    with proxy_to("http://127.0.0.1:9") as proxy:
        result = invoke("publish", "--endpoint", proxy.url, "--content", str(mini_copy))
        assert result.exit_code == 1
        assert proxy.seen == []


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A real process, stdout and stderr apart (stderr is not a terminal: no progress lines)."""
    import os

    full = {**os.environ, **env}
    return subprocess.run([sys.executable, "-m", "termgraph", *args], capture_output=True, text=True,
                          timeout=120, env=full, check=False)


def test_bearer_token_reaches_the_store_and_is_never_printed(tmp_path, mini):
    with oxigraph_server(tmp_path / "db") as server, proxy_to(server.url, require=f"Bearer {SECRET}") as proxy:
        ok = run_cli("publish", "--endpoint", proxy.url, "--content", str(MINI), "--verify", "full",
                     env={"TERMGRAPH_ENDPOINT_TOKEN": SECRET, "NETRC": str(tmp_path / "none")})
        assert ok.returncode == 0, ok.stderr
        assert ok.stderr == ""  # piped: no progress lines either
        assert len(proxy.seen) >= 4 and {s.authorization for s in proxy.seen} == {f"Bearer {SECRET}"}
        wrong = run_cli("publish", "--endpoint", proxy.url, "--content", str(MINI),
                        env={"TERMGRAPH_ENDPOINT_TOKEN": SECRET + "-wrong", "NETRC": str(tmp_path / "none")})
        assert remote_lines(server.url, GRAPH) == as_lines(mini)
    assert ok.stdout.startswith("published <https://example.org/mini/>")
    assert wrong.returncode == 3
    assert "HTTP 401" in wrong.stderr and "check the credentials" in wrong.stderr
    for run in (ok, wrong):
        assert SECRET not in run.stdout + run.stderr
        assert base64.b64encode(SECRET.encode()).decode() not in run.stdout + run.stderr


def test_basic_credentials_from_netrc_reach_the_store(tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login publisher password {SECRET}\n")
    netrc.chmod(0o600)
    basic = "Basic " + base64.b64encode(f"publisher:{SECRET}".encode()).decode()
    with oxigraph_server(tmp_path / "db") as server, proxy_to(server.url, require=basic) as proxy:
        run = run_cli("publish", "--endpoint", proxy.url, "--content", str(MINI), env={"NETRC": str(netrc)})
        assert run.returncode == 0, run.stderr
        assert {s.authorization for s in proxy.seen} == {basic}
        env_basic = run_cli("publish", "--endpoint", proxy.url, "--content", str(MINI),
                            env={"TERMGRAPH_ENDPOINT_USER": "publisher", "TERMGRAPH_ENDPOINT_PASSWORD": SECRET,
                                 "NETRC": str(tmp_path / "none")})
        assert env_basic.returncode == 0, env_basic.stderr
    assert SECRET not in run.stdout + run.stderr + env_basic.stdout + env_basic.stderr


def test_credentials_in_the_url_are_refused_without_showing_them():
    result = invoke("publish", "--endpoint", f"http://user:{SECRET}@127.0.0.1:9", "--content", str(MINI))
    assert result.exit_code == 2
    assert "carries credentials" in result.output and "TERMGRAPH_ENDPOINT_TOKEN" in result.output
    assert SECRET not in result.output


def test_a_store_that_does_not_answer_in_time(tmp_path):
    with proxy_to("http://127.0.0.1:9", fail=lambda seen, number: "hang") as proxy:
        result = invoke("publish", "--endpoint", proxy.url, "--content", str(MINI), "--timeout", "1")
    assert result.exit_code == 3
    assert f"POST {proxy.url}/query: the connection failed (no answer within 1 s)" in result.output


def test_an_unreachable_store(tmp_path):
    with oxigraph_server(tmp_path / "db") as server:
        url = server.url
    result = invoke("publish", "--endpoint", url, "--content", str(MINI))
    assert result.exit_code == 3
    assert f"POST {url}/query: cannot reach the store" in result.output


def test_verification_catches_a_store_that_lost_a_triple(tmp_path, mini):
    """A proxy drops one line of the upload: count and full verification both fail, exit 3."""
    def drop_a_line(seen: Seen) -> bytes:
        if seen.method == "PUT":
            return b"\n".join(line for line in seen.body.split(b"\n") if b"#faq-1-answer> <https://schema.org/text>"
                              not in line or b"deep-learning" not in line)
        return seen.body

    with oxigraph_server(tmp_path / "db") as server, proxy_to(server.url, edit=drop_a_line) as proxy:
        with pytest.raises(VerificationFailed) as failure:
            publish(mini, proxy.url, graph="urn:g:one", auth=no_auth, verify="full")
        result = invoke("publish", "--endpoint", proxy.url, "--graph", "urn:g:two", "--content", str(MINI))
    text = str(failure.value)
    assert text.startswith(f"verification failed: the store holds {len(mini.graph) - 1} triples, the build "
                           f"{len(mini.graph)}; 1 missing from the store, 0 not in the build")
    assert "- <https://example.org/mini/term/deep-learning#faq-1-answer> <https://schema.org/text>" in text
    assert failure.value.result.verification.missing == 1  # type: ignore[union-attr]
    assert result.exit_code == 3 and "verification failed" in result.output


# --- what the design relies on, checked on the real store ---------------------------------------------------


def update(server_url: str, text: str) -> int:
    request = urllib.request.Request(f"{server_url}/update", data=text.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_oxigraph_applies_a_request_of_several_operations_whole_or_not_at_all(tmp_path):
    with oxigraph_server(tmp_path / "db") as server:
        put(server.url, "urn:g:old", OTHER_DATA)
        status = update(server.url, 'DELETE DATA { GRAPH <urn:g:old> { <http://example.org/x> '
                                    '<http://example.org/says> "keep me" } } ; '
                                    'INSERT DATA { GRAPH <urn:g:new> { <urn:a> <urn:b> <urn:c> } } ; '
                                    "MOVE <urn:g:missing> TO <urn:g:elsewhere>")
        assert status >= 400
        assert remote_lines(server.url, "urn:g:old") == {OTHER_DATA.decode().strip()}
        assert remote_lines(server.url, "urn:g:new") == set()


@pytest.mark.parametrize("swap", ["MOVE SILENT", "COPY", "COPY SILENT"])
def test_why_a_plain_move(tmp_path, swap):
    """MOVE fails when the source graph is missing and leaves the target; MOVE SILENT and COPY (even without
    SILENT) succeed and empty the target, which would publish an empty glossary."""
    with oxigraph_server(tmp_path / "db") as server:
        put(server.url, "urn:g:target", OTHER_DATA)
        assert update(server.url, "MOVE <urn:g:missing> TO <urn:g:target>") >= 400
        assert remote_lines(server.url, "urn:g:target") == {OTHER_DATA.decode().strip()}
        assert update(server.url, f"{swap} <urn:g:missing> TO <urn:g:target>") < 300
        assert remote_lines(server.url, "urn:g:target") == set()


# --- small parts ------------------------------------------------------------------------------------------------


def test_read_lines_in_blocks():
    import io

    data = b'<urn:a> <urn:b> "1" .\n# a comment\n\n<urn:a> <urn:b> "2" .\r\n<urn:a> <urn:b> "3" .'
    assert list(read_lines(io.BytesIO(data), block=5)) == [b'<urn:a> <urn:b> "1" .', b'<urn:a> <urn:b> "2" .',
                                                           b'<urn:a> <urn:b> "3" .']


def test_difference_matches_triples_spelled_differently():
    ours = {'<urn:a> <urn:b> "caf\u00e9" .', '<urn:a> <urn:b> "new" .'}
    theirs = {'<urn:a> <urn:b> "caf\\u00E9" .', '<urn:a> <urn:b> "old" .'}
    def raw(lines: set[str]) -> list[bytes]:
        return [text.encode() for text in lines]

    diff = difference(ours, raw(theirs))
    assert diff.remove == ('<urn:a> <urn:b> "old" .',) and diff.add == ('<urn:a> <urn:b> "new" .',)
    assert diff.theirs == 2 and not diff.blank_nodes
    assert not difference(ours, raw(ours))
    blank = difference(ours, raw(ours | {'_:b1 <urn:b> "x" .'}))
    assert blank.blank_nodes and blank.remove == ('_:b1 <urn:b> "x" .',) and blank.theirs == 3


@pytest.mark.parametrize("graph", ["not an iri", "urn:x>", "urn:x{y}", "relative/path", ""])
def test_bad_graph_names_are_refused(mini, graph):
    with pytest.raises(UsageError, match="not a usable graph IRI"):
        publish(mini, "http://127.0.0.1:9", graph=graph or " ", dry_run=True)


def test_endpoint_urls():
    e = Endpoints.resolve("http://h:7878/")
    assert (e.query, e.update, e.store) == ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")
    assert e.graph_url("https://example.org/g/") == "http://h:7878/store?graph=https%3A%2F%2Fexample.org%2Fg%2F"
    fuseki = Endpoints.resolve("http://h:3030/ds", store="http://h:3030/ds/data")
    assert fuseki.graph_url("urn:g") == "http://h:3030/ds/data?graph=urn%3Ag"
    graphdb = Endpoints.resolve("http://h:7200/repositories/r", query="http://h:7200/repositories/r",
                                update="http://h:7200/repositories/r/statements",
                                store="http://h:7200/repositories/r/rdf-graphs/service")
    assert graphdb.graph_url("urn:g") == "http://h:7200/repositories/r/rdf-graphs/service?graph=urn%3Ag"
    with pytest.raises(UsageError, match="http:// or https://"):
        Endpoints.resolve("ftp://h/")

