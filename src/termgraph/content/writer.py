"""Content files written from records (the importer's output): byte-stable YAML and Turtle, read back exactly.

Texts are written plain when YAML reads them back as the same string, else double-quoted with escapes; the
`extra` blocks are Turtle, one triple a line, sorted, with blank nodes numbered by their structure.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from termgraph.content.reader import Glossary, Term
from termgraph.content.vocabulary import NOTE_FIELDS

_KEYWORDS = {"y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"}
_PLAIN = re.compile(r"^[^\W\d_][\w ,.()/'+-]*$")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_YAML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def scalar(text: str) -> str:
    """A YAML scalar that reads back as exactly `text` (a string)."""
    if _PLAIN.match(text) and text == text.rstrip() and text.lower() not in _KEYWORDS:
        return text
    return '"' + "".join(_YAML_ESCAPES.get(ch) or (f"\\u{ord(ch):04x}" if _UNPRINTABLE.match(ch) else ch)
                         for ch in text) + '"'


def _texts(key: str, values: Sequence[str], indent: str) -> list[str]:
    if not values:
        return []
    return [f"{indent}{key}:"] + [f"{indent}  - {scalar(v)}" for v in values]


def _lang_text(key: str, texts: Mapping[str, str], language: str, indent: str = "") -> list[str]:
    if not texts:
        return []
    if set(texts) == {language}:
        return [f"{indent}{key}: {scalar(texts[language])}"]
    return [f"{indent}{key}:"] + [f"{indent}  {scalar(lang)}: {scalar(text)}" for lang, text in sorted(texts.items())]


# -- Turtle of the extra blocks ------------------------------------------------------------------------------
_TTL_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_IRI_UNSAFE = re.compile('[\x00-\x20<>"{}|^`\\\\\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]')


def _iri(iri: str, self_iri: str) -> str:
    if iri == self_iri:
        return "<>"
    return "<" + _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", iri) + ">"


def _node(node: Any, self_iri: str, blanks: Mapping[str, str]) -> str:
    if isinstance(node, tuple):
        text, lang, datatype = node
        body = '"' + "".join(_TTL_ESCAPES.get(ch) or (f"\\u{ord(ch):04X}" if _UNPRINTABLE.match(ch) else ch)
                             for ch in text) + '"'
        return body + (f"@{lang}" if lang else f"^^{_iri(datatype, '')}" if datatype else "")
    if node.startswith("_:"):
        return blanks[node]
    return _iri(node, self_iri)


def _blank_names(triples: Sequence[tuple[str, str, Any]]) -> dict[str, str]:
    """_:b1, _:b2, ... in an order that depends on the structure around each blank node, not on its label."""
    blanks = sorted({n for s, _, o in triples for n in (s, o) if isinstance(n, str) and n.startswith("_:")})
    if not blanks:
        return {}
    signature = {b: "" for b in blanks}
    for _ in range(4):  # refine: each round sees one step further
        def show(node: Any, signature: dict[str, str] = signature) -> str:
            return "_:" + signature[node] if isinstance(node, str) and node.startswith("_:") else repr(node)

        parts: dict[str, list[str]] = defaultdict(list)
        for s, p, o in triples:
            if s in signature:
                parts[s].append(f"> {p} {show(o)}")
            if isinstance(o, str) and o in signature:
                parts[o].append(f"< {show(s)} {p}")
        signature = {b: _digest(sorted(parts[b])) for b in blanks}
    ordered = sorted(blanks, key=lambda b: (signature[b], b))
    return {b: f"_:b{n}" for n, b in enumerate(ordered, start=1)}


def _digest(parts: list[str]) -> str:
    import hashlib

    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def turtle_block(triples: Sequence[tuple[str, str, Any]], self_iri: str) -> list[str]:
    blanks = _blank_names(triples)
    return sorted({f"{_node(s, self_iri, blanks)} {_iri(p, '')} {_node(o, self_iri, blanks)} ." for s, p, o in triples})


def _extra(triples: Sequence[tuple[str, str, Any]], self_iri: str) -> list[str]:
    if not triples:
        return []
    return ["extra: |"] + ["  " + line for line in turtle_block(triples, self_iri)]


# -- files ---------------------------------------------------------------------------------------------------
def term_file(t: Term, language: str, extra: Sequence[tuple[str, str, Any]], self_iri: str) -> str:
    """terms/<slug>.md of a term record: front matter, then the explanation in the default language."""
    lines = ["---"]
    lines += _lang_text("label", {language: t.labels[language]} if language in t.labels else {}, language)
    if t.iri:
        lines.append(f"iri: {scalar(t.iri)}")
    lines += _texts("aliases", t.aliases.get(language, ()), "")
    lists = t.lists or {}
    lines += _texts("hidden_labels", lists.get("hidden_labels", {}).get(language, ()), "")
    if language in t.definitions:
        lines.append(f"definition: {scalar(t.definitions[language])}")
    lines += _texts("examples", t.examples, "")
    for key in NOTE_FIELDS:
        if key != "hidden_labels":
            lines += _texts(key, lists.get(key, {}).get(language, ()), "")
    lines += _texts("notations", t.notations, "")
    lines += _texts("broader", t.broader, "")
    lines += _texts("related", t.related, "")
    mappings = {"exact": t.exact_matches, "close": t.close_matches, **(t.matches or {})}
    if any(mappings.values()):
        lines.append("mappings:")
        for key in ("exact", "close", "broad", "narrow", "related"):
            lines += _texts(key, mappings.get(key, ()), "  ")
    for key, value in (("created", t.created), ("modified", t.modified)):
        if value:
            lines.append(f"{key}: {value.isoformat()}")
    if t.deprecated:
        lines.append("deprecated: true")
    if t.replaced_by:
        lines.append(f"replaced_by: {t.replaced_by}")
    others = sorted({*t.labels, *t.aliases, *t.definitions, *t.explanations,
                     *(lang for by_lang in lists.values() for lang in by_lang)} - {language})
    if others:
        lines.append("translations:")
    for lang in others:
        lines.append(f"  {scalar(lang)}:")
        if lang in t.labels:
            lines.append(f"    label: {scalar(t.labels[lang])}")
        lines += _texts("aliases", t.aliases.get(lang, ()), "    ")
        lines += _texts("hidden_labels", lists.get("hidden_labels", {}).get(lang, ()), "    ")
        if lang in t.definitions:
            lines.append(f"    definition: {scalar(t.definitions[lang])}")
        if lang in t.explanations:
            lines.append(f"    explanation: {scalar(t.explanations[lang])}")
        lines += _texts("examples", lists.get("examples", {}).get(lang, ()), "    ")
        for key in NOTE_FIELDS:
            if key != "hidden_labels":
                lines += _texts(key, lists.get(key, {}).get(lang, ()), "    ")
    lines += _extra(extra, self_iri)
    lines.append("---")
    body = t.explanations.get(language)
    return "\n".join(lines) + "\n" + (body + "\n" if body else "")


def glossary_yaml(g: Glossary, extra: Iterable[tuple[str, str, Any]], self_iri: str) -> str:
    lines = ["# A SKOS vocabulary imported by `termgraph import` (docs/content-format.md).",
             "profile: skos"]
    lines += _lang_text("title", g.title, g.language)
    lines += _lang_text("description", g.description, g.language)
    lines.append(f"base_iri: {scalar(g.base_iri)}")
    if g.scheme_iri:
        lines.append(f"scheme_iri: {scalar(g.scheme_iri)}")
    if g.iri_pattern:
        lines.append(f"iri_pattern: {scalar(g.iri_pattern)}")
    lines.append(f"language: {scalar(g.language)}")
    if g.license:
        lines.append(f"license: {scalar(g.license)}")
    if g.publisher:
        lines.append(f"publisher: {scalar(g.publisher)}")
    for key, value in (("created", g.created), ("modified", g.modified)):
        if value:
            lines.append(f"{key}: {value.isoformat()}")
    if g.collections:
        lines.append("collections:")
    for c in g.collections:
        lines.append(f"  {c.slug}:")
        if c.iri:
            lines.append(f"    iri: {scalar(c.iri)}")
        lines += _lang_text("label", c.labels, g.language, "    ")
        if c.ordered:
            lines.append("    ordered: true")
        lines += _texts("members", c.members, "    ")
    lines += _extra(list(extra), self_iri)
    return "\n".join(lines) + "\n"
