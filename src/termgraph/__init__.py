"""termgraph: an AI/ML glossary kept as a validated SKOS knowledge graph.

The library API; the `termgraph` command is a thin layer over it::

    from termgraph import build, write_dumps
    result = build("content")            # raises NotConforming / ContentError
    write_dumps(result, "dist")

Names are imported on first use (PEP 562), so `import termgraph` stays cheap and a command loads only
what it needs.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_API = {
    "Content": "termgraph.content.reader", "load_content": "termgraph.content.reader",
    "write_dumps": "termgraph.dumps.dataset",
    "ContentError": "termgraph.errors", "NotConforming": "termgraph.errors", "Origin": "termgraph.errors",
    "Problem": "termgraph.errors", "RemoteError": "termgraph.errors", "TermgraphError": "termgraph.errors",
    "UsageError": "termgraph.errors",
    "serialize": "termgraph.dumps.export",
    "FORMATS": "termgraph.dumps.formats", "Format": "termgraph.dumps.formats",
    "Build": "termgraph.pipeline", "Checked": "termgraph.pipeline", "build": "termgraph.pipeline",
    "check": "termgraph.pipeline",
    "run_query": "termgraph.sparql.store",
    "Finding": "termgraph.validate.report", "Report": "termgraph.validate.report",
}
__all__ = [
    "FORMATS",
    "Build",
    "Checked",
    "Content",
    "ContentError",
    "Finding",
    "Format",
    "NotConforming",
    "Origin",
    "Problem",
    "RemoteError",
    "Report",
    "TermgraphError",
    "UsageError",
    "build",
    "check",
    "load_content",
    "run_query",
    "serialize",
    "write_dumps",
]

if TYPE_CHECKING:
    from termgraph.content.reader import Content, load_content
    from termgraph.dumps.dataset import write_dumps
    from termgraph.dumps.export import serialize
    from termgraph.dumps.formats import FORMATS, Format
    from termgraph.errors import (
        ContentError,
        NotConforming,
        Origin,
        Problem,
        RemoteError,
        TermgraphError,
        UsageError,
    )
    from termgraph.pipeline import Build, Checked, build, check
    from termgraph.sparql.store import run_query
    from termgraph.validate.report import Finding, Report


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'termgraph' has no attribute {name!r}")
    value = getattr(import_module(_API[name]), name)
    globals()[name] = value
    return value
