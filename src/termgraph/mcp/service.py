"""What the MCP tools do, without the protocol: plain methods over a loaded glossary that return JSON-ready
dicts or raise ToolInput (a message for the model: what was wrong and what to try instead).

Loading reuses `termgraph serve`'s (termgraph.serve.load: a dump, a content folder built and validated, or a
remote endpoint) and the web layer's reading of the graph (termgraph.web.glossary: summaries of every term at
start-up, a term's description by index lookups) and its search index (SQLite FTS5 with typo tolerance, built
in the background). SPARQL runs with the endpoint's safety: SERVICE refused (termgraph.sparql.store), a time
limit (the query runs in a forked child killed at the deadline) and a row limit.
"""
from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from termgraph.errors import TermgraphError
from termgraph.web.glossary import Summary, pick
from termgraph.web.llms import brief, details_markdown, term_details
from termgraph.web.pages import Pages
from termgraph.web.search import fold

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 1000
MAX_PAGE = 100
MAX_SEARCH = 50


class ToolInput(TermgraphError):
    """A tool was called with something the glossary cannot answer: the message says why and what to try."""


@dataclass(frozen=True)
class Limits:
    timeout: float = DEFAULT_TIMEOUT  # seconds a SPARQL query may run
    max_rows: int = DEFAULT_MAX_ROWS  # rows (or triples) a SPARQL answer is cut to
    allow_service: bool = False


def _node(term: Any) -> Any:
    """An rdflib term as JSON: IRIs and plain literals as strings, other literals with their tag or datatype."""
    from rdflib import BNode, Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        if term.language:
            return {"value": str(term), "lang": term.language}
        if term.datatype and not str(term.datatype).endswith("#string"):
            return {"value": str(term), "datatype": str(term.datatype)}
        return str(term)
    return f"_:{term}" if isinstance(term, BNode) else str(term)


class GlossaryService:
    def __init__(self, loaded: Any, pages: Pages, limits: Limits = Limits()):
        self.loaded = loaded
        self.pages = pages
        self.g = pages.glossary
        self.limits = limits
        self.started = time.perf_counter()
        self.names: dict[str, list[tuple[int, str]]] = defaultdict(list)  # folded name -> [(rank, slug)]
        for t in self.g.terms.values():
            self.names[fold(t.slug)].append((0, t.slug))
            for label in t.labels.values():
                self.names[fold(label)].append((1, t.slug))
            for _, alias in t.aliases:
                self.names[fold(alias)].append((2, t.slug))
        self._by_facet: dict[tuple[str, str], list[Summary]] = {}

    @classmethod
    def load(cls, *, content: Path | str | None = None, data: Path | str | None = None,
             endpoint: str | None = None, graph: str | None = None, limits: Limits = Limits(),
             progress: Callable[[str], None] | None = None) -> GlossaryService:
        """Load as `termgraph serve` does, then read the glossary and start building the search index."""
        from termgraph.serve import load
        from termgraph.web.glossary import Glossary
        from termgraph.web.source import open_source

        if content is None and data is None and endpoint is None:
            content = "content"
        loaded = load(content=content, data=data, endpoint=endpoint, graph=graph, progress=progress)
        # index lookups on the in-process Oxigraph store; SPARQL SELECTs on a remote one
        source = open_source(loaded.backend if loaded.backend is not None else loaded.store)
        pages = Pages(Glossary.load(source, loaded.base_iri or "", loaded.language))
        pages.prepare_search()
        return cls(loaded, pages, limits)

    # --- helpers ------------------------------------------------------------------------------------

    def _language(self, language: str | None) -> str:
        if not language:
            return self.g.language
        for code in self.g.languages:
            if code.lower() == language.lower():
                return code
        raise ToolInput(f"the glossary has no text in language {language!r}; its languages: "
                        + ", ".join(self.g.languages or [self.g.language]))

    def _did_you_mean(self, text: str) -> str:
        found = [t.slug for t in self.g.suggestions(text.replace("-", " "))]
        if len(found) < 5 and text.strip():
            found += [h.slug for h in self.pages.search_index.search(text[:200], limit=5) if h.slug not in found]
        if not found:
            return " Try the `search` tool with other words."
        shown = [f"{self.g.terms[s].label(self.g.language, self.g.language)} ({s})" for s in found[:5]]
        return " Did you mean: " + "; ".join(shown) + "?"

    def resolve(self, term: str) -> Summary:
        """A term by slug, IRI, label or alias (case and accents ignored); ToolInput with suggestions if none."""
        text = (term or "").strip()
        if not text:
            raise ToolInput("give a term: its label (e.g. 'Transformer'), an alias or acronym, or its slug")
        if text in self.g.terms:
            return self.g.terms[text]
        prefix = self.g.base + "term/"
        if text.startswith(prefix) and text[len(prefix):] in self.g.terms:
            return self.g.terms[text[len(prefix):]]
        found = sorted(self.names.get(fold(" ".join(text.split())), []),
                       key=lambda rs: (rs[0], self.g.terms[rs[1]].deprecated, rs[1]))
        if found:
            return self.g.terms[found[0][1]]
        raise ToolInput(f"no term {text!r} in the glossary.{self._did_you_mean(text)}")

    def _facet(self, kind: str, slug: str) -> list[Summary]:
        key = (kind, slug)
        if key not in self._by_facet:
            lang = self.g.language
            terms = [t for t in self.g.terms.values() if not t.deprecated
                     and (t.category if kind == "category" else t.level) == slug]
            self._by_facet[key] = sorted(terms, key=lambda t: (fold(t.label(lang, lang)), t.slug))
        return self._by_facet[key]

    def _concept_slug(self, kind: str, value: str) -> str:
        table = self.g.categories if kind == "category" else self.g.levels
        wanted = fold(value.strip())
        for c in table.values():
            if wanted in (fold(c.slug), fold(c.iri), *(fold(x) for x in c.labels.values())):
                return c.slug
        raise ToolInput(f"no {kind} {value!r}; the {kind}s are: "
                        + ", ".join(f"{c.slug} ({pick(c.labels, self.g.language, self.g.language)})"
                                    for c in table.values()))

    # --- the tools ----------------------------------------------------------------------------------

    def lookup(self, term: str, language: str | None = None) -> dict[str, Any]:
        lang = self._language(language)
        t = self.resolve(term)
        g = self.g
        out = brief(self.pages, t, lang)
        out["aliases"] = [a for code, a in t.aliases if code == lang]
        for kind in ("category", "level"):
            slug = getattr(t, kind)
            c = (g.categories if kind == "category" else g.levels).get(slug or "")
            out[kind] = {"slug": c.slug, "label": pick(c.labels, lang, g.language), "iri": c.iri} if c else None
        out["language"] = lang
        out["cite"] = t.iri
        return out

    def explain(self, term: str, language: str | None = None) -> dict[str, Any]:
        lang = self._language(language)
        t = self.resolve(term)
        details = term_details(self.pages, t.slug, lang)
        assert details is not None
        details["cite"] = t.iri
        return details

    def markdown(self, slug: str) -> str:
        details = term_details(self.pages, slug)
        if details is None:
            raise ToolInput(f"no term {slug!r} in the glossary.{self._did_you_mean(slug)}")
        return details_markdown(details)

    def search(self, query: str, limit: int = 10, offset: int = 0) -> dict[str, Any]:
        text = (query or "").strip()
        if not text:
            raise ToolInput("give words to search for, e.g. 'attention heads' or 'RAG'")
        hits = self.pages.search_index.search(text[:200])
        page = hits[offset:offset + limit]
        results = [{**brief(self.pages, self.g.terms[h.slug]), "matched": h.matched or None, "score": h.score}
                   for h in page if h.slug in self.g.terms]
        out: dict[str, Any] = {"query": text, "total": len(hits), "offset": offset, "limit": limit,
                               "results": results}
        if offset + limit < len(hits):
            out["next_offset"] = offset + limit
        if not hits:
            out["hint"] = "nothing matched; try fewer or other words, an acronym, or list_terms by category"
        return out

    def compare(self, first: str, second: str) -> dict[str, Any]:
        a, b = self.resolve(first), self.resolve(second)
        if a.slug == b.slug:
            raise ToolInput(f"{first!r} and {second!r} are the same term ({a.slug}); compare two different terms")
        g, lang = self.g, self.g.language
        shared = [c for c in g.comparisons_of.get(a.slug, []) if c in g.comparisons_of.get(b.slug, [])]
        terms = [brief(self.pages, a), brief(self.pages, b)]
        if shared:
            view = self.pages.comparison_view(shared[0], lang)
            assert view is not None
            return {"comparison": view["iri"], "title": view["title"], "summary": view["summary"],
                    "terms": terms, "aspects": [{"aspect": x["name"], "first": x["first"], "second": x["second"]}
                                                for x in view["aspects"]],
                    "first_term_in_aspects": view["terms"][0]["slug"] if view["terms"] else None,
                    "cite": [view["iri"], a.iri, b.iri]}
        details = [term_details(self.pages, t.slug, lang) for t in (a, b)]
        related = [{x["iri"] for x in d["related"]} if d else set() for d in details]
        return {"comparison": None,
                "note": "the glossary has no written comparison of these two terms: their definitions side by side",
                "terms": terms,
                "directly_related": a.iri in related[1] or b.iri in related[0],
                "shared_related": sorted(related[0] & related[1]),
                "cite": [a.iri, b.iri]}

    def list_terms(self, category: str | None = None, level: str | None = None, page: int = 1,
                   page_size: int = 50) -> dict[str, Any]:
        if not category and not level:
            raise ToolInput("give a category or a level (or both); `glossary_overview` lists them")
        chosen: list[Summary] | None = None
        facets: dict[str, str] = {}
        for kind, value in (("category", category), ("level", level)):
            if value:
                slug = self._concept_slug(kind, value)
                facets[kind] = slug
                terms = self._facet(kind, slug)
                chosen = terms if chosen is None else [t for t in chosen if getattr(t, kind) == slug]
        assert chosen is not None
        pages = max(1, -(-len(chosen) // page_size))
        if page > pages:
            raise ToolInput(f"page {page} is past the last page ({pages}) of {len(chosen)} terms")
        start = (page - 1) * page_size
        out: dict[str, Any] = {**facets, "total": len(chosen), "page": page, "pages": pages,
                               "page_size": page_size,
                               "results": [brief(self.pages, t) for t in chosen[start:start + page_size]]}
        if page < pages:
            out["next_page"] = page + 1
        return out

    def overview(self) -> dict[str, Any]:
        from termgraph.sparql.queries import named_queries

        g, lang = self.g, self.g.language
        counts = {kind: {k: 0 for k in (g.categories if kind == "category" else g.levels)}
                  for kind in ("category", "level")}
        for t in g.terms.values():
            if not t.deprecated:
                for kind in ("category", "level"):
                    slug = getattr(t, kind)
                    if slug in counts[kind]:
                        counts[kind][slug] += 1
        return {
            "iri": g.base, "title": pick(g.title, lang, lang), "description": pick(g.description, lang, lang),
            "language": lang, "languages": g.languages or [lang],
            "terms": sum(1 for t in g.terms.values() if not t.deprecated), "comparisons": len(g.comparisons),
            "categories": [{"slug": c.slug, "label": pick(c.labels, lang, lang), "iri": c.iri,
                            "terms": counts["category"][c.slug]} for c in g.categories.values()],
            "levels": [{"slug": c.slug, "label": pick(c.labels, lang, lang), "iri": c.iri,
                        "terms": counts["level"][c.slug]} for c in g.levels.values()],
            "named_queries": [{"name": q.name, "title": q.title,
                               "parameters": [{"name": p.name, "type": p.type, "required": p.required,
                                               "doc": p.doc} for p in q.parameters]}
                              for q in named_queries().values()],
        }

    def _store(self) -> Any:
        return self.loaded.store

    def _result(self, result: Any) -> dict[str, Any]:
        from termgraph.sparql.results import Boolean, Rows

        if isinstance(result, Boolean):
            return {"boolean": bool(result.value)}
        if isinstance(result, Rows):
            rows = [{v: _node(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
            return {"variables": list(result.variables), "rows": rows, "count": len(rows),
                    "truncated": bool(result.truncated)}
        triples = [[_node(x) for x in triple] for triple in result.triples]
        return {"triples": triples, "count": len(triples), "truncated": bool(getattr(result, "truncated", False))}

    def _limit(self, limit: int) -> int:
        return min(limit, self.limits.max_rows) if self.limits.max_rows else limit

    def sparql(self, query: str, limit: int = 100) -> dict[str, Any]:
        from termgraph.sparql.syntax import mentions_service

        text = query or ""
        if not text.strip():
            raise ToolInput("give a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)")
        if len(text) > 100_000:
            raise ToolInput("the query is longer than 100,000 characters")
        if not self.limits.allow_service and mentions_service(text):
            raise ToolInput("SERVICE clauses are refused: they make the server fetch other endpoints")
        rows = self._limit(limit)
        try:
            result = self._store().query(text, limit=rows, timeout=self.limits.timeout)
        except TermgraphError as exc:
            raise ToolInput(str(exc)) from None
        out = self._result(result)
        if out.get("truncated"):
            out["note"] = f"cut to {rows} rows (the limit); add LIMIT/OFFSET or narrow the query"
        return out

    def named_query(self, name: str, parameters: dict[str, str] | None = None, limit: int = 100) -> dict[str, Any]:
        from termgraph.sparql.queries import named_queries
        from termgraph.sparql.store import run_query

        queries = named_queries()
        if name not in queries:
            raise ToolInput(f"no named query {name!r}; the named queries are: {', '.join(sorted(queries))}")
        q = queries[name]
        params = {k: str(v) for k, v in (parameters or {}).items()}
        unknown = sorted(set(params) - {p.name for p in q.parameters})
        if unknown:
            raise ToolInput(f"query {name!r} has no parameter {unknown[0]!r}; its parameters: "
                            + (", ".join(f"{p.name} ({p.type})" for p in q.parameters) or "none"))
        rows = self._limit(limit)
        try:
            result = run_query(q, params, store=self._store(), limit=rows, timeout=self.limits.timeout)
        except TermgraphError as exc:
            raise ToolInput(str(exc)) from None
        return {"query": name, "title": q.title, "parameters": params, **self._result(result)}
