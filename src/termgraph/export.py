"""Byte-stable serialization and atomic file writing.

Stability: rdflib's serializers follow the store's iteration order, which depends on PYTHONHASHSEED. We
write Turtle and JSON-LD ourselves (sorted), sort N-Triples lines, and give rdflib's RDF/XML writer a copy
of the graph filled in sorted order; tests compare the bytes across hash seeds.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import Graph

from termgraph.formats import Format
from termgraph.jsonld import serialize_jsonld
from termgraph.turtle import serialize_turtle


class _SortedGraph(Graph):
    """A graph filled in sorted order whose unfiltered subjects() is sorted too.

    rdflib's memory store keeps per-subject dictionaries in insertion order, but lists all triples (and so
    all subjects, which the RDF/XML writer walks) from a set.
    """

    def subjects(self, predicate=None, object=None, unique=False):  # type: ignore[no-untyped-def]
        if predicate is None and object is None:
            return iter(sorted(set(super().subjects())))
        return super().subjects(predicate, object, unique)


def sorted_copy(graph: Graph) -> Graph:
    """The same triples inserted in sorted order, so iteration (and rdflib's output) is reproducible."""
    copy = _SortedGraph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace)
    for triple in sorted(graph):
        copy.add(triple)
    return copy


def serialize(graph: Graph, fmt: Format) -> bytes:
    if fmt.name == "jsonld":
        return serialize_jsonld(graph)
    if fmt.name == "turtle":
        return serialize_turtle(graph)
    if fmt.name == "ntriples":
        lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        return b"".join(sorted({line for line in lines if line.strip()}))
    return sorted_copy(graph).serialize(format=fmt.rdflib_name, encoding="utf-8")


@contextmanager
def atomic_write(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; it replaces `path` only if the block finishes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_files(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write every file or none: all are staged as temporaries first, then renamed into place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            staged.append((name, Path(tmp)))
        for name, staged_path in staged:
            os.replace(staged_path, out_dir / name)
    finally:
        for _, staged_path in staged:
            if staged_path.exists():
                staged_path.unlink()
    return [out_dir / name for name in files]
