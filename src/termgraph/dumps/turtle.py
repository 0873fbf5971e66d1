"""A byte-stable, fast Turtle writer: subjects sorted, one block each, predicates and objects sorted.

rdflib's Turtle serializer tries to invent a prefix for every IRI it cannot abbreviate, which makes it
quadratic on glossaries whose IRIs have fragments (9 s for 1,000 terms, measured); its order also follows
the store. This writer abbreviates only with the prefixes we bind and writes everything else in full.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from termgraph.dumps.grouping import Statements, by_subject
from termgraph.model.iris import PREFIXES

_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_PLAIN = {XSD.integer: re.compile(r"^[+-]?[0-9]+$"), XSD.boolean: re.compile(r"^(true|false)$")}
_SORTED_PREFIXES = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


@lru_cache(maxsize=4096)  # predicates, classes and shared objects repeat on every block
def iri(node: URIRef) -> str:
    text = str(node)  # str's own startswith: URIRef's is a Python method
    for prefix, namespace in _SORTED_PREFIXES:
        if text.startswith(namespace):
            local = text[len(namespace):]
            if _LOCAL_NAME.match(local):
                return f"{prefix}:{local}"
    return "<" + _IRI_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04X}", text) + ">"


def literal(node: Literal) -> str:
    text = str(node)
    if node.datatype in _PLAIN and _PLAIN[node.datatype].match(text):
        return text
    if "\n" in text:  # long strings keep explanations readable
        body = '"""' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r") + '"""'
    else:
        body = '"' + text.translate(_ESCAPES) + '"'
    if node.language:
        return f"{body}@{node.language}"
    if node.datatype and node.datatype != XSD.string:
        return f"{body}^^{iri(node.datatype)}"
    return body


def term(node: Node) -> str:
    if isinstance(node, Literal):
        return literal(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    return iri(node)


def _subject_key(node: Node) -> tuple[int, str]:
    return (1 if isinstance(node, BNode) else 0, str(node))


def serialize_turtle(graph: Graph) -> bytes:
    lines = [f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in sorted(PREFIXES.items())]
    grouped = by_subject(graph)
    for subject in sorted(grouped, key=_subject_key):
        lines.append("")
        lines.extend(_block(subject, grouped[subject]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _block(subject: Node, statements: Statements) -> Iterable[str]:
    by_predicate = {"a" if predicate == RDF.type else term(predicate): [term(o) for o in objects]
                    for predicate, objects in statements.items()}
    ordered = sorted(by_predicate.items(), key=lambda kv: (kv[0] != "a", kv[0]))
    head = term(subject)
    for n, (verb, objects) in enumerate(ordered):
        end = " ." if n == len(ordered) - 1 else " ;"
        lead = head if n == 0 else "   "
        yield f"{lead} {verb} " + ",\n        ".join(sorted(objects)) + end
