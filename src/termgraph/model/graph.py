"""Content records -> RDF statements: the mapping onto SKOS, schema.org, Dublin Core and the termgraph ontology.

Alongside the statements it returns an index from (subject, predicate[, object]) to the content file and
line that produced them, so validation results can point authors at what to edit.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from termgraph.content.reader import Comparison, Concept, Content, Term
from termgraph.errors import Origin
from termgraph.model.iris import DBPEDIA, DCTERMS, FOAF, OWL, RDF, RDFS, SCHEMA, SKOS, TG, WIKIPEDIA, XSD, Iris
from termgraph.model.pages import PAGE_SIZE, index_pages
from termgraph.model.statements import Lit, Statements, plain, tagged, typed
from termgraph.model.terms import term_minter
from termgraph.model.vocabulary import collections, extra_statements, term_skos

OriginKey = tuple[str, ...]  # (subject IRI[, predicate IRI[, object IRI]])


@dataclass(frozen=True)
class Origins:
    """Where each resource and statement of the graph came from, keyed by plain IRI strings."""

    index: Mapping[OriginKey, Origin]

    def find(self, subject: str, predicate: str | None = None, obj: str | None = None) -> Origin | None:
        """The origin of the most specific of (subject, predicate, object), (subject, predicate), (subject)."""
        keys = ((subject, predicate, obj), (subject, predicate), (subject,))
        for key in keys:
            if None not in key and (found := self.index.get(tuple(map(str, key)))):
                return found
        return None


class _Builder:
    def __init__(self, content: Content, page_size: int):
        self.content = content
        self.page_size = page_size
        self.iris = Iris(content.glossary.base_iri)
        self.term_iri = term_minter(content)  # base IRI + term/slug unless an imported vocabulary keeps its own
        self.scheme_iri = content.glossary.scheme_iri or self.iris.scheme
        self.lang = content.glossary.language
        self.graph = Statements()
        self.origins: dict[OriginKey, Origin] = {}

    def add(self, s: str, p: str, o: str | Lit, origin: Origin | None = None, per_object: bool = False) -> None:
        self.graph.add(s, p, o)
        if origin is not None:
            key = (s, p, o) if per_object and isinstance(o, str) else (s, p)
            self.origins.setdefault(key, origin)

    def texts(self, s: str, p: str, texts: Mapping[str, str], origin: Origin | None = None) -> None:
        for lang, text in sorted(texts.items()):
            self.add(s, p, tagged(text, lang), origin)

    def part(self, parent: str, link: str, part: str, kind: str, position: int, origin: Origin) -> None:
        """A numbered part of a term or comparison (FAQ entry, source, aspect): linked, typed, ordered, located."""
        self.origins[(part,)] = origin
        self.add(parent, link, part)
        self.add(part, RDF.type, kind)
        self.add(part, SCHEMA.position, typed(str(position), XSD.integer))

    def dates(self, s: str, created: dt.date | None, modified: dt.date | None, origin: Origin) -> None:
        if created:
            self.add(s, DCTERMS.created, typed(created.isoformat(), XSD.date), origin)
        if modified:
            self.add(s, DCTERMS.modified, typed(modified.isoformat(), XSD.date), origin)

    def build(self) -> tuple[Statements, Origins]:
        self.scheme()
        self.concepts(self.content.glossary.categories, self.iris.categories, self.iris.category, TG.Category,
                      "Categories")
        self.concepts(self.content.glossary.levels, self.iris.levels, self.iris.level, TG.Level, "Levels")
        for term in self.content.terms:
            self.term(term)
        for comparison in self.content.comparisons:
            self.comparison(comparison)
        collections(self)
        extra_statements(self, self.content.glossary.extra, self.scheme_iri, "_:g-", self.content.glossary.origin)
        self.graph.extend(index_pages(self.content, self.page_size))
        return self.graph, Origins(self.origins)

    def scheme(self) -> None:
        g, s = self.content.glossary, self.scheme_iri
        self.origins[(s,)] = g.origin
        self.add(s, RDF.type, SKOS.ConceptScheme)
        self.add(s, RDF.type, SCHEMA.DefinedTermSet)
        self.texts(s, DCTERMS.title, g.title)
        self.texts(s, DCTERMS.description, g.description)
        self.add(s, DCTERMS.language, plain(g.language))
        if g.license:  # (optional for an imported vocabulary)
            self.add(s, DCTERMS.license, g.license)
        if g.publisher:
            self.add(s, DCTERMS.publisher, self.iris.publisher)
            self.add(self.iris.publisher, RDF.type, FOAF.Organization)
            self.add(self.iris.publisher, FOAF.name, plain(g.publisher))
        self.dates(s, g.created, g.modified, g.origin)

    def concepts(self, concepts: Iterable[Concept], scheme: str, mint: object, kind: str, title: str) -> None:
        self.add(scheme, RDF.type, SKOS.ConceptScheme)
        self.add(scheme, DCTERMS.title, tagged(f"{title} of {self.content.glossary.title[self.lang]}"
                                               if self.lang in self.content.glossary.title else title, self.lang))
        for c in concepts:
            iri = mint(c.slug)  # type: ignore[operator]
            self.origins[(iri,)] = c.origin
            self.add(iri, RDF.type, SKOS.Concept)
            self.add(iri, RDF.type, kind)
            self.add(iri, SKOS.inScheme, scheme)
            self.add(iri, SKOS.topConceptOf, scheme)
            self.add(scheme, SKOS.hasTopConcept, iri)
            self.add(iri, SKOS.notation, plain(c.slug))
            self.add(iri, SCHEMA.position, typed(str(c.position), XSD.integer))
            self.texts(iri, SKOS.prefLabel, c.labels)
            self.texts(iri, SKOS.definition, c.definitions)
            for other in c.related:  # written once in glossary.yaml; SKOS's related is symmetric
                self.add(iri, SKOS.related, mint(other), c.origin)  # type: ignore[operator]
                self.add(mint(other), SKOS.related, iri)  # type: ignore[operator]

    def term(self, t: Term) -> None:
        iris, s, mint, scheme = self.iris, self.term_iri(t.slug), self.term_iri, self.scheme_iri
        self.origins[(s,)] = t.origin()
        self.add(s, RDF.type, SKOS.Concept)
        self.add(s, RDF.type, SCHEMA.DefinedTerm)
        self.add(s, SKOS.inScheme, scheme)
        self.add(s, SCHEMA.inDefinedTermSet, scheme)
        self.add(s, SKOS.notation, plain(t.slug))
        if not t.broader:
            self.add(s, SKOS.topConceptOf, scheme)
            self.add(scheme, SKOS.hasTopConcept, s)
        self.texts(s, SKOS.prefLabel, t.labels, t.origin("label"))
        for lang, aliases in sorted(t.aliases.items()):
            for alias in aliases:
                self.add(s, SKOS.altLabel, tagged(alias, lang), t.origin("aliases"))
        self.texts(s, SKOS.definition, t.definitions, t.origin("definition"))
        self.texts(s, TG.explanation, t.explanations, t.origin("explanation"))
        for example in t.examples:
            self.add(s, SKOS.example, tagged(example, self.lang), t.origin("examples"))
        if t.category:
            self.add(s, TG.category, iris.category(t.category), t.origin("category"))
        if t.level:
            self.add(s, TG.level, iris.level(t.level), t.origin("level"))
        for other in t.related:
            o = mint(other)
            self.add(s, SKOS.related, o, t.origin("related"))
            self.add(o, SKOS.related, s, t.origin("related"), per_object=True)
        for other in t.broader:
            o = mint(other)
            self.add(s, SKOS.broader, o, t.origin("broader"))
            self.add(o, SKOS.narrower, s, t.origin("broader"), per_object=True)
        for n, faq in enumerate(t.faq, start=1):
            q, a, origin = iris.faq(t.slug, n), iris.answer(t.slug, n), Origin(t.path, faq.line)
            self.part(s, TG.faq, q, SCHEMA.Question, n, origin)
            self.origins[(a,)] = origin
            self.add(q, SCHEMA.name, tagged(faq.question, self.lang))
            self.add(q, SCHEMA.acceptedAnswer, a)
            self.add(a, RDF.type, SCHEMA.Answer)
            self.add(a, SCHEMA.text, tagged(faq.answer, self.lang))
        for n, src in enumerate(t.sources, start=1):
            o = iris.source(t.slug, n)
            self.part(s, DCTERMS.source, o, SCHEMA.CreativeWork, n, Origin(t.path, src.line))
            if src.title:
                self.add(o, DCTERMS.title, plain(src.title))
            if src.url:
                self.add(o, SCHEMA.url, src.url, Origin(t.path, src.lines.get("url", src.line)))
            for author in src.authors:
                self.add(o, SCHEMA.author, plain(author))
            if src.year is not None:
                self.add(o, SCHEMA.datePublished, typed(str(src.year), XSD.gYear))
            if src.publisher:
                self.add(o, SCHEMA.publisher, plain(src.publisher))
            if src.doi:
                self.add(o, DCTERMS.identifier, plain(f"doi:{src.doi}"))
            if src.arxiv:
                self.add(o, DCTERMS.identifier, plain(f"arXiv:{src.arxiv}"))
        if t.wikipedia:
            page = t.wikipedia.replace(" ", "_")
            self.add(s, SKOS.exactMatch, DBPEDIA[quote(page, safe="_()',-.")], t.origin("mappings"))
            self.add(s, FOAF.page, WIKIPEDIA + quote(page, safe="_()',-."), t.origin("mappings"))
        for iri in t.exact_matches:
            self.add(s, SKOS.exactMatch, iri, t.origin("mappings"))
        for iri in t.close_matches:
            self.add(s, SKOS.closeMatch, iri, t.origin("mappings"))
        self.dates(s, t.created, t.modified, t.origin("created"))
        if t.deprecated:
            self.add(s, OWL.deprecated, typed("true", XSD.boolean), t.origin("deprecated"))
        if t.replaced_by:
            self.add(s, DCTERMS.isReplacedBy, mint(t.replaced_by), t.origin("replaced_by"))
        term_skos(self, t, s)

    def comparison(self, c: Comparison) -> None:
        iris, s, mint = self.iris, self.iris.comparison(c.slug), self.term_iri
        self.origins[(s,)] = c.origin()
        self.add(s, RDF.type, TG.Comparison)
        self.add(s, SCHEMA.isPartOf, self.scheme_iri)
        if c.title:
            self.add(s, DCTERMS.title, tagged(c.title, self.lang), c.origin("title"))
        if c.summary:
            self.add(s, DCTERMS.description, tagged(c.summary, self.lang), c.origin("summary"))
        # tg:compares holds every listed term (the shape wants exactly two distinct ones); its
        # sub-properties firstTerm / secondTerm give the order the aspect values follow.
        for slug in c.terms:
            self.add(s, TG.compares, mint(slug), c.origin("terms"))
        for predicate, slug in zip((TG.firstTerm, TG.secondTerm), c.terms):
            self.add(s, predicate, mint(slug), c.origin("terms"))
        for n, aspect in enumerate(c.aspects, start=1):
            a = iris.aspect(c.slug, n)
            self.part(s, TG.aspect, a, TG.Aspect, n, Origin(c.path, aspect.line))
            self.add(a, RDFS.label, tagged(aspect.name, self.lang))
            self.add(a, TG.firstValue, tagged(aspect.first, self.lang))
            self.add(a, TG.secondValue, tagged(aspect.second, self.lang))
        self.dates(s, c.created, c.modified, c.origin("created"))


def build_statements(content: Content, page_size: int = PAGE_SIZE) -> tuple[Statements, Origins]:
    """The statements of a glossary (with index pages of `page_size` entries) and where each part came from."""
    return _Builder(content, page_size).build()
