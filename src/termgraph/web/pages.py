"""The glossary's pages and per-resource RDF, rendered without any HTTP: the server and `termgraph site`
both call `Pages`.

Templates are Jinja2 files beside this module, with auto-escaping on; the only HTML that is not escaped is
what markdown-it-py renders from an explanation, with raw HTML turned off (so `<script>` in content comes out
as text) and its link check on (so `javascript:` links are not made). Embedded JSON-LD is written with `<`, `>`
and `&` as JSON escapes, so `</script>` in content cannot end the script element.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import Any
from urllib.parse import quote, urlencode

from termgraph.web import vocab as V
from termgraph.web.glossary import Concept, Glossary, Summary, first_literal, pick, texts_of
from termgraph.web.i18n import autonym, gettext, ngettext, page_language, translations
from termgraph.web.search import Entry, SearchIndex
from termgraph.web.source import XSD_STRING, Blank, Lit, Obj, Statement, group

LISTING_PAGE = 250  # the build's index-page size: one page of a listing is one index page
SEARCH_PAGE = 50
SAFE_SCHEMES = ("http://", "https://")
LICENSES = {
    "https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0",
    "https://creativecommons.org/licenses/by-sa/4.0/": "CC BY-SA 4.0",
    "https://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0",
}


def safe_url(url: str | None) -> str | None:
    """An http(s) URL as it is; anything else (javascript:, data:, ...) becomes None and is not linked."""
    if url and url.strip().lower().startswith(SAFE_SCHEMES) and not any(c in url for c in "\n\r\t"):
        return url.strip()
    return None


def script_json(data: Any) -> Any:
    """JSON for inside a <script> element, marked safe for the template: nothing in it can close the element
    or open a comment, since <, > and & are written as JSON escapes (HTML entities would not be decoded there)."""
    from markupsafe import Markup

    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
                  .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@dataclass(frozen=True)
class Alternate:
    media_type: str
    href: str
    label: str


@dataclass(frozen=True)
class Rendered:
    """A page: its HTML, and the date its content last changed (for Last-Modified), if known."""

    html: str
    modified: str | None = None
    status: int = 200


@cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


@lru_cache(maxsize=512)
def markdown_html(text: str) -> Any:
    """An explanation as HTML (CommonMark, raw HTML off, so content cannot inject markup). Cached: the pages of
    a term in every language show the same explanation while it has no translation."""
    from markupsafe import Markup

    return Markup(_markdown().render(text))


@dataclass
class Links:
    """How pages link to each other: the server links `term/x` under its root; a static site links relative
    files `term/x.html`, so that it works on any static host and from disk. A static site has a tree of pages
    per language: the glossary's language at the top, every other in a folder named by its tag (`fr/term/x.html`);
    the shared files (styles, script, search index, RDF) stay at the top."""

    root: str = "/"
    static: bool = False
    depth: int = 0  # folders between the page and its language tree's top
    language: str = ""  # the tree's folder: "" for the glossary's language
    page: str = ""  # the page's own path, for its links to itself in other languages

    def href(self, path: str) -> str:
        if not self.static:
            return self.root + path
        prefix = "../" * self.depth
        if path in ("", "/"):
            return prefix + "index.html"
        if path.startswith("static/") or "." in path.rsplit("/", 1)[-1]:  # a shared file
            return "../" * (self.depth + bool(self.language)) + path
        if path.endswith("/") or "?" in path:
            return prefix + path
        head, _, anchor = path.partition("#")
        return prefix + head + ".html" + (f"#{anchor}" if anchor else "")

    def in_language(self, code: str, default: str) -> str:
        """This page in another language: `?lang=` on the server, the same page in that tree on a static site."""
        if not self.static:
            return f"?lang={code}"
        top = "../" * (self.depth + bool(self.language))
        return top + ("" if code == default else f"{code}/") + (self.page or "index") + ".html"


@dataclass
class Pages:
    glossary: Glossary
    endpoint: str = "/sparql"
    public_base: str | None = None  # the server's public address (--base-url); None: the base IRI itself
    today: Callable[[], dt.date] = field(default=dt.date.today)
    _search: SearchIndex | None = field(default=None, init=False, repr=False)
    _search_lock: Any = field(default_factory=lambda: __import__("threading").Lock(), init=False, repr=False)

    @cached_property
    def env(self) -> Any:
        """The templates; their own words are translated into the language of the page being rendered
        (termgraph.web.i18n: gettext looks the language up in a context variable that render() sets)."""
        import jinja2

        env = jinja2.Environment(loader=jinja2.PackageLoader("termgraph.web", "templates"),
                                 autoescape=True, trim_blocks=False, lstrip_blocks=False,
                                 undefined=jinja2.StrictUndefined, auto_reload=False, cache_size=-1,
                                 extensions=["jinja2.ext.i18n"])
        env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
        return env


    @property
    def search_index(self) -> SearchIndex:
        """Built once, on first use or by `prepare_search` in the background (100,000 terms take seconds)."""
        with self._search_lock:
            if self._search is None:
                g = self.glossary
                entries = []
                for t in sorted(g.terms.values(), key=lambda t: t.slug):
                    names = tuple(dict.fromkeys([*t.labels.values(), *(a for _, a in t.aliases)]))
                    entries.append(Entry(t.slug, t.label(g.language, g.language), names,
                                         t.definition(g.language, g.language), t.deprecated))
                self._search = SearchIndex(entries)
            return self._search

    def prepare_search(self) -> None:
        """Start building the search index in a background thread (answers wait for it only if they need it)."""
        import threading

        threading.Thread(target=lambda: self.search_index, name="termgraph-search-index", daemon=True).start()

    # --- shared context -----------------------------------------------------------------------------

    def base_context(self, lang: str, links: Links, *, title: str, section: str = "", description: str = "",
                     alternates: Sequence[Alternate] = (), canonical: str | None = None,
                     jsonld: Any = None) -> dict[str, Any]:
        g, default, _ = self.glossary, self.glossary.language, self.words(lang)
        if canonical and lang != default:  # a page in another language is its own page, not a copy of the default's
            top = self.public("")
            canonical = (top + f"{links.language}/" + canonical.removeprefix(top) if links.static and links.language
                         else canonical + f"?lang={lang}")
        return {
            "lang": lang, "languages": [(code, autonym(code), links.in_language(code, default)) for code in g.languages],
            "static": links.static, "href": links.href,
            "site_title": pick(g.title, lang, default) or _("Glossary"), "page_title": title, "section": section,
            "description": description, "alternates": alternates, "canonical": canonical, "jsonld": jsonld,
            "publisher": g.publisher, "license": safe_url(g.license),
            "license_name": LICENSES.get(g.license or "", g.license or ""),
            "categories": g.categories, "levels": g.levels,
            "label": lambda t: t.label(lang, default), "definition": lambda t: t.definition(lang, default),
            "concept_label": lambda c: pick(c.labels, lang, default) or c.slug,
            "concept_definition": lambda c: pick(c.definitions, lang, default),
        }

    @staticmethod
    def words(lang: str) -> Callable[[str], str]:
        """gettext for the pages' own words in `lang`."""
        return translations(lang).gettext

    def render(self, template: str, context: dict[str, Any]) -> str:
        with page_language(context["lang"]):
            return str(self.env.get_template(template).render(**context))

    def public(self, path: str) -> str:
        """The address a page is read at: under --base-url when given, else under the base IRI."""
        return (self.public_base or self.glossary.base) + path

    def alternates(self, path: str, links: Links, rdf: bool = True) -> list[Alternate]:
        from termgraph.dumps.formats import FORMATS

        if not rdf:
            return []
        stem = path if path else "index"
        return [Alternate(f.media_type, links.href(f"{stem}.{f.extension}"), f.name) for f in FORMATS]

    # --- pages --------------------------------------------------------------------------------------

    def page(self, path: str, lang: str, links: Links, query: dict[str, str] | None = None) -> Rendered | None:
        """The HTML page at `path` (no leading slash, no suffix), or None when there is none."""
        query = query or {}
        parts = path.split("/") if path else []
        page_no = 1
        if len(parts) >= 3 and parts[-2] == "page":
            if not parts[-1].isdigit() or int(parts[-1]) < 1:
                return None
            page_no, parts = int(parts[-1]), parts[:-2]
        head = parts[0] if parts else ""
        if not parts:
            return self.home(lang, links)
        if len(parts) == 2 and head == "term" and page_no == 1:
            return self.term(parts[1], lang, links)
        if len(parts) == 2 and head in ("category", "level"):
            return self.listing(head, parts[1], page_no, lang, links)
        if len(parts) == 2 and head == "a-z":
            return self.listing("letter", parts[1].upper(), page_no, lang, links)
        if len(parts) == 2 and head == "comparison" and page_no == 1:
            return self.comparison_page(parts[1], lang, links)
        if len(parts) == 1 and page_no == 1:
            if head == "a-z":
                return self.letters(lang, links)
            if head in ("categories", "levels"):
                return self.concepts(head, lang, links)
            if head == "comparisons":
                return self.comparisons(lang, links)
            if head == "search":
                return self.search(query.get("q", ""), query.get("page", "1"), lang, links)
            if head == "queries" and not links.static:
                return self.queries(lang, links)
        if page_no == 1:
            return self.resource(path, lang, links)
        return None

    def home(self, lang: str, links: Links) -> Rendered:
        _ = self.words(lang)
        g = self.glossary
        stats = g.statistics()
        today = g.term_of_the_day(self.today())
        jsonld = script_json({"@context": "https://schema.org", "@type": "DefinedTermSet", "@id": g.base,
                              "name": pick(g.title, lang, g.language), "url": self.public(""),
                              "description": pick(g.description, lang, g.language),
                              **({"license": g.license} if g.license else {})})
        ctx = self.base_context(lang, links, title=_("Home"), description=pick(g.description, lang, g.language),
                                alternates=self.alternates("", links), canonical=self.public(""), jsonld=jsonld)
        ctx.update(intro=pick(g.description, lang, g.language), stats=stats, today=today,
                   category_counts=g.counts("category"), level_counts=g.counts("level"),
                   letters=g.letters(), recent=g.recent())
        ctx["page_title"] = ctx["site_title"]
        return Rendered(self.render("home.html", ctx), g.modified or g.created)

    def term(self, slug: str, lang: str, links: Links) -> Rendered | None:
        g, default = self.glossary, self.glossary.language
        summary = g.terms.get(slug)
        if summary is None:
            return None
        iri = summary.iri
        d = group(self.glossary.describe(iri))
        me = d.get(iri, {})
        name = summary.label(lang, default)
        definition = pick(texts_of(me.get(V.DEFINITION, [])), lang, default)
        explanations = texts_of(me.get(V.EXPLANATION, []))
        explanation_md = pick(explanations, lang, default)
        explanation = markdown_html(explanation_md) if explanation_md else ""
        examples = _in_lang(me.get(V.EXAMPLE, []), lang, default)
        faq: list[dict[str, Any]] = []
        for q in me.get(V.FAQ, []):
            qd = d.get(str(q), {})
            answer = next((str(a) for a in qd.get(V.ACCEPTED_ANSWER, [])), "")
            faq.append({"n": _position(qd), "question": first_literal(qd.get(V.NAME, [])) or "",
                        "answer": first_literal(d.get(answer, {}).get(V.TEXT, [])) or ""})
        faq.sort(key=lambda x: x["n"])
        sources: list[dict[str, Any]] = []
        for s in me.get(V.SOURCE, []):
            sd = d.get(str(s), {})
            year = first_literal(sd.get(V.DATE_PUBLISHED, []))
            sources.append({"n": _position(sd), "title": first_literal(sd.get(V.TITLE, [])) or "",
                            "url": safe_url(next((str(u) for u in sd.get(V.URL, [])), None)),
                            "authors": [a.value for a in sd.get(V.AUTHOR, []) if isinstance(a, Lit)],
                            "year": year[:4] if year else None,
                            "publisher": first_literal(sd.get(V.PUBLISHER_NAME, [])),
                            "identifiers": sorted(i.value for i in sd.get(V.IDENTIFIER, []) if isinstance(i, Lit))})
        sources.sort(key=lambda x: x["n"])
        mappings = []
        _ = self.words(lang)
        for kind, predicate in ((_("Same as"), V.EXACT_MATCH), (_("Close to"), V.CLOSE_MATCH), (_("Page"), V.FOAF_PAGE)):
            for o in sorted(str(x) for x in me.get(predicate, []) if not isinstance(x, Lit)):
                if safe_url(o):
                    mappings.append({"kind": kind, "href": o})
        labels, definitions = texts_of(me.get(V.PREF_LABEL, [])), texts_of(me.get(V.DEFINITION, []))
        translations = [{"lang": code, "name": autonym(code), "label": labels[code],
                         "definition": definitions.get(code, "")} for code in sorted(labels) if code != lang]
        aliases = [{"lang": a.lang, "text": a.value} for a in me.get(V.ALT_LABEL, []) if isinstance(a, Lit)]
        aliases.sort(key=lambda a: (a["lang"] != lang, a["lang"], a["text"]))
        replaced = g.terms.get(summary.replaced_by) if summary.replaced_by else None
        comparisons = [c for c in (self.comparison_view(cs, lang) for cs in g.comparisons_of.get(slug, [])) if c]
        path = f"term/{slug}"
        jsonld = self.term_jsonld(summary, name, definition, faq, lang)
        ctx = self.base_context(lang, links, title=name, description=definition,
                                alternates=self.alternates(path, links), canonical=self.public(path), jsonld=jsonld)
        ctx.update(iri=iri, name=name, aliases=aliases, definition_text=definition, explanation=explanation,
                   examples=examples, faq=faq, sources=sources, mappings=mappings, translations=translations,
                   groups=self.cards(g.related_groups(me), lang, links), comparisons=comparisons,
                   category=g.categories.get(summary.category or ""), level=g.levels.get(summary.level or ""),
                   deprecated=summary.deprecated, replaced_by=replaced,
                   created=first_literal(me.get(V.CREATED, [])), modified=first_literal(me.get(V.MODIFIED, [])),
                   # texts not in the page's language (FAQ and comparisons are in the glossary's) say which they are in
                   text_lang={"explanation": lang if lang in explanations else default,
                              "examples": lang if any(isinstance(e, Lit) and e.lang == lang
                                                      for e in me.get(V.EXAMPLE, [])) else default,
                              "faq": default, "comparisons": default})
        return Rendered(self.render("term.html", ctx), summary.modified)

    def cards(self, groups: dict[str, list[Summary]], lang: str, links: Links) -> dict[str, list[dict[str, str]]]:
        """Linked terms with what their cards show, computed here rather than in the template (faster)."""
        g, default, out = self.glossary, self.glossary.language, {}
        for name, terms in groups.items():
            rows = []
            for t in terms:
                category = g.categories.get(t.category or "")
                rows.append({"href": links.href(f"term/{t.slug}"), "label": t.label(lang, default),
                             "definition": t.definition(lang, default) if name == "related" else "",
                             "category": (pick(category.labels, lang, default) or category.slug) if category else "",
                             "category_href": links.href(f"category/{category.slug}") if category else ""})
            out[name] = rows
        return out

    def term_jsonld(self, t: Summary, name: str, definition: str, faq: list[dict[str, Any]], lang: str) -> Any:
        g = self.glossary
        term: dict[str, Any] = {
            "@type": "DefinedTerm", "@id": t.iri, "name": name, "description": definition,
            "url": self.public(f"term/{t.slug}"), "termCode": t.slug, "inLanguage": lang,
            "inDefinedTermSet": {"@type": "DefinedTermSet", "@id": g.base, "name": pick(g.title, lang, g.language),
                                 "url": self.public("")},
        }
        aliases = [a for code, a in t.aliases if code == lang]
        if aliases:
            term["alternateName"] = aliases
        nodes: list[dict[str, Any]] = [term]
        if faq:
            nodes.append({"@type": "FAQPage", "@id": f"{t.iri}#faq", "url": self.public(f"term/{t.slug}"),
                          "mainEntity": [{"@type": "Question", "name": q["question"],
                                          "acceptedAnswer": {"@type": "Answer", "text": q["answer"]}} for q in faq]})
        return script_json({"@context": "https://schema.org", "@graph": nodes})

    def comparison_view(self, slug: str, lang: str) -> dict[str, Any] | None:
        g = self.glossary
        if slug not in g.comparisons:
            return None
        iri = f"{g.base}comparison/{slug}"
        d = group(g.describe(iri))
        me = d.get(iri, {})
        firsts = [o for o in me.get(V.FIRST_TERM, []) if isinstance(o, str)]
        seconds = [o for o in me.get(V.SECOND_TERM, []) if isinstance(o, str)]
        terms = []
        for o in (firsts[:1] + seconds[:1]) or [o for o in me.get(V.COMPARES, []) if isinstance(o, str)][:2]:
            t_slug = g._slug(o, "term")
            t = g.terms.get(t_slug or "")
            terms.append({"slug": t.slug if t else None, "label": t.label(lang, g.language) if t else str(o)})
        aspects: list[dict[str, Any]] = []
        for a in me.get(V.ASPECT, []):
            ad = d.get(str(a), {})
            aspects.append({"n": _position(ad), "name": first_literal(ad.get(V.LABEL, [])) or "",
                            "first": first_literal(ad.get(V.FIRST_VALUE, [])) or "",
                            "second": first_literal(ad.get(V.SECOND_VALUE, [])) or ""})
        aspects.sort(key=lambda x: x["n"])
        return {"slug": slug, "iri": iri, "title": g.comparisons[slug][0],
                "summary": first_literal(me.get(V.DESCRIPTION, [])) or "", "terms": terms, "aspects": aspects,
                "modified": first_literal(me.get(V.MODIFIED, []))}

    def comparison_page(self, slug: str, lang: str, links: Links) -> Rendered | None:
        c = self.comparison_view(slug, lang)
        if c is None:
            return None
        path = f"comparison/{slug}"
        ctx = self.base_context(lang, links, title=c["title"], section="comparisons", description=c["summary"],
                                alternates=self.alternates(path, links), canonical=self.public(path))
        ctx.update(c=c, iri=c["iri"], text_lang=self.glossary.language)  # comparisons: in the glossary's language
        return Rendered(self.render("comparison.html", ctx), c["modified"])

    def listing(self, kind: str, key: str, page: int, lang: str, links: Links) -> Rendered | None:
        g, default, _ = self.glossary, self.glossary.language, self.words(lang)
        letters: list[tuple[str, int, int]] = []
        see_also: list[tuple[str, str]] = []
        if kind == "letter":
            if ("letter", key) not in g.listings:
                return None
            heading = _("Terms starting with %(letter)s") % {"letter": key}
            intro, path, section, letters = "", f"a-z/{key}", "a-z", g.letters()
            rdf = False
        else:
            concept = (g.categories if kind == "category" else g.levels).get(key)
            if concept is None:
                return None
            heading = pick(concept.labels, lang, default) or key
            intro, path, rdf = pick(concept.definitions, lang, default), f"{kind}/{key}", True
            section = "categories" if kind == "category" else "levels"
            kin = g.categories if kind == "category" else g.levels
            see_also = [(f"{kind}/{slug}", pick(kin[slug].labels, lang, default) or slug)
                        for slug in sorted(concept.related, key=lambda s: kin[s].position) if slug in kin]
        items, pages = g.listing(kind, key, page)
        if page > max(pages, 1):
            return None
        title = _("%(title)s, page %(page)d") % {"title": heading, "page": page} if page > 1 else heading
        ctx = self.base_context(lang, links, title=title, section=section,
                                description=intro, alternates=self.alternates(path, links, rdf),
                                canonical=self.public(path if page == 1 else f"{path}/page/{page}"))
        count = g.listings[(kind, key)].count if (kind, key) in g.listings else 0
        ctx.update(heading=heading, intro=intro, items=items, page=page, pages=pages, count=count,
                   base_path=path, letters=letters, current_letter=key, see_also=see_also)
        return Rendered(self.render("listing.html", ctx), g.modified or g.created)

    def letters(self, lang: str, links: Links) -> Rendered:
        _ = self.words(lang)
        ctx = self.base_context(lang, links, title=_("A–Z index"), section="a-z")
        ctx.update(letters=self.glossary.letters())
        return Rendered(self.render("letters.html", ctx), self.glossary.modified)

    def concepts(self, which: str, lang: str, links: Links) -> Rendered:
        g = self.glossary
        items: list[Concept] = list((g.categories if which == "categories" else g.levels).values())
        _ = self.words(lang)
        heading = _("Categories") if which == "categories" else _("Levels")
        intro = (_("The fields of the glossary; every term belongs to one.") if which == "categories"
                 else _("How much background a term assumes."))
        ctx = self.base_context(lang, links, title=heading, section=which,
                                alternates=self.alternates(which, links), canonical=self.public(which))
        ctx.update(heading=heading, intro=intro, items=items,
                   counts=g.counts("category" if which == "categories" else "level"))
        return Rendered(self.render("concepts.html", ctx), g.modified)

    def comparisons(self, lang: str, links: Links) -> Rendered:
        _ = self.words(lang)
        g = self.glossary
        items = sorted(({"slug": s, "title": title} for s, (title, _) in g.comparisons.items()),
                       key=lambda c: (c["title"].lower(), c["slug"]))
        ctx = self.base_context(lang, links, title=_("Comparisons"), section="comparisons")
        ctx.update(items=items)
        return Rendered(self.render("comparisons.html", ctx), g.modified)

    def search(self, query: str, page_text: str, lang: str, links: Links) -> Rendered:
        query = query.strip()[:200]
        page = int(page_text) if page_text.isdigit() and int(page_text) > 0 else 1
        hits = self.search_index.search(query) if query and not links.static else []
        pages = max(1, math.ceil(len(hits) / SEARCH_PAGE))
        shown = hits[(page - 1) * SEARCH_PAGE:page * SEARCH_PAGE]
        g = self.glossary
        results = [{"slug": h.slug, "label": g.terms[h.slug].label(lang, g.language) if h.slug in g.terms else h.label,
                    "definition": g.terms[h.slug].definition(lang, g.language) if h.slug in g.terms else h.definition,
                    "matched": h.matched, "deprecated": h.deprecated} for h in shown]
        _ = self.words(lang)
        ctx = self.base_context(lang, links, title=_("Search: %(query)s") % {"query": query} if query else _("Search"),
                                section="search")
        index = ("../" * links.depth + "search-index.json" if links.static and links.language  # its tree's own
                 else links.href("search-index.json") + (f"?lang={lang}" if lang != g.language and not links.static
                                                         else ""))
        ctx.update(query=query, results=results, total=len(hits), page=page, pages=pages, search_index=index)
        return Rendered(self.render("search.html", ctx))

    def queries(self, lang: str, links: Links) -> Rendered:
        _ = self.words(lang)
        from termgraph.sparql.queries import bind, named_queries

        items = []
        for _name, q in sorted(named_queries().items()):
            params: dict[str, str] = {}
            for p in q.parameters:
                example = p.default if p.default is not None else _example(p.doc)
                if example is None:
                    break
                params[p.name] = example.strip('"')
            run = None
            if len(params) == len(q.parameters):
                try:
                    text = bind(q, params)
                    run = links.root.rstrip("/") + self.endpoint + "?" + urlencode({"query": text})
                except Exception:  # noqa: BLE001 - a query whose example does not bind is shown without a link
                    run = None
            items.append({"name": q.name, "title": q.title, "description": q.description, "text": q.text,
                          "run": run})
        ctx = self.base_context(lang, links, title=_("SPARQL endpoint"), section="queries")
        ctx.update(queries=items, endpoint=links.root.rstrip("/") + self.endpoint)
        return Rendered(self.render("queries.html", ctx))

    def resource(self, path: str, lang: str, links: Links) -> Rendered | None:
        g = self.glossary
        iri = g.resolve(path)
        if iri is None:
            return None
        statements = [s for s in g.describe(iri) if s[0] == iri]
        if not statements:
            return None
        rows = []
        for _, p, o in statements:
            shown = o.value if isinstance(o, Lit) else str(o)
            link = None
            if isinstance(o, str) and not isinstance(o, Blank):
                link = links.href(o[len(g.base):]) if o.startswith(g.base) and "#" not in o else safe_url(o)
            rows.append((_short(p), shown, link))
        me = group(statements).get(iri, {})
        heading = (pick(texts_of(me.get(V.TITLE, [])), lang, g.language) or
                   pick(texts_of(me.get(V.PREF_LABEL, [])), lang, g.language) or
                   first_literal(me.get(V.FOAF_NAME, [])) or path)
        ctx = self.base_context(lang, links, title=heading, alternates=self.alternates(path, links),
                                canonical=self.public(path))
        ctx.update(heading=heading, iri=iri, rows=rows)
        return Rendered(self.render("resource.html", ctx), g.modified)

    def error(self, status: int, message: str, lang: str, links: Links, suggestions: Sequence[Summary] = ()) -> str:
        _ = self.words(lang)
        heading = {404: _("Not found"), 406: _("Not acceptable"), 400: _("Bad request")}.get(
            status, _("Something went wrong"))
        ctx = self.base_context(lang, links, title=heading)
        ctx.update(heading=heading, message=message, suggestions=list(suggestions))
        return self.render("error.html", ctx)

    # --- data ---------------------------------------------------------------------------------------

    def rdf(self, iri: str, fmt: Any) -> bytes | None:
        """The resource's description in a format of the format table, byte-stable; None if it has none."""
        statements = self.glossary.describe(iri)
        if not statements:
            return None
        return serialize_statements(statements, fmt)

    def search_json(self, lang: str | None = None) -> bytes:
        """The prebuilt index the search script loads: [slug, label, names, definition, deprecated], the label
        and definition in `lang` (default: the glossary's language); every name in any language is searchable."""
        g = self.glossary
        rows = []
        for e in self.search_index.entries:
            t = g.terms.get(e.slug)
            label = t.label(lang, g.language) if t and lang else e.label
            definition = t.definition(lang, g.language) if t and lang else e.definition
            rows.append([e.slug, label, [n for n in e.names if n != label], definition, 1 if e.deprecated else 0])
        return json.dumps({"terms": rows}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def serialize_statements(statements: Sequence[Statement], fmt: Any) -> bytes:
    return serialize_all(statements, [fmt])[0]


def serialize_all(statements: Sequence[Statement], fmts: Sequence[Any]) -> list[bytes]:
    """A description in several formats of the format table, through the dumps' own byte-stable writers
    (termgraph.dumps.export.serialize), from one set of statements."""
    from termgraph.dumps.export import serialize
    from termgraph.model.statements import Statements

    def node(o: Obj) -> Any:
        if isinstance(o, Lit):
            return (o.value, o.lang, "" if o.lang or o.datatype == XSD_STRING else o.datatype)
        return f"_:{o}" if isinstance(o, Blank) else o

    described = Statements()
    for s, p, o in statements:
        described.add(node(s), p, node(o))
    return [serialize(described, fmt) for fmt in fmts]


def _in_lang(values: Sequence[Obj], lang: str, default: str) -> list[str]:
    lits = [v for v in values if isinstance(v, Lit)]
    for code in (lang, default):
        chosen = [v.value for v in lits if v.lang == code]
        if chosen:
            return chosen
    return [v.value for v in lits]


def _position(d: dict[str, list[Obj]]) -> int:
    text = first_literal(d.get(V.POSITION, []))
    return int(text) if text and text.lstrip("-").isdigit() else 0


def _example(doc: str) -> str | None:
    marker = "e.g. "
    if marker not in doc:
        return None
    return doc.split(marker, 1)[1].split()[0].rstrip(".,;)")


def _short(iri: str) -> str:
    for prefix, ns in (("rdf", V.RDF), ("rdfs", V.RDFS), ("skos", V.SKOS), ("dcterms", V.DCT),
                       ("schema", V.SCHEMA), ("tg", V.TG), ("owl", V.OWL), ("foaf", V.FOAF)):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def quote_path(path: str) -> str:
    return quote(path, safe="/")
