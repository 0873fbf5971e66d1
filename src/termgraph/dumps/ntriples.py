"""N-Triples lines of a graph, and the difference between two graphs given as sets of lines.

The lines are the ones of our .nt dump (and the ones rdflib's N-Triples serializer writes), produced one at a
time so a large graph can be sent in pieces. They are also valid in the data block of a SPARQL INSERT DATA
(whose string escapes are a superset of N-Triples'). Comparing graphs line by line is fast and exact for
graphs without blank nodes written in canonical N-Triples, which is what Oxigraph sends back; lines that
differ only in spelling (another store escaping differently) are parsed and matched as RDF terms.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.parsers.ntriples import W3CNTriplesParser
from rdflib.term import Node

from termgraph.errors import UsageError

Triple = tuple[Node, Node, Node]
_BLANK = re.compile(r"^_:|\s_:\S+\s*\.\s*$")
RECONCILE_LIMIT = 200_000  # lines parsed to match differently spelled triples; beyond that, a plain diff


def term(node: Node, blank_nodes: bool = False) -> str:
    """A term in N-Triples; blank nodes only when asked for (they cannot be published)."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = '"' + node.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r") + '"'
        if node.language:
            return f"{text}@{node.language}"
        return f"{text}^^<{node.datatype}>" if node.datatype else text
    if blank_nodes and isinstance(node, BNode):
        return f"_:{node}"
    # Blank nodes would be renamed by the store in every request, splitting one node into several.
    kind = "a blank node" if isinstance(node, BNode) else type(node).__name__
    raise UsageError(f"cannot publish {kind} ({node}): termgraph graphs name every resource with an IRI")


def line(triple: Triple, blank_nodes: bool = False) -> str:
    """One N-Triples line, without the line break."""
    s, p, o = triple
    return f"{term(s, blank_nodes)} {term(p)} {term(o, blank_nodes)} ."


def lines(graph: Iterable[Triple]) -> Iterator[str]:
    return (line(t) for t in graph)


def chunks(lines_: Iterable[str], size: int) -> Iterator[tuple[bytes, int]]:
    """N-Triples documents of at most `size` lines each, with their line counts."""
    batch: list[str] = []
    for text in lines_:
        batch.append(text)
        if len(batch) >= size:
            yield ("\n".join(batch) + "\n").encode("utf-8"), len(batch)
            batch = []
    if batch:
        yield ("\n".join(batch) + "\n").encode("utf-8"), len(batch)


def read_lines(stream: BinaryIO, block: int = 1 << 20) -> Iterator[bytes]:
    """The statement lines of an N-Triples stream, as they arrive (comments and blank lines skipped).

    Read in large blocks and split: several times faster than line-by-line reads of an HTTP response."""
    rest = b""
    while data := stream.read(block):
        *complete, rest = (rest + data).split(b"\n")
        for raw in complete:
            text = raw.strip()
            if text and not text.startswith(b"#"):
                yield text
    text = rest.strip()
    if text and not text.startswith(b"#"):
        yield text


def _key(text: bytes) -> bytes:
    # A 128-bit digest stands for a line of the store's graph: less memory than the line, no collision to fear.
    return hashlib.blake2b(text, digest_size=16).digest()


def has_blank_node(text: str) -> bool:
    return bool(_BLANK.search(text))


class _Sink:
    def __init__(self) -> None:
        self.triples: list[Triple] = []

    def triple(self, s: Node, p: Node, o: Node) -> None:
        self.triples.append((s, p, o))


def parse_line(text: str) -> Triple:
    """The triple of one N-Triples line (rdflib's parser; raises its ParseError on bad syntax)."""
    sink = _Sink()
    W3CNTriplesParser(sink).parsestring(text + "\n")  # type: ignore[arg-type]
    [triple] = sink.triples
    return triple


def parse_graph(data: bytes, rdflib_format: str) -> set[Triple]:
    """The triples of a document in any RDF syntax rdflib reads (for stores that do not send N-Triples)."""
    return set(Graph().parse(data=data, format=rdflib_format))


@dataclass(frozen=True)
class Difference:
    """What turns graph `theirs` into graph `ours`: lines to remove (theirs) and to add (ours)."""

    remove: tuple[str, ...]
    add: tuple[str, ...]
    theirs: int = 0  # lines read from `theirs`
    blank_nodes: bool = False  # `theirs` has blank nodes (which a difference cannot address)

    def __bool__(self) -> bool:
        return bool(self.remove or self.add)

    def __len__(self) -> int:
        return len(self.remove) + len(self.add)


def difference(ours: Iterable[str], theirs: Iterable[bytes]) -> Difference:
    """Lines in `theirs` but not `ours` (remove) and in `ours` but not `theirs` (add), sorted.

    `theirs` (UTF-8 lines, as read_lines gives them) is read once, as it streams in; only digests of its
    lines are kept. When both sides have leftovers, lines that spell the same triple differently are matched
    by parsing them (up to RECONCILE_LIMIT lines), so a store that escapes differently causes no writes.
    """
    mine = {_key(encoded): encoded for encoded in (text.encode("utf-8") for text in ours)}
    their_keys: set[bytes] = set()
    removed: list[bytes] = []
    count, blank = 0, False
    for text in theirs:
        count += 1
        key = _key(text)
        their_keys.add(key)
        if key not in mine:
            removed.append(text)
            blank = blank or (b"_:" in text and has_blank_node(text.decode("utf-8")))
    added = [text for key, text in mine.items() if key not in their_keys]
    remove = {text.decode("utf-8") for text in removed}
    add = {text.decode("utf-8") for text in added}
    if remove and add and len(remove) + len(add) <= RECONCILE_LIMIT and not blank:
        ours_by_triple = {parse_line(line): line for line in add}
        for line in list(remove):
            mine_spelling = ours_by_triple.get(parse_line(line))
            if mine_spelling is not None:
                remove.discard(line)
                add.discard(mine_spelling)
    return Difference(tuple(sorted(remove)), tuple(sorted(add)), count, blank)
