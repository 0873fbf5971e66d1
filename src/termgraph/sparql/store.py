"""The query engine behind one interface: an embedded store (pyoxigraph; rdflib's engine on request) or a
remote SPARQL 1.1 endpoint (termgraph.sparql.remote). Both answer `query(text, limit=, timeout=)` with a
termgraph.sparql.results Rows, Boolean or Triples.

pyoxigraph is the default engine because it measured about ten times faster than rdflib's on the named
queries (benchmarks/bench_queries.py). A pyoxigraph query runs in Rust and cannot be interrupted from
Python, so a query with a time limit runs in a forked child process that shares the loaded store and is
killed at the deadline; rows are read lazily, so a limit stops the engine after that many.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from termgraph.dumps import formats
from termgraph.errors import TermgraphError, UsageError
from termgraph.sparql.queries import NamedQuery, resolve
from termgraph.sparql.results import (
    Boolean,
    Converter,
    Result,
    Rows,
    collect_triples,
    plain,
    triples_from_oxigraph,
)
from termgraph.sparql.syntax import mentions_service

ENGINES = ("oxigraph", "rdflib")


class QueryTimeout(UsageError):
    """The query ran past its time limit and was stopped."""


class Store(Protocol):
    """Anything that answers SPARQL: EmbeddedStore, RemoteStore."""

    def query(self, text: str, *, limit: int | None = None, timeout: float | None = None) -> Result: ...


# --- the embedded store ---------------------------------------------------------------------------------


def _ox_format(fmt: formats.Format) -> ox.RdfFormat:
    found = ox.RdfFormat.from_media_type(fmt.media_type)
    if found is None:  # every format of the table is one pyoxigraph reads; keep the failure explicit
        raise UsageError(f"pyoxigraph cannot read {fmt.name}")
    return found


class EmbeddedStore:
    """A read-only in-memory store loaded once, queried many times."""

    def __init__(self, backend: ox.Store | Graph, *, allow_service: bool = False):
        self.engine = "rdflib" if isinstance(backend, Graph) else "oxigraph"
        self.backend = backend
        self.allow_service = allow_service

    @classmethod
    def from_graph(cls, graph: Graph, engine: str = "oxigraph") -> EmbeddedStore:
        """A store holding the triples of an rdflib graph (N-Triples is the fastest way across: measured)."""
        if engine == "rdflib":
            return cls(graph)
        _check_engine(engine)
        store = ox.Store()
        # lenient: the text was just written by rdflib from a built graph, so IRIs need no second check.
        store.load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES, lenient=True)
        return cls(store)

    @classmethod
    def from_file(cls, path: Path | str, engine: str = "oxigraph") -> EmbeddedStore:
        """A store loaded from a dump in one of the formats of the format table (chosen by extension)."""
        path = Path(path)
        fmt = formats.by_extension(str(path))
        if fmt is None:
            raise UsageError(f"cannot tell the RDF format of {path} from its extension; use one of: "
                             + ", ".join(f".{f.extension}" for f in formats.FORMATS))
        if not path.is_file():
            raise UsageError(f"no such file: {path}")
        try:
            if engine == "rdflib":
                return cls(Graph().parse(str(path), format=fmt.rdflib_name))
            _check_engine(engine)
            store = ox.Store()
            # lenient: skips re-checking every IRI (~15% of the load time at 100k terms); syntax is still checked.
            store.load(path=str(path), format=_ox_format(fmt), lenient=True)
            return cls(store)
        except (SyntaxError, ValueError) as exc:
            raise UsageError(f"{path}: not valid {fmt.name}: {exc}") from exc

    def __len__(self) -> int:
        return len(self.backend)

    def query(self, text: str, *, limit: int | None = None, timeout: float | None = None) -> Result:
        """Run a query; stop reading after `limit` rows (or triples); stop the engine after `timeout` seconds."""
        if not self.allow_service and mentions_service(text):
            raise UsageError("SERVICE clauses are refused: they make the engine fetch other endpoints")

        def run() -> Result:
            return _run_rdflib(self.backend, text, limit) if isinstance(self.backend, Graph) else \
                _run_oxigraph(self.backend, text, limit)

        return run() if timeout is None else _in_child(run, timeout)


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")


def _run_oxigraph(store: ox.Store, text: str, limit: int | None) -> Result:
    try:
        answer = store.query(text)
        if isinstance(answer, ox.QueryBoolean):
            return Boolean(bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = tuple(v.value for v in answer.variables)
            rows: list[tuple[Node | None, ...]] = []
            convert = Converter()
            for solution in answer:  # lazy: the engine computes only what is read
                if limit is not None and len(rows) >= limit:
                    return Rows(variables, tuple(rows), truncated=True)
                rows.append(tuple(None if t is None else convert[t] for t in solution))
            return Rows(variables, tuple(rows))
        return collect_triples(triples_from_oxigraph(answer), limit)
    except SyntaxError as exc:
        raise UsageError(f"the query is not valid SPARQL: {exc}") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise UsageError(f"the query failed: {exc}") from exc


def _run_rdflib(graph: Graph, text: str, limit: int | None) -> Result:
    try:
        answer = graph.query(text)
        if answer.type == "ASK":
            return Boolean(bool(answer.askAnswer))
        if answer.type == "SELECT":
            variables = tuple(str(v) for v in answer.vars or ())
            rows: list[tuple[Node | None, ...]] = []
            for row in answer:
                if limit is not None and len(rows) >= limit:
                    return Rows(variables, tuple(rows), truncated=True)
                rows.append(tuple(plain(t) for t in row))  # type: ignore[union-attr]
            return Rows(variables, tuple(rows))
        return collect_triples((tuple(plain(t) for t in triple) for triple in answer), limit)  # type: ignore[union-attr]
    except TermgraphError:
        raise
    except Exception as exc:  # rdflib's parser and evaluator raise assorted exception types
        raise UsageError(f"the query failed in rdflib: {type(exc).__name__}: {exc}") from exc


def _in_child(run: Callable[[], Result], timeout: float) -> Result:
    """Run `run` in a forked child (it shares the loaded store); kill it by its PID at the deadline."""
    if "fork" not in multiprocessing.get_all_start_methods():  # no fork (Windows): no way to stop the engine
        return run()
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, args=(run, writer), daemon=True)
    child.start()
    writer.close()
    try:
        if not reader.poll(timeout):
            raise QueryTimeout(f"the query was stopped after {timeout:g} s (--timeout); "
                               "narrow it, or allow more time")
        try:
            kind, payload = reader.recv()
        except EOFError:
            child.join()
            raise TermgraphError(f"the query process ended without an answer (exit code {child.exitcode}); "
                                 "it may have run out of memory") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        reader.close()
    if kind == "ok":
        return payload
    raise UsageError(payload)


def _child_main(run: Callable[[], Result], writer: Any) -> None:
    try:
        message: tuple[str, Any] = ("ok", run())
    except TermgraphError as exc:
        message = ("error", str(exc))
    except BaseException as exc:  # noqa: BLE001  (report anything to the parent rather than die silently)
        message = ("error", f"internal error in the query process: {type(exc).__name__}: {exc}")
    writer.send(message)
    writer.close()


# --- opening a store and running a query ----------------------------------------------------------------


def open_store(*, content: Path | str | None = "content", data: Path | str | None = None,
               endpoint: str | None = None, graph: str | None = None, engine: str = "oxigraph",
               progress: Callable[[str], None] | None = None, notice: Callable[[str], None] | None = None) -> Store:
    """The store a query runs on: a remote endpoint (optionally one named graph of it), a dump file, or a
    validated build of a content folder (the on-disk store `termgraph build` left, when the content has not
    changed since: termgraph.snapshot). `endpoint` is a store's base URL (its query URL derived as `publish`
    derives it) or its query URL (termgraph.sparql.remote.query_url). `notice` hears why a build is needed."""
    if endpoint:
        from termgraph.sparql.remote import RemoteStore, query_url

        return RemoteStore(query_url(endpoint), graph=graph)
    if graph is not None:
        raise UsageError("--graph names a graph of a remote store: use it with --endpoint")
    if data is not None:
        return EmbeddedStore.from_file(data, engine)
    from termgraph import snapshot

    content = content or "content"
    if engine == "oxigraph" and (saved := snapshot.open_current(content)) is not None:
        return EmbeddedStore(saved)  # the last build of this content, still current: no need to build again
    from termgraph.pipeline import build, quiet  # only now: reading and validating content costs imports too

    if notice is not None and Path(content).is_dir() and snapshot.state(content) == "stale":
        notice("the last build is out of date (the content or termgraph changed since): building and validating "
               "the glossary for this query; `termgraph build` makes the next queries fast")
    built = build(content, progress=progress or quiet)
    if engine == "rdflib":
        return EmbeddedStore(built.graph)
    _check_engine(engine)
    assert built.store is not None  # build() keeps it unless asked not to
    return EmbeddedStore(built.store)


def run_query(query: str | Path | NamedQuery, params: Mapping[str, str | Node] | None = None, *,
              store: Store | None = None, content: Path | str = "content", data: Path | str | None = None,
              endpoint: str | None = None, graph: str | None = None, limit: int | None = None,
              timeout: float | None = None) -> Result:
    """Run a named query (by name), a query file (Path), or query text, with typed parameters.

    The store is `store` if given, else the endpoint (its named graph `graph`, if given), else the dump
    `data`, else a validated build of `content`. Returns Rows (SELECT), Boolean (ASK) or Triples (CONSTRUCT / DESCRIBE); raises UsageError
    for a bad query or parameter (naming it), QueryTimeout, RemoteError when an endpoint fails.

        from termgraph import run_query
        rows = run_query("related", {"term": "transformer"}, content="content")
        for row in rows.dicts():
            print(row["label"])
    """
    named = resolve(query)
    text = named.bind(params or {})
    target = store if store is not None else open_store(content=content, data=data, endpoint=endpoint, graph=graph)
    return target.query(text, limit=limit, timeout=timeout)
