"""The glossary for people and applications: term pages, listings, search, the JSON API, the static site.

`routes(graph)` gives the Starlette routes that termgraph.serve mounts after /sparql and /store: every IRI
the glossary mints answers at its path (HTML or RDF by content negotiation), plus the JSON API under /api/v1
(OpenAPI at /api/openapi.json). `termgraph.web.site.write_site` writes the same pages as a static site.
"""
from __future__ import annotations

from typing import Any


def routes(graph: Any) -> list[Any]:
    """The web routes for a served graph (a termgraph.serve.graph.ServedGraph)."""
    from termgraph.web.app import routes as make

    return make(graph)
