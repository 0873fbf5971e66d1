"""Publish a validated build into a named graph of a remote triple store, atomically, and verify it arrived.

Through the standards only (SPARQL 1.1 Protocol, Update, Graph Store HTTP Protocol), so any store works:

1. count the target graph (this also checks the URLs and credentials before anything is written);
2. when it exists, read it back as N-Triples and compute the difference with the build, line by line;
3. stage what must change in temporary graphs `<graph>-tmp-<random>-…`, in chunks (Graph Store Protocol
   PUT/POST, or INSERT DATA with `method="update"`); nobody reads those graphs, so on Oxigraph the chunks go
   through its bulk loader;
4. swap in ONE SPARQL Update request, which the store applies as one transaction (SPARQL 1.1 Update §2.2;
   Oxigraph, Fuseki/TDB2 and GraphDB do): `DELETE {…} WHERE {<removed>} ; INSERT {…} WHERE {<added>}` for a
   difference, `MOVE <tmp> TO <graph>` for a whole new graph, or inline DELETE DATA / INSERT DATA for a small
   difference. Readers see the old glossary or the new one, never a mix or an empty graph;
5. drop the temporary graphs, and verify: the remote triple count, or (`verify="full"`) every triple.

Applying only the difference matters: a store's transactional writes are slow (about 20,000 triples a second
on Oxigraph 0.5), so replacing 2.4 M triples with MOVE takes minutes, while republishing a glossary in which
a few terms changed writes a few hundred triples. Publishing the same build twice writes nothing.
Not `MOVE SILENT`: if the temporary graph were missing, SILENT would still empty the target (Oxigraph 0.5
does), while a plain MOVE fails and leaves it alone.

A failure before the swap leaves the published graph untouched; we drop what we can of the temporary graphs
and raise RemoteError saying so. If the swap request itself fails, the store applied all of it or none.
"""
from __future__ import annotations

import secrets
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from http.client import HTTPException
from typing import Literal as Lit

from rdflib.plugins.parsers.ntriples import ParseError

from termgraph.dumps import ntriples
from termgraph.dumps.formats import by_media_type
from termgraph.errors import RemoteError, UsageError
from termgraph.pipeline import Build, Checked, Progress, quiet
from termgraph.publish.client import AuthHeader, Endpoints, StoreClient, check_iri

Method = Lit["gsp", "update"]
VerifyMode = Lit["count", "full"]
Strategy = Lit["replace", "difference", "unchanged", "initial load"]
METHODS: tuple[Method, ...] = ("gsp", "update")
VERIFY_MODES: tuple[VerifyMode, ...] = ("count", "full")
# ~150-250 bytes a triple: 10-12 MB a request, under the default request-size limits of common stores and
# proxies, large enough that the cost of a request does not matter.
CHUNK_TRIPLES = 50_000
EXAMPLES = 5  # differing triples shown when a full verification fails
NTRIPLES_TYPES = ("application/n-triples", "text/plain")


@dataclass(frozen=True)
class Verification:
    """The remote graph compared with the build."""

    mode: VerifyMode
    local_triples: int
    remote_triples: int
    missing: int = 0  # in the build, not in the store (full only)
    extra: int = 0  # in the store, not in the build (full only)
    examples: tuple[str, ...] = ()  # a few of them as N-Triples lines, "- " missing, "+ " extra

    @property
    def ok(self) -> bool:
        return self.remote_triples == self.local_triples and not self.missing and not self.extra

    def __str__(self) -> str:
        if self.ok:
            same = "the same triples as" if self.mode == "full" else "the same count as"
            return f"verified: {self.remote_triples} triples in the store, {same} the build"
        text = f"verification failed: the store holds {self.remote_triples} triples, the build {self.local_triples}"
        if self.mode == "full":
            text += f"; {self.missing} missing from the store, {self.extra} not in the build"
        return "\n".join([text, *(f"  {example}" for example in self.examples)])


@dataclass(frozen=True)
class PublishResult:
    """What was (or, on a dry run, would be) sent, and how the store's copy compares."""

    graph: str
    triples: int
    requests: int
    seconds: float
    verification: Verification | None  # None on a dry run
    method: Method
    verify: VerifyMode
    endpoints: Endpoints
    strategy: Strategy | None = None  # on a dry run, None unless it is an initial load
    previous_triples: int = 0  # in the graph before
    removed: int = 0
    added: int = 0
    dry_run: bool = False
    leftovers: tuple[str, ...] = ()  # temporary graphs that could not be dropped (the publish itself worked)

    @property
    def sent(self) -> int:
        """Triples sent to the store (a difference sends the triples to remove and those to add)."""
        if self.strategy in ("replace", "initial load"):
            return self.added
        return self.removed + self.added

    def describe(self) -> str:
        """Human-readable lines (the CLI prints them)."""
        if self.dry_run:
            return self._plan()
        change = {"unchanged": f"unchanged, {self.triples} triples: nothing to write",
                  "initial load": f"{self.triples} triples, loaded in place (not atomically)",
                  "replace": f"{self.triples} triples (replacing {self.previous_triples})",
                  "difference": f"{self.triples} triples ({self.removed} removed, {self.added} added)"}
        lines = [(f"published <{self.graph}>: {change[self.strategy or 'replace']}; {self.sent} triples sent in "
                  f"{self.requests} requests, {self.seconds:.1f} s (method {self.method})")]
        if self.verification is not None:
            lines.append(str(self.verification))
        return "\n".join(lines)

    def _plan(self) -> str:
        e = self.endpoints
        by = f"GSP PUT/POST to {e.store}" if self.method == "gsp" else f"INSERT DATA requests to {e.update}"
        read = e.graph_url(self.graph) if self.method == "gsp" else e.query
        return "\n".join([
            (f"dry run, nothing sent: would publish {self.triples} triples into <{self.graph}> "
             f"(method {self.method})"),
            f"  read:   the graph's triple count from {e.query}, and its triples from {read}",
            (f"  stage:  what changed (all of it for a new graph) in temporary graphs <{self.graph}-tmp-…>, "
             f"by {by}, at most {CHUNK_TRIPLES} triples a request") if self.strategy != "initial load" else
            (f"  load:   all of it into <{self.graph}> in place, not atomically (the graph must not exist yet), "
             f"by {by}, at most {CHUNK_TRIPLES} triples a request"),
            f"  swap:   one SPARQL Update request to {e.update}" if self.strategy != "initial load" else
            "  swap:   none",
            f"  verify: {'the triple count' if self.verify == 'count' else 'every triple'}",
        ])


class VerificationFailed(RemoteError):
    """The swap went through but the store's graph differs from the build."""

    def __init__(self, result: PublishResult):
        self.result = result
        super().__init__(f"{result.verification}\nthe graph <{result.graph}> was changed, but the store does not "
                         "hold what was sent (did something else write it meanwhile?); publishing again is safe")


def publish(build: Build, endpoint: str, graph: str | None = None, method: Method = "gsp",
            query_url: str | None = None, update_url: str | None = None, store_url: str | None = None,
            verify: VerifyMode = "count", dry_run: bool = False, progress: Progress = quiet,
            auth: AuthHeader | None = None, chunk_triples: int = CHUNK_TRIPLES, timeout: float = 300.0,
            initial_load: bool = False) -> PublishResult:
    """Make the named graph `graph` (default: the glossary's IRI) of the store at `endpoint` equal the build.

    `endpoint` is the store's base URL; the query, update and Graph Store URLs default to Oxigraph's
    `<endpoint>/query`, `/update` and `/store`. `auth(url)` gives the Authorization header for a URL (default:
    TERMGRAPH_ENDPOINT_TOKEN, TERMGRAPH_ENDPOINT_USER / _PASSWORD, or netrc). Raises UsageError for bad
    arguments, RemoteError when the store fails (the published graph is then unchanged unless the message
    says otherwise), VerificationFailed when the store's copy differs from the build.

    `initial_load` gives up atomicity for speed, for a first publish of a large glossary: the graph must not
    exist yet; it is loaded in place (on Oxigraph with its bulk loader), so readers may see it partly loaded
    until publish() returns; on failure it is dropped.

        from termgraph import build
        from termgraph.publish.publisher import publish
        print(publish(build("content"), "http://localhost:7878").describe())
    """
    started = time.perf_counter()
    if method not in METHODS:
        raise UsageError(f"unknown publish method {method!r}; choose one of: {', '.join(METHODS)}")
    if verify not in VERIFY_MODES:
        raise UsageError(f"unknown verification {verify!r}; choose one of: {', '.join(VERIFY_MODES)}")
    if chunk_triples < 1:
        raise UsageError("chunk_triples must be at least 1")
    target = check_iri(graph or str(build.iris.scheme))
    endpoints = Endpoints.resolve(endpoint, query_url, update_url, store_url)
    local = build.triples
    if dry_run:
        return PublishResult(target, local, 0, time.perf_counter() - started, None, method, verify, endpoints,
                             "initial load" if initial_load else None, dry_run=True)

    client = StoreClient(endpoints, auth if auth is not None else credentials_for(), timeout)
    job = _Job(client, target, method, chunk_triples, progress)
    progress(f"counting the triples of <{target}> in the store")
    previous = client.count(target)
    if initial_load and previous:
        raise UsageError(f"the graph <{target}> already holds {previous} triples; an initial load only fills a "
                         "graph that does not exist yet (publish without it to replace the graph atomically)")
    strategy, removed, added = job.load(build) if initial_load else job.run(build, previous)
    progress(f"verifying <{target}>")
    try:
        verification = _verify(client, target, build, verify, method == "gsp")
    except RemoteError as exc:
        raise RemoteError(f"{exc}\nthe graph <{target}> was published, but verifying it failed") from exc
    result = PublishResult(target, local, client.requests, time.perf_counter() - started, verification, method,
                           verify, endpoints, strategy, previous, removed, added, leftovers=tuple(job.leftovers))
    if not verification.ok:
        raise VerificationFailed(result)
    return result


def credentials_for() -> AuthHeader:
    """Authorization headers from the query feature's lookup (environment, then netrc by host), per host."""
    from urllib.parse import urlsplit

    from termgraph.sparql.remote import find_credentials

    cache: dict[str, str | None] = {}

    def auth(url: str) -> str | None:
        host = urlsplit(url).hostname or ""
        if host not in cache:
            found = find_credentials(url)
            cache[host] = found.authorization if found else None
        return cache[host]

    return auth


class _Job:
    """One publish: stage, swap, clean up; knows which temporary graphs exist so a failure can drop them."""

    def __init__(self, client: StoreClient, target: str, method: Method, size: int, progress: Progress):
        self.client, self.target, self.method, self.size, self.progress = client, target, method, size, progress
        self.tag = secrets.token_hex(8)
        self.staged: list[str] = []
        self.leftovers: list[str] = []

    def run(self, graph: Checked, previous: int) -> tuple[Strategy, int, int]:
        diff = self._difference(graph, previous) if previous else None
        if diff is None:
            temporary = self._temporary("new")
            self._stage(temporary, graph.statements.ntriples_lines(), graph.triples, "the graph")
            self._swap(f"MOVE <{temporary}> TO <{self.target}>")
            self.staged.remove(temporary)  # MOVE took it
            return "replace", previous, graph.triples
        if not diff:
            return "unchanged", 0, 0
        if len(diff) <= self.size:  # small enough for one request: no temporary graph at all
            self._swap(_inline(self.target, diff))
            return "difference", len(diff.remove), len(diff.add)
        operations = []
        if diff.remove:
            removals = self._temporary("remove")
            self._stage(removals, diff.remove, len(diff.remove), "the triples to remove")
            operations.append(f"DELETE {{ GRAPH <{self.target}> {{ ?s ?p ?o }} }} "
                              f"WHERE {{ GRAPH <{removals}> {{ ?s ?p ?o }} }}")
        if diff.add:
            additions = self._temporary("add")
            self._stage(additions, diff.add, len(diff.add), "the triples to add")
            operations.append(f"INSERT {{ GRAPH <{self.target}> {{ ?s ?p ?o }} }} "
                              f"WHERE {{ GRAPH <{additions}> {{ ?s ?p ?o }} }}")
        self._swap(" ;\n".join(operations))
        self._clean_up()
        return "difference", len(diff.remove), len(diff.add)

    def load(self, graph: Checked) -> tuple[Strategy, int, int]:
        """Fill the (empty) target in place: no temporary graph, no swap, not atomic."""
        self._stage(self.target, graph.statements.ntriples_lines(), graph.triples, "the graph", into="the partly loaded graph")
        self.staged.remove(self.target)
        return "initial load", 0, graph.triples

    def _temporary(self, role: str) -> str:
        return f"{self.target}-tmp-{self.tag}-{role}"

    def _difference(self, graph: Checked, previous: int) -> ntriples.Difference | None:
        """The difference with the store's graph; None when it cannot be trusted (then replace it whole)."""
        self.progress(f"reading back the {previous} triples of <{self.target}> and comparing")
        try:
            with self.client.fetch(self.target, gsp=self.method == "gsp") as (content_type, stream):
                if content_type not in NTRIPLES_TYPES:
                    return None
                diff = ntriples.difference(graph.statements.ntriples_lines(), ntriples.read_lines(stream))
        except (OSError, HTTPException, UnicodeDecodeError) as exc:
            raise RemoteError(f"reading back <{self.target}> failed ({exc}); nothing was written, publishing "
                              "again is safe") from exc
        except ParseError as exc:
            raise RemoteError(f"the store sent <{self.target}> as N-Triples that do not parse ({exc}); nothing "
                              "was written") from exc
        # A short read, or blank nodes (which a difference cannot address): replace the graph whole instead.
        return None if diff.theirs != previous or diff.blank_nodes else diff

    def _stage(self, temporary: str, lines: Iterable[str], total: int, what: str,
               into: str = "the temporary graphs") -> None:
        """Upload `lines` into a fresh temporary graph, in chunks, one request at a time and in order; the next
        chunk is serialized while the store takes the current one (the request waits without the GIL)."""
        self.staged.append(temporary)
        sent, in_flight = 0, None
        with ThreadPoolExecutor(max_workers=1) as sender:
            try:
                for index, (data, count) in enumerate(ntriples.chunks(lines, self.size)):
                    if in_flight is not None:
                        sent += in_flight.result()
                    self.progress(f"uploading {what}: {sent + count} of {total} triples")
                    in_flight = sender.submit(self._send_chunk, temporary, index, data, count)
                if in_flight is not None:
                    sent += in_flight.result()
            except RemoteError as exc:
                unchanged = "" if temporary == self.target else \
                    f"; the published graph <{self.target}> was not changed"
                self._abandon(exc, f"uploading {what} failed after {sent} of {total} triples{unchanged}", into)
            except BaseException:  # interrupted (Ctrl-C) or a bug: still try not to leave temporary graphs behind
                if in_flight is not None:
                    wait([in_flight])
                self._drop_all()
                raise

    def _send_chunk(self, temporary: str, index: int, data: bytes, count: int) -> int:
        if self.method == "update":
            self.client.update(b"INSERT DATA { GRAPH <" + temporary.encode() + b"> {\n" + data + b"} }")
        elif index == 0:
            self.client.put_graph(temporary, data, bulk=self.client.is_oxigraph)
        else:
            self.client.post_graph(temporary, data, bulk=self.client.is_oxigraph)
        return count

    def _swap(self, update: str) -> None:
        self.progress(f"swapping the new content into <{self.target}>")
        try:
            self.client.update(update)
        except RemoteError as exc:
            self._abandon(exc, f"the swap request failed; the store applies it whole or not at all, so "
                          f"<{self.target}> holds either the previous glossary or the new one, never a mix")

    def _clean_up(self) -> None:
        self._drop_all()
        self.leftovers = list(self.staged)

    def _drop_all(self) -> list[str]:
        """Drop every staged graph; the messages of those that could not be dropped."""
        failures = []
        for temporary in list(self.staged):
            try:
                self.client.update(f"DROP SILENT GRAPH <{temporary}>")
                self.staged.remove(temporary)
            except RemoteError as exc:
                failures.append(str(exc))
        return failures

    def _abandon(self, cause: RemoteError, what: str, staged_as: str = "the temporary graphs") -> None:
        staged = list(self.staged)
        failures = self._drop_all()
        if not staged:
            cleanup = ""
        elif not failures:
            cleanup = f"; {staged_as} {'was' if staged_as.endswith('graph') else 'were'} dropped"
        else:
            cleanup = (f"; {staged_as} could not be dropped (" + failures[0] + "), remove "
                       + ("it" if staged_as.endswith("graph") else "them") + " with "
                       + " ; ".join(f"DROP SILENT GRAPH <{g}>" for g in self.staged))
        raise RemoteError(f"{cause}\n{what}{cleanup}; publishing again is safe") from cause


def _inline(target: str, diff: ntriples.Difference) -> str:
    operations = []
    if diff.remove:
        operations.append(f"DELETE DATA {{ GRAPH <{target}> {{\n" + "\n".join(diff.remove) + "\n} }")
    if diff.add:
        operations.append(f"INSERT DATA {{ GRAPH <{target}> {{\n" + "\n".join(diff.add) + "\n} }")
    return " ;\n".join(operations)


def _verify(client: StoreClient, target: str, graph: Checked, mode: VerifyMode, gsp: bool) -> Verification:
    remote = client.count(target)
    if mode == "count":
        return Verification("count", graph.triples, remote)
    missing, extra = _compare(client, target, graph, gsp)
    examples = [f"- {text}" for text in missing[:EXAMPLES]] + [f"+ {text}" for text in extra[:EXAMPLES]]
    return Verification("full", graph.triples, remote, len(missing), len(extra), tuple(examples))


def _compare(client: StoreClient, target: str, graph: Checked, gsp: bool) -> tuple[list[str], list[str]]:
    """Lines of the build missing from the store's graph, and lines of the store's graph not in the build."""
    try:
        with client.fetch(target, gsp) as (content_type, stream):
            if content_type in NTRIPLES_TYPES:
                diff = ntriples.difference(graph.statements.ntriples_lines(), ntriples.read_lines(stream))
                return list(diff.add), list(diff.remove)
            fmt = by_media_type(content_type)
            if fmt is None:
                raise RemoteError(f"the store sent <{target}> as {content_type}, which termgraph cannot read")
            triples = ntriples.parse_graph(stream.read(), fmt.rdflib_name)
    except (OSError, HTTPException, UnicodeDecodeError, ParseError, ValueError) as exc:
        raise RemoteError(f"reading <{target}> back from the store failed: {exc}") from exc
    local = set(graph.graph)  # another syntax than N-Triples: compare as rdflib triples
    return sorted(ntriples.line(t) for t in local - triples), sorted(_show(t) for t in triples - local)


def _show(triple: ntriples.Triple) -> str:
    """A triple of the store as an N-Triples line (its blank nodes too, which ntriples.line refuses)."""
    return " ".join(node.n3() for node in triple) + " ."
