"""The glossary as the pages and the API see it, read from the graph (never from content files).

At start-up `Glossary.load` reads what every page needs and what would be slow to ask for per request: the
scheme, categories, levels, a summary of every term (labels, aliases, definition, category, level, dates,
deprecation), the comparisons, and the index pages the build cut the listings into. A term's full
description (FAQ, sources, aspects, ...) is read when its page is asked for, through `describe`, which also
gives the RDF variants: the resource's own statements, those of its parts (hash IRIs under it, followed from
it, and the index pages of a listing), plus the labels of what it links to.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote

from termgraph.web import vocab as V
from termgraph.web.source import Lit, Obj, Source, Statement, group

KINDS = ("term", "category", "level", "comparison")


@dataclass
class Summary:
    """What a listing, a card or a search result shows of a term."""

    slug: str
    iri: str
    labels: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (language, alias)
    category: str | None = None
    level: str | None = None
    deprecated: bool = False
    replaced_by: str | None = None  # slug
    modified: str | None = None  # YYYY-MM-DD

    def label(self, lang: str, default: str) -> str:
        return pick(self.labels, lang, default) or self.slug

    def definition(self, lang: str, default: str) -> str:
        return pick(self.definitions, lang, default)


@dataclass
class Concept:
    """A category or a level."""

    kind: str
    slug: str
    iri: str
    position: int
    labels: dict[str, str]
    definitions: dict[str, str]
    related: tuple[str, ...] = ()  # slugs of the related categories (or levels)


@dataclass
class Listing:
    """The index pages of one listing (a category, a level, a letter), page number -> page IRI."""

    pages: dict[int, str]
    count: int


def pick(texts: dict[str, str], lang: str, default: str) -> str:
    """The text in `lang`, else in the glossary's language, else in any language (first by tag)."""
    if lang in texts:
        return texts[lang]
    if default in texts:
        return texts[default]
    return texts[min(texts)] if texts else ""


def texts_of(values: Iterable[Obj]) -> dict[str, str]:
    out: dict[str, str] = {}
    for v in values:
        if isinstance(v, Lit):
            out.setdefault(v.lang, v.value)
    return out


def first_literal(values: Iterable[Obj]) -> str | None:
    return next((v.value for v in values if isinstance(v, Lit)), None)


def _order(statement: Statement) -> tuple[str, str, str]:
    s, p, o = statement
    return (s, p, o if isinstance(o, str) else f"\x00{o.value}\x00{o.lang}\x00{o.datatype}")


class Glossary:
    def __init__(self, source: Source, base: str, language: str | None = None):
        self.source = source
        self.base = base
        self.scheme_iri = base
        self.language = language or "en"
        self.title: dict[str, str] = {}
        self.description: dict[str, str] = {}
        self.license: str | None = None
        self.publisher: str | None = None
        self.created: str | None = None
        self.modified: str | None = None
        self.terms: dict[str, Summary] = {}
        self.categories: dict[str, Concept] = {}
        self.levels: dict[str, Concept] = {}
        self.comparisons: dict[str, tuple[str, list[str]]] = {}  # slug -> (title, [term slugs])
        self.comparisons_of: dict[str, list[str]] = defaultdict(list)  # term slug -> comparison slugs
        self.listings: dict[tuple[str, str], Listing] = {}  # ("category", slug) / ("level", ..) / ("letter", A)
        self.pages_of_doc: dict[str, list[str]] = defaultdict(list)  # document IRI -> its index pages
        self.languages: list[str] = []
        self.labels: dict[str, dict[str, str]] = {}  # any IRI with a label -> its labels
        self._of_the_day: dict[str, str | None] = {}
        self._statistics: dict[str, object] | None = None
        self._recent: list[Summary] | None = None
        self._described: tuple[str, list[Statement]] = ("", [])  # the last description (a page in each language)

    # --- loading ------------------------------------------------------------------------------------

    @classmethod
    def load(cls, source: Source, base: str, language: str | None = None) -> Glossary:
        g = cls(source, base, language)
        g._load()
        return g

    def _load(self) -> None:
        src, base = self.source, self.base
        scheme = group(src.outgoing([base])).get(base, {})
        if not scheme:
            # base IRI not given right: find the glossary as the one DefinedTermSet
            sets = src.subjects(V.TYPE, V.SCHEMA + "DefinedTermSet")
            if sets:
                self.base = self.scheme_iri = base = sets[0]
                scheme = group(src.outgoing([base])).get(base, {})
        self.title = texts_of(scheme.get(V.TITLE, []))
        self.description = texts_of(scheme.get(V.DESCRIPTION, []))
        lang = first_literal(scheme.get(V.LANGUAGE, []))
        if lang:
            self.language = lang
        self.license = next((o for o in scheme.get(V.LICENSE, []) if not isinstance(o, Lit)), None)
        self.created = first_literal(scheme.get(V.CREATED, []))
        self.modified = first_literal(scheme.get(V.MODIFIED, []))
        publisher = next((o for o in scheme.get(V.PUBLISHER, []) if not isinstance(o, Lit)), None)
        if publisher:
            self.publisher = first_literal(group(src.outgoing([publisher])).get(publisher, {}).get(V.FOAF_NAME, []))

        term_prefix, langs = base + "term/", Counter[str]()
        for s, o in src.objects(V.NOTATION):
            if s.startswith(term_prefix) and isinstance(o, Lit):
                self.terms[o.value] = Summary(o.value, s)
        by_iri = {t.iri: t for t in self.terms.values()}

        def each(predicate: str) -> Iterable[tuple[Summary, Obj]]:
            for s, o in src.objects(predicate):
                t = by_iri.get(s)
                if t is not None:
                    yield t, o

        for t, o in each(V.PREF_LABEL):
            if isinstance(o, Lit):
                t.labels.setdefault(o.lang, o.value)
                langs[o.lang] += 1
        for t, o in each(V.DEFINITION):
            if isinstance(o, Lit):
                t.definitions.setdefault(o.lang, o.value)
        for t, o in each(V.ALT_LABEL):
            if isinstance(o, Lit):
                t.aliases.append((o.lang, o.value))
        for t, o in each(V.CATEGORY):
            t.category = self._slug(o, "category")
        for t, o in each(V.LEVEL):
            t.level = self._slug(o, "level")
        for t, o in each(V.DEPRECATED):
            t.deprecated = isinstance(o, Lit) and o.value in ("true", "1")
        for t, o in each(V.IS_REPLACED_BY):
            t.replaced_by = self._slug(o, "term")
        for t, o in each(V.MODIFIED):
            if isinstance(o, Lit):
                t.modified = max(t.modified or "", o.value)
        for t in self.terms.values():
            self.labels[t.iri] = t.labels
        self.languages = sorted(langs, key=lambda x: (x != self.language, -langs[x], x))
        for kind, cls_name, target in (("category", "Category", self.categories), ("level", "Level", self.levels)):
            members = src.subjects(V.TYPE, V.TG + cls_name)
            described, kin = group(src.outgoing(members)), set(members)
            for iri in members:
                d = described.get(iri, {})
                slug = first_literal(d.get(V.NOTATION, [])) or iri.rsplit("/", 1)[-1]
                position = int(first_literal(d.get(V.POSITION, [])) or 0)
                related = tuple(sorted(o.rsplit("/", 1)[-1] for o in d.get(V.RELATED, ()) if o in kin))
                target[slug] = Concept(kind, slug, iri, position, texts_of(d.get(V.PREF_LABEL, [])),
                                       texts_of(d.get(V.DEFINITION, [])), related)
                self.labels[iri] = target[slug].labels
            ordered = sorted(target.values(), key=lambda c: (c.position, c.slug))
            target.clear()
            target.update((c.slug, c) for c in ordered)
        compares: dict[str, list[str]] = defaultdict(list)
        firsts: dict[str, str] = {}
        for s, o in src.objects(V.COMPARES):
            compared = self._slug(o, "term")
            if compared:
                compares[s].append(compared)
        for s, o in src.objects(V.FIRST_TERM):
            first = self._slug(o, "term")
            if first:
                firsts[s] = first
        titles = {s: o.value for s, o in src.objects(V.TITLE) if isinstance(o, Lit) and s in compares}
        prefix = base + "comparison/"
        for iri in sorted(compares):
            if not iri.startswith(prefix):
                continue
            slug = iri[len(prefix):]
            terms = sorted(compares[iri], key=lambda x: (x != firsts.get(iri), x))
            self.comparisons[slug] = (titles.get(iri) or " vs ".join(terms), terms)
            for t_slug in terms:
                self.comparisons_of[t_slug].append(slug)
        self._load_listings()

    def _load_listings(self) -> None:
        src = self.source
        numbers = {s: int(o.value) for s, o in src.objects(V.PAGE_NUMBER) if isinstance(o, Lit)}
        owners: dict[str, tuple[str, str]] = {}
        for s, o in src.objects(V.PAGE_OF):
            for kind in ("category", "level"):
                slug = self._slug(o, kind)
                if slug:
                    owners[s] = (kind, slug)
                    self.pages_of_doc[str(o)].append(s)
        for s, o in src.objects(V.INITIAL):
            if isinstance(o, Lit):
                owners[s] = ("letter", o.value)
                self.pages_of_doc[self.base].append(s)
        for s, _ in src.objects(V.FIRST_KEY):
            self.pages_of_doc[self.base].append(s)
        counts: Counter[tuple[str, str]] = Counter()
        for t in self.terms.values():
            if t.deprecated:
                continue
            if t.category:
                counts[("category", t.category)] += 1
            if t.level:
                counts[("level", t.level)] += 1
            label = t.labels.get(self.language, "")
            if label:
                counts[("letter", label.lower()[0].upper())] += 1
        for page, key in owners.items():
            listing = self.listings.setdefault(key, Listing({}, counts.get(key, 0)))
            listing.pages[numbers.get(page, 1)] = page
        for pages in self.pages_of_doc.values():
            pages.sort()

    def _slug(self, iri: Obj, kind: str) -> str | None:
        prefix = f"{self.base}{kind}/"
        if isinstance(iri, str) and iri.startswith(prefix):
            return iri[len(prefix):].split("#", 1)[0]
        return None

    # --- what the pages ask -------------------------------------------------------------------------

    def listing(self, kind: str, key: str, page: int) -> tuple[list[Summary], int]:
        """The terms on page `page` of a listing, in label order, and how many pages it has."""
        listing = self.listings.get((kind, key))
        if listing is None:
            return [], 0
        page_iri = listing.pages.get(page)
        if page_iri is None:
            return [], len(listing.pages)
        found = [self.terms[s] for s in self._term_slugs(self.source.subjects(V.LISTED_ON, page_iri))]
        found.sort(key=lambda t: (t.labels.get(self.language, t.slug).lower(), t.slug))
        return found, len(listing.pages)

    def _term_slugs(self, iris: Iterable[str]) -> list[str]:
        prefix = self.base + "term/"
        return [i[len(prefix):] for i in iris if i.startswith(prefix) and i[len(prefix):] in self.terms]

    def letters(self) -> list[tuple[str, int, int]]:
        """(letter, terms, pages) for every initial of the A-Z index."""
        return sorted((key, lst.count, len(lst.pages)) for (kind, key), lst in self.listings.items()
                      if kind == "letter")

    def counts(self, kind: str) -> dict[str, int]:
        return {key: lst.count for (k, key), lst in self.listings.items() if k == kind}

    def statistics(self) -> dict[str, object]:
        """Counts over the whole glossary, computed once (the graph does not change while served)."""
        if self._statistics is None:
            self._statistics = self._count()
        return self._statistics

    def _count(self) -> dict[str, object]:
        live = [t for t in self.terms.values() if not t.deprecated]
        table: Counter[tuple[str, str]] = Counter((t.category or "", t.level or "") for t in live)
        return {
            "terms": len(live), "deprecated": len(self.terms) - len(live),
            "categories": len(self.categories), "levels": len(self.levels), "comparisons": len(self.comparisons),
            "languages": self.languages,
            "byCategory": {c: self.counts("category").get(c, 0) for c in self.categories},
            "byLevel": {lv: self.counts("level").get(lv, 0) for lv in self.levels},
            "byCategoryAndLevel": [{"category": c, "level": lv, "terms": n}
                                   for (c, lv), n in sorted(table.items(), key=lambda kv: (
                                       self._position(self.categories, kv[0][0]),
                                       self._position(self.levels, kv[0][1])))],
        }

    @staticmethod
    def _position(concepts: dict[str, Concept], slug: str) -> int:
        c = concepts.get(slug)
        return c.position if c else 10**9

    def term_of_the_day(self, day: dt.date) -> Summary | None:
        """The rule of queries/term-of-the-day.rq: the smallest SHA-256 of "DATE SLUG" among live terms."""
        key = day.isoformat()
        if key not in self._of_the_day:
            if len(self._of_the_day) > 64:
                self._of_the_day.clear()
            best = min(((hashlib.sha256(f"{key} {t.slug}".encode()).hexdigest(), t.slug)
                        for t in self.terms.values() if not t.deprecated), default=None)
            self._of_the_day[key] = best[1] if best else None
        slug = self._of_the_day[key]
        return self.terms.get(slug) if slug else None

    def recent(self, n: int = 8) -> list[Summary]:
        if self._recent is None:
            dated = [t for t in self.terms.values() if t.modified and not t.deprecated]
            self._recent = sorted(dated, key=lambda t: (t.modified or "", t.slug), reverse=True)[:50]
        return self._recent[:n]

    # --- descriptions -------------------------------------------------------------------------------

    def describe(self, doc: str) -> list[Statement]:
        """The resource's own statements, its parts' (hash IRIs under it), its index pages', and the labels
        of what it links to; sorted, so that the bytes written from it are stable. Not to be changed by the
        caller: the last one is kept, since a static site describes each resource once per language and for RDF."""
        last, described = self._described
        if last == doc:
            return described
        described = self._describe(doc)
        self._described = (doc, described)
        return described

    def _describe(self, doc: str) -> list[Statement]:
        statements: list[Statement] = []
        seen = {doc}
        frontier = [doc, *self.pages_of_doc.get(doc, [])]
        seen.update(frontier)
        while frontier:
            found = self.source.outgoing(frontier)
            statements.extend(found)
            frontier = []
            for _, _, o in found:
                if isinstance(o, str) and o.startswith(doc + "#") and o not in seen:
                    seen.add(o)
                    frontier.append(o)
        if not statements:
            return []
        inside = {s for s, _, _ in statements}
        linked = sorted({o for _, p, o in statements if isinstance(o, str) and not isinstance(o, Lit)
                         and o not in inside and p != V.TYPE})
        for iri in linked:
            for lang, text in sorted(self.labels.get(iri, {}).items()):
                statements.append((iri, V.PREF_LABEL, Lit(text, lang, V.RDF + "langString")))
        return sorted(set(statements), key=_order)

    def resolve(self, path: str) -> str | None:
        """The IRI a request path names (without suffix), if the graph says anything about it."""
        iri = self.base + unquote(path)
        if path == "":
            return self.base
        kind, _, slug = path.partition("/")
        if kind == "term":
            return iri if slug in self.terms else None
        if kind in ("category", "level"):
            return iri if slug in (self.categories if kind == "category" else self.levels) else None
        if kind == "comparison":
            return iri if slug in self.comparisons else None
        return iri if self.source.outgoing([iri]) else None

    def suggestions(self, text: str, n: int = 5) -> list[Summary]:
        """Terms whose slug or label is close to `text` (for "did you mean")."""
        import difflib

        text = text.lower().strip()
        if not text:
            return []
        keys: dict[str, str] = {}
        for t in self.terms.values():
            keys.setdefault(t.slug, t.slug)
            label = t.labels.get(self.language)
            if label:
                keys.setdefault(label.lower(), t.slug)
        close = difflib.get_close_matches(text, list(keys), n=n * 2, cutoff=0.6)
        starts = sorted(k for k in keys if k.startswith(text[:4]) and len(text) >= 4)[:n]
        slugs = list(dict.fromkeys(keys[k] for k in [*close, *starts]))[:n]
        return [self.terms[s] for s in slugs]

    def related_groups(self, d: dict[str, list[Obj]]) -> dict[str, list[Summary]]:
        out: dict[str, list[Summary]] = {}
        for name, predicate in (("related", V.RELATED), ("broader", V.BROADER), ("narrower", V.NARROWER)):
            slugs = [self._slug(o, "term") for o in d.get(predicate, [])]
            found = [self.terms[s] for s in slugs if s and s in self.terms]
            out[name] = sorted(found, key=lambda t: (t.labels.get(self.language, t.slug).lower(), t.slug))
        return out

    def summaries(self, slugs: Sequence[str]) -> list[Summary]:
        return [self.terms[s] for s in slugs if s in self.terms]
