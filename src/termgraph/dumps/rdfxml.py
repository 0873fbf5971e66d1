"""A byte-stable RDF/XML writer: one rdf:Description per subject, in the order of the other writers.

Subjects by IRI (blank nodes last), then each subject's statements by predicate IRI and object (IRIs before
literals, literals by language, datatype and text). Predicates are written with the prefixes we bind; any other namespace gets a generated prefix
(ns1, ns2, ... in the order of the namespace IRIs), declared only when used.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from termgraph.dumps.grouping import blank_last
from termgraph.errors import UsageError
from termgraph.model.iris import PREFIXES
from termgraph.model.statements import XSD, Lit, Statements

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_NCNAME_TAIL = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*$")
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})  # a raw CR would be read back as LF
_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
                            "\t": "&#9;"})


@lru_cache(maxsize=4096)
def _split(predicate: str) -> tuple[str, str]:
    """(namespace, local name) of a predicate; RDF/XML can only write predicates that end in an XML name."""
    for namespace in sorted(PREFIXES.values(), key=len, reverse=True):
        if predicate.startswith(namespace) and _NCNAME_TAIL.fullmatch(predicate[len(namespace):]):
            return namespace, predicate[len(namespace):]
    match = _NCNAME_TAIL.search(predicate)
    if not match or match.start() == 0:
        raise UsageError(f"cannot write <{predicate}> as an RDF/XML element name (it does not end in an XML name)")
    return predicate[:match.start()], match.group()


def _object_key(pair: tuple[str, str | Lit]) -> tuple[str, int, str, str, str]:
    predicate, obj = pair
    if isinstance(obj, tuple):
        return (predicate, 1, obj[1], obj[2], obj[0])
    return (predicate, 0, obj, "", "")


def rdfxml_chunks(statements: Statements) -> Iterator[str]:
    namespaces = {RDF_NS} | {_split(p)[0] for flat in statements.by_subject.values() for p in flat[::2]}
    ours = {namespace: prefix for prefix, namespace in PREFIXES.items()}
    others = sorted(namespaces - set(ours))
    prefixes = {ns: ours[ns] for ns in namespaces if ns in ours} | {ns: f"ns{n}" for n, ns in enumerate(others, 1)}
    declarations = "".join(f'\n   xmlns:{prefix}="{ns.translate(_ATTRIBUTE)}"'
                           for ns, prefix in sorted(prefixes.items(), key=lambda kv: kv[1]))
    yield f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF{declarations}\n>\n'
    for subject in sorted(statements.by_subject, key=blank_last):
        yield f"  <rdf:Description {_node_attribute(subject, 'rdf:about')}>\n"
        for predicate, obj in sorted(statements.pairs(subject), key=_object_key):
            namespace, local = _split(predicate)
            name = f"{prefixes[namespace]}:{local}"
            if isinstance(obj, str):
                yield f"    <{name} {_node_attribute(obj, 'rdf:resource')}/>\n"
                continue
            text, language, datatype = obj
            attribute = (f' xml:lang="{language}"' if language else
                         f' rdf:datatype="{datatype.translate(_ATTRIBUTE)}"' if datatype and datatype != XSD + "string"
                         else "")
            yield f"    <{name}{attribute}>{text.translate(_TEXT)}</{name}>\n"
        yield "  </rdf:Description>\n"
    yield "</rdf:RDF>\n"


def _node_attribute(node: str, iri_attribute: str) -> str:
    if node.startswith("_:"):
        return f'rdf:nodeID="{node[2:]}"'
    return f'{iri_attribute}="{node.translate(_ATTRIBUTE)}"'
