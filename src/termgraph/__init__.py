"""termgraph: an AI/ML glossary kept as a validated SKOS knowledge graph.

The library API; the `termgraph` command is a thin layer over it::

    from termgraph import build, write_dumps
    result = build("content")            # raises NotConforming / ContentError
    write_dumps(result, "dist")
"""
from __future__ import annotations

__version__ = "0.1.0"

from termgraph.pipeline import Build, Checked, build, check  # noqa: E402
from termgraph.content import Content, load_content  # noqa: E402
from termgraph.dumps import write_dumps  # noqa: E402
from termgraph.errors import (  # noqa: E402
    ContentError, NotConforming, Origin, Problem, RemoteError, TermgraphError, UsageError,
)
from termgraph.export import serialize  # noqa: E402
from termgraph.formats import FORMATS, Format  # noqa: E402
from termgraph.validate import Finding, Report  # noqa: E402

__all__ = [
    "Build", "Checked", "Content", "ContentError", "FORMATS", "Finding", "Format", "NotConforming", "Origin",
    "Problem", "RemoteError", "Report", "TermgraphError", "UsageError", "build", "check", "load_content",
    "serialize", "write_dumps",
]
