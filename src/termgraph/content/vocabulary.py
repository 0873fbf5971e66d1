"""The content fields that carry the rest of SKOS (issue 13): what an imported vocabulary needs beyond a glossary.

Read by termgraph.content.reader, written by termgraph.importing. Every field here is optional and adds
statements only when present, so a glossary that does not use them builds to the same bytes as before.

- terms: `iri`, `hidden_labels`, `notes`, `scope_notes`, `history_notes`, `editorial_notes`, `change_notes`
  (lists of texts; also inside `translations`, with `examples`), `notations`, `mappings.broad` / `narrow` /
  `related`, and `extra`: Turtle for the triples no field holds (`<>` is the term itself);
- glossary.yaml: `profile` (glossary | skos), `scheme_iri`, `iri_pattern` (`{slug}` / `{SLUG}`), `collections`
  and `extra` (Turtle; `<>` is the concept scheme).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from termgraph.content.fields import SLUG, _Reader, is_http_url, slugify
from termgraph.content.yamlfile import LineDict
from termgraph.errors import Origin, Problem

PROFILES = ("glossary", "skos")
SELF = "urn:termgraph:self"  # the base IRI an `extra` block is parsed against: `<>` is the term (or the scheme)

SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
# content field -> SKOS property, for the lists of texts per language
NOTE_FIELDS: dict[str, str] = {
    "hidden_labels": SKOS_NS + "hiddenLabel",
    "notes": SKOS_NS + "note",
    "scope_notes": SKOS_NS + "scopeNote",
    "history_notes": SKOS_NS + "historyNote",
    "editorial_notes": SKOS_NS + "editorialNote",
    "change_notes": SKOS_NS + "changeNote",
}
# in translations also `examples` (the default language's examples are the term's `examples`)
TRANSLATED_LISTS: dict[str, str] = {**NOTE_FIELDS, "examples": SKOS_NS + "example"}
MORE_MAPPINGS: dict[str, str] = {"broad": SKOS_NS + "broadMatch", "narrow": SKOS_NS + "narrowMatch",
                                 "related": SKOS_NS + "relatedMatch"}
TERM_FIELDS = ("iri", *NOTE_FIELDS, "notations", "extra")
GLOSSARY_FIELDS = ("profile", "scheme_iri", "iri_pattern", "collections", "extra")
COLLECTION_FIELDS = ("iri", "label", "members", "ordered")

Lit = tuple[str, str, str]
Triple = tuple[str, str, "str | Lit"]


@dataclass(frozen=True)
class Collection:
    """A skos:Collection (or, `ordered`, a skos:OrderedCollection) defined in glossary.yaml."""

    slug: str
    iri: str | None
    labels: Mapping[str, str]
    members: tuple[str, ...]  # term or collection slugs, or IRIs (anything with a ':')
    ordered: bool
    origin: Origin


def parse_extra(text: str, origin: Origin, problems: list[Problem]) -> tuple[Triple, ...]:
    """The triples of an `extra` block (Turtle; `<>` is the resource the block belongs to), as plain values."""
    import pyoxigraph as ox

    try:
        quads = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=SELF))
    except SyntaxError as exc:
        problems.append(Problem(origin, f"field 'extra' is not valid Turtle: {exc}",
                                "write one triple a line: <> <predicate IRI> object ."))
        return ()
    result: list[Triple] = []
    for q in quads:
        s, o = _plain(q.subject), _plain(q.object)
        if s is None or o is None or isinstance(s, tuple):
            problems.append(Problem(origin, "field 'extra' holds a quoted triple, which termgraph cannot keep"))
            continue
        result.append((s, q.predicate.value, o))
    return tuple(result)


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _plain(term: Any) -> str | Lit | None:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        if term.language:
            return (term.value, term.language, "")
        datatype = term.datatype.value
        return (term.value, "", "" if datatype == XSD_STRING else datatype)
    return None


def plain_term(term: Any) -> str | Lit | None:
    """A pyoxigraph term as the model's plain value (IRI str, "_:label", or a (text, lang, datatype) tuple)."""
    return _plain(term)


def read_term_fields(r: Any, language: str, translations: list[tuple[str, Any, int]],
                     problems: list[Problem]) -> dict[str, Any]:
    """The SKOS fields of a term (keyword arguments for Term); `r` is the term's reader."""
    lists: dict[str, dict[str, tuple[str, ...]]] = {}
    for key in NOTE_FIELDS:
        if r.data.get(key) is not None:
            lists.setdefault(key, {})[language] = r.texts(key)
    for lang, entry, _line in translations:
        t = _Reader(entry, r.path, problems, tuple(entry), f"translation {lang!r}")  # unknown fields: the reader's
        for key in TRANSLATED_LISTS:
            if entry.get(key) is not None:
                lists.setdefault(key, {})[lang] = t.texts(key)
    iri = r.text("iri")
    if iri is not None and not is_http_url(iri):
        r.problem("iri", f"iri {iri!r} is not an http(s) IRI")
        iri = None
    matches: dict[str, tuple[str, ...]] = {}
    mappings = r.data.get("mappings")
    if isinstance(mappings, LineDict):
        m = _Reader(mappings, r.path, problems, tuple(mappings), "mappings")  # unknown fields: the reader's
        for key in MORE_MAPPINGS:
            found = m.texts(key)
            for value in found:
                if not is_http_url(value):
                    r.problem("mappings", f"mapping {value!r} is not an http(s) IRI")
            matches[key] = tuple(v for v in found if is_http_url(v))
    extra_text = r.data.get("extra")
    extra: tuple[Triple, ...] = ()
    if extra_text is not None:
        if isinstance(extra_text, str):
            extra = parse_extra(extra_text, Origin(r.path, r.line("extra")), problems)
        else:
            r.problem("extra", "field 'extra' must be Turtle text (write it as a block after 'extra: |')")
    return {"iri": iri, "lists": lists, "notations": r.texts("notations"),
            "matches": {k: v for k, v in matches.items() if v}, "extra": extra}


def read_glossary_fields(r: Any, language: str, problems: list[Problem]) -> dict[str, Any]:
    """profile, scheme_iri, iri_pattern, collections and extra of glossary.yaml; `r` is its reader."""
    profile = r.text("profile") or "glossary"
    if profile not in PROFILES:
        r.problem("profile", f"unknown validation profile {profile!r}", "choose one of: " + ", ".join(PROFILES))
        profile = "glossary"
    scheme_iri = r.text("scheme_iri")
    if scheme_iri is not None and not is_http_url(scheme_iri):
        r.problem("scheme_iri", f"scheme_iri {scheme_iri!r} is not an http(s) IRI")
        scheme_iri = None
    pattern = r.text("iri_pattern")
    if pattern is not None and ("{slug}" not in pattern and "{SLUG}" not in pattern
                                or not is_http_url(pattern.replace("{slug}", "x").replace("{SLUG}", "X"))):
        r.problem("iri_pattern", f"iri_pattern {pattern!r} must be an http(s) IRI holding {{slug}} or {{SLUG}}")
        pattern = None
    collections: list[Collection] = []
    table = r.mapping("collections")
    for slug in table or ():
        origin = Origin(r.path, table.key_lines[slug])
        if not SLUG.match(slug):
            problems.append(Problem(origin, f"{slug!r} in 'collections' is not a slug", f"write it as {slugify(slug)!r}"))
            continue
        entry = table[slug]
        if not isinstance(entry, LineDict):
            problems.append(Problem(origin, f"collection {slug!r} must be a mapping (iri, label, members, ordered)"))
            continue
        c = _Reader(entry, r.path, problems, COLLECTION_FIELDS, f"collection {slug!r}")
        iri = c.text("iri")
        if iri is not None and not is_http_url(iri):
            c.problem("iri", f"iri {iri!r} is not an http(s) IRI")
            iri = None
        collections.append(Collection(slug, iri, c.lang_text("label", language), c.texts("members"),
                                      c.boolean("ordered"), origin))
    extra_text = r.data.get("extra")
    extra: tuple[Triple, ...] = ()
    if isinstance(extra_text, str):
        extra = parse_extra(extra_text, Origin(r.path, r.line("extra")), problems)
    elif extra_text is not None:
        r.problem("extra", "field 'extra' must be Turtle text (write it as a block after 'extra: |')")
    return {"profile": profile, "scheme_iri": scheme_iri, "iri_pattern": pattern,
            "collections": tuple(collections), "extra": extra}


def profile_shapes(profile: str) -> Any:
    """The shapes file of a validation profile: None (ontology/shapes.ttl) for `glossary`, else shapes-<profile>.ttl."""
    if profile == "glossary":
        return None
    from termgraph.resources import ontology_file

    return ontology_file(f"shapes-{profile}.ttl")
