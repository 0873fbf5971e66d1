"""What to say when a query answers nothing: the glossary is in a named graph of the endpoint, or the term,
category or level asked for does not exist (with the nearest slugs)."""
from __future__ import annotations

import difflib
from collections.abc import Mapping

from termgraph.sparql.queries import NamedQuery
from termgraph.sparql.results import Boolean, Result, Rows, Triples
from termgraph.sparql.store import Store

SKOS = "http://www.w3.org/2004/02/skos/core#"
# the parameters that name a slug, and the class of the things they name
SLUG_PARAMETERS = {"term": "https://schema.org/DefinedTerm", "category": "https://termgraph.org/ns#Category",
                   "level": "https://termgraph.org/ns#Level"}


def is_empty(result: Result) -> bool:
    return not isinstance(result, Boolean) and isinstance(result, (Rows, Triples)) and len(result) == 0


def glossary_graphs(store: Store) -> list[str]:
    """The named graphs of a store that hold a SKOS concept scheme (where `termgraph publish` puts a glossary)."""
    found = store.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s a <{SKOS}ConceptScheme> }} }} LIMIT 10",
                        timeout=30)
    return sorted(str(row[0]) for row in found) if isinstance(found, Rows) else []


def missing_slugs(store: Store, named: NamedQuery, values: Mapping[str, str]) -> list[str]:
    """One sentence per term / category / level parameter whose value names nothing in the glossary."""
    messages = []
    for name, kind in SLUG_PARAMETERS.items():
        value = values.get(name)
        if value is None or named.parameter(name) is None or named.parameter(name).type != "string":  # type: ignore[union-attr]
            continue
        found = store.query(f"SELECT DISTINCT ?n WHERE {{ ?x a <{kind}> ; <{SKOS}notation> ?n }}", timeout=30)
        slugs = sorted(str(row[0]) for row in found) if isinstance(found, Rows) else []
        if value in slugs:
            continue
        close = difflib.get_close_matches(value, slugs, n=3, cutoff=0.6)
        hint = f"did you mean {', '.join(close)}?" if close else \
            f"`termgraph query {'find-term -p text=...' if name == 'term' else 'statistics'}` lists them"
        messages.append(f"there is no {name} {value!r} in the glossary; {hint}")
    return messages
