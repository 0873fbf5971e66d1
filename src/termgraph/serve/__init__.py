"""Serving the glossary over HTTP: the SPARQL 1.1 Protocol endpoint (/sparql), the Graph Store Protocol's
read side (/store), then the term IRIs and pages of termgraph.web.

    from termgraph.serve import serve
    serve(data="dist/glossary.nt", port=8000)          # blocks until Ctrl-C / SIGTERM

`load(...)` and `termgraph.serve.app.create_app(...)` are the parts, for embedding the app elsewhere.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from termgraph.errors import UsageError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_RESULTS = 100_000
DATASET_EXTENSIONS = {"nq": "application/n-quads", "trig": "application/trig"}


@dataclass(frozen=True)
class Loaded:
    """A store ready to serve: the pyoxigraph Store (None for a remote one) and what was found in it."""

    backend: Any  # the pyoxigraph Store (None for a remote store)
    remote: Any  # the RemoteStore (None for an embedded one)
    store: Any  # the termgraph.sparql.store.Store to run start-up queries on (EmbeddedStore or RemoteStore)
    source: str
    base_iri: str | None
    language: str
    title: str | None
    triples: int | None
    seconds: float


_SCHEME_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?scheme ?language ?title WHERE {
  ?scheme a skos:ConceptScheme .
  OPTIONAL { ?scheme dcterms:language ?language }
  OPTIONAL { ?scheme dcterms:title ?title }
} ORDER BY DESC(BOUND(?language)) STRLEN(STR(?scheme)) ?scheme LIMIT 1
"""


def _describe(store: Any) -> tuple[str | None, str, str | None]:
    """(base IRI, language, title) of the glossary in a store: its concept scheme with a language, the
    shortest IRI first (the glossary's scheme is its base IRI; categories and levels sit under it)."""
    result = store.query(_SCHEME_QUERY)
    rows = result.dicts() if hasattr(result, "dicts") else []
    if not rows:
        return None, "en", None
    row = rows[0]
    scheme = str(row["scheme"])
    return scheme, str(row.get("language", "en")), (str(row["title"]) if "title" in row else None)


def load(*, content: Path | str | None = None, data: Path | str | None = None, endpoint: str | None = None,
         graph: str | None = None, progress: Callable[[str], None] | None = None) -> Loaded:
    """The store to serve: a validated build of `content`, a dump `data` (N-Triples and the other formats of
    the format table; also N-Quads / TriG for named graphs), or a remote `endpoint`. Exactly one."""
    say = progress or (lambda _: None)
    given = [name for name, value in (("--content", content), ("--data", data), ("--endpoint", endpoint))
             if value is not None]
    if len(given) > 1:
        raise UsageError(f"serve one source: {' and '.join(given)} were both given")
    started = time.perf_counter()
    if endpoint is not None:
        from termgraph.sparql.remote import RemoteStore

        remote = RemoteStore(endpoint, graph=graph)
        base, language, title = _describe(remote)
        return Loaded(None, remote, remote, f"endpoint {endpoint}", base, language, title, None,
                      time.perf_counter() - started)
    if graph is not None:
        raise UsageError("--graph names a graph of a remote store: use it with --endpoint")
    from termgraph.sparql.store import EmbeddedStore, open_store

    if data is not None:
        path = Path(data)
        extension = path.name.rsplit(".", 1)[-1].lower() if "." in path.name else ""
        if extension in DATASET_EXTENSIONS:
            store = _load_dataset(path, DATASET_EXTENSIONS[extension])
        else:
            say(f"loading {path}")
            store = EmbeddedStore.from_file(path)
        source = f"data {path}"
    else:
        folder = content if content is not None else "content"
        store = open_store(content=folder, progress=say)  # builds and validates: refuses a glossary that fails
        source = f"content {folder}"
    assert isinstance(store, EmbeddedStore)
    backend = store.backend
    base, language, title = _describe(store)
    return Loaded(backend, None, store, source, base, language, title, len(backend), time.perf_counter() - started)


def _load_dataset(path: Path, media_type: str) -> Any:
    import pyoxigraph as ox

    from termgraph.sparql.store import EmbeddedStore

    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    store = ox.Store()
    try:
        store.load(path=str(path), format=ox.RdfFormat.from_media_type(media_type), lenient=True)
    except (SyntaxError, ValueError) as exc:
        raise UsageError(f"{path}: not valid {media_type}: {exc}") from exc
    return EmbeddedStore(store)


def default_workers() -> int:
    return max(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 2))


def prepare(loaded: Loaded, *, workers: int | None = None, timeout: float = DEFAULT_TIMEOUT,
            max_results: int = DEFAULT_MAX_RESULTS, max_body: int | None = None, allow_service: bool = False,
            log_requests: bool = True, base_url: str | None = None) -> Any:
    """The ASGI app for a loaded store. With an embedded store this forks the zygote of the query workers:
    call it before any thread starts (termgraph.serve.pool). `base_url`: the public address of the pages
    when it is not the base IRI (canonical links, schema.org url); the data keep their IRIs."""
    from termgraph.serve.app import DEFAULT_MAX_BODY, create_app
    from termgraph.serve.executor import Executor, ExecutorStore, PoolExecutor, RemoteExecutor
    from termgraph.serve.graph import ServedGraph

    if timeout <= 0:
        raise UsageError("--timeout must be more than 0 seconds")
    if max_results < 0:
        raise UsageError("--max-results must be 0 (no limit) or more")
    executor: Executor
    if loaded.remote is not None:
        executor = RemoteExecutor(loaded.remote)
    else:
        from termgraph.serve.engine import handle
        from termgraph.serve.pool import WorkerPool, Zygote

        backend = loaded.backend
        zygote = Zygote(lambda job: handle(backend, job))
        executor = PoolExecutor(WorkerPool(zygote, workers or default_workers(),
                                           queue_timeout=max(30.0, timeout * 3)))
    store = ExecutorStore(executor, direct=loaded.store)
    served = ServedGraph(store=store, base_iri=loaded.base_iri, language=loaded.language, read_only=True,
                         title=loaded.title, source=loaded.source, timeout=timeout, max_results=max_results,
                         triples=loaded.triples, allow_service=allow_service,
                         extra={"base_url": base_url} if base_url else {})
    return create_app(served, executor, max_body=max_body or DEFAULT_MAX_BODY, log_requests=log_requests)


def serve(*, content: Path | str | None = None, data: Path | str | None = None, endpoint: str | None = None,
          graph: str | None = None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, workers: int | None = None,
          timeout: float = DEFAULT_TIMEOUT, max_results: int = DEFAULT_MAX_RESULTS, max_body: int | None = None,
          allow_service: bool = False, quiet: bool = False, base_url: str | None = None,
          progress: Callable[[str], None] | None = None) -> None:
    """Load the glossary and serve it until interrupted (Ctrl-C, SIGTERM)."""
    import logging

    import uvicorn

    say = progress or (lambda _: None)
    started = time.perf_counter()
    loaded = load(content=content, data=data, endpoint=endpoint, graph=graph, progress=say)
    say(f"loaded in {loaded.seconds:.1f} s; forking the query workers and building the routes")
    app = prepare(loaded, workers=workers, timeout=timeout, max_results=max_results, max_body=max_body,
                  allow_service=allow_service, log_requests=not quiet, base_url=base_url)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name, level in (("termgraph.serve.access", logging.INFO), ("termgraph.serve", logging.INFO)):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.WARNING if quiet else level)
        logger.propagate = False
    config = uvicorn.Config(app, host=host, port=port, access_log=False, log_level="warning",
                            server_header=False, date_header=True, lifespan="on", timeout_graceful_shutdown=5)
    size = f"{loaded.triples} triples" if loaded.triples is not None else loaded.source
    shown = f"[{host}]" if ":" in host else host

    def ready() -> None:
        say(f"serving {size} ({loaded.source}) at http://{shown}:{port}/sparql; "
            f"ready in {time.perf_counter() - started:.1f} s")

    if not run_uvicorn(config, ready):
        raise UsageError(f"could not listen on {shown}:{port} (is another server using the port?)")


def run_uvicorn(config: Any, ready: Callable[[], None] | None = None) -> bool:
    """Run a uvicorn server until interrupted, calling `ready` once it listens; False if it could not bind
    (uvicorn then exits, which is not an error to raise here). Shared by `serve` and `mcp --http`."""
    import uvicorn

    server = uvicorn.Server(config)
    original_startup = server.startup

    async def startup(sockets: Any = None) -> None:
        await original_startup(sockets=sockets)
        if server.started and ready is not None:
            ready()

    server.startup = startup  # type: ignore[method-assign]
    try:
        server.run()
    except SystemExit:  # uvicorn exits when it cannot bind
        pass
    return bool(server.started)
