"""A byte-stable, fast Turtle writer: subjects sorted, one block each, predicates and objects sorted.

rdflib's Turtle serializer tries to invent a prefix for every IRI it cannot abbreviate, which makes it
quadratic on glossaries whose IRIs have fragments (9 s for 1,000 terms, measured); its order also follows
the store. This writer abbreviates only with the prefixes we bind and writes everything else in full.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from termgraph.dumps.grouping import blank_last
from termgraph.model.iris import PREFIXES
from termgraph.model.statements import RDF_TYPE, XSD, Lit, Statements

_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_PLAIN = {XSD + "integer": re.compile(r"^[+-]?[0-9]+$"), XSD + "boolean": re.compile(r"^(true|false)$")}
_SORTED_PREFIXES = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


@lru_cache(maxsize=65536)  # predicates, classes and linked terms repeat on every block
def iri(text: str) -> str:
    for prefix, namespace in _SORTED_PREFIXES:
        if text.startswith(namespace):
            local = text[len(namespace):]
            if _LOCAL_NAME.match(local):
                return f"{prefix}:{local}"
    return "<" + _IRI_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04X}", text) + ">"


def literal(value: Lit) -> str:
    text, language, datatype = value
    if datatype in _PLAIN and _PLAIN[datatype].match(text):
        return text
    if "\n" in text:  # long strings keep explanations readable
        body = '"""' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r") + '"""'
    else:
        body = '"' + text.translate(_ESCAPES) + '"'
    if language:
        return f"{body}@{language}"
    if datatype and datatype != XSD + "string":
        return f"{body}^^{iri(datatype)}"
    return body



def turtle_chunks(statements: Statements) -> Iterator[str]:
    """The document in pieces: the prefix lines, then one block per subject."""
    yield "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in sorted(PREFIXES.items()))
    names: dict[str, str] = {RDF_TYPE: "a"}  # IRIs as written: predicates, classes and linked terms repeat
    for subject in sorted(statements.by_subject, key=blank_last):
        yield "\n" + _block(subject, statements.pairs(subject), names) + "\n"


def _block(subject: str, pairs: list[tuple[str, str | Lit]], names: dict[str, str]) -> str:
    verbs: dict[str, list[str]] = {}
    for predicate, obj in pairs:
        verb = names.get(predicate) or names.setdefault(predicate, iri(predicate))
        if isinstance(obj, tuple):
            written = literal(obj)
        else:
            written = names.get(obj) or names.setdefault(obj, obj if obj.startswith("_:") else iri(obj))
            if written == "a":  # rdf:type as an object, not as the verb
                written = iri(obj)
        verbs.setdefault(verb, []).append(written)
    ordered = sorted(verbs.items(), key=lambda kv: (kv[0] != "a", kv[0]))
    head = subject if subject.startswith("_:") else iri(subject)
    last = len(ordered) - 1
    return "\n".join(f"{head if n == 0 else '   '} {verb} " + ",\n        ".join(sorted(objects))
                     + (" ." if n == last else " ;") for n, (verb, objects) in enumerate(ordered))
