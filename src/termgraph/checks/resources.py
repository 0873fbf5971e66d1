"""Checks of the resources themselves and of how the files were read: IRIs that are not valid, not HTTP, or
named but never described; schemes used but not declared; input the reader had to repair."""
from __future__ import annotations

import re
from collections.abc import Iterator

from termgraph.checks.model import QSKOS, SKOS_REF, Hit, register
from termgraph.checks.vocab import RDF, SKOS, Vocabulary, host

# Characters RFC 3987 does not allow anywhere in an IRI (a space, a backslash, angle brackets, ...).
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def iri_problem(iri: str) -> str | None:
    """Why `iri` is not a valid absolute IRI, or None."""
    if not _SCHEME.match(iri):
        return "has no scheme (a relative reference)"
    bad = _NOT_IN_IRI.search(iri)
    if bad:
        ch = bad.group()
        name = {" ": "a space", "\\": "a backslash"}.get(ch, f"the character U+{ord(ch):04X}")
        return f"contains {name}, which IRIs may not hold"
    return None


@register("invalid-iri", "integrity", "error", "Invalid IRI",
          "Subjects, properties and objects whose IRI is not a valid IRI (RFC 3987): a space, a backslash, "
          "angle brackets or control characters in it; one finding per IRI.",
          "RDF requires valid IRIs; stores and serializers reject or mangle these, and they cannot be "
          "dereferenced.",
          "https://www.w3.org/TR/rdf11-concepts/#section-IRIs")
def invalid_iri(v: Vocabulary) -> Iterator[Hit]:
    for iri in sorted(v.suspect_iris):
        problem = iri_problem(iri)
        if problem:
            yield Hit(iri, f"the IRI {problem}", iri)


@register("non-http-iri", "quality", "warning", "HTTP URI scheme violation",
          "Resources described in the vocabulary (subjects of statements) whose IRI is not an http(s) IRI: "
          "URNs, typos (htp://), and relative references, which the reader resolves against the file's "
          "location (file:); one finding per IRI.",
          "Linked-data vocabularies publish their resources at HTTP IRIs so that anyone can look them up; "
          "other schemes cannot be dereferenced on the Web.",
          QSKOS + "#http-uri-scheme-violation")
def non_http_iri(v: Vocabulary) -> Iterator[Hit]:
    for iri in sorted(v.non_http_subjects):
        if iri.startswith("file:"):
            why = "a relative IRI, resolved against the file's location (give the file an xml:base or @base)"
        else:
            why = f"not an http(s) IRI (scheme {iri.split(':', 1)[0]!r})" if ":" in iri else "not an http(s) IRI"
        yield Hit(iri, why, iri)


@register("undescribed-concept", "quality", "warning", "Concept named but not described",
          "Resources of the vocabulary's own host that a statement makes a concept (the object of skos:broader, "
          "skos:hasTopConcept, ...) but that no statement describes; reported once each here, and left out of "
          "the checks of a concept's labels, documentation and links.",
          "A dangling reference: the concept was deleted, renamed or misspelled, or its description is missing "
          "from the file.",
          SKOS_REF + "#concepts")
def undescribed_concept(v: Vocabulary) -> Iterator[Hit]:
    home = v.home
    referrers: dict[str, tuple[str, str]] = {}
    for s, p, o in sorted(v.all_edges):
        if o in v.undescribed and o not in referrers:
            referrers[o] = (s, p)
    for node in sorted(v.undescribed):
        if home and home not in node.lower():
            continue  # a concept of another vocabulary, linked to: described there
        s, p = referrers.get(node, ("", ""))
        by = f" (the object of skos:{p} of {v.describe(s)})" if s else ""
        yield Hit(node, f"named as a concept{by} but never described", s or None, SKOS + p if p else None)


@register("implicit-scheme", "quality", "warning", "Undeclared concept scheme",
          "Resources used as a concept scheme (the object of skos:inScheme or topConceptOf, the subject of "
          "hasTopConcept) that are not declared rdf:type skos:ConceptScheme.",
          "Tools list a vocabulary's schemes by their type; an undeclared scheme, often a misspelled IRI, is "
          "not found, nor are its title and top concepts.",
          SKOS_REF + "#schemes")
def implicit_scheme(v: Vocabulary) -> Iterator[Hit]:
    for node in sorted(v.schemes - v.typed("scheme")):
        yield Hit(node, "used as a concept scheme but not declared rdf:type skos:ConceptScheme", path=RDF + "type")


@register("input-repaired", "quality", "warning", "Input read leniently",
          "Files the strict RDF parser rejected and a more forgiving one read (stray text in RDF/XML, say); "
          "one finding per file, with the strict parser's message.",
          "Other tools may reject the file, or read it differently.",
          "https://www.w3.org/TR/rdf-syntax-grammar/")
def input_repaired(v: Vocabulary) -> Iterator[Hit]:
    for path, message in v.warnings:
        yield Hit(path, message)


__all__ = ["host", "iri_problem"]
