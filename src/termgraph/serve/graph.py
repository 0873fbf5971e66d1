"""What the server serves: one object handed to every part of the app (the SPARQL endpoint, the web pages).

    from termgraph.serve.graph import ServedGraph

    def routes(graph: ServedGraph) -> list[Route]:
        async def term(request):
            rows = await graph.aquery("SELECT ?label WHERE { <...> skos:prefLabel ?label }")
            ...

`termgraph.web.routes(graph)` receives it when the app is built (termgraph.serve.app.create_app).
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from termgraph.sparql.results import Result
from termgraph.sparql.store import Store


@dataclass(frozen=True)
class ServedGraph:
    """The served glossary and the limits it is served under.

    store        answers SPARQL: `store.query(text, limit=, timeout=)` returns a termgraph.sparql.results
                 Rows / Boolean / Triples (rdflib terms). Under the server it is a pooled store whose queries
                 run in the worker processes (killed at the time limit), or a RemoteStore with --endpoint.
                 `query` blocks: call it from a sync endpoint (Starlette runs those in a thread), or use
                 `await graph.aquery(...)` from an async one.
    base_iri     the glossary's base IRI (its concept scheme, e.g. "https://termgraph.org/glossary/"): term
                 IRIs are base_iri + "term/" + slug (termgraph.model.iris.Iris). None when it could not be
                 found (a remote store without the glossary's scheme).
    language     the glossary's language tag ("en"): labels in it come first.
    read_only    always True for now: nothing a client sends changes the store.
    title        the glossary's title, when known.
    source       where the data came from, for the service description and logs: "content DIR",
                 "data FILE" or "endpoint URL".
    timeout      seconds a query may run before it is stopped (--timeout).
    max_results  rows (or triples) a query answer is cut to (--max-results; 0 = no limit).
    triples      triples in the store's default graph, when known (None for a remote store).
    allow_service  whether SPARQL SERVICE clauses are allowed (--allow-service).
    """

    store: Store
    base_iri: str | None
    language: str = "en"
    read_only: bool = True
    title: str | None = None
    source: str = ""
    timeout: float = 10.0
    max_results: int = 100_000
    triples: int | None = None
    allow_service: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def query(self, text: str, *, limit: int | None = None) -> Result:
        """Run a query under the server's limits (blocking)."""
        return self.store.query(text, limit=limit if limit is not None else (self.max_results or None),
                                timeout=self.timeout)

    async def aquery(self, text: str, *, limit: int | None = None) -> Result:
        """Run a query under the server's limits without blocking the event loop."""
        native = getattr(self.store, "aquery", None)
        if native is not None:
            result: Result = await native(text, limit=limit if limit is not None else (self.max_results or None),
                                          timeout=self.timeout)
            return result
        return await asyncio.get_running_loop().run_in_executor(None, lambda: self.query(text, limit=limit))
