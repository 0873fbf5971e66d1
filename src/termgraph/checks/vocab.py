"""A SKOS vocabulary in a pyoxigraph store, with the views the checks share, each computed once.

Every view is one SPARQL query over the whole graph, run in Oxigraph's engine (never once per concept),
turned into plain Python sets and dicts; graph algorithms (closure, cycles, clusters) then run over those.
Nodes are strings: an IRI as itself, a blank node as `_:id`.
"""
from __future__ import annotations

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
SCHEME_PROPS = ("inScheme", "topConceptOf", "hasTopConcept", "member")
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


class Vocabulary:
    """The graph to check and the shared views; `language` is preferred when a label is shown."""

    def __init__(self, store: ox.Store, language: str = "en", union: bool = False):
        self.store = store
        self.language = language
        self.union = union  # files are loaded into one named graph each; query their union

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
        """(subject, property local name, object) for SKOS properties; one two-column query per property
        (half the cost of one query binding the property too). `extra` adds a filter on ?s / ?o."""
        for prop in props:
            for s, o in self.rows(f"SELECT ?s ?o WHERE {{ ?s <{SKOS}{prop}> ?o {extra} }}"):
                yield s, prop, o  # type: ignore[misc]

    def edges(self, *props: str) -> list[tuple[Node, str, Node]]:
        """(subject, property local name, object) for SKOS properties whose object is a resource; once each,
        also when several files state it."""
        found = self.by_property(props, "FILTER(!isLiteral(?o))")
        return list(dict.fromkeys(found) if self.union else found)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ what is what

    @cached_property
    def concept_classes(self) -> set[Node]:
        """skos:Concept and any class declared (transitively) a subclass of it."""
        return {SKOS + "Concept"} | self.nodes("SELECT DISTINCT ?c WHERE { ?c rdfs:subClassOf+ skos:Concept }")

    @cached_property
    def types(self) -> dict[Node, set[str]]:
        """For resources typed with a SKOS class (or a subclass of skos:Concept): 'concept', 'scheme', 'collection'."""
        kinds = {c: "concept" for c in self.concept_classes}
        kinds |= {SKOS + "ConceptScheme": "scheme", COLLECTION_CLASSES[0]: "collection",
                  COLLECTION_CLASSES[1]: "collection"}
        found: dict[Node, set[str]] = defaultdict(set)
        body = " ".join(f"<{c}>" for c in sorted(kinds))
        for node, cls in self.rows(f"SELECT ?s ?t WHERE {{ VALUES ?t {{ {body} }} ?s a ?t }}"):
            found[node].add(kinds[cls])  # type: ignore[index]
        return dict(found)

    def typed(self, kind: str) -> set[Node]:
        return {n for n, kinds in self.types.items() if kind in kinds}

    @cached_property
    def schemes(self) -> set[Node]:
        return self.typed("scheme")

    @cached_property
    def collections(self) -> set[Node]:
        return self.typed("collection")

    @cached_property
    def concepts(self) -> set[Node]:
        """Typed concepts, and resources SKOS relations imply are concepts (real vocabularies omit the type).

        Implied: subjects and objects of hierarchical and associative relations, subjects of mapping
        relations (their objects usually live in other vocabularies), members of schemes and top concepts,
        members of collections, and untyped holders of SKOS labels; never what is typed a scheme or collection.
        Deprecated concepts (owl:deprecated true) count only while a hierarchical or associative relation
        still uses them: retired ones keep only their history and are not checked.
        """
        mapping = set(MAPPING)
        implied = set(self.related_nodes)
        implied |= {s for s, p, _ in self.semantic_edges if p in mapping}
        for s, p, o in self.scheme_edges:
            if p in ("inScheme", "topConceptOf"):
                implied.add(s)
            elif isinstance(o, str):
                implied.add(o)  # hasTopConcept, member
        implied |= self.nodes(f"""SELECT DISTINCT ?c WHERE {{ VALUES ?p {{ {values(*LABELS)} }} ?c ?p ?x
                                 FILTER NOT EXISTS {{ ?c a ?any }} {NOT_SKOS_SUBJECT.replace("?s", "?c")} }}""")
        retired = self.deprecated - self.related_nodes
        return (self.typed("concept") | implied) - self.schemes - self.collections - retired

    @cached_property
    def related_nodes(self) -> set[Node]:
        """Everything at either end of a hierarchical or associative relation."""
        wanted = set(HIERARCHY + ASSOCIATIVE)
        return {n for s, p, o in self.semantic_edges if p in wanted for n in (s, o)}

    @cached_property
    def deprecated(self) -> set[Node]:
        return self.nodes('SELECT ?s WHERE { ?s owl:deprecated ?d FILTER(STR(?d) IN ("true", "1")) }')

    # ------------------------------------------------------------------ labels and notes

    @cached_property
    def labels(self) -> dict[Node, list[tuple[str, Value]]]:
        """Every subject's SKOS labels: (property local name, value), the value a Lit or (wrongly) a node."""
        found: dict[Node, list[tuple[str, Value]]] = defaultdict(list)
        for s, p, o in self.by_property(LABELS, NOT_SKOS_SUBJECT):
            found[s].append((p, o))
        if self.union:  # once each, across files
            return {s: list(dict.fromkeys(labels)) for s, labels in found.items()}
        return dict(found)

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
            subject = term(node)
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
        """Every asserted semantic relation (hierarchical, associative, mapping) between two resources."""
        return self.edges(*SEMANTIC)

    def _by_prop(self, *props: str) -> list[tuple[Node, str, Node]]:
        wanted = set(props)
        return [e for e in self.semantic_edges if e[1] in wanted]

    @cached_property
    def broader(self) -> dict[Node, set[Node]]:
        """Direct broader concepts: skos:broader, and skos:narrower read backwards."""
        return self._upward(defaultdict(set), "broader", "narrower")

    @cached_property
    def broader_any(self) -> dict[Node, set[Node]]:
        """Broader links of every kind: broader, narrower, and the asserted *Transitive properties."""
        start: dict[Node, set[Node]] = defaultdict(set, {k: set(v) for k, v in self.broader.items()})
        return self._upward(start, "broaderTransitive", "narrowerTransitive")

    def _upward(self, up: dict[Node, set[Node]], *props: str) -> dict[Node, set[Node]]:
        """Add the links of `props` to `up` as child -> parents, reading the downward property backwards."""
        for s, p, o in self._by_prop(*props):
            if UPWARD[p]:
                up[s].add(o)
            else:
                up[o].add(s)
        return dict(up)

    @cached_property
    def related(self) -> set[tuple[Node, Node]]:
        """Asserted skos:related pairs, as written (direction kept)."""
        return {(s, o) for s, _, o in self._by_prop("related")}

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
        """(subject, property local name, object) for inScheme, topConceptOf, hasTopConcept and member;
        objects may be (wrongly) literals."""
        found = self.by_property(SCHEME_PROPS)
        return list(dict.fromkeys(found) if self.union else found)

    @cached_property
    def scheme_members(self) -> dict[Node, set[Node]]:
        """The schemes each resource belongs to: skos:inScheme, skos:topConceptOf, skos:hasTopConcept."""
        found: dict[Node, set[Node]] = defaultdict(set)
        for s, p, o in self.scheme_edges:
            if isinstance(o, str) and p != "member":
                if p == "hasTopConcept":
                    found[o].add(s)
                else:
                    found[s].add(o)
        return dict(found)

    @cached_property
    def top_of(self) -> dict[Node, set[Node]]:
        """Top concepts and the schemes they top: skos:topConceptOf and skos:hasTopConcept read backwards."""
        found: dict[Node, set[Node]] = defaultdict(set)
        for s, p, o in self.scheme_edges:
            if isinstance(o, str):
                if p == "topConceptOf":
                    found[s].add(o)
                elif p == "hasTopConcept":
                    found[o].add(s)
        return dict(found)

    def share_scheme(self, a: Node, b: Node) -> bool:
        """Both in one scheme, or both in none (then the file is their only scheme)."""
        sa, sb = self.scheme_members.get(a, set()), self.scheme_members.get(b, set())
        return bool(sa & sb) if (sa or sb) else True
