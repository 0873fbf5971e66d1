"""The glossary's triples as plain Python values, grouped by subject: what the writers and the store read.

No RDF library on this path: an IRI is a `str`, a blank node a `str` starting with "_:" (no IRI can: a
scheme starts with a letter), a literal a tuple (lexical form, language tag or "", datatype IRI or "").
Building 5.7 million rdflib terms cost 93 s and 6.8 GB at 100,000 terms (issue 10); these values cost a
fraction of that, and each writer renders them straight to text.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

Lit = tuple[str, str, str]  # (lexical form, language tag or "", datatype IRI or "" for a plain string)
Obj = "str | Lit"
Triple = tuple[str, str, "str | Lit"]

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def plain(text: str) -> Lit:
    return (text, "", "")


def tagged(text: str, language: str) -> Lit:
    return (text, language, "")


def typed(text: str, datatype: str) -> Lit:
    return (text, "", datatype)


_NT_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", '"': '\\"', "\r": "\\r"})


def nt_literal(value: Lit) -> str:
    """A literal in N-Triples (the escapes of our dumps since 0.1: backslash, newline, quote, carriage return)."""
    text, language, datatype = value
    body = '"' + text.translate(_NT_ESCAPES) + '"'
    if language:
        return f"{body}@{language}"
    return f"{body}^^<{datatype}>" if datatype else body


def nt_term(node: str | Lit) -> str:
    if isinstance(node, tuple):
        return nt_literal(node)
    return node if node.startswith("_:") else f"<{node}>"


@dataclass
class Statements:
    """Triples grouped by subject: for each subject a flat list predicate, object, predicate, object, ... in the
    order they were added (flat: a tuple per statement cost 320 MB at 100,000 terms).

    Duplicates are allowed while building (an author may list a link that is also derived); every writer
    and `triples()` drop them.
    """

    by_subject: dict[str, list[str | Lit]] = field(default_factory=dict)

    def add(self, subject: str, predicate: str, obj: str | Lit) -> None:
        flat = self.by_subject.get(subject)
        if flat is None:
            self.by_subject[subject] = flat = []
        flat += (predicate, obj)

    def extend(self, triples: Iterable[Triple]) -> None:
        for s, p, o in triples:
            self.add(s, p, o)

    def pairs(self, subject: str) -> list[tuple[str, str | Lit]]:
        """The distinct (predicate, object) pairs of a subject, in first-added order."""
        flat = self.by_subject.get(subject, [])
        return list(dict.fromkeys(zip(flat[::2], flat[1::2])))  # type: ignore[arg-type]

    def triples(self) -> Iterator[Triple]:
        for subject in self.by_subject:
            for predicate, obj in self.pairs(subject):
                yield subject, predicate, obj

    def __len__(self) -> int:
        return sum(len(self.pairs(subject)) for subject in self.by_subject)

    def ntriples_lines(self) -> Iterator[str]:
        """Every triple as an N-Triples line (no line break), in the order of the .nt dump: sorted."""
        for subject in sorted(self.by_subject, key=nt_term):
            head = nt_term(subject) + " "
            flat = self.by_subject[subject]
            yield from sorted({f"{head}<{p}> {nt_term(o)} ." for p, o in zip(flat[::2], flat[1::2])})
