"""Index pages: the alphabetical listings of the glossary cut into pages, stored in the graph.

A SPARQL engine has no ordered index over labels: "the first 250 terms of a category by label" makes it
read and sort every term of the category, and "labels starting with 'trans'" makes it read every label.
At 100,000 terms that is 0.1-1 s a query on Oxigraph. So the build writes these orders down once:

- each category, each level and each initial letter (the A-Z index) has numbered pages of at most
  PAGE_SIZE terms in label order (deprecated terms left out); a term is `tg:listedOn` its pages, and a
  query for page N of a listing reads those terms only;
- the names index puts every label and alias (any language, deprecated terms included) in order; each of
  its pages records its first and last key, so a prefix search reads the few pages whose key range can
  hold the prefix and checks only the terms listed on them.

Keys are the lower-cased text (SPARQL's LCASE), so a query's ORDER BY LCASE(?label) ?slug agrees with the
order the pages were cut in.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import TypeVar
from urllib.parse import quote

from termgraph.content.reader import Content
from termgraph.model.iris import RDF, TG, XSD, Iris
from termgraph.model.statements import Lit, Triple, plain, typed
from termgraph.model.terms import term_minter

PAGE_SIZE = 250

T = TypeVar("T")


def sort_key(text: str) -> str:
    """The key labels are ordered by: what SPARQL's LCASE gives (full Unicode lower-casing)."""
    return text.lower()


def index_pages(content: Content, page_size: int = PAGE_SIZE) -> Iterator[Triple]:
    """The triples of every index page of a glossary and of the links from terms to them."""
    iris, lang = Iris(content.glossary.base_iri), content.glossary.language
    term = term_minter(content)  # an imported vocabulary keeps its own term IRIs (issue 13)
    terms = sorted(((sort_key(t.labels[lang]), t) for t in content.terms if lang in t.labels and not t.deprecated),
                   key=lambda entry: (entry[0], entry[1].slug))
    # (page IRI without its number, predicate and object saying what is listed) -> the slugs, in order
    listings: dict[tuple[str, str, str | Lit], list[str]] = defaultdict(list)
    for key, t in terms:
        if t.category:
            category = iris.category(t.category)
            listings[(f"{category}#page-", TG.pageOf, category)].append(t.slug)
        if t.level:
            level = iris.level(t.level)
            listings[(f"{level}#page-", TG.pageOf, level)].append(t.slug)
        if key:
            initial = key[0].upper()
            listings[(f"{iris.base}#a-z-{quote(initial, safe='')}-page-", TG.initial, plain(initial))].append(t.slug)
    for (prefix, predicate, listed), slugs in listings.items():
        for n, chunk in enumerate(_chunks(slugs, page_size), start=1):
            page = f"{prefix}{n}"
            yield page, RDF.type, TG.IndexPage
            yield page, TG.pageNumber, typed(str(n), XSD.integer)
            yield page, predicate, listed
            for slug in chunk:
                yield term(slug), TG.listedOn, page
    yield from _names_index(content, iris, page_size)


def _names_index(content: Content, iris: Iris, page_size: int) -> Iterator[Triple]:
    names = sorted({(sort_key(name), t.slug) for t in content.terms
                    for name in [*t.labels.values(), *(a for aliases in t.aliases.values() for a in aliases)]})
    term = term_minter(content)
    for n, chunk in enumerate(_chunks(names, page_size), start=1):
        page = f"{iris.base}#names-page-{n}"
        yield page, RDF.type, TG.IndexPage
        yield page, TG.pageNumber, typed(str(n), XSD.integer)
        yield page, TG.firstKey, plain(chunk[0][0])
        yield page, TG.lastKey, plain(chunk[-1][0])
        for slug in sorted({slug for _, slug in chunk}):
            yield term(slug), TG.listedOn, page


def _chunks(entries: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(entries), size):
        yield entries[start:start + size]
