"""Validate a graph held in a pyoxigraph Store: the compiled shapes run as whole-graph queries, on every core.

pyoxigraph releases the GIL while it evaluates a query, so the queries run in a thread pool: no fork, no copy of
the store. Each thread turns its rows into plain results; mapping them to findings happens afterwards.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from termgraph.model.graph import Origins
from termgraph.model.iris import Iris
from termgraph.validate.compiler import Check, Rule, compile_shapes
from termgraph.validate.locate import Locator, Raw
from termgraph.validate.report import Report, Severity

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_SUBCLASS_OF = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")


def validate_store(store: ox.Store, origins: Origins, iris: Iris, language: str, *,
                   shapes: Path | None = None, workers: int | None = None) -> Report:
    """Run the SHACL shapes (default ontology/shapes.ttl) over the whole store; findings located in the content."""
    subclasses = next(store.quads_for_pattern(None, _SUBCLASS_OF, None), None) is not None
    checks = compile_shapes(language, subclasses, shapes)
    workers = workers or min(len(checks), os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        # the slowest queries first, so that two threads finish together: count queries scan every focus node
        ordered = sorted(checks, key=lambda c: c.kind != "count")
        raws = [raw for batch in pool.map(lambda c: list(_run(store, c)), ordered) for raw in batch]
    locator = Locator(origins, iris, lambda iri: _is_typed(store, iri), lambda: _typed_subjects(store))
    return Report.of(locator.finding(raw) for raw in raws)


def _run(store: ox.Store, check: Check) -> Iterator[Raw]:
    solutions = store.query(check.query)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    depth = len(check.chain)
    for row in solutions:
        focus = row["this"]
        if check.kind == "sparql":
            yield _sparql_result(check.rules[0], row, names)
        else:
            value = row["_v"] if check.kind == "value" else None
            for i, rule in enumerate(check.rules):
                if _true(row[f"_c{i}"]):
                    yield _raw(rule, focus, rule.path, value)
        # sh:node: each ancestor's value failed the referenced shape
        lineage = [focus] + [row[f"_a{k}"] for k in range(1, depth + 1)]
        for k, rule in enumerate(check.chain, start=1):
            yield _raw(rule, lineage[k], rule.path, lineage[k - 1])


def _true(term: object) -> bool:
    return isinstance(term, ox.Literal) and term.value in ("true", "1")


def _raw(rule: Rule, focus: ox.NamedNode | ox.BlankNode | ox.Literal, path: str | None,
         value: object, message: str | None = None) -> Raw:
    severity: Severity = rule.severity  # type: ignore[assignment]
    return Raw(rule.shape, severity, message or rule.message, focus.value, path,
               value.value if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)) else None,
               isinstance(value, ox.NamedNode))


def _sparql_result(rule: Rule, row: ox.QuerySolution, names: list[str]) -> Raw:
    """As SHACL-SPARQL says: ?this, ?path, ?value (the focus node when unbound); {?var} in the message filled in."""
    focus, path, value = row["this"], row["path"], row["value"]
    value = value if value is not None else focus
    bound = {n: row[n] for n in names if not n.startswith("_") and n not in ("this", "path", "value")}
    bound.update({"this": focus, "value": value} | ({"path": path} if path is not None else {}))
    message = rule.message
    for name, term in bound.items():
        if term is not None:
            message = re.sub(r"\{[?$]" + re.escape(name) + r"\}", _replacement(term.value), message)
    return _raw(rule, focus, path.value if isinstance(path, ox.NamedNode) else None, value, message)


def _replacement(text: str) -> Callable[[re.Match[str]], str]:
    """The text as it is (a label with a backslash is no regex template)."""
    return lambda _: text


def _is_typed(store: ox.Store, iri: str) -> bool:
    try:
        node = ox.NamedNode(iri)
    except ValueError:  # an IRI the content got wrong cannot be a resource of the graph
        return False
    return next(store.quads_for_pattern(node, RDF_TYPE, None), None) is not None


def _typed_subjects(store: ox.Store) -> Iterator[str]:
    for quad in store.quads_for_pattern(None, RDF_TYPE, None):
        if not isinstance(quad.subject, ox.Triple):
            yield quad.subject.value
