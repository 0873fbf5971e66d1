"""The pipeline: content -> graph -> validation report -> a validated Build (the one gate)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from termgraph.collector import without_cyclic_gc
from termgraph.content.reader import Content, load_content
from termgraph.errors import NotConforming
from termgraph.model.graph import Origins, build_graph
from termgraph.model.iris import Iris
from termgraph.validate.report import Report
from termgraph.validate.shacl import validate_graph

Progress = Callable[[str], None]


def quiet(_: str) -> None:
    pass


@dataclass(frozen=True)
class Checked:
    """A glossary read, built into RDF and validated; it may or may not conform."""

    content: Content
    graph: Graph
    origins: Origins
    report: Report

    @property
    def iris(self) -> Iris:
        return Iris(self.content.glossary.base_iri)


@dataclass(frozen=True)
class Build(Checked):
    """A glossary that passed validation: the only thing export, publish and serve accept."""


def check(content_dir: Path | str = "content", progress: Progress = quiet) -> Checked:
    """Read, build and validate; raises ContentError when the files cannot be read."""
    with without_cyclic_gc():
        progress("reading content")
        content = load_content(content_dir)
        progress(f"building the graph of {len(content.terms)} terms")
        graph, origins = build_graph(content)
        progress(f"validating {len(graph)} triples")
        report = validate_graph(graph, origins, Iris(content.glossary.base_iri), content.glossary.language)
    return Checked(content, graph, origins, report)


def build(content_dir: Path | str = "content", strict: bool = False, progress: Progress = quiet) -> Build:
    """A validated build; raises NotConforming (with the report) when validation fails."""
    checked = check(content_dir, progress)
    if not checked.report.passes(strict):
        raise NotConforming(checked.report)
    return Build(checked.content, checked.graph, checked.origins, checked.report)
