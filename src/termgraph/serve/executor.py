"""Where queries run: the worker pool over the embedded store, or a remote store through termgraph.sparql.remote.

Both answer the same three calls with the answer already written (media type, body, truncated) or raise
HTTPProblem; `ExecutorStore` makes either one a termgraph.sparql.store.Store for ServedGraph.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
from typing import Any, Protocol

from termgraph.errors import RemoteError, TermgraphError
from termgraph.serve.errors import HTTPProblem
from termgraph.serve.negotiation import negotiate
from termgraph.serve.pool import PoolBusy, QueryTimedOut, WorkerLost, WorkerPool
from termgraph.serve.writers import GRAPH_OFFERS, RESULT_OFFERS, graph_format, result_format
from termgraph.sparql.results import Boolean, Result, Rows, Triples

Answer = tuple[str, bytes, bool]


class Executor(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def sparql(self, query: str, default_graphs: list[str] | None, named_graphs: list[str] | None,
                     accept: str | None, limit: int | None, timeout: float | None,
                     base_iri: str | None = None) -> Answer: ...

    async def graph(self, graph: str | None, accept: str | None, limit: int | None,
                    timeout: float | None) -> Answer: ...

    async def result(self, query: str, limit: int | None, timeout: float | None) -> Result: ...


def _timeout_problem(timeout: float | None) -> HTTPProblem:
    return HTTPProblem(503, f"the query was stopped after {timeout:g} s, the server's time limit (--timeout); "
                       "narrow it (a LIMIT, a more selective pattern) or ask the operator for more time",
                       parameter="query")


class PoolExecutor:
    """Queries on the embedded store, in the worker processes (termgraph.serve.pool)."""

    def __init__(self, pool: WorkerPool):
        self.pool = pool

    async def start(self) -> None:
        await self.pool.start()

    async def stop(self) -> None:
        self.pool.close()

    async def _run(self, job: tuple[Any, ...], timeout: float | None) -> tuple[Any, ...]:
        try:
            reply = await self.pool.run(job, timeout)
        except QueryTimedOut:
            raise _timeout_problem(timeout) from None
        except PoolBusy as exc:
            raise HTTPProblem(503, f"the server is busy: {exc}; try again later", headers={"Retry-After": "5"}) \
                from None
        except WorkerLost as exc:
            raise HTTPProblem(500, str(exc)) from None
        if reply[0] == "error":
            _, status, message, parameter = reply
            raise HTTPProblem(status, message, parameter=parameter,
                              headers={"Vary": "Accept"} if status == 406 else None)
        return reply

    async def sparql(self, query: str, default_graphs: list[str] | None, named_graphs: list[str] | None,
                     accept: str | None, limit: int | None, timeout: float | None,
                     base_iri: str | None = None) -> Answer:
        _, media_type, body, truncated = await self._run(
            ("sparql", query, default_graphs, named_graphs, accept, limit, base_iri), timeout)
        return media_type, body, truncated

    async def graph(self, graph: str | None, accept: str | None, limit: int | None,
                    timeout: float | None) -> Answer:
        _, media_type, body, truncated = await self._run(("graph", graph, accept, limit), timeout)
        return media_type, body, truncated

    async def result(self, query: str, limit: int | None, timeout: float | None) -> Result:
        reply = await self._run(("result", query, limit), timeout)
        result: Result = reply[1]
        return result


class RemoteExecutor:
    """Queries forwarded to a remote SPARQL endpoint (--endpoint) through termgraph.sparql.remote, in threads."""

    def __init__(self, store: Any, threads: int = 8):
        self.store = store
        self._threads = concurrent.futures.ThreadPoolExecutor(threads, thread_name_prefix="termgraph-remote")

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)

    async def result(self, query: str, limit: int | None, timeout: float | None) -> Result:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._threads, lambda: self.store.query(query, limit=limit,
                                                                                       timeout=timeout))
        except RemoteError as exc:
            raise HTTPProblem(502, f"the remote store failed: {exc}") from None
        except TermgraphError as exc:
            raise HTTPProblem(400, str(exc), parameter="query") from None

    async def sparql(self, query: str, default_graphs: list[str] | None, named_graphs: list[str] | None,
                     accept: str | None, limit: int | None, timeout: float | None,
                     base_iri: str | None = None) -> Answer:
        if default_graphs or named_graphs:
            raise HTTPProblem(400, "default-graph-uri and named-graph-uri are not supported when the server "
                              "forwards to a remote store (--endpoint)",
                              parameter="default-graph-uri" if default_graphs else "named-graph-uri")
        result = await self.result(query, limit, timeout)
        return render_result(result, accept)

    async def graph(self, graph: str | None, accept: str | None, limit: int | None,
                    timeout: float | None) -> Answer:
        if graph is None:
            text = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        else:
            if any(c in graph for c in '<>"{}|^`\\ '):
                raise HTTPProblem(400, "graph must be an absolute IRI", parameter="graph")
            text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        return render_result(await self.result(text, limit, timeout), accept)


def render_result(result: Result, accept: str | None) -> Answer:
    """A Result (rdflib terms, from a remote store) written in the negotiated format."""
    from termgraph.dumps.export import serialize
    from termgraph.sparql.results import render

    if isinstance(result, Triples):
        chosen = negotiate(accept, GRAPH_OFFERS)
        if chosen is None:
            raise HTTPProblem(406, "none of the media types in Accept fits a graph; available: "
                              + ", ".join(GRAPH_OFFERS), parameter="Accept", headers={"Vary": "Accept"})
        fmt, _ = graph_format(chosen)
        return chosen, serialize(result.graph(), fmt), result.truncated
    chosen = negotiate(accept, RESULT_OFFERS)
    if chosen is None:
        raise HTTPProblem(406, "none of the media types in Accept fits a query answer; available: "
                          + ", ".join(RESULT_OFFERS), parameter="Accept", headers={"Vary": "Accept"})
    truncated = isinstance(result, Rows) and result.truncated
    assert isinstance(result, Rows | Boolean)
    return chosen, render(result, result_format(chosen).name), truncated


class ExecutorStore:
    """A termgraph.sparql.store.Store over an executor.

    `aquery` awaits the executor (under the server's limits). `query` blocks: from a thread while the server
    runs it goes through the executor too; before the server runs (routes built at start-up) or from the
    event loop's own thread it runs on `direct`, the loaded store itself, in this process."""

    def __init__(self, executor: Executor, direct: Any = None):
        self.executor = executor
        self.direct = direct
        self.loop: asyncio.AbstractEventLoop | None = None

    async def aquery(self, text: str, *, limit: int | None = None, timeout: float | None = None) -> Result:
        return await self.executor.result(text, limit, timeout)

    def query(self, text: str, *, limit: int | None = None, timeout: float | None = None) -> Result:
        loop = self.loop
        in_loop_thread = False
        if loop is not None:
            try:
                in_loop_thread = asyncio.get_running_loop() is loop
            except RuntimeError:
                in_loop_thread = False
        if loop is None or not loop.is_running() or in_loop_thread:
            if self.direct is None:
                raise RuntimeError("the server is not running yet")
            result: Result = self.direct.query(text, limit=limit)
            return result
        future = asyncio.run_coroutine_threadsafe(self.aquery(text, limit=limit, timeout=timeout), loop)
        return future.result()
