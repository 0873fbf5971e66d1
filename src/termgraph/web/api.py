"""The JSON API, shaped like the REST APIs of vocabulary browsers (Skosmos's is the one users know): resources
named by `uri` with a `prefLabel`, lists under `results`, paging by `page` (listings follow the build's index
pages) or `offset`/`limit` (search). Described by the OpenAPI document at /api/openapi.json. Errors come in
the server's one shape (RFC 9457 problem JSON).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from termgraph.web.glossary import Concept, Summary, pick
from termgraph.web.pages import Pages

PREFIX = "/api/v1"
MAX_LIMIT = 200


def routes(pages: Pages) -> list[Any]:
    from starlette.routing import Route

    api = Api(pages)
    get = ["GET", "HEAD"]
    return [
        Route("/api/openapi.json", api.openapi, methods=get),
        Route(PREFIX, api.index, methods=get),
        Route(f"{PREFIX}/terms/{{slug}}", api.term, methods=get),
        Route(f"{PREFIX}/terms/{{slug}}/{{relation}}", api.relation, methods=get),
        Route(f"{PREFIX}/lookup", api.lookup, methods=get),
        Route(f"{PREFIX}/search", api.search, methods=get),
        Route(f"{PREFIX}/a-z", api.letters, methods=get),
        Route(f"{PREFIX}/a-z/{{letter}}", api.letter, methods=get),
        Route(f"{PREFIX}/categories", api.categories, methods=get),
        Route(f"{PREFIX}/categories/{{slug}}", api.category, methods=get),
        Route(f"{PREFIX}/levels", api.levels, methods=get),
        Route(f"{PREFIX}/levels/{{slug}}", api.level, methods=get),
        Route(f"{PREFIX}/comparisons", api.comparisons, methods=get),
        Route(f"{PREFIX}/comparisons/{{slug}}", api.comparison, methods=get),
        Route(f"{PREFIX}/term-of-the-day", api.term_of_the_day, methods=get),
        Route(f"{PREFIX}/statistics", api.statistics, methods=get),
        Route(PREFIX + "/{rest:path}", api.unknown, methods=get),
    ]


def _json(request: Any, data: Any, status: int = 200) -> Any:
    from starlette.responses import Response

    body = (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None) + "\n").encode("utf-8")
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Vary": "Accept-Language", "Access-Control-Allow-Origin": "*"}
    if status == 200 and etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def _int(request: Any, name: str, default: int, low: int, high: int | None = None) -> int:
    from termgraph.serve.errors import HTTPProblem

    text = request.query_params.get(name)
    if text is None or text == "":
        return default
    if not text.isdigit() or int(text) < low or (high is not None and int(text) > high):
        raise HTTPProblem(400, f"{name} must be a whole number from {low}" + (f" to {high}" if high else ""),
                          parameter=name)
    return int(text)


class Api:
    def __init__(self, pages: Pages):
        self.pages = pages
        self.g = pages.glossary

    def lang(self, request: Any) -> str:
        from termgraph.serve.negotiation import pick_language

        return pick_language(request.query_params.get("lang"), request.headers.get("accept-language"),
                             self.g.languages, self.g.language)

    def brief(self, t: Summary, lang: str) -> dict[str, Any]:
        out: dict[str, Any] = {"uri": t.iri, "slug": t.slug, "prefLabel": t.label(lang, self.g.language),
                               "lang": lang, "definition": t.definition(lang, self.g.language),
                               "category": t.category, "level": t.level}
        if t.deprecated:
            out["deprecated"] = True
            if t.replaced_by:
                out["replacedBy"] = self.g.terms[t.replaced_by].iri if t.replaced_by in self.g.terms else None
        return out

    def concept(self, c: Concept, lang: str, counts: dict[str, int]) -> dict[str, Any]:
        return {"uri": c.iri, "slug": c.slug, "prefLabel": pick(c.labels, lang, self.g.language),
                "definition": pick(c.definitions, lang, self.g.language), "terms": counts.get(c.slug, 0)}

    def missing(self, what: str, slug: str) -> Any:
        from termgraph.serve.errors import HTTPProblem

        hint = ""
        if what == "term":
            near = self.g.suggestions(slug.replace("-", " "))
            hint = (" Did you mean: " + ", ".join(t.slug for t in near) + "?") if near else ""
        return HTTPProblem(404, f"no {what} {slug!r}.{hint}")

    def _term(self, request: Any) -> Summary:
        slug = request.path_params["slug"]
        t = self.g.terms.get(slug)
        if t is None:
            raise self.missing("term", slug)
        return t

    # --- endpoints ----------------------------------------------------------------------------------

    async def index(self, request: Any) -> Any:
        g, lang = self.g, self.lang(request)
        return _json(request, {"uri": g.base, "title": pick(g.title, lang, g.language), "languages": g.languages,
                               "openapi": "/api/openapi.json"})

    async def term(self, request: Any) -> Any:
        from termgraph.web import vocab as V
        from termgraph.web.glossary import texts_of
        from termgraph.web.source import Lit, group

        t, lang, g = self._term(request), self.lang(request), self.g
        d = group(g.describe(t.iri))
        me = d.get(t.iri, {})
        faq: list[dict[str, Any]] = []
        for q in me.get(V.FAQ, []):
            qd = d.get(str(q), {})
            answer = next((str(a) for a in qd.get(V.ACCEPTED_ANSWER, [])), "")
            faq.append({"question": next((x.value for x in qd.get(V.NAME, []) if isinstance(x, Lit)), ""),
                        "answer": next((x.value for x in d.get(answer, {}).get(V.TEXT, []) if isinstance(x, Lit)), ""),
                        "position": int(next((x.value for x in qd.get(V.POSITION, []) if isinstance(x, Lit)), "0"))})
        sources: list[dict[str, Any]] = []
        for s in me.get(V.SOURCE, []):
            sd = d.get(str(s), {})
            sources.append({
                "title": next((x.value for x in sd.get(V.TITLE, []) if isinstance(x, Lit)), None),
                "url": next((str(x) for x in sd.get(V.URL, []) if not isinstance(x, Lit)), None),
                "authors": sorted(x.value for x in sd.get(V.AUTHOR, []) if isinstance(x, Lit)),
                "year": next((x.value for x in sd.get(V.DATE_PUBLISHED, []) if isinstance(x, Lit)), None),
                "position": int(next((x.value for x in sd.get(V.POSITION, []) if isinstance(x, Lit)), "0"))})
        groups = g.related_groups(me)
        data = {
            **self.brief(t, lang),
            "prefLabels": texts_of(me.get(V.PREF_LABEL, [])),
            "altLabels": [{"lang": a.lang, "value": a.value} for a in me.get(V.ALT_LABEL, []) if isinstance(a, Lit)],
            "definitions": texts_of(me.get(V.DEFINITION, [])),
            "explanation": pick(texts_of(me.get(V.EXPLANATION, [])), lang, g.language),
            "examples": [x.value for x in me.get(V.EXAMPLE, []) if isinstance(x, Lit)],
            "faq": sorted(faq, key=lambda f: f["position"]),
            "sources": sorted(sources, key=lambda s: s["position"]),
            "related": [x.iri for x in groups["related"]], "broader": [x.iri for x in groups["broader"]],
            "narrower": [x.iri for x in groups["narrower"]],
            "exactMatch": sorted(str(x) for x in me.get(V.EXACT_MATCH, []) if not isinstance(x, Lit)),
            "closeMatch": sorted(str(x) for x in me.get(V.CLOSE_MATCH, []) if not isinstance(x, Lit)),
            "comparisons": [f"{g.base}comparison/{c}" for c in g.comparisons_of.get(t.slug, [])],
            "created": next((x.value for x in me.get(V.CREATED, []) if isinstance(x, Lit)), None),
            "modified": t.modified,
        }
        return _json(request, data)

    async def relation(self, request: Any) -> Any:
        from termgraph.serve.errors import HTTPProblem
        from termgraph.web.source import group

        t, lang, g = self._term(request), self.lang(request), self.g
        relation = request.path_params["relation"]
        if relation == "comparisons":
            return _json(request, {"uri": t.iri, "results": [
                {"uri": f"{g.base}comparison/{c}", "slug": c, "title": g.comparisons[c][0]}
                for c in g.comparisons_of.get(t.slug, [])]})
        if relation not in ("related", "broader", "narrower"):
            raise HTTPProblem(404, f"no relation {relation!r}; use related, broader, narrower or comparisons")
        me = group(g.describe(t.iri)).get(t.iri, {})
        found = g.related_groups(me)[relation]
        return _json(request, {"uri": t.iri, "results": [self.brief(x, lang) for x in found]})

    async def lookup(self, request: Any) -> Any:
        from termgraph.serve.errors import HTTPProblem
        from termgraph.web.search import fold

        label = request.query_params.get("label", "").strip()
        if not label:
            raise HTTPProblem(400, "give the label to look up: ?label=...", parameter="label")
        lang, wanted = self.lang(request), fold(label)
        want_lang = request.query_params.get("lang")
        results = []
        for t in self.g.terms.values():
            names = [(code, text, "prefLabel") for code, text in t.labels.items()]
            names += [(code, text, "altLabel") for code, text in t.aliases]
            for code, text, kind in names:
                if fold(text) == wanted and (not want_lang or code == want_lang):
                    results.append({**self.brief(t, lang), "matchedLabel": text, "matchedLang": code,
                                    "matchedType": kind})
                    break
        results.sort(key=lambda r: (r["matchedType"] != "prefLabel", r.get("deprecated", False), r["slug"]))
        if not results:
            raise self.missing("term labelled", label)
        return _json(request, {"label": label, "results": results})

    async def search(self, request: Any) -> Any:
        from termgraph.serve.errors import HTTPProblem

        query = request.query_params.get("query", request.query_params.get("q", "")).strip()
        if not query:
            raise HTTPProblem(400, "give the text to search for: ?query=...", parameter="query")
        offset = _int(request, "offset", 0, 0)
        limit = _int(request, "limit", 20, 1, MAX_LIMIT)
        lang = self.lang(request)
        hits = self.pages.search_index.search(query[:200])
        results = [{**self.brief(self.g.terms[h.slug], lang), "matched": h.matched, "score": h.score}
                   for h in hits[offset:offset + limit] if h.slug in self.g.terms]
        return _json(request, {"query": query, "total": len(hits), "offset": offset, "limit": limit,
                               "results": results})

    def _listing(self, request: Any, kind: str, key: str, extra: dict[str, Any]) -> Any:
        page = _int(request, "page", 1, 1)
        lang = self.lang(request)
        items, pages = self.g.listing(kind, key, page)
        return _json(request, {**extra, "page": page, "pages": pages,
                               "results": [self.brief(t, lang) for t in items]})

    async def letters(self, request: Any) -> Any:
        return _json(request, {"results": [{"letter": letter, "terms": n, "pages": p}
                                           for letter, n, p in self.g.letters()]})

    async def letter(self, request: Any) -> Any:
        letter = request.path_params["letter"].upper()
        if ("letter", letter) not in self.g.listings:
            raise self.missing("letter", letter)
        return self._listing(request, "letter", letter, {"letter": letter})

    async def categories(self, request: Any) -> Any:
        lang, counts = self.lang(request), self.g.counts("category")
        return _json(request, {"uri": f"{self.g.base}categories",
                               "results": [self.concept(c, lang, counts) for c in self.g.categories.values()]})

    async def levels(self, request: Any) -> Any:
        lang, counts = self.lang(request), self.g.counts("level")
        return _json(request, {"uri": f"{self.g.base}levels",
                               "results": [self.concept(c, lang, counts) for c in self.g.levels.values()]})

    async def category(self, request: Any) -> Any:
        slug = request.path_params["slug"]
        c = self.g.categories.get(slug)
        if c is None:
            raise self.missing("category", slug)
        return self._listing(request, "category", slug, self.concept(c, self.lang(request), self.g.counts("category")))

    async def level(self, request: Any) -> Any:
        slug = request.path_params["slug"]
        c = self.g.levels.get(slug)
        if c is None:
            raise self.missing("level", slug)
        return self._listing(request, "level", slug, self.concept(c, self.lang(request), self.g.counts("level")))

    async def comparisons(self, request: Any) -> Any:
        g = self.g
        return _json(request, {"results": [
            {"uri": f"{g.base}comparison/{slug}", "slug": slug, "title": title,
             "terms": [g.terms[s].iri for s in terms if s in g.terms]}
            for slug, (title, terms) in g.comparisons.items()]})

    async def comparison(self, request: Any) -> Any:
        slug = request.path_params["slug"]
        c = self.pages.comparison_view(slug, self.lang(request))
        if c is None:
            raise self.missing("comparison", slug)
        g = self.g
        return _json(request, {"uri": c["iri"], "slug": slug, "title": c["title"], "summary": c["summary"],
                               "terms": [{"uri": g.terms[t["slug"]].iri if t["slug"] in g.terms else None,
                                          "slug": t["slug"], "prefLabel": t["label"]} for t in c["terms"]],
                               "aspects": [{"aspect": a["name"], "first": a["first"], "second": a["second"]}
                                           for a in c["aspects"]]})

    async def term_of_the_day(self, request: Any) -> Any:
        from termgraph.serve.errors import HTTPProblem

        text = request.query_params.get("date")
        try:
            day = dt.date.fromisoformat(text) if text else self.pages.today()
        except ValueError:
            raise HTTPProblem(400, "date must be YYYY-MM-DD", parameter="date") from None
        t = self.g.term_of_the_day(day)
        if t is None:
            raise HTTPProblem(404, "the glossary has no terms")
        return _json(request, {"date": day.isoformat(), **self.brief(t, self.lang(request))})

    async def statistics(self, request: Any) -> Any:
        return _json(request, {"uri": self.g.base, **self.g.statistics()})

    async def unknown(self, request: Any) -> Any:
        from termgraph.serve.errors import HTTPProblem

        raise HTTPProblem(404, f"no API endpoint at {request.url.path}; the list is at /api/openapi.json")

    async def openapi(self, request: Any) -> Any:
        return _json(request, openapi_document(self.g.base))


def openapi_document(base: str) -> dict[str, Any]:
    def op(summary: str, params: list[dict[str, Any]] | None = None, schema: str = "Results") -> dict[str, Any]:
        return {"get": {"summary": summary, "parameters": [*(params or []), LANG],
                        "responses": {"200": {"description": "OK", "content": {"application/json": {
                            "schema": {"$ref": f"#/components/schemas/{schema}"}}}},
                            "304": {"description": "Not modified (If-None-Match matched the ETag)"},
                            "400": PROBLEM, "404": PROBLEM}}}

    def path_param(name: str, doc: str) -> dict[str, Any]:
        return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}, "description": doc}

    def query_param(name: str, doc: str, kind: str = "string", required: bool = False) -> dict[str, Any]:
        return {"name": name, "in": "query", "required": required, "schema": {"type": kind}, "description": doc}

    LANG = query_param("lang", "language of labels and definitions (default: Accept-Language, then the glossary's)")
    PROBLEM = {"description": "A problem (RFC 9457)", "content": {"application/problem+json": {
        "schema": {"$ref": "#/components/schemas/Problem"}}}}
    page = query_param("page", "page of the listing, from 1 (pages follow the build's index pages)", "integer")
    slug = path_param("slug", "the term's slug, e.g. transformer")
    return {
        "openapi": "3.1.0",
        "info": {"title": "termgraph glossary API", "version": "1",
                 "description": f"Read-only JSON API over the glossary {base}. Terms are named by slug; every "
                                "resource also carries its IRI as `uri`."},
        "paths": {
            PREFIX: op("The glossary: title, languages", schema="Object"),
            f"{PREFIX}/terms/{{slug}}": op("A term with everything the glossary knows", [slug], "Term"),
            f"{PREFIX}/terms/{{slug}}/{{relation}}": op(
                "Related, broader or narrower terms, or the comparisons a term appears in",
                [slug, path_param("relation", "related, broader, narrower or comparisons")]),
            f"{PREFIX}/lookup": op("Terms with exactly this label or alias (case and accents ignored)",
                                   [query_param("label", "the label", required=True)]),
            f"{PREFIX}/search": op("Prefix and full-text search over labels, aliases and definitions, ranked", [
                query_param("query", "the text", required=True),
                query_param("offset", "results to skip", "integer"),
                query_param("limit", f"results to return (1-{MAX_LIMIT}, default 20)", "integer")]),
            f"{PREFIX}/a-z": op("The initial letters with their term and page counts"),
            f"{PREFIX}/a-z/{{letter}}": op("Terms by first letter, a page at a time",
                                           [path_param("letter", "a letter"), page]),
            f"{PREFIX}/categories": op("The categories with term counts"),
            f"{PREFIX}/categories/{{slug}}": op("A category and its terms, a page at a time",
                                                [path_param("slug", "the category's slug"), page]),
            f"{PREFIX}/levels": op("The levels with term counts"),
            f"{PREFIX}/levels/{{slug}}": op("A level and its terms, a page at a time",
                                            [path_param("slug", "the level's slug"), page]),
            f"{PREFIX}/comparisons": op("Every comparison"),
            f"{PREFIX}/comparisons/{{slug}}": op("A comparison with its aspects",
                                                 [path_param("slug", "the comparison's slug")], "Object"),
            f"{PREFIX}/term-of-the-day": op("The term of a day (the same for everyone)",
                                            [query_param("date", "YYYY-MM-DD, default today", "string")], "Brief"),
            f"{PREFIX}/statistics": op("Counts of terms per category and level", schema="Object"),
        },
        "components": {"schemas": {
            "Brief": {"type": "object", "required": ["uri", "slug", "prefLabel"], "properties": {
                "uri": {"type": "string", "format": "iri"}, "slug": {"type": "string"},
                "prefLabel": {"type": "string"}, "lang": {"type": "string"}, "definition": {"type": "string"},
                "category": {"type": ["string", "null"]}, "level": {"type": ["string", "null"]},
                "deprecated": {"type": "boolean"}, "replacedBy": {"type": ["string", "null"]}}},
            "Results": {"type": "object", "properties": {
                "results": {"type": "array", "items": {"type": "object"}},
                "page": {"type": "integer"}, "pages": {"type": "integer"}, "total": {"type": "integer"}}},
            "Term": {"allOf": [{"$ref": "#/components/schemas/Brief"}, {"type": "object", "properties": {
                "altLabels": {"type": "array"}, "explanation": {"type": "string"}, "examples": {"type": "array"},
                "faq": {"type": "array"}, "sources": {"type": "array"}, "related": {"type": "array"},
                "broader": {"type": "array"}, "narrower": {"type": "array"}, "comparisons": {"type": "array"}}}]},
            "Object": {"type": "object"},
            "Problem": {"type": "object", "required": ["type", "title", "status", "detail"], "properties": {
                "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                "detail": {"type": "string"}, "parameter": {"type": "string"}}},
        }},
    }
