"""The one place where IRIs are minted: from the base IRI and slugs, never from labels.

IRIs are plain strings here (no RDF library on the build path); wrap them in rdflib's URIRef where rdflib
is used.
"""
from __future__ import annotations

from dataclasses import dataclass
from sys import intern


class Namespace:
    """A namespace whose attributes and items are the IRIs in it: SKOS.prefLabel, DCTERMS["title"].

    Not a str subclass, so that names like `title` or `format` are IRIs, not str methods."""

    def __init__(self, iri: str):
        self._iri = iri

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        iri = self._iri + name
        setattr(self, name, iri)  # one string per IRI, however many statements use it (and no second lookup)
        return iri

    def __getitem__(self, name: str) -> str:
        return self._iri + name

    def __str__(self) -> str:
        return self._iri

    def __repr__(self) -> str:
        return f"Namespace({self._iri!r})"


DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
VOID = Namespace("http://rdfs.org/ns/void#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
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
    def scheme(self) -> str:
        """The glossary itself (also the default named graph when publishing)."""
        return self.base

    @property
    def categories(self) -> str:
        return f"{self.base}categories"

    @property
    def levels(self) -> str:
        return f"{self.base}levels"

    @property
    def publisher(self) -> str:
        return f"{self.base}publisher"

    @property
    def dataset(self) -> str:
        return f"{self.base}dataset"

    def term(self, slug: str) -> str:
        return intern(f"{self.base}term/{slug}")  # one string however often it is linked to

    def category(self, slug: str) -> str:
        return intern(f"{self.base}category/{slug}")  # one string however often it is linked to

    def level(self, slug: str) -> str:
        return intern(f"{self.base}level/{slug}")  # one string however often it is linked to

    def comparison(self, slug: str) -> str:
        return f"{self.base}comparison/{slug}"

    def dump(self, filename: str) -> str:
        return f"{self.base}dumps/{filename}"

    # Parts of a term or comparison are fragments of its IRI: they dereference to the same page.
    def faq(self, slug: str, n: int) -> str:
        return f"{self.term(slug)}#faq-{n}"

    def answer(self, slug: str, n: int) -> str:
        return f"{self.term(slug)}#faq-{n}-answer"

    def source(self, slug: str, n: int) -> str:
        return f"{self.term(slug)}#source-{n}"

    def aspect(self, slug: str, n: int) -> str:
        return f"{self.comparison(slug)}#aspect-{n}"

    def parse(self, iri: str) -> tuple[str, str] | None:
        """(kind, slug) for an IRI minted here, e.g. ('term', 'transformer'); None otherwise."""
        if not iri.startswith(self.base):
            return None
        kind, _, rest = iri[len(self.base):].partition("/")
        slug = rest.split("#", 1)[0]
        return (kind, slug) if kind in KINDS and slug else None
