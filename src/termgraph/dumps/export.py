"""Serializing statements in any format of the format table, byte-stable: the same statements give the same
bytes whatever PYTHONHASHSEED is (every writer sorts), in one pass per format.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

from termgraph.dumps.files import write_pieces
from termgraph.dumps.formats import Format
from termgraph.dumps.jsonld import jsonld_chunks
from termgraph.dumps.rdfxml import rdfxml_chunks
from termgraph.dumps.turtle import turtle_chunks
from termgraph.model.statements import Statements

if TYPE_CHECKING:
    from rdflib import Graph



def _ntriples_chunks(statements: Statements) -> Iterator[str]:
    for line in statements.ntriples_lines():
        yield line + "\n"


WRITERS: dict[str, Callable[[Statements], Iterator[str]]] = {
    "turtle": turtle_chunks, "jsonld": jsonld_chunks, "ntriples": _ntriples_chunks, "rdfxml": rdfxml_chunks,
}


def chunks(statements: Statements, fmt: Format) -> Iterator[str]:
    return WRITERS[fmt.name](statements)


def serialize(graph: Statements | Graph, fmt: Format) -> bytes:
    """The whole document in one format (statements, or an rdflib graph such as a CONSTRUCT answer)."""
    statements = graph if isinstance(graph, Statements) else from_rdflib(graph)
    return "".join(chunks(statements, fmt)).encode("utf-8")


def write(statements: Statements, fmt: Format, out: BinaryIO) -> int:
    """Stream a document to a binary file in blocks of about a megabyte; returns the bytes written."""
    return write_pieces(chunks(statements, fmt), out)


def from_rdflib(graph: Any) -> Statements:
    """The statements of an rdflib graph (terms become plain strings and literal tuples)."""
    from rdflib import BNode, Literal

    def convert(node: Any) -> Any:
        if isinstance(node, Literal):
            return (str(node), node.language or "", str(node.datatype) if node.datatype else "")
        return f"_:{node}" if isinstance(node, BNode) else str(node)

    statements = Statements()
    for s, p, o in graph:
        statements.add(convert(s), str(p), convert(o))
    return statements
