"""Index pages: the listings the paged named queries read, cut small so every listing spans many pages."""
from __future__ import annotations

from functools import lru_cache
from itertools import count, pairwise

import pyoxigraph
import pytest
from conftest import ROOT, rdflib_graph
from querydata import strings
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF

from termgraph import run_query
from termgraph.content.reader import Content, Term, load_content
from termgraph.dumps import ntriples
from termgraph.model.graph import build_statements

TG = Namespace("https://termgraph.org/ns#")
from termgraph.model.pages import sort_key
from termgraph.sparql.store import EmbeddedStore

PAGE_SIZE = 7  # our glossary has 17-25 terms a category: three or four pages each


@lru_cache(maxsize=1)
def glossary() -> Content:
    return load_content(ROOT / "content")


@lru_cache(maxsize=1)
def paged() -> EmbeddedStore:
    statements, _ = build_statements(glossary(), page_size=PAGE_SIZE)
    return EmbeddedStore.from_graph(rdflib_graph(statements))


def listing(terms: list[Term]) -> list[str]:
    """What a listing holds, in order: the terms that are not deprecated, by lower-cased label then slug."""
    lang = glossary().glossary.language
    return [t.slug for t in sorted((t for t in terms if not t.deprecated), key=lambda t: (t.labels[lang].lower(), t.slug))]


def all_pages(query: str, **params: str) -> list[str]:
    """The slugs of every page of a paged query, page after page, until one comes back empty."""
    slugs: list[str] = []
    for page in count(1):
        rows = strings(run_query(query, {**params, "page": str(page)}, store=paged()))
        assert len(rows) <= PAGE_SIZE
        if not rows:
            return slugs
        slugs += [row[0] for row in rows]
    raise AssertionError("unreachable")


def test_the_pages_of_each_category_and_level_are_its_terms_in_label_order() -> None:
    terms = list(glossary().terms)
    for category in glossary().glossary.categories:
        expected = listing([t for t in terms if t.category == category.slug])
        assert len(expected) > 2 * PAGE_SIZE
        assert all_pages("category", category=category.slug) == expected
    for level in glossary().glossary.levels:
        assert all_pages("level", level=level.slug) == listing([t for t in terms if t.level == level.slug])


def test_the_pages_of_each_letter_are_the_terms_it_begins_in_label_order() -> None:
    lang = glossary().glossary.language
    letters = {t.labels[lang][0].upper() for t in glossary().terms}
    assert len(letters) > 15
    for letter in letters:
        expected = listing([t for t in glossary().terms if t.labels[lang][0].upper() == letter])
        assert all_pages("a-z", letter=letter.lower()) == expected
    rows = strings(run_query("a-z-letters", store=paged()))
    assert [(letter, int(terms)) for letter, terms, _ in rows] == \
        sorted((letter, len(listing([t for t in glossary().terms if t.labels[lang][0].upper() == letter])))
               for letter in letters)
    assert all(int(pages) == -(-int(terms) // PAGE_SIZE) for _, terms, pages in rows)


def names(term: Term) -> list[str]:
    return [*term.labels.values(), *(alias for aliases in term.aliases.values() for alias in aliases)]


def texts_to_find() -> list[str]:
    """Beginnings of every name (short and long, odd case), and texts between, before and after all names."""
    found = {"0", "zzzz", "é", "transformer-x"}
    for term in glossary().terms:
        for name in names(term):
            found |= {name[:1], name[:3].upper(), name[:6], name, name + "s"}
    return sorted(found)


@pytest.mark.parametrize("chunk", range(4))
def test_find_term_over_the_names_index_finds_what_a_scan_of_every_name_finds(chunk: int) -> None:
    texts = texts_to_find()[chunk::4]
    lang = glossary().glossary.language
    for text in texts:
        expected = sorted({(t.slug, t.labels[lang], name) for t in glossary().terms for name in names(t)
                           if name.lower().startswith(text.lower())})
        rows = strings(run_query("find-term", {"text": text}, store=paged()))
        assert sorted((slug, label, matched) for slug, label, matched, _, _ in rows) == expected, text


def test_pages_are_numbered_from_one_and_hold_at_most_the_page_size() -> None:
    graph = rdflib_graph(build_statements(glossary(), page_size=PAGE_SIZE)[0])
    pages = set(graph.subjects(RDF.type, TG.IndexPage))
    listed = {page: set(graph.subjects(TG.listedOn, page)) for page in pages}
    assert all(0 < len(terms) <= PAGE_SIZE for terms in listed.values())
    names_pages = {p for p in pages if (p, TG.firstKey, None) in graph}
    deprecated = {t.slug for t in glossary().terms if t.deprecated}
    for page in pages - names_pages:
        assert not {str(t).rsplit("/", 1)[1] for t in listed[page]} & deprecated
    numbers = sorted(int(graph.value(p, TG.pageNumber)) for p in names_pages)  # type: ignore[arg-type]
    assert numbers == list(range(1, len(numbers) + 1))
    keys = [(str(graph.value(p, TG.firstKey)), str(graph.value(p, TG.lastKey)))
            for p in sorted(names_pages, key=lambda p: int(graph.value(p, TG.pageNumber)))]  # type: ignore[arg-type]
    assert all(first <= last for first, last in keys)
    assert all(a[1] <= b[0] for a, b in pairwise(keys))
    assert (None, TG.initial, Literal("T")) in graph


def test_a_page_past_the_end_is_empty_and_the_default_is_the_first() -> None:
    assert strings(run_query("category", {"category": "training", "page": "99"}, store=paged())) == []
    assert strings(run_query("category", {"category": "training"}, store=paged())) == \
        strings(run_query("category", {"category": "training", "page": "1"}, store=paged()))


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_sort_key_is_what_sparql_lcase_gives(engine: str) -> None:
    """Pages are cut by Python's lower(); the queries order and compare with LCASE: they must agree."""
    texts = ["İstanbul", "ΣΊΣΥΦΟΣ", "Straße", "ẞ", "ǅ", "Ω", "K", "Éclair", "ÅNGSTRÖM"]
    store = EmbeddedStore(pyoxigraph.Store()) if engine == "oxigraph" else EmbeddedStore(Graph())
    values = " ".join(ntriples.term(Literal(text)) for text in texts)
    rows = strings(store.query(f"SELECT ?t (LCASE(?t) AS ?lower) WHERE {{ VALUES ?t {{ {values} }} }}"))
    assert sorted(rows) == sorted((text, sort_key(text)) for text in texts)
