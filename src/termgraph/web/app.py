"""The web routes: every IRI the glossary mints answers at its path, HTML to browsers and RDF to RDF clients.

    GET /term/transformer                 Accept decides: text/html -> the page; text/turtle, application/ld+json,
                                          application/n-triples, application/rdf+xml -> the description
    GET /term/transformer.ttl             an explicit variant by suffix (.html .ttl .jsonld .nt .rdf) ...
    GET /term/transformer?format=jsonld   ... or by ?format= (a name of the format table, or html)
    GET /                                 the glossary's home page (its RDF: /index.ttl, ... or Accept)

Paths mirror IRIs: the resource `<base IRI>term/transformer` is served at `<server root>/term/transformer`, so
a server behind a proxy that maps the base IRI's address onto it serves every IRI (`--base-url` tells the
pages the public address when it differs from the base IRI).

Responses carry `Vary: Accept` (and `Accept-Language` for pages), a `Link: rel="alternate"` for every variant,
a strong `ETag` (a hash of the bytes) and `Last-Modified` (the resource's dcterms:modified); a matching
`If-None-Match` or `If-Modified-Since` gets 304. An unknown term gets 404 with suggestions; a deprecated term
with a replacement a 301 to it; an Accept that nothing fits 406.
"""
from __future__ import annotations

import email.utils
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from termgraph.dumps import formats
from termgraph.serve.negotiation import pick_language
from termgraph.web.glossary import Glossary
from termgraph.web.pages import Links, Pages
from termgraph.web.source import EmbeddedSource, open_source

HTML = "text/html; charset=utf-8"
CACHE_ENTRIES = 4096
STATIC = {"style.css": "text/css; charset=utf-8", "search.js": "text/javascript; charset=utf-8"}


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    etag: str
    last_modified: str | None
    status: int = 200


class Cache:
    """A bounded LRU of rendered answers (the graph does not change while served)."""

    def __init__(self, size: int = CACHE_ENTRIES):
        self.size = size
        self.entries: OrderedDict[tuple[str, ...], Answer | None] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[str, ...], make: Callable[[], Answer | None]) -> Answer | None:
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        answer = make()
        with self.lock:
            self.entries[key] = answer
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return answer


def answer(body: bytes, media_type: str, modified: str | None, status: int = 200) -> Answer:
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return Answer(body, media_type, etag, http_date(modified), status)


def http_date(day: str | None) -> str | None:
    if not day or len(day) < 10:
        return None
    try:
        import datetime as dt

        d = dt.datetime.fromisoformat(day[:10]).replace(tzinfo=dt.UTC)
    except ValueError:
        return None
    return email.utils.format_datetime(d, usegmt=True)


def find_store(graph: Any) -> Any:
    """The store to read from: an in-process pyoxigraph Store when the served graph offers one (fast index
    lookups), else the store that answers SPARQL."""
    extra = getattr(graph, "extra", {}) or {}
    store = getattr(graph, "store", graph)
    for candidate in (extra.get("oxigraph_store"), getattr(store, "direct", None)):
        if candidate is not None:
            return candidate
    return store


def build_pages(graph: Any) -> Pages:
    source = open_source(find_store(graph))
    base = getattr(graph, "base_iri", None) or getattr(graph, "base", None) or ""
    glossary = Glossary.load(source, base, getattr(graph, "language", None))
    extra = getattr(graph, "extra", {}) or {}
    return Pages(glossary, public_base=extra.get("base_url"))


def routes(graph: Any) -> list[Any]:
    from starlette.routing import Route

    from termgraph.web import api

    pages = build_pages(graph)
    # What was just loaded lives as long as the server: keep the cyclic GC from walking it again and again
    # (at 100,000 terms those walks were pauses of a second in the p99 of term pages).
    import gc

    gc.collect()
    gc.freeze()
    pages.prepare_search()
    web = Web(pages)
    return [
        *api.routes(pages),
        Route("/static/{name}", web.static, methods=["GET", "HEAD"]),
        Route("/search-index.json", web.search_index, methods=["GET", "HEAD"]),
        Route("/", web.resource, methods=["GET", "HEAD"]),
        Route("/{path:path}", web.resource, methods=["GET", "HEAD"]),
    ]


class Web:
    def __init__(self, pages: Pages):
        self.pages = pages
        self.glossary: Glossary = pages.glossary
        self.cache = Cache()
        self.inline = isinstance(self.glossary.source, EmbeddedSource)
        # each format's own media type first, then the other names it goes by (application/* -> JSON-LD)
        self.offers = ["text/html", *(f.media_type for f in formats.FORMATS),
                       *(m for f in formats.FORMATS for m in f.other_media_types)]

    async def _run(self, fn: Callable[[], Any]) -> Any:
        """Embedded lookups take microseconds: run them in the event loop; remote ones in a thread."""
        if self.inline:
            return fn()
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(fn)

    # --- helpers ------------------------------------------------------------------------------------

    def links(self, request: Any) -> Links:
        return Links(root=request.scope.get("root_path", "").rstrip("/") + "/")

    def language(self, request: Any) -> str:
        g = self.glossary
        return pick_language(request.query_params.get("lang"), request.headers.get("accept-language"),
                             g.languages, g.language)

    def respond(self, request: Any, found: Answer, *, vary: str, link: str | None, lang: str | None) -> Any:
        from starlette.responses import Response

        headers = {"Vary": vary, "ETag": found.etag, "Cache-Control": "public, max-age=300"}
        if found.last_modified:
            headers["Last-Modified"] = found.last_modified
        if link:
            headers["Link"] = link
        if lang:
            headers["Content-Language"] = lang
        if found.status == 200 and not_modified(request, found):
            return Response(status_code=304, headers=headers)
        return Response(found.body, status_code=found.status, media_type=found.media_type, headers=headers)

    def link_header(self, path: str, has_rdf: bool, root: str) -> str:
        stem = path or "index"
        parts = [f'<{root}{path}>; rel="alternate"; type="text/html"']
        if has_rdf:
            parts += [f'<{root}{stem}.{f.extension}>; rel="alternate"; type="{f.media_type}"' for f in formats.FORMATS]
        return ", ".join(parts)

    def not_found(self, request: Any, path: str, lang: str) -> Any:
        from starlette.responses import HTMLResponse

        from termgraph.serve.errors import problem
        from termgraph.serve.negotiation import negotiate

        slug = path.split("/", 1)[1] if path.startswith("term/") else path.rsplit("/", 1)[-1]
        suggestions = self.glossary.suggestions(slug.replace("-", " ")) or self.glossary.suggestions(slug)
        _ = self.pages.words(lang)
        message = _("There is no page at %(path)s.") % {"path": f"/{path}"}
        if negotiate(request.headers.get("accept"), ["application/problem+json", "text/html"]) == "text/html":
            body = self.pages.error(404, message, lang, self.links(request), suggestions)
            return HTMLResponse(body, status_code=404, headers={"Vary": "Accept"})
        hint = (" Did you mean: " + ", ".join(f"term/{t.slug}" for t in suggestions) + "?") if suggestions else ""
        return problem(404, f"nothing is served at /{path}.{hint}", headers={"Vary": "Accept"})

    # --- endpoints ----------------------------------------------------------------------------------

    async def static(self, request: Any) -> Any:
        from importlib.resources import files

        name = request.path_params["name"]
        if name not in STATIC:
            return self.not_found(request, f"static/{name}", self.glossary.language)
        found = self.cache.get(("static", name), lambda: answer(
            files("termgraph.web").joinpath("static", name).read_bytes(), STATIC[name], None))
        assert found is not None
        return self.respond(request, found, vary="Accept-Encoding", link=None, lang=None)

    async def search_index(self, request: Any) -> Any:
        lang = self.language(request) if request.query_params.get("lang") else self.glossary.language
        found = self.cache.get(("search-index", lang),
                               lambda: answer(self.pages.search_json(lang), "application/json", None))
        assert found is not None
        return self.respond(request, found, vary="Accept-Encoding", link=None, lang=None)

    async def resource(self, request: Any) -> Any:
        from starlette.responses import RedirectResponse

        from termgraph.serve.errors import HTTPProblem, not_acceptable
        from termgraph.serve.negotiation import negotiate

        g = self.glossary
        path = request.path_params.get("path", "").strip("/")
        lang = self.language(request)
        # an explicit variant: by suffix, or by ?format=
        variant: str | None = None
        stem, dot, ext = path.rpartition(".")
        if dot and "/" not in ext:
            fmt = formats.by_extension(path)
            if fmt is not None and ext == fmt.extension:
                variant, path = fmt.name, stem
            elif ext == "html":
                variant, path = "html", stem
        if path == "index":
            path = ""
        wanted = request.query_params.get("format")
        if wanted:
            if wanted.lower() == "html":
                variant = "html"
            else:
                try:
                    variant = formats.by_name(wanted).name
                except Exception as exc:  # noqa: BLE001 - a UsageError naming the choices
                    raise HTTPProblem(400, f"{exc}; or html", parameter="format") from None
        page_param = request.query_params.get("page")
        if page_param and page_param.isdigit() and page_param != "1" and path.split("/")[0] in (
                "category", "level", "a-z") and "/page/" not in path:
            path = f"{path}/page/{page_param}"
        # a deprecated term moves permanently to its replacement
        if path.startswith("term/"):
            t = g.terms.get(path[5:])
            if t is not None and t.deprecated and t.replaced_by and t.replaced_by in g.terms:
                root = self.links(request).root
                target = f"{root}term/{t.replaced_by}" + (f".{ext}" if variant and dot else "")
                if request.url.query:
                    target += "?" + request.url.query
                return RedirectResponse(target, status_code=301, headers={"Vary": "Accept"})
        iri = await self._run(lambda: g.resolve(path)) if self._could_be_resource(path) else None
        has_rdf = iri is not None
        if variant is None:
            offers = self.offers if has_rdf else ["text/html"]
            chosen = negotiate(request.headers.get("accept"), offers)
            if chosen is None:
                if not has_rdf and not await self._run(lambda: self._page_exists(path, lang, request)):
                    return self.not_found(request, path, lang)
                raise not_acceptable(offers if has_rdf else ["text/html"], f"/{path}")
            variant = "html" if chosen == "text/html" else formats.by_media_type(chosen).name  # type: ignore[union-attr]
        link = self.link_header(path, has_rdf, self.links(request).root)
        vary = "Accept, Accept-Language"
        if variant == "html":
            query = {k: v for k, v in request.query_params.items() if k in ("q", "page")}
            key = ("html", path, lang, request.scope.get("root_path", ""), query.get("q", ""), query.get("page", ""))

            def make_html() -> Answer | None:
                rendered = self.pages.page(path, lang, self.links(request), query)
                if rendered is None:
                    return None
                return answer(rendered.html.encode("utf-8"), HTML, rendered.modified, rendered.status)

            found = await self._run(lambda: self.cache.get(key, make_html)) if "q" not in query else \
                await self._run(make_html)
            if found is None:
                return self.not_found(request, path, lang)
            return self.respond(request, found, vary=vary, link=link, lang=lang)
        if iri is None:
            return self.not_found(request, path, lang)
        fmt = formats.by_name(variant)
        modified = g.terms[path[5:]].modified if path.startswith("term/") and path[5:] in g.terms else g.modified

        def make_rdf() -> Answer | None:
            data = self.pages.rdf(iri, fmt)
            media = fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith("text/") else "")
            return None if data is None else answer(data, media, modified)

        found = await self._run(lambda: self.cache.get(("rdf", iri, fmt.name), make_rdf))
        if found is None:
            return self.not_found(request, path, lang)
        return self.respond(request, found, vary=vary, link=link, lang=None)

    @staticmethod
    def _could_be_resource(path: str) -> bool:
        head = path.split("/", 1)[0]
        return "/page/" not in path and head not in ("a-z", "search", "queries", "comparisons", "static", "api")

    def _page_exists(self, path: str, lang: str, request: Any) -> bool:
        return self.pages.page(path, lang, self.links(request), {}) is not None


def not_modified(request: Any, found: Answer) -> bool:
    """RFC 9110 13.1: If-None-Match wins over If-Modified-Since."""
    inm = request.headers.get("if-none-match")
    if inm is not None:
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or found.etag in tags
    ims = request.headers.get("if-modified-since")
    if ims and found.last_modified:
        try:
            return email.utils.parsedate_to_datetime(ims) >= email.utils.parsedate_to_datetime(found.last_modified)
        except (TypeError, ValueError):
            return False
    return False
