"""The one place where IRIs are minted: from the base IRI and slugs, never from labels."""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SH, SKOS, VOID, XSD

TG = Namespace("https://termgraph.org/ns#")
SCHEMA = Namespace("https://schema.org/")
DBPEDIA = Namespace("http://dbpedia.org/resource/")
WIKIPEDIA = "https://en.wikipedia.org/wiki/"

# Prefixes bound in every serialization, in this order (Turtle headers are byte-stable).
PREFIXES: dict[str, str] = {
    "dcat": str(DCAT), "dcterms": str(DCTERMS), "foaf": str(FOAF), "owl": str(OWL), "rdf": str(RDF),
    "rdfs": str(RDFS), "schema": str(SCHEMA), "sh": str(SH), "skos": str(SKOS), "tg": str(TG),
    "void": str(VOID), "xsd": str(XSD),
}

KINDS = ("term", "category", "level", "comparison")


@dataclass(frozen=True)
class Iris:
    """IRIs of one glossary, all under its base IRI."""

    base: str

    @property
    def scheme(self) -> URIRef:
        """The glossary itself (also the default named graph when publishing)."""
        return URIRef(self.base)

    @property
    def categories(self) -> URIRef:
        return URIRef(f"{self.base}categories")

    @property
    def levels(self) -> URIRef:
        return URIRef(f"{self.base}levels")

    @property
    def publisher(self) -> URIRef:
        return URIRef(f"{self.base}publisher")

    @property
    def dataset(self) -> URIRef:
        return URIRef(f"{self.base}dataset")

    def term(self, slug: str) -> URIRef:
        return URIRef(f"{self.base}term/{slug}")

    def category(self, slug: str) -> URIRef:
        return URIRef(f"{self.base}category/{slug}")

    def level(self, slug: str) -> URIRef:
        return URIRef(f"{self.base}level/{slug}")

    def comparison(self, slug: str) -> URIRef:
        return URIRef(f"{self.base}comparison/{slug}")

    def dump(self, filename: str) -> URIRef:
        return URIRef(f"{self.base}dumps/{filename}")

    # Parts of a term or comparison are fragments of its IRI: they dereference to the same page.
    def faq(self, slug: str, n: int) -> URIRef:
        return URIRef(f"{self.term(slug)}#faq-{n}")

    def answer(self, slug: str, n: int) -> URIRef:
        return URIRef(f"{self.term(slug)}#faq-{n}-answer")

    def source(self, slug: str, n: int) -> URIRef:
        return URIRef(f"{self.term(slug)}#source-{n}")

    def aspect(self, slug: str, n: int) -> URIRef:
        return URIRef(f"{self.comparison(slug)}#aspect-{n}")

    def parse(self, iri: str) -> tuple[str, str] | None:
        """(kind, slug) for an IRI minted here, e.g. ('term', 'transformer'); None otherwise."""
        if not iri.startswith(self.base):
            return None
        kind, _, rest = iri[len(self.base):].partition("/")
        slug = rest.split("#", 1)[0]
        return (kind, slug) if kind in KINDS and slug else None
