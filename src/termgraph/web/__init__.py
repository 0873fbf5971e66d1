"""The glossary for people and applications: term pages, listings, search, the JSON API, the static site.

`routes(graph)` gives the Starlette routes that termgraph.serve mounts after /sparql and /store.
"""
from __future__ import annotations

from typing import Any


def routes(graph: Any) -> list[Any]:
    """The web routes for a served graph (none yet)."""
    return []
