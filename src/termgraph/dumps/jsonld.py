"""A compact, byte-stable JSON-LD writer for our context.

rdflib's JSON-LD compaction mishandles `["@language", "@set"]` containers and orders nodes by hash, so we
compact ourselves: one node object per subject, keys and values sorted, the context embedded so the dump
stands alone (no remote context to fetch). Tests expand the output with pyld and compare graphs.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from json.encoder import encode_basestring as _string
from typing import Any

from termgraph.dumps.grouping import Grouped, blank_last, grouped
from termgraph.model.statements import RDF_TYPE, XSD, Lit, Statements
from termgraph.resources import ontology_file

_STRING, _INTEGER, _BOOLEAN = XSD + "string", XSD + "integer", XSD + "boolean"


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


def jsonld_chunks(statements: Statements) -> Iterator[str]:
    """The document in pieces: the context, then one node object per subject (as json.dumps would indent them)."""
    ctx = context()
    head = json.dumps({"@context": ctx.document["@context"], "@graph": []}, indent=2, ensure_ascii=False)
    subjects = sorted(statements.by_subject, key=blank_last)
    if not subjects:
        yield head + "\n"
        return
    yield head[:-len("[]\n}")] + "["
    for n, subject in enumerate(subjects):
        yield ("," if n else "") + "\n    " + _json(_node(ctx, subject, grouped(statements, subject)), "\n    ")
    yield "\n  ]\n}\n"


def _json(value: Any, newline: str) -> str:
    """What json.dumps(value, indent=2, ensure_ascii=False) writes, indented after `newline`: its indenting
    encoder is pure Python and took most of the writer's time; this one leaves strings to the C escaper."""
    if isinstance(value, str):
        return _string(value)
    inner = newline + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{" + ",".join(f"{inner}{_string(k)}: {_json(v, inner)}" for k, v in value.items()) + newline + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[" + ",".join(inner + _json(v, inner) for v in value) + newline + "]"
    return json.dumps(value)  # int, bool


def _node(ctx: Context, subject: str, statements: Grouped) -> dict[str, Any]:
    out: dict[str, Any] = {"id": subject}
    types = sorted(ctx.classes.get(t, ctx.compact_iri(t)) for t in statements.get(RDF_TYPE, ()) if isinstance(t, str))
    if types:
        out["type"] = types[0] if len(types) == 1 else types
    properties: dict[str, Any] = {}
    for predicate in sorted(set(statements) - {RDF_TYPE}):
        values = sorted(statements[predicate], key=_value_key)
        term = ctx.by_predicate.get(predicate)
        compacted = _compact_values(ctx, term, values) if term else None
        if compacted is not None and term is not None:
            properties[term.name] = compacted
        else:
            properties[ctx.compact_iri(predicate)] = [_expanded(ctx, v) for v in values]
    out.update(sorted(properties.items()))
    return out


def _value_key(node: str | Lit) -> tuple[str, str, str]:
    if isinstance(node, tuple):
        return ("1", node[1] or node[2], node[0])
    return ("0", "", node)


def _compact_values(ctx: Context, term: _TermDef, values: list[str | Lit]) -> Any:
    """Values in the short form the term definition allows; None when they do not all fit it."""
    if term.language_map:
        by_language: dict[str, list[str]] = {}
        for v in values:
            if not isinstance(v, tuple) or not v[1]:
                return None
            by_language.setdefault(v[1], []).append(v[0])
        return {lang: (texts if term.is_set or len(texts) > 1 else texts[0])
                for lang, texts in sorted(by_language.items())}
    if term.type == "@id":
        if not all(isinstance(v, str) for v in values):
            return None
        items: list[Any] = list(values)
    elif term.type is not None:
        if not all(isinstance(v, tuple) and v[2] == term.type for v in values):
            return None
        items = [v[0] for v in values]
    else:
        items = [_plain(ctx, v) for v in values]
    return items if term.is_set or len(items) > 1 else items[0]


def _plain(ctx: Context, value: str | Lit) -> Any:
    """A value under a term with no @type: native JSON where JSON-LD maps it back exactly."""
    if isinstance(value, tuple):
        text, language, datatype = value
        if not language and datatype in ("", _STRING):
            return text
        if datatype == _INTEGER and text.lstrip("-").isdigit() and str(int(text)) == text:
            return int(text)
        if datatype == _BOOLEAN and text in ("true", "false"):
            return text == "true"
    return _expanded(ctx, value)


def _expanded(ctx: Context, value: str | Lit) -> dict[str, Any]:
    if isinstance(value, tuple):
        text, language, datatype = value
        obj: dict[str, Any] = {"@value": text}
        if language:
            obj["@language"] = language
        elif datatype and datatype != _STRING:
            obj["@type"] = ctx.compact_iri(datatype)
        return obj
    return {"@id": value}
