"""The statements of the SKOS fields an imported vocabulary uses (issue 13; termgraph.content.vocabulary).

Each adds statements only when its field is present, so a glossary without them builds to the same bytes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from termgraph.content.reader import Term
from termgraph.content.vocabulary import MORE_MAPPINGS, SELF, TRANSLATED_LISTS
from termgraph.errors import Origin
from termgraph.model.iris import RDF, SKOS
from termgraph.model.statements import plain, tagged

if TYPE_CHECKING:
    from termgraph.model.graph import _Builder

RDF_NIL = RDF.nil


def term_skos(b: _Builder, t: Term, s: str) -> None:
    """Hidden labels, notes, translated examples, notations, broad/narrow/related matches and extra triples."""
    for key, by_language in sorted((t.lists or {}).items()):
        predicate = TRANSLATED_LISTS[key]
        for lang, texts in sorted(by_language.items()):
            for text in texts:
                b.add(s, predicate, tagged(text, lang), t.origin(key))
    for notation in t.notations:
        b.add(s, SKOS.notation, plain(notation), t.origin("notations"))
    for key, iris in sorted((t.matches or {}).items()):
        for iri in iris:
            b.add(s, MORE_MAPPINGS[key], iri, t.origin("mappings"))
    extra_statements(b, t.extra, s, f"_:t-{t.slug}-", t.origin("extra"))


def extra_statements(b: _Builder, triples: Any, self_iri: str, blank_prefix: str, origin: Origin) -> None:
    """An `extra` block's triples: `<>` is `self_iri`; its blank nodes are renamed into a space of their own."""
    def node(value: Any) -> Any:
        if isinstance(value, str):
            if value == SELF:
                return self_iri
            if value.startswith("_:"):
                return blank_prefix + value[2:]
        return value

    for subject, predicate, obj in triples:
        b.add(node(subject), predicate, node(obj), origin)


def collections(b: _Builder) -> None:
    """skos:Collection / skos:OrderedCollection of glossary.yaml, with members (an rdf:List when ordered)."""
    glossary = b.content.glossary
    if not glossary.collections:
        return
    minted = {c.slug: c.iri or f"{glossary.base_iri}collection/{c.slug}" for c in glossary.collections}
    slugs = {t.slug for t in b.content.terms}

    def member(ref: str) -> str:
        if ":" in ref:
            return ref
        return b.term_iri(ref) if ref in slugs or ref not in minted else minted[ref]

    for c in glossary.collections:
        s = minted[c.slug]
        b.origins.setdefault((s,), c.origin)
        b.add(s, RDF.type, SKOS.OrderedCollection if c.ordered else SKOS.Collection)
        b.texts(s, SKOS.prefLabel, c.labels, c.origin)
        if not c.ordered:
            for ref in c.members:
                b.add(s, SKOS.member, member(ref), c.origin)
            continue
        head = RDF_NIL
        for n in range(len(c.members), 0, -1):
            cell = f"_:c-{c.slug}-{n}"
            b.add(cell, RDF.first, member(c.members[n - 1]))
            b.add(cell, RDF.rest, head)
            head = cell
        b.add(s, SKOS.memberList, head, c.origin)
