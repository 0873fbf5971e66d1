"""A SKOS vocabulary in a pyoxigraph store, with the views the checks share, each computed once.

Every view is one SPARQL query over the whole graph, run in Oxigraph's engine (never once per concept),
turned into plain Python sets and dicts; graph algorithms (closure, cycles, clusters) then run over those.
Nodes are strings: an IRI as itself, a blank node as `_:id`.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pyoxigraph as ox

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"
DC = "http://purl.org/dc/elements/1.1/"
SCHEMA = "https://schema.org/"
FOAF = "http://xmlns.com/foaf/0.1/"
TG = "https://termgraph.org/ns#"

PREFIXES = {"skos": SKOS, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "dcterms": DCTERMS, "dc": DC,
            "schema": SCHEMA, "foaf": FOAF, "tg": TG}

LABELS = ("prefLabel", "altLabel", "hiddenLabel")
NOTES = ("note", "definition", "scopeNote", "example", "historyNote", "editorialNote", "changeNote")
HIERARCHY = ("broader", "narrower", "broaderTransitive", "narrowerTransitive")
ASSOCIATIVE = ("related", "semanticRelation")
MAPPING = ("mappingRelation", "exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
SEMANTIC = HIERARCHY + ASSOCIATIVE + MAPPING
# Broader-direction view of each hierarchical property: (property, True if subject is the narrower side).
UPWARD = {"broader": True, "broaderTransitive": True, "narrower": False, "narrowerTransitive": False,
          "broadMatch": True, "narrowMatch": False}
COLLECTION_CLASSES = (SKOS + "Collection", SKOS + "OrderedCollection")
OTHER_LABELS = (DCTERMS + "title", DC + "title", RDFS + "label", SCHEMA + "name")
SCHEME_PROPS = ("inScheme", "topConceptOf", "hasTopConcept", "member", "memberList")
SKOSXL = "http://www.w3.org/2008/05/skos-xl#"

# What the SKOS schema (skos.rdf) says of its own properties: each one's direct super-properties. Vocabularies
# add their own with rdfs:subPropertyOf; `Vocabulary.under` closes both transitively, as an RDFS reasoner would.
SKOS_SUPER: dict[str, tuple[str, ...]] = {
    "broader": ("broaderTransitive",), "narrower": ("narrowerTransitive",),
    "broaderTransitive": ("semanticRelation",), "narrowerTransitive": ("semanticRelation",),
    "related": ("semanticRelation",), "mappingRelation": ("semanticRelation",),
    "closeMatch": ("mappingRelation",), "exactMatch": ("closeMatch",),
    "broadMatch": ("mappingRelation", "broader"), "narrowMatch": ("mappingRelation", "narrower"),
    "relatedMatch": ("mappingRelation", "related"), "topConceptOf": ("inScheme",),
    **{note: ("note",) for note in ("definition", "scopeNote", "example", "historyNote", "editorialNote",
                                    "changeNote")},
}
SUPER_IRIS: dict[str, tuple[str, ...]] = {SKOS + p: tuple(SKOS + q for q in qs) for p, qs in SKOS_SUPER.items()}
for _label in ("prefLabel", "altLabel", "hiddenLabel"):
    SUPER_IRIS[SKOS + _label] = (RDFS + "label",)
# Files that embed the SKOS schema describe SKOS's own terms; those statements are not the vocabulary's.
NOT_SKOS_SUBJECT = f'FILTER(!STRSTARTS(STR(?s), "{SKOS}"))'


def values(*names: str, ns: str = SKOS) -> str:
    """A SPARQL VALUES body: `<ns:a> <ns:b> ...`."""
    return " ".join(f"<{ns}{n}>" for n in names)


@dataclass(frozen=True)
class Lit:
    text: str
    lang: str  # "" when untagged
    datatype: str

    @property
    def plain(self) -> bool:
        """An untagged string literal (what SKOS calls a plain literal without a language)."""
        return not self.lang and self.datatype == XSD + "string"


Node = str
Value = Node | Lit


def py(term: Any) -> Value | None:
    kind = type(term)
    if kind is ox.NamedNode:
        return term.value
    if kind is ox.Literal:
        return Lit(term.value, term.language or "", term.datatype.value)
    if kind is ox.BlankNode:
        return "_:" + term.value
    return None if term is None else str(term)


def term(node: Node) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(node[2:]) if node.startswith("_:") else ox.NamedNode(node)


_NOT_IN_SPARQL_IRI = frozenset('<>"{}|^`\\ ') | {chr(i) for i in range(0x21)}


def writable(iri: str) -> bool:
    """Whether `iri` can be written as <iri> in a SPARQL query (a lenient parse lets through IRIs that cannot)."""
    return not any(ch in _NOT_IN_SPARQL_IRI for ch in iri)


def local(iri: str) -> str:
    """A SKOS property's local name (`broader`); any other property stays a full IRI."""
    return iri.removeprefix(SKOS)


def host(node: Node) -> str:
    """The authority of an IRI (scheme://authority/...), lower-cased; "" for blank nodes and URNs."""
    _, sep, rest = node.partition("://")
    return rest.split("/", 1)[0].split("#", 1)[0].split("?", 1)[0].lower() if sep else ""


class Vocabulary:
    """The graph to check and the shared views; `language` is preferred when a label is shown.

    The views read the graph as an RDFS reasoner holding the SKOS schema would (as qSKOS does): a property
    counts with everything declared its sub-property (skos:broadMatch is a skos:broader, skos:definition a
    skos:note, and so are a vocabulary's own sub-properties), and the domains and ranges SKOS gives its
    properties say what is a concept, a scheme or a collection.
    """

    def __init__(self, store: ox.Store, language: str = "en", union: bool = False,
                 warnings: Iterable[tuple[str, str]] = ()):
        self.store = store
        self.language = language
        self.union = union  # files are loaded into one named graph each; query their union
        self.warnings = list(warnings)  # (file, message): what reading had to repair

    # ------------------------------------------------------------------ querying

    def rows(self, query: str) -> Iterator[tuple[Value | None, ...]]:
        """Each solution of a SELECT query as a tuple of Python values (None where unbound)."""
        solutions = self.store.query(query, prefixes=PREFIXES, use_default_graph_as_union=self.union)
        for solution in solutions:  # type: ignore[union-attr]
            yield tuple(map(py, solution))

    def pairs(self, query: str) -> list[tuple[Node, Node]]:
        return [(a, b) for a, b in self.rows(query)]  # type: ignore[misc]

    def nodes(self, query: str) -> set[Node]:
        return {row[0] for row in self.rows(query) if isinstance(row[0], str)}

    def by_property(self, props: Iterable[str], extra: str = "") -> Iterator[tuple[Node, str, Value]]:
        """(subject, property, object) for properties given as SKOS local names or full IRIs (a SKOS property
        comes back as its local name); one two-column query per property (half the cost of one query binding
        the property too). `extra` adds a filter on ?s / ?o."""
        for prop in props:
            iri = prop if ":" in prop else SKOS + prop
            if not writable(iri):
                continue  # a property IRI no query can name (invalid-iri reports it)
            name = local(iri)
            for s, o in self.rows(f"SELECT ?s ?o WHERE {{ ?s <{iri}> ?o {extra} }}"):
                yield s, name, o  # type: ignore[misc]

    def edges(self, *props: str) -> list[tuple[Node, str, Node]]:
        """(subject, property, object) for properties whose object is a resource; once each, also when several
        files state it."""
        found = self.by_property(props, "FILTER(!isLiteral(?o))")
        return list(dict.fromkeys(found) if self.union else found)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ what SKOS says of its properties

    @cached_property
    def _super(self) -> dict[str, set[str]]:
        """Direct super-properties: SKOS's own, and those the vocabulary declares."""
        found: dict[str, set[str]] = defaultdict(set, {p: set(qs) for p, qs in SUPER_IRIS.items()})
        for p, q in self.rows("SELECT DISTINCT ?p ?q WHERE { ?p rdfs:subPropertyOf ?q FILTER(isIRI(?p) && isIRI(?q)) }"):
            if isinstance(p, str) and isinstance(q, str) and p != q:
                found[p].add(q)
        return found

    @cached_property
    def _under_cache(self) -> dict[str, frozenset[str]]:
        return {}

    def under(self, prop: str) -> frozenset[str]:
        """Every property that is `prop` or (transitively) a sub-property of it, as full IRIs; `prop` is a SKOS
        local name or a full IRI."""
        iri = prop if ":" in prop else SKOS + prop
        if iri not in self._under_cache:
            subs: dict[str, set[str]] = defaultdict(set)
            for p, qs in self._super.items():
                for q in qs:
                    subs[q].add(p)
            seen, stack = {iri}, [iri]
            while stack:
                for p in subs.get(stack.pop(), ()):
                    if p not in seen:
                        seen.add(p)
                        stack.append(p)
            self._under_cache[iri] = frozenset(seen)
        return self._under_cache[iri]

    def holds(self, prop: str) -> set[tuple[Node, Node]]:
        """(subject, object) pairs between resources linked by `prop` or one of its sub-properties, as entailed."""
        if prop not in self._holds_cache:
            found: set[tuple[Node, Node]] = set()
            for p in self.under(prop):
                found.update(self._by_predicate.get(local(p), ()))
            self._holds_cache[prop] = found
        return self._holds_cache[prop]

    @cached_property
    def _by_predicate(self) -> dict[str, list[tuple[Node, Node]]]:
        found: dict[str, list[tuple[Node, Node]]] = defaultdict(list)
        for s, p, o in self.all_edges:
            found[p].append((s, o))
        return dict(found)

    @cached_property
    def _holds_cache(self) -> dict[str, set[tuple[Node, Node]]]:
        return {}

    @cached_property
    def all_edges(self) -> list[tuple[Node, str, Node]]:
        """Asserted statements between resources of every semantic relation (SKOS's and the vocabulary's
        sub-properties), and of the scheme and collection properties."""
        props = set(self.under("semanticRelation")) | {SKOS + p for p in SCHEME_PROPS}
        props |= self.under("inScheme") | self.under("hasTopConcept") | self.under("member")
        return self.edges(*sorted(props))

    # ------------------------------------------------------------------ what is what

    @cached_property
    def concept_classes(self) -> set[Node]:
        """skos:Concept and any class declared (transitively) a subclass of it."""
        return {SKOS + "Concept"} | self.nodes("SELECT DISTINCT ?c WHERE { ?c rdfs:subClassOf+ skos:Concept }")

    @cached_property
    def types(self) -> dict[Node, set[str]]:
        """For resources typed with a SKOS class or a subclass of one: 'concept', 'scheme', 'collection'."""
        kinds = {c: "concept" for c in self.concept_classes}
        for cls, kind in ((SKOS + "ConceptScheme", "scheme"), (COLLECTION_CLASSES[0], "collection"),
                          (COLLECTION_CLASSES[1], "collection")):
            kinds[cls] = kind
            for sub in self.nodes(f"SELECT DISTINCT ?c WHERE {{ ?c rdfs:subClassOf+ <{cls}> }}"):
                kinds.setdefault(sub, kind)
        found: dict[Node, set[str]] = defaultdict(set)
        body = " ".join(f"<{c}>" for c in sorted(kinds) if writable(c))
        for row in self.rows(f"SELECT ?s ?t WHERE {{ VALUES ?t {{ {body} }} ?s a ?t }}"):
            if isinstance(row[0], str) and isinstance(row[1], str):
                found[row[0]].add(kinds[row[1]])
        return dict(found)

    def typed(self, kind: str) -> set[Node]:
        return {n for n, kinds in self.types.items() if kind in kinds}

    @cached_property
    def schemes(self) -> set[Node]:
        """Typed skos:ConceptScheme, and what SKOS's ranges and domains make one: objects of inScheme and
        topConceptOf, subjects of hasTopConcept."""
        implied = {o for _, o in self.holds("inScheme")} | {s for s, _ in self.holds("hasTopConcept")}
        return self.typed("scheme") | (implied - self.typed("concept") - self.typed("collection"))

    @cached_property
    def collections(self) -> set[Node]:
        """Typed skos:Collection / OrderedCollection, and subjects of skos:member and skos:memberList."""
        implied = {s for s, _ in self.holds("member")} | {s for s, _ in self.holds("memberList")}
        return self.typed("collection") | (implied - self.typed("concept") - self.typed("scheme"))

    @cached_property
    def concepts(self) -> set[Node]:
        """The concepts, as the SKOS Reference entails them (and qSKOS counts them): resources typed
        skos:Concept or a subclass of it, both ends of every semantic relation (the domain and range of
        skos:semanticRelation, so of broader, related, the mapping properties and their sub-properties),
        subjects of topConceptOf and objects of hasTopConcept. Resources typed as schemes or collections are
        not (S9 and S37 report the clash). Deprecated concepts (owl:deprecated true) count only while a
        hierarchical or associative relation still uses them: retired ones keep only their history.
        """
        implied = {n for pair in self.holds("semanticRelation") for n in pair}
        implied |= {s for s, _ in self.holds("topConceptOf")} | {o for _, o in self.holds("hasTopConcept")}
        retired = self.deprecated - self.related_nodes
        return (self.typed("concept") | implied) - self.typed("scheme") - self.typed("collection") - retired

    @cached_property
    def related_nodes(self) -> set[Node]:
        """Everything at either end of a hierarchical or associative relation."""
        found = self.holds("broaderTransitive") | self.holds("narrowerTransitive") | self.holds("related")
        return {n for pair in found for n in pair}

    @cached_property
    def deprecated(self) -> set[Node]:
        return self.nodes('SELECT ?s WHERE { ?s owl:deprecated ?d FILTER(STR(?d) IN ("true", "1")) }')

    @cached_property
    def home(self) -> str:
        """The vocabulary's own host: the one most of its concepts' IRIs name (how qSKOS picks its
        "authoritative" concepts); "" when no concept has an http(s)-style IRI."""
        counts: dict[str, int] = defaultdict(int)
        for node in self.concepts:
            if h := host(node):
                counts[h] += 1
        return min(counts, key=lambda h: (-counts[h], h)) if counts else ""

    @cached_property
    def own_concepts(self) -> set[Node]:
        """Concepts of this vocabulary, not concepts of others it links to (qSKOS's "authoritative concepts"):
        IRIs on its own host, all of them when there is no host to tell by. The checks of a concept's own
        description (labels, documentation, links) read these: a concept of another vocabulary is described
        there. A concept of this one that is only named, never described, is among them (as in qSKOS), and
        `undescribed-concept` says what is wrong with it."""
        home = self.home
        return {c for c in self.concepts if home in c.lower()} if home else set(self.concepts)

    @cached_property
    def undescribed(self) -> set[Node]:
        """Concepts that are the object of some statement but the subject of none. Candidates are those the
        shared views never saw as a subject; each is then looked up in the store's index."""
        seen = {s for s, _, _ in self.all_edges} | set(self.types) | set(self.labels)
        found = set()
        for node in self.concepts - seen:
            if node.startswith("_:"):
                continue
            try:
                subject = term(node)
            except ValueError:  # an IRI Oxigraph will not build again: ask the engine by its string
                if not any(True for _ in self.rows(f"""SELECT ?s WHERE {{ ?s ?p ?o FILTER(isIRI(?s))
                        FILTER(STR(?s) = {json.dumps(node)}) }} LIMIT 1""")):
                    found.add(node)
                continue
            if next(iter(self.store.quads_for_pattern(subject, None, None, None)), None) is None:
                found.add(node)
        return found

    @cached_property
    def language_coverage(self) -> dict[Node, set[str]]:
        """The languages (lower-cased tags) of each concept's tagged literals, whatever the property, SKOS-XL
        labels included; concepts without tagged text are left out."""
        found: dict[Node, set[str]] = defaultdict(set)
        concepts = self.concepts
        for s, lang in self.rows("""SELECT DISTINCT ?s (LCASE(LANG(?o)) AS ?l) WHERE { ?s ?p ?o
                                    FILTER(isLiteral(?o) && LANG(?o) != "") }"""):
            if isinstance(s, str) and s in concepts and isinstance(lang, Lit):
                found[s].add(lang.text)
        for s, lang in self.rows(f"""SELECT DISTINCT ?s (LCASE(LANG(?o)) AS ?l) WHERE {{ ?s ?p ?x .
                                     ?x <{SKOSXL}literalForm> ?o FILTER(LANG(?o) != "") }}"""):
            if isinstance(s, str) and s in concepts and isinstance(lang, Lit):
                found[s].add(lang.text)
        return dict(found)

    @cached_property
    def non_http_subjects(self) -> set[Node]:
        """Subject IRIs that are not http(s) IRIs (containing neither http:// nor https://, as qSKOS tests)."""
        return self.nodes("""SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)
            && !CONTAINS(LCASE(STR(?s)), "http://") && !CONTAINS(LCASE(STR(?s)), "https://")) }""")

    @cached_property
    def suspect_iris(self) -> set[Node]:
        """IRIs anywhere in the graph holding a character no IRI may hold, or no scheme (the lenient parser
        lets them through); filtered in Oxigraph's engine."""
        bad = r'FILTER(isIRI(?i) && REGEX(STR(?i), "[\\x00-\\x20<>\"{}|\\\\^`]|^[^:]*$"))'
        return self.nodes(f"SELECT DISTINCT ?i WHERE {{ {{ ?i ?p ?o }} UNION {{ ?s ?i ?o }} UNION {{ ?s ?p ?i }} {bad} }}")

    # ------------------------------------------------------------------ labels and notes

    @cached_property
    def labels(self) -> dict[Node, list[tuple[str, Value]]]:
        """Every subject's SKOS labels: (property local name, value), the value a Lit or (wrongly) a node.
        Sub-properties of the three count as the label they refine; SKOS-XL labels count by their literal form
        (SKOS Reference S55-S57)."""
        found: dict[Node, list[tuple[str, Value]]] = defaultdict(list)
        for name in LABELS:
            for s, _, o in self.by_property(sorted(self.under(name)), NOT_SKOS_SUBJECT):
                found[s].append((name, o))
            for row in self.rows(f"""SELECT ?s ?o WHERE {{ ?s <{SKOSXL}{name}> ?x . ?x <{SKOSXL}literalForm> ?o
                                      {NOT_SKOS_SUBJECT} }}"""):
                if isinstance(row[0], str) and row[1] is not None:
                    found[row[0]].append((name, row[1]))
        if self.union:  # once each, across files
            return {s: list(dict.fromkeys(labels)) for s, labels in found.items()}
        return dict(found)

    @cached_property
    def note_properties(self) -> list[str]:
        """skos:note and its sub-properties (SKOS's documentation properties and the vocabulary's own)."""
        return sorted(self.under("note"))

    @cached_property
    def notes(self) -> dict[Node, list[tuple[str, Lit]]]:
        """Every subject's definitions and scope notes (the notes whose text the checks read)."""
        found: dict[Node, list[tuple[str, Lit]]] = defaultdict(list)
        for s, p, o in self.by_property(("definition", "scopeNote"), f"FILTER(isLiteral(?o)) {NOT_SKOS_SUBJECT}"):
            found[s].append((p, o))  # type: ignore[arg-type]
        return dict(found)

    def pref_labels(self, node: Node) -> list[Lit]:
        return [v for p, v in self.labels.get(node, ()) if p == "prefLabel" and isinstance(v, Lit)]

    def _other_label(self, node: Node) -> str | None:
        """dcterms:title, rdfs:label or schema:name: labels of what SKOS labels do not cover (schemes,
        comparisons, sources). Looked up per node: only a few results need them."""
        if node not in self._other_cache:
            try:
                subject = term(node)
            except ValueError:  # an IRI the parser let through but Oxigraph will not build (reported as invalid-iri)
                self._other_cache[node] = None
                return None
            lits = [Lit(q.object.value, q.object.language or "", q.object.datatype.value)
                    for p in OTHER_LABELS for q in self.store.quads_for_pattern(subject, ox.NamedNode(p), None, None)
                    if isinstance(q.object, ox.Literal)]
            self._other_cache[node] = self._pick(lits) if lits else None
        return self._other_cache[node]

    @cached_property
    def _other_cache(self) -> dict[Node, str | None]:
        return {}

    def _pick(self, lits: list[Lit]) -> str:
        """The label in the preferred language, else an untagged one, else the first by language tag."""
        if len(lits) == 1:
            return lits[0].text
        ordered = sorted(lits, key=lambda lit: (lit.lang.lower() != self.language.lower(),
                                                lit.lang.split("-")[0].lower() != self.language.lower(),
                                                bool(lit.lang), lit.lang, lit.text))
        return ordered[0].text

    def label(self, node: Node) -> str | None:
        prefs = self.pref_labels(node)
        if prefs:
            return self._pick(prefs)
        others = [lit for _, lit in self.labels.get(node, ()) if isinstance(lit, Lit)]
        return self._pick(others) if others else self._other_label(node)

    def describe(self, node: Node) -> str:
        """`“Label” <iri>` for messages that name a second resource."""
        label = self.label(node)
        return f"“{label}” <{node}>" if label else f"<{node}>"

    # ------------------------------------------------------------------ relations

    @cached_property
    def semantic_edges(self) -> list[tuple[Node, str, Node]]:
        """Every asserted semantic relation (hierarchical, associative, mapping, and the vocabulary's own
        sub-properties of them) between two resources."""
        wanted = {local(p) for p in self.under("semanticRelation")}
        return [e for e in self.all_edges if e[1] in wanted]

    @cached_property
    def broader(self) -> dict[Node, set[Node]]:
        """Direct broader concepts: skos:broader and its sub-properties (broadMatch), and skos:narrower
        (narrowMatch) read backwards."""
        return self._upward(self.holds("broader"), self.holds("narrower"))

    @cached_property
    def broader_any(self) -> dict[Node, set[Node]]:
        """Broader links of every kind: skos:broaderTransitive and everything under it (broader, broadMatch),
        and skos:narrowerTransitive (narrower, narrowMatch) read backwards: qSKOS's hierarchy graph."""
        return self._upward(self.holds("broaderTransitive"), self.holds("narrowerTransitive"))

    @staticmethod
    def _upward(up_pairs: set[tuple[Node, Node]], down_pairs: set[tuple[Node, Node]]) -> dict[Node, set[Node]]:
        up: dict[Node, set[Node]] = defaultdict(set)
        for child, parent in up_pairs:
            up[child].add(parent)
        for parent, child in down_pairs:
            up[child].add(parent)
        return dict(up)

    @cached_property
    def related(self) -> set[tuple[Node, Node]]:
        """skos:related pairs (and relatedMatch, its sub-property), as written (direction kept)."""
        return self.holds("related")

    @cached_property
    def related_pairs(self) -> set[tuple[Node, Node]]:
        """skos:related as unordered pairs of two different concepts, each written (smaller, larger)."""
        return {(a, b) if a < b else (b, a) for a, b in self.related if a != b}

    def ancestors(self, node: Node, up: dict[Node, set[Node]] | None = None) -> set[Node]:
        """Everything reachable upwards (the transitive closure), cycles included; cached for `broader_any`."""
        graph = self.broader_any if up is None else up
        cache = self._ancestor_cache if up is None else None
        if cache is not None and node in cache:
            return cache[node]
        seen: set[Node] = set()
        stack = list(graph.get(node, ()))
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            if cache is not None and n in cache:
                seen |= cache[n]
                continue
            stack.extend(graph.get(n, ()))
        if cache is not None:
            cache[node] = seen
        return seen

    @cached_property
    def _ancestor_cache(self) -> dict[Node, set[Node]]:
        return {}

    # ------------------------------------------------------------------ schemes

    @cached_property
    def scheme_edges(self) -> list[tuple[Node, str, Value]]:
        """(subject, property local name, object) for inScheme, topConceptOf, hasTopConcept, member and
        memberList as asserted; objects may be (wrongly) literals."""
        found = self.by_property(SCHEME_PROPS)
        return list(dict.fromkeys(found) if self.union else found)

    @cached_property
    def scheme_members(self) -> dict[Node, set[Node]]:
        """The schemes each resource belongs to: skos:inScheme (topConceptOf is one), skos:hasTopConcept."""
        found: dict[Node, set[Node]] = defaultdict(set)
        for s, o in self.holds("inScheme"):
            found[s].add(o)
        for s, o in self.holds("hasTopConcept"):
            found[o].add(s)
        return dict(found)

    @cached_property
    def top_of(self) -> dict[Node, set[Node]]:
        """Top concepts and the schemes they top: skos:topConceptOf and skos:hasTopConcept read backwards."""
        found: dict[Node, set[Node]] = defaultdict(set)
        for s, o in self.holds("topConceptOf"):
            found[s].add(o)
        for s, o in self.holds("hasTopConcept"):
            found[o].add(s)
        return dict(found)

    def share_scheme(self, a: Node, b: Node) -> bool:
        """Both in one scheme, or both in none (then the file is their only scheme)."""
        sa, sb = self.scheme_members.get(a, set()), self.scheme_members.get(b, set())
        return bool(sa & sb) if (sa or sb) else True
