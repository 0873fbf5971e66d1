"""termgraph: an AI/ML glossary kept as a validated SKOS knowledge graph.

The library API; the `termgraph` command is a thin layer over it::

    from termgraph import build, write_dumps
    result = build("content")            # raises NotConforming / ContentError
    write_dumps(result, "dist")
"""
from __future__ import annotations

__version__ = "0.1.0"

from termgraph.content import Content, load_content
from termgraph.dumps import write_dumps
from termgraph.errors import (
    ContentError,
    NotConforming,
    Origin,
    Problem,
    RemoteError,
    TermgraphError,
    UsageError,
)
from termgraph.export import serialize
from termgraph.formats import FORMATS, Format
from termgraph.pipeline import Build, Checked, build, check
from termgraph.store import run_query
from termgraph.validate import Finding, Report

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
