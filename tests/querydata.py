"""Shared test data of the query feature: a small glossary shaped to exercise every named query."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from termgraph.dumps.export import serialize
from termgraph.dumps.formats import by_name
from termgraph.pipeline import Build, build
from termgraph.sparql.results import Result, Rows
from termgraph.sparql.store import EmbeddedStore

QUERY_CONTENT = Path(__file__).resolve().parent / "data" / "query"

# Parameters each named query runs with in the tests (queries without parameters need none).
PARAMS: dict[str, dict[str, str]] = {
    "a-z": {"letter": "t"},
    "broader": {"term": "vision-transformer"},
    "by-mapping": {"iri": "http://www.wikidata.org/entity/Q85810444"},
    "category": {"category": "architecture"},
    "comparisons": {"term": "transformer"},
    "find-term": {"text": "trans"},
    "has-term": {"term": "transformer"},
    "level": {"level": "advanced"},
    "narrower": {"term": "machine-learning"},
    "recently-modified": {"since": "2026-02-15"},
    "related": {"term": "gradient-descent"},
    "term": {"term": "transformer"},
    "term-by-label": {"label": "Transformeur de vision@fr"},
    "term-graph": {"term": "transformer"},
    "term-of-the-day": {"date": "2026-03-01"},
    "two-hops": {"term": "machine-learning"},
}


@lru_cache(maxsize=1)
def built() -> Build:
    return build(QUERY_CONTENT)


@lru_cache(maxsize=2)
def embedded(engine: str = "oxigraph") -> EmbeddedStore:
    return EmbeddedStore.from_graph(built().graph, engine)


def dump(path: Path) -> Path:
    """The test glossary as N-Triples at `path` (what `termgraph build` would write)."""
    path.write_bytes(serialize(built().graph, by_name("ntriples")))
    return path


def strings(result: Result) -> list[tuple[str, ...]]:
    """Rows as tuples of lexical forms ('' for unbound): what the assertions compare."""
    assert isinstance(result, Rows), result
    return [tuple("" if t is None else str(t) for t in row) for row in result.rows]
