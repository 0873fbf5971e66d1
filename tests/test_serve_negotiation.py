"""Content negotiation (termgraph.serve.negotiation): q-values, wildcards, ties, q=0, malformed headers."""
from __future__ import annotations

import pytest

from termgraph.dumps import formats
from termgraph.serve.negotiation import acceptable, negotiate, parse_accept

RDF = [f.media_type for f in formats.FORMATS]  # the format table drives the offers
TURTLE, JSONLD, NT, RDFXML = RDF


@pytest.mark.parametrize(("accept", "expected"), [
    (None, TURTLE),                                   # no header: the default (first offer)
    ("", TURTLE),
    ("   ", TURTLE),
    ("*/*", TURTLE),
    ("application/ld+json", JSONLD),
    ("APPLICATION/LD+JSON", JSONLD),                  # case-insensitive
    ("text/html, application/n-triples;q=0.5", NT),   # what is offered wins over what is preferred
    ("application/ld+json;q=0.5, application/rdf+xml;q=0.9", RDFXML),
    ("application/rdf+xml, application/ld+json", RDFXML),        # equal q: the client's order
    ("application/ld+json, application/rdf+xml", JSONLD),
    ("application/*, text/turtle;q=0.1", JSONLD),     # wildcard at q=1 beats a specific q=0.1; offers' order
    ("*/*;q=0.1, application/n-triples", NT),
    ("text/*;q=0.9, */*;q=0.5", TURTLE),
    ("*/*, text/turtle;q=0", JSONLD),                 # q=0 excludes even under a wildcard
    ("text/turtle;q=0, */*;q=0.1", JSONLD),
    ("application/ld+json;q=0.000", None),
    ("text/html", None),                              # nothing acceptable: 406
    ("application/ld+json;profile=x", None),          # a parameter the offer lacks does not match
    ("garbage, application/n-triples", NT),           # a malformed entry is skipped
    ("text/turtle;q=2, application/n-triples", NT),   # a bad q makes the entry malformed
    ("garbage", TURTLE),                              # nothing usable: as if absent
    ("application/ld+json;q=0.8;ext=1, text/turtle;q=0.8", JSONLD),
])
def test_negotiate(accept: str | None, expected: str | None) -> None:
    assert negotiate(accept, RDF) == expected


def test_offer_with_parameters_and_the_more_specific_range() -> None:
    offers = ["text/plain; charset=utf-8", "text/csv"]
    assert negotiate("text/plain;charset=UTF-8", offers) == offers[0]
    assert negotiate("text/*;q=0.2, text/csv;q=0.1", offers) == offers[0]
    assert negotiate("text/*;q=0.2, text/plain;q=0", offers) == "text/csv"


def test_acceptable_lists_best_first() -> None:
    assert acceptable("application/rdf+xml;q=0.5, text/turtle, */*;q=0.1", RDF) == [TURTLE, RDFXML, JSONLD, NT]
    assert acceptable("text/html", RDF) == []


def test_parse_accept_keeps_order_and_q() -> None:
    ranges = parse_accept("text/turtle;q=0.5, application/ld+json")
    assert [(str(r), r.q, r.position) for r in ranges] == [("text/turtle;q=0.5", 0.5, 0),
                                                           ("application/ld+json", 1.0, 1)]
