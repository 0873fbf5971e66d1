"""`termgraph import`: any SKOS vocabulary into content files, losslessly (a package of its own: it models the
records it makes, so it depends on termgraph.model, which depends on termgraph.content)."""
from __future__ import annotations

from termgraph.importing.importer import ImportResult, import_vocabulary, read_triples

__all__ = ["ImportResult", "import_vocabulary", "read_triples"]
