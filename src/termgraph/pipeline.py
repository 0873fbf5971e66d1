"""The pipeline: content -> statements -> the embedded store -> validation report -> a validated Build (the one gate).

No rdflib and no pyshacl on this path: records become plain statements (termgraph.model), the statements are
bulk-loaded into an in-memory Oxigraph store as N-Triples, and the SHACL shapes run over that store.
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from termgraph.collector import without_cyclic_gc
from termgraph.content.reader import Content, load_content
from termgraph.errors import NotConforming
from termgraph.model.graph import Origins, build_statements
from termgraph.model.iris import Iris
from termgraph.model.statements import Statements
from termgraph.validate.report import Report

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

Progress = Callable[[str], None]


def quiet(_: str) -> None:
    pass


@dataclass(frozen=True)
class Checked:
    """A glossary read, modelled, loaded into the embedded store and validated; it may or may not conform."""

    content: Content
    statements: Statements
    origins: Origins
    report: Report
    store: pyoxigraph.Store | None  # in memory, holding exactly the statements; None if not kept (check())
    triples: int

    @property
    def iris(self) -> Iris:
        return Iris(self.content.glossary.base_iri)

    @cached_property
    def graph(self) -> Graph:
        """The statements as an rdflib Graph, made on first use: for tests and small glossaries (slow at 100k)."""
        from rdflib import Graph

        graph = Graph(bind_namespaces="none")
        graph.parse(data="".join(line + "\n" for line in self.statements.ntriples_lines()), format="nt")
        return graph


@dataclass(frozen=True)
class Build(Checked):
    """A glossary that passed validation: the only thing export, publish and serve accept."""


def model(content_dir: Path | str, progress: Progress = quiet,
          cache: bool = True) -> tuple[Content, Statements, Origins]:
    """Read the content (reusing cached records of unchanged files) and turn it into statements; raises
    ContentError when the files cannot be read."""
    progress("reading content")
    content = load_content(content_dir, cache=cache)
    progress(f"modelling {len(content.terms)} terms")
    statements, origins = build_statements(content)
    return content, statements, origins


def load_store(ntriples: Path) -> pyoxigraph.Store:
    """An in-memory store holding an N-Triples file that termgraph wrote (Oxigraph's bulk loader)."""
    import pyoxigraph as ox

    store = ox.Store()
    # lenient: an IRI from the content that is not valid (a URL with a space) must reach the SHACL shapes, which
    # report it with its file and line; the reader refuses what N-Triples cannot even hold.
    store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return store


def validate(store: pyoxigraph.Store, content: Content, origins: Origins) -> Report:
    """The SHACL shapes over the whole store, each result located in the content."""
    from termgraph.content.vocabulary import profile_shapes
    from termgraph.validate.validator import validate_store

    return validate_store(store, origins, Iris(content.glossary.base_iri), content.glossary.language,
                          shapes=profile_shapes(content.glossary.profile))


def write_ntriples(statements: Statements, path: Path) -> None:
    """The N-Triples dump's bytes (sorted lines), written in blocks of about a megabyte."""
    with open(path, "wb") as out:
        block: list[str] = []
        for line in statements.ntriples_lines():
            block.append(line)
            if len(block) >= 10_000:
                out.write(("\n".join(block) + "\n").encode("utf-8"))
                block = []
        if block:
            out.write(("\n".join(block) + "\n").encode("utf-8"))


def store_of(statements: Statements) -> pyoxigraph.Store:
    """An in-memory store holding the statements (through a temporary N-Triples file: the fastest way in)."""
    with tempfile.TemporaryDirectory(prefix="termgraph-") as tmp:
        path = Path(tmp) / "glossary.nt"
        write_ntriples(statements, path)
        return load_store(path)


def check(content_dir: Path | str = "content", progress: Progress = quiet, keep_store: bool = True) -> Checked:
    """Read, model, load and validate; raises ContentError when the files cannot be read.

    `keep_store=False` drops the embedded store once validated (2.3 GB at 100,000 terms), for callers that
    need only the statements, such as publish."""
    with without_cyclic_gc():
        content, statements, origins = model(content_dir, progress)
        progress("loading the embedded store")
        store = store_of(statements)
        progress(f"validating {len(store)} triples")
        report = validate(store, content, origins)
    return Checked(content, statements, origins, report, store if keep_store else None, len(store))


def gate(checked: Checked, strict: bool = False) -> Build:
    """The Build of a checked glossary; NotConforming (with the report) when it does not pass."""
    if not checked.report.passes(strict):
        raise NotConforming(checked.report)
    return Build(checked.content, checked.statements, checked.origins, checked.report, checked.store,
                 checked.triples)


def build(content_dir: Path | str = "content", strict: bool = False, progress: Progress = quiet,
          keep_store: bool = True) -> Build:
    """A validated build; raises NotConforming (with the report) when validation fails."""
    return gate(check(content_dir, progress, keep_store), strict)


