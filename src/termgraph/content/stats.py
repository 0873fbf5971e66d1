"""Counts that tell an editor the shape of the glossary: per category and level, links, orphans, clusters."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass

from termgraph.content.reader import Content


@dataclass(frozen=True)
class Stats:
    terms: int
    comparisons: int
    by_category: dict[str, int]  # category slug -> terms, in glossary order
    by_level: dict[str, int]
    related_links: int  # undirected pairs
    broader_links: int
    sources: int
    faq_entries: int
    orphans: tuple[str, ...]  # terms with no related, broader or narrower term
    related_clusters: int  # connected components of the related-terms graph

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)


def compute_stats(content: Content) -> Stats:
    slugs = {t.slug for t in content.terms}
    related = {frozenset((t.slug, o)) for t in content.terms for o in t.related if o in slugs and o != t.slug}
    broader = {(t.slug, o) for t in content.terms for o in t.broader if o in slugs}
    linked = {s for pair in related for s in pair} | {s for pair in broader for s in pair}
    categories, levels = Counter(t.category for t in content.terms), Counter(t.level for t in content.terms)
    return Stats(
        terms=len(content.terms),
        comparisons=len(content.comparisons),
        by_category={c.slug: categories[c.slug] for c in content.glossary.categories},
        by_level={lv.slug: levels[lv.slug] for lv in content.glossary.levels},
        related_links=len(related),
        broader_links=len(broader),
        sources=sum(len(t.sources) for t in content.terms),
        faq_entries=sum(len(t.faq) for t in content.terms),
        orphans=tuple(sorted(slugs - linked)),
        related_clusters=_components(slugs, related),
    )


def _components(nodes: set[str], edges: set[frozenset[str]]) -> int:
    parent = {n: n for n in nodes}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for edge in edges:
        a, b = tuple(edge)
        parent[root(a)] = root(b)
    return len({root(n) for n in nodes})
