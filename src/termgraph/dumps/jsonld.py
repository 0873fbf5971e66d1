"""A compact, byte-stable JSON-LD writer for our context.

rdflib's JSON-LD compaction mishandles `["@language", "@set"]` containers and orders nodes by hash, so we
compact ourselves: one node object per subject, keys and values sorted, the context embedded so the dump
stands alone (no remote context to fetch). Tests expand the output with pyld and compare graphs.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from termgraph.dumps.grouping import Statements, by_subject
from termgraph.resources import ontology_file


@dataclass(frozen=True)
class _TermDef:
    name: str
    type: str | None  # "@id", an expanded datatype IRI, or None
    language_map: bool
    is_set: bool


@dataclass(frozen=True)
class Context:
    document: dict[str, Any]
    prefixes: tuple[tuple[str, str], ...]  # (prefix, namespace), longest namespace first
    by_predicate: dict[str, _TermDef]
    classes: dict[str, str]  # expanded class IRI -> short name

    def expand(self, value: str) -> str:
        prefix, sep, local = value.partition(":")
        namespaces = dict(self.prefixes)
        return namespaces[prefix] + local if sep and prefix in namespaces else value

    def compact_iri(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri


@lru_cache(maxsize=1)
def context() -> Context:
    document = json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))
    entries = document["@context"]
    prefixes = tuple(sorted(((k, v) for k, v in entries.items()
                             if isinstance(v, str) and v.endswith(("/", "#"))), key=lambda kv: -len(kv[1])))
    ctx = Context(document, prefixes, {}, {})
    for name, definition in entries.items():
        if name.startswith("@") or (isinstance(definition, str) and (definition.startswith("@") or
                                                                     definition.endswith(("/", "#")))):
            continue
        if isinstance(definition, str):
            definition = {"@id": definition}
        iri = ctx.expand(definition["@id"])
        if name[0].isupper():
            ctx.classes[iri] = name
            continue
        container = definition.get("@container", [])
        container = [container] if isinstance(container, str) else container
        kind = definition.get("@type")
        ctx.by_predicate[iri] = _TermDef(name, kind if kind in (None, "@id") else ctx.expand(kind),
                                         "@language" in container, "@set" in container)
    return ctx


def serialize_jsonld(graph: Graph) -> bytes:
    ctx = context()
    grouped = by_subject(graph)
    nodes = [_node(ctx, s, grouped[s]) for s in sorted(grouped, key=_node_key)]
    document = {"@context": ctx.document["@context"], "@graph": nodes}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _node_key(node: Node) -> tuple[int, str]:
    return (1 if isinstance(node, BNode) else 0, str(node))


def _ref(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _node(ctx: Context, subject: Node, statements: Statements) -> dict[str, Any]:
    out: dict[str, Any] = {"id": _ref(subject)}
    types = sorted(ctx.classes.get(str(t), ctx.compact_iri(str(t))) for t in statements.get(RDF.type, ()))
    if types:
        out["type"] = types[0] if len(types) == 1 else types
    properties: dict[str, Any] = {}
    for predicate in sorted(set(statements) - {RDF.type}, key=str):
        values = sorted(statements[predicate], key=_value_key)
        term = ctx.by_predicate.get(str(predicate))
        compacted = _compact_values(ctx, term, values) if term else None
        if compacted is not None and term is not None:
            properties[term.name] = compacted
        else:
            properties[ctx.compact_iri(str(predicate))] = [_expanded(ctx, v) for v in values]
    out.update(sorted(properties.items()))
    return out


def _value_key(node: Node) -> tuple[str, str, str]:
    if isinstance(node, Literal):
        return ("1", node.language or str(node.datatype or ""), str(node))
    return ("0", "", _ref(node))


def _compact_values(ctx: Context, term: _TermDef, values: list[Node]) -> Any:
    """Values in the short form the term definition allows; None when they do not all fit it."""
    if term.language_map:
        if not all(isinstance(v, Literal) and v.language for v in values):
            return None
        by_language: dict[str, list[str]] = {}
        for v in values:
            assert isinstance(v, Literal) and v.language
            by_language.setdefault(v.language, []).append(str(v))
        return {lang: (texts if term.is_set or len(texts) > 1 else texts[0])
                for lang, texts in sorted(by_language.items())}
    if term.type == "@id":
        if not all(isinstance(v, (URIRef, BNode)) for v in values):
            return None
        items: list[Any] = [_ref(v) for v in values]
    elif term.type is not None:
        if not all(isinstance(v, Literal) and str(v.datatype) == term.type for v in values):
            return None
        items = [str(v) for v in values]
    else:
        items = [_plain(ctx, v) for v in values]
    return items if term.is_set or len(items) > 1 else items[0]


def _plain(ctx: Context, value: Node) -> Any:
    """A value under a term with no @type: native JSON where JSON-LD maps it back exactly."""
    if isinstance(value, Literal):
        if value.language is None and value.datatype in (None, XSD.string):
            return str(value)
        if value.datatype == XSD.integer and str(value).lstrip("-").isdigit() and str(int(value)) == str(value):
            return int(value)
        if value.datatype == XSD.boolean and str(value) in ("true", "false"):
            return str(value) == "true"
    return _expanded(ctx, value)


def _expanded(ctx: Context, value: Node) -> dict[str, Any]:
    if isinstance(value, Literal):
        obj: dict[str, Any] = {"@value": str(value)}
        if value.language:
            obj["@language"] = value.language
        elif value.datatype and value.datatype != XSD.string:
            obj["@type"] = ctx.compact_iri(str(value.datatype))
        return obj
    return {"@id": _ref(value)}

