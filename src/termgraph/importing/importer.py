"""Import any SKOS vocabulary into content files, losslessly (issue 13).

The vocabulary's triples are mapped onto content fields (termgraph.content.vocabulary); the records are then
modelled exactly as a build would model them, and every triple of the vocabulary that this model does not
reproduce is kept in the `extra` block of the term it describes (or of glossary.yaml). So `import` then `build`
gives a graph holding every triple of the vocabulary by construction, whatever the mapping got right; the
mapping only decides how much of it is editable as fields rather than as Turtle.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from termgraph.content.fields import check_language, is_http_url, slugify
from termgraph.content.reader import Content, Glossary, Term
from termgraph.content.vocabulary import NOTE_FIELDS, Collection, plain_term
from termgraph.errors import Origin, Problem, UsageError

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCT = "http://purl.org/dc/terms/"
DC = "http://purl.org/dc/elements/1.1/"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
TG = "https://termgraph.org/ns#"
TYPE = RDF + "type"

Lit = tuple[str, str, str]
Node = Any  # str (IRI or "_:label") or Lit
Triple = tuple[str, str, Node]

_FORMATS = {"ttl": "TURTLE", "turtle": "TURTLE", "nt": "N_TRIPLES", "ntriples": "N_TRIPLES", "rdf": "RDF_XML",
            "xml": "RDF_XML", "owl": "RDF_XML", "rdfxml": "RDF_XML", "jsonld": "JSON_LD", "json": "JSON_LD",
            "nq": "N_QUADS", "trig": "TRIG", "n3": "N3"}


@dataclass(frozen=True)
class ImportResult:
    out: Path
    terms: int
    collections: int
    triples: int  # read from the vocabulary (distinct)
    extra: int  # of those, kept in `extra` blocks
    left_out: int  # left out on purpose (--scheme, --language)
    problems: tuple[Problem, ...]  # found in the vocabulary: each names the IRI; the import still wrote what it could


def read_triples(sources: Sequence[Path | str]) -> set[Triple]:
    """Every triple of the files (any RDF syntax pyoxigraph reads; graphs of quads merged), as plain values."""
    import pyoxigraph as ox

    triples: set[Triple] = set()
    for n, source in enumerate(sources):
        path = Path(source)
        name = _FORMATS.get(path.suffix.lstrip(".").lower())
        if name is None:
            raise UsageError(f"{path}: cannot tell the RDF syntax from the file name",
                             ) from None
        try:
            quads = ox.parse(path=str(path), format=getattr(ox.RdfFormat, name))
            for q in quads:
                s, o = plain_term(q.subject), plain_term(q.object)
                if not isinstance(s, str) or o is None:
                    continue
                if len(sources) > 1:  # blank nodes of different files are different nodes
                    s = f"_:f{n}x{s[2:]}" if s.startswith("_:") else s
                    o = f"_:f{n}x{o[2:]}" if isinstance(o, str) and o.startswith("_:") else o
                triples.add((s, q.predicate.value, o))
        except SyntaxError as exc:
            raise UsageError(f"{path}: not valid {name.replace('_', '-').title()}: {exc}") from None
    return triples


class _Vocabulary:
    def __init__(self, triples: set[Triple]):
        self.triples = triples
        self.out: dict[str, list[tuple[str, Node]]] = defaultdict(list)
        self.by_predicate: dict[str, list[tuple[str, Node]]] = defaultdict(list)
        for s, p, o in triples:
            self.out[s].append((p, o))
            self.by_predicate[p].append((s, o))

    def values(self, s: str, p: str) -> list[Node]:
        return [o for q, o in self.out.get(s, ()) if q == p]

    def typed(self, kind: str) -> set[str]:
        return {s for s, o in self.by_predicate.get(TYPE, ()) if o == kind}


@cache
def _valid_tag(tag: str) -> bool:
    """Whether the reader accepts this language tag (checked once per tag)."""
    return check_language(tag, Origin(Path(".")), [])


def _iri(node: Node) -> bool:
    return isinstance(node, str) and not node.startswith("_:")


def _common_base(iris: Iterable[str]) -> str | None:
    prefix = os.path.commonprefix(sorted(iris)[:1] + sorted(iris)[-1:]) if iris else ""
    cut = max(prefix.rfind("/"), prefix.rfind("#"))
    base = prefix[:cut + 1] if cut >= 0 else ""
    return base if is_http_url(base) and base.count("/") >= 3 else None


def import_vocabulary(sources: Sequence[Path | str], out: Path | str, *, schemes: Sequence[str] = (),
                      languages: Sequence[str] = (), language: str | None = None,
                      base_iri: str | None = None) -> ImportResult:
    """Write the vocabulary in `sources` as content files in `out` (replaced as a whole when all is written).

    `schemes`: only the concepts of these concept schemes (default: every concept); `languages`: only texts in
    these languages (and texts without a language); `language`: the default language (default: the most
    frequent of the preferred labels); `base_iri`: where termgraph mints its own IRIs (default: the namespace
    the concepts share).
    """
    triples = read_triples(sources)
    return _Importer(triples, schemes, languages, language, base_iri).write(Path(out))


class _Importer:
    def __init__(self, triples: set[Triple], schemes: Sequence[str], languages: Sequence[str],
                 language: str | None, base_iri: str | None):
        self.problems: list[Problem] = []
        read = len(triples)
        if languages:
            keep = set(languages)
            triples = {t for t in triples if not isinstance(t[2], tuple) or not t[2][1] or t[2][1] in keep}
        v = self.v = _Vocabulary(triples)
        found_schemes = v.typed(SKOS + "ConceptScheme") | {o for _, o in v.by_predicate.get(SKOS + "inScheme", ())
                                                          if _iri(o)}
        found_schemes |= {o for _, o in v.by_predicate.get(SKOS + "topConceptOf", ()) if _iri(o)}
        for wanted in schemes:
            if wanted not in found_schemes:
                raise UsageError(f"no concept scheme {wanted!r} in the vocabulary; it has: "
                                 + (", ".join(sorted(found_schemes)) or "none"))
        collection_types = v.typed(SKOS + "Collection") | v.typed(SKOS + "OrderedCollection")
        collection_like = collection_types | {s for s, _ in v.by_predicate.get(SKOS + "member", ())} | {
            s for s, _ in v.by_predicate.get(SKOS + "memberList", ())}
        concepts = set(v.typed(SKOS + "Concept"))
        concepts |= {s for s, _ in v.by_predicate.get(SKOS + "inScheme", ())}
        concepts |= {s for s, _ in v.by_predicate.get(SKOS + "topConceptOf", ())}
        concepts |= {o for _, o in v.by_predicate.get(SKOS + "hasTopConcept", ()) if o in v.out}
        for p in ("broader", "narrower", "related"):  # an IRI the vocabulary does not describe is no concept of it
            for s, o in v.by_predicate.get(SKOS + p, ()):
                concepts.update(n for n in (s, o) if n in v.out)
        concepts = {c for c in concepts if _iri(c) and c not in found_schemes and c not in collection_like}
        members: dict[str, set[str]] = defaultdict(set)
        for p in ("inScheme", "topConceptOf"):
            for s, o in v.by_predicate.get(SKOS + p, ()):
                members[o].add(s)
        for s, o in v.by_predicate.get(SKOS + "hasTopConcept", ()):
            members[s].add(o)
        left_out: set[str] = set()
        if schemes:
            chosen = set().union(*(members[s] for s in schemes))
            left_out = concepts - chosen
            concepts &= chosen
        self.left_out = read - len(triples) + sum(len(v.out.get(c, ())) for c in left_out)
        self.dropped_subjects = left_out
        if not concepts:
            raise UsageError("no SKOS concept found in the vocabulary")
        candidates = sorted(schemes) or sorted(found_schemes)
        self.scheme = max(candidates, key=lambda s: (len(members[s] & concepts), [-ord(ch) for ch in s]),
                          default=None)
        self.concepts = concepts
        labels = Counter(o[1] for c in concepts for o in v.values(c, SKOS + "prefLabel") if isinstance(o, tuple)
                         and o[1])
        self.language = language or (min(labels, key=lambda lang: (-labels[lang], lang)) if labels else "en")
        base = base_iri or _common_base(concepts)
        if not base:
            raise UsageError("cannot derive a base IRI from the concepts' IRIs: give one with --base-iri")
        self.base = base
        self.collections = sorted(c for c in collection_like if _iri(c))
        self.slugs = self._slugs(sorted(concepts) + self.collections)
        self.slug_of = self.slugs
        self.pattern = self._pattern()
        self.explained: set[Triple] = set()
        self._incoming = Counter(o for _, _, o in triples if isinstance(o, str) and o.startswith("_:"))

    # -- names ------------------------------------------------------------------------------------------------
    def _slugs(self, iris: list[str]) -> dict[str, str]:
        used: set[str] = set()
        result: dict[str, str] = {}
        for iri in iris:
            local = iri[len(self.base):] if iri.startswith(self.base) else iri.rstrip("/#").rsplit("/", 1)[-1]
            stem = slugify(local.rsplit("#", 1)[-1] if not iri.startswith(self.base) else local) or "concept"
            slug, n = stem, 1
            while slug in used:
                n += 1
                slug = f"{stem}-{n}"
            used.add(slug)
            result[iri] = slug
        return result

    def _pattern(self) -> str | None:
        counts: Counter[str] = Counter()
        for iri in self.concepts:
            slug = self.slugs[iri]
            for local, placeholder in ((slug, "{slug}"), (slug.upper(), "{SLUG}")):
                if iri.endswith(local) and is_http_url(iri[:-len(local)] + "x"):
                    counts[iri[:-len(local)] + placeholder] += 1
                    break
        if not counts:
            return None
        return min(counts, key=lambda pattern: (-counts[pattern], pattern))

    def _minted(self, slug: str) -> str | None:
        return self.pattern.replace("{slug}", slug).replace("{SLUG}", slug.upper()) if self.pattern else None

    # -- values -----------------------------------------------------------------------------------------------
    def _text(self, node: Node, strip_ok: bool = True) -> str | None:
        """The text of a literal a content field can hold exactly (tagged, a valid tag, no outer whitespace)."""
        if not isinstance(node, tuple) or not node[1] or node[2]:
            return None
        text = node[0]
        if not text or text != text.strip() or not _valid_tag(node[1]):
            return None
        return text

    def _by_language(self, c: str, p: str, one: bool) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for o in self.v.values(c, p):
            text = self._text(o)
            if text is not None:
                found[o[1]].append(text)
        result = {lang: sorted(set(texts)) for lang, texts in found.items()}
        if one:
            for lang, texts in result.items():
                if len(texts) > 1 and p == SKOS + "prefLabel":
                    self.problems.append(Problem(None, f"<{c}> has {len(texts)} skos:prefLabel in {lang!r}: "
                                                 f"{texts[0]!r} is its label, the others are kept as extra triples"))
                result[lang] = texts[:1]
        return result

    def _date(self, c: str, p: str) -> dt.date | None:
        for o in sorted(o for o in self.v.values(c, p) if isinstance(o, tuple)):
            if o[2] == XSD + "date" and not o[1]:
                try:
                    value = dt.date.fromisoformat(o[0])
                except ValueError:
                    continue
                if value.isoformat() == o[0]:
                    return value
        return None

    def _iris(self, c: str, p: str) -> list[str]:
        return sorted(o for o in self.v.values(c, p) if _iri(o) and is_http_url(o))

    def _dangling(self, c: str, p: str, o: str) -> None:
        if o not in self.v.out and o not in self.concepts:
            self.problems.append(Problem(None, f"<{c}> {p.rsplit('#', 1)[-1]} <{o}>, which the vocabulary does "
                                         "not describe (kept as is)"))

    # -- records ----------------------------------------------------------------------------------------------
    def terms(self, root: Path) -> list[Term]:
        v, lang, slug_of = self.v, self.language, self.slug_of
        broader: dict[str, set[str]] = defaultdict(set)
        related: dict[str, set[str]] = defaultdict(set)
        for p, flip in (("broader", False), ("narrower", True)):
            for s, o in v.by_predicate.get(SKOS + p, ()):
                if s in self.concepts and o in self.concepts:
                    child, parent = (o, s) if flip else (s, o)
                    broader[child].add(slug_of[parent])
                elif s in self.concepts and _iri(o):
                    self._dangling(s, SKOS + p, o)
        for s, o in v.by_predicate.get(SKOS + "related", ()):
            if s in self.concepts and o in self.concepts and s != o:
                a, b = sorted((slug_of[s], slug_of[o]))
                related[a].add(b)
            elif s in self.concepts and _iri(o):
                self._dangling(s, SKOS + "related", o)
        terms = []
        for c in sorted(self.concepts, key=slug_of.__getitem__):
            slug = slug_of[c]
            labels = self._by_language(c, SKOS + "prefLabel", one=True)
            definitions = self._by_language(c, SKOS + "definition", one=True)
            explanations = {k: t for k, t in self._by_language(c, TG + "explanation", one=True).items()
                            if "\r" not in t[0]}  # a Markdown body is read with universal newlines
            lists: dict[str, dict[str, tuple[str, ...]]] = {}
            for key, predicate in NOTE_FIELDS.items():
                found = self._by_language(c, predicate, one=False)
                if found:
                    lists[key] = {k: tuple(t) for k, t in found.items()}
            examples = self._by_language(c, SKOS + "example", one=False)
            if any(k != lang for k in examples):
                lists["examples"] = {k: tuple(t) for k, t in examples.items() if k != lang}
            aliases = self._by_language(c, SKOS + "altLabel", one=False)
            replaced = sorted(slug_of[o] for o in v.values(c, DCT + "isReplacedBy") if o in self.concepts)
            notations = sorted({o[0] for o in v.values(c, SKOS + "notation") if isinstance(o, tuple)
                                and not o[1] and not o[2] and o[0] and o[0] == o[0].strip() and o[0] != slug})
            for o in v.values(c, DCT + "isReplacedBy"):
                if _iri(o) and o not in self.concepts:
                    self._dangling(c, DCT + "isReplacedBy", o)
            minted = self._minted(slug)
            terms.append(Term(
                slug=slug, path=root / "terms" / f"{slug}.md",
                labels={k: t[0] for k, t in labels.items()}, aliases={k: tuple(t) for k, t in aliases.items()},
                category=None, level=None,
                definitions={k: t[0] for k, t in definitions.items()},
                explanations={k: t[0] for k, t in explanations.items()},
                examples=tuple(examples.get(lang, ())), faq=(), related=tuple(sorted(related[slug])),
                broader=tuple(sorted(broader[c])), sources=(), wikipedia=None,
                exact_matches=tuple(self._iris(c, SKOS + "exactMatch")),
                close_matches=tuple(self._iris(c, SKOS + "closeMatch")),
                created=self._date(c, DCT + "created"), modified=self._date(c, DCT + "modified"),
                deprecated=(("true", "", XSD + "boolean") in v.values(c, OWL + "deprecated")),
                replaced_by=replaced[0] if replaced else None,
                iri=None if minted == c else c, lists=lists, notations=tuple(notations),
                matches={k: tuple(targets) for k, p in (("broad", "broadMatch"), ("narrow", "narrowMatch"),
                                                         ("related", "relatedMatch"))
                         if (targets := self._iris(c, SKOS + p))},
            ))
        return terms

    def collection_records(self, root: Path) -> list[Collection]:
        v, result = self.v, []
        known = set(self.concepts) | set(self.collections)
        for c in self.collections:
            heads = v.values(c, SKOS + "memberList")
            ordered = self._list(heads[0]) if len(heads) == 1 else None
            if ordered is not None:
                self.explained.add((c, SKOS + "memberList", heads[0]))
            refs = ordered if ordered is not None else sorted(
                o for o in v.values(c, SKOS + "member") if _iri(o))
            members = tuple(self.slug_of[o] if o in known else o for o in refs)
            labels = self._by_language(c, SKOS + "prefLabel", one=True)
            result.append(Collection(self.slug_of[c], c, {k: t[0] for k, t in labels.items()}, members,
                                     ordered is not None, Origin(root / "glossary.yaml")))
        return result

    def _list(self, head: Node) -> list[str] | None:
        """The items of a well-formed rdf:List of IRIs (its triples marked as explained); None otherwise."""
        items, cells, node, seen = [], [], head, set()
        while node != RDF + "nil":
            if not isinstance(node, str) or not node.startswith("_:") or node in seen:
                return None
            seen.add(node)
            pairs = self.v.out.get(node, [])
            firsts = [o for p, o in pairs if p == RDF + "first"]
            rests = [o for p, o in pairs if p == RDF + "rest"]
            if len(pairs) != 2 or len(firsts) != 1 or len(rests) != 1 or not _iri(firsts[0]):
                return None
            items.append(firsts[0])
            cells.append((node, firsts[0], rests[0]))
            node = rests[0]
        if any(self._incoming[cell] != 1 for cell in seen):
            return None
        for cell, first, rest in cells:
            self.explained.update({(cell, RDF + "first", first), (cell, RDF + "rest", rest)})
        return items

    def glossary(self, root: Path, collections: list[Collection]) -> Glossary:
        lang, s = self.language, self.scheme
        title: dict[str, str] = {}
        if s is not None:
            for p in (DCT + "title", SKOS + "prefLabel", RDFS + "label", DC + "title"):
                title = {k: t[0] for k, t in self._by_language(s, p, one=True).items()}
                if title:
                    break
        if not title:
            local = (s or self.base).rstrip("/#").rsplit("/", 1)[-1]
            title = {lang: local or "Imported vocabulary"}
        licences = self._iris(s, DCT + "license") if s else []
        return Glossary(
            title=title,
            description={k: t[0] for k, t in self._by_language(s, DCT + "description", one=True).items()} if s else {},
            base_iri=self.base, language=lang, license=licences[0] if licences else "", publisher="",
            created=self._date(s, DCT + "created") if s else None,
            modified=self._date(s, DCT + "modified") if s else None,
            categories=(), levels=(), origin=Origin(root / "glossary.yaml"), profile="skos",
            scheme_iri=s if s and s != self.base else None, iri_pattern=self.pattern,
            collections=tuple(collections),
        )

    # -- writing ----------------------------------------------------------------------------------------------
    def write(self, out: Path) -> ImportResult:
        from termgraph.content.writer import glossary_yaml, term_file
        from termgraph.model.graph import build_statements

        terms = self.terms(out)
        collections = self.collection_records(out)
        glossary = self.glossary(out, collections)
        statements, _ = build_statements(Content(out, glossary, tuple(terms), ()))
        modelled = set(statements.triples())
        extra = [t for t in self.v.triples if t not in modelled and t not in self.explained
                 and t[0] not in self.dropped_subjects]
        term_iri = {(t.iri or self._minted(t.slug) or ""): t.slug for t in terms}
        blocks: dict[str | None, list[Triple]] = defaultdict(list)
        for triple, owner in zip(extra, _owners(extra, set(term_iri))):
            blocks[term_iri.get(owner)].append(triple)
        scheme = glossary.scheme_iri or glossary.base_iri
        staging = out.with_name(out.name + ".importing")
        shutil.rmtree(staging, ignore_errors=True)
        (staging / "terms").mkdir(parents=True)
        for t in terms:
            text = term_file(t, self.language, blocks.get(t.slug, []), t.iri or self._minted(t.slug) or "")
            (staging / "terms" / f"{t.slug}.md").write_text(text, encoding="utf-8")
        (staging / "glossary.yaml").write_text(glossary_yaml(glossary, blocks.get(None, []), scheme),
                                               encoding="utf-8")
        old = out.with_name(out.name + ".replaced")
        shutil.rmtree(old, ignore_errors=True)
        if out.exists():
            out.rename(old)
        staging.rename(out)
        shutil.rmtree(old, ignore_errors=True)
        return ImportResult(out, len(terms), len(collections), len(self.v.triples) + self.left_out, len(extra),
                            self.left_out, tuple(self.problems))


def _owners(triples: list[Triple], terms: set[str]) -> list[str]:
    """The resource each triple's `extra` block belongs to: its subject, or for a structure of blank nodes, the
    one term it hangs from ("" when it hangs from anything else, or from several: glossary.yaml keeps it)."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.get(node, node) != node:
            node = parent[node]
        return node

    def blank(node: Node) -> bool:
        return isinstance(node, str) and node.startswith("_:")

    for s, _, o in triples:
        for node in (s, o):
            if blank(node):
                parent.setdefault(node, node)
        if blank(s) and blank(o):
            parent[find(s)] = find(o)
    roots: dict[str, set[str]] = defaultdict(set)
    for s, _, o in triples:
        if blank(o) and not blank(s):
            roots[find(o)].add(s)
    owner = {component: (next(iter(found)) if len(found) == 1 and found <= terms else "")
             for component, found in roots.items()}
    return [owner.get(find(s), "") if blank(s) else owner.get(find(o), "") if blank(o) else s
            for s, _, o in triples]
