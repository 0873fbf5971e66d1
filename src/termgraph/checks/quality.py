"""Vocabulary quality checks (warnings and info): the well-known issues catalogued by qSKOS.

Source: C. Mader, B. Haslhofer, A. Isaac, "Finding Quality Issues in SKOS Vocabularies" (TPDL 2012), and
the qSKOS wiki. Where a definition needed a decision, the docstring of the check says which.
"""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator

from termgraph.checks.model import QSKOS, Hit, register
from termgraph.checks.vocab import (
    ASSOCIATIVE,
    HIERARCHY,
    LABELS,
    MAPPING,
    NOT_SKOS_SUBJECT,
    NOTES,
    SKOS,
    Lit,
    Node,
    Vocabulary,
    values,
)

# RFC 5646 well-formed language tags (lower-cased: tags are case-insensitive).
_LANGTAG = re.compile(r"""^(?:
    (?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})
    (?:-[a-z]{4})?
    (?:-(?:[a-z]{2}|[0-9]{3}))?
    (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*
    (?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*
    (?:-x(?:-[a-z0-9]{1,8})+)?
  | x(?:-[a-z0-9]{1,8})+
  | i-[a-z]{3,8}
  | sgn-[a-z]{2}-[a-z]{2}
  | en-gb-oed
)$""", re.VERBOSE)

# Joiners are part of correct spelling in several scripts (Persian, Indic): not flagged as unprintable.
_ALLOWED_FORMAT = {"\u200c", "\u200d"}
_UNPRINTABLE = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}

# The SKOS vocabulary (2009) and the terms SKOS Core (2004) had that the Recommendation dropped.
SKOS_TERMS = frozenset(
    ["Concept", "ConceptScheme", "Collection", "OrderedCollection", "inScheme", "hasTopConcept", "topConceptOf", "prefLabel", "altLabel", "hiddenLabel", "notation", "note", "changeNote", "definition", "editorialNote", "example", "historyNote", "scopeNote", "semanticRelation", "broader", "narrower", "related", "broaderTransitive", "narrowerTransitive", "member", "memberList", "mappingRelation", "broadMatch", "narrowMatch", "relatedMatch", "exactMatch", "closeMatch"])
DEPRECATED_SKOS = frozenset(
    ["symbol", "prefSymbol", "altSymbol", "CollectableProperty", "subject", "isSubjectOf", "primarySubject", "isPrimarySubjectOf", "subjectIndicator"])


RDFS_NS, OWL_NS = "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2002/07/owl#"
SCHEMA_STATEMENTS = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", RDFS_NS + "subClassOf",
                     RDFS_NS + "subPropertyOf", RDFS_NS + "domain", RDFS_NS + "range", OWL_NS + "equivalentClass",
                     OWL_NS + "equivalentProperty", OWL_NS + "inverseOf")


def valid_language_tag(tag: str) -> bool:
    return _LANGTAG.match(tag.lower()) is not None


def _lang(lit: Lit) -> str:
    return f"@{lit.lang}" if lit.lang else ""


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _sorted_concepts(v: Vocabulary) -> list[Node]:
    return sorted(v.concepts)


# ---------------------------------------------------------------------------------------------- labels


@register("missing-label", "quality", "warning", "Missing labels",
          "Concepts without a skos:prefLabel, and schemes or collections without any label or title.",
          "People find and recognise concepts by their labels; an unlabelled concept shows up as a bare IRI.",
          QSKOS + "#missing-labels")
def missing_label(v: Vocabulary) -> Iterator[Hit]:
    for node in _sorted_concepts(v):
        if not v.pref_labels(node):
            alt = any(p != "prefLabel" for p, _ in v.labels.get(node, ()))
            yield Hit(node, "no skos:prefLabel" + (" (only alternative or hidden labels)" if alt else ""),
                      path=SKOS + "prefLabel")
    for node in sorted(v.schemes | v.collections):
        if v.label(node) is None:
            kind = "scheme" if node in v.schemes else "collection"
            yield Hit(node, f"the {kind} has no label (skos:prefLabel, rdfs:label or dcterms:title)")


@register("empty-label", "quality", "warning", "Empty labels",
          "SKOS labels whose text is empty or only white space.",
          "An empty label is useless for display and search, and often hides a conversion error.",
          QSKOS + "#empty-labels")
def empty_label(v: Vocabulary) -> Iterator[Hit]:
    for node, labels in v.labels.items():
        for prop, value in labels:
            if isinstance(value, Lit) and not value.text.strip():
                yield Hit(node, f"empty skos:{prop}{_lang(value)}", repr(value.text), SKOS + prop)


@register("overlapping-labels", "quality", "warning", "Overlapping labels",
          "Concepts of one scheme whose preferred label (ignoring case and spacing) equals another concept's "
          "preferred or alternative label in the same language.",
          "Two concepts that read the same cannot be told apart in a list or an autocomplete box; one of the "
          "labels needs a qualifier.",
          QSKOS + "#overlapping-labels")
def overlapping_labels(v: Vocabulary) -> Iterator[Hit]:
    pref: dict[tuple[str, str], dict[Node, str]] = defaultdict(dict)
    alt: dict[tuple[str, str], dict[Node, str]] = defaultdict(dict)
    concepts = v.concepts
    for node, labels in v.labels.items():
        if node not in concepts:
            continue
        for prop, value in labels:
            if isinstance(value, Lit) and value.text.strip() and prop != "hiddenLabel":
                key = (_norm(value.text), value.lang.lower())
                (pref if prop == "prefLabel" else alt)[key].setdefault(node, value.text)
    for key in sorted(pref):
        holders = pref[key]
        lang = f"@{key[1]}" if key[1] else ""
        for node in sorted(holders):
            others = sorted(o for o in holders if o != node and v.share_scheme(node, o))
            if others:
                yield Hit(node, f"preferred label “{holders[node]}”{lang} is also the preferred label of "
                          + _listed(v, others), holders[node], SKOS + "prefLabel")
        for node, text in sorted(alt.get(key, {}).items()):
            others = sorted(o for o in holders if o != node and v.share_scheme(node, o))
            if others:
                yield Hit(node, f"alternative label “{text}”{lang} is the preferred label of "
                          + _listed(v, others), text, SKOS + "altLabel")


def _listed(v: Vocabulary, nodes: list[Node], limit: int = 3) -> str:
    shown = ", ".join(v.describe(n) for n in nodes[:limit])
    return shown + (f" and {len(nodes) - limit} more" if len(nodes) > limit else "")


@register("unprintable-characters", "quality", "warning", "Unprintable characters in labels",
          "SKOS labels containing control, format, private-use or unassigned characters, or line separators.",
          "Invisible characters make equal-looking labels differ, break search and sorting, and usually come "
          "from copy and paste or a broken conversion.",
          QSKOS + "#unprintable-characters-in-labels")
def unprintable_characters(v: Vocabulary) -> Iterator[Hit]:
    for node, labels in v.labels.items():
        for prop, value in labels:
            if not isinstance(value, Lit) or value.text.isprintable():
                continue  # isprintable() is a fast C test; the loop below only runs on suspects
            bad = sorted({f"U+{ord(ch):04X}" for ch in value.text
                          if unicodedata.category(ch) in _UNPRINTABLE and ch not in _ALLOWED_FORMAT})
            if bad:
                yield Hit(node, f"skos:{prop}{_lang(value)} contains {', '.join(bad)}", repr(value.text),
                          SKOS + prop)


TEXTS = LABELS + NOTES


def _text_rows(v: Vocabulary, condition: str) -> Iterator[tuple[Node, str, Lit]]:
    """SKOS label and documentation literals meeting a SPARQL condition on ?o, filtered in Oxigraph's engine
    (the glossary's examples alone are 200,000 literals at 100,000 terms: only offenders cross into Python)."""
    for node, prop, value in v.by_property(TEXTS, f"FILTER(isLiteral(?o) && {condition}) {NOT_SKOS_SUBJECT}"):
        if isinstance(value, Lit):
            yield node, prop, value


@register("omitted-language-tag", "quality", "warning", "Omitted language tags",
          "SKOS labels and documentation (definition, scopeNote, note, ...) written without a language tag.",
          "Without a tag, multilingual tools cannot pick the text for a reader's language or spell-check it.",
          QSKOS + "#omitted-or-invalid-language-tags")
def omitted_language_tag(v: Vocabulary) -> Iterator[Hit]:
    for node, prop, value in _text_rows(v, 'DATATYPE(?o) = xsd:string && REGEX(STR(?o), "\\\\S")'):
        yield Hit(node, f"skos:{prop} “{_short(value.text)}” has no language tag", value.text, SKOS + prop)


@register("invalid-language-tag", "quality", "warning", "Invalid language tags",
          "Language tags on SKOS labels and documentation that are not well-formed BCP 47 (RFC 5646) tags.",
          "Software matches languages by their tags; a malformed tag (en_US, english) matches nothing.",
          QSKOS + "#omitted-or-invalid-language-tags")
def invalid_language_tag(v: Vocabulary) -> Iterator[Hit]:
    tags = {row[0].text for row in v.rows(f"""SELECT DISTINCT (LANG(?o) AS ?l) WHERE {{
        VALUES ?p {{ {values(*TEXTS)} }} ?s ?p ?o FILTER(LANG(?o) != "") }}""") if isinstance(row[0], Lit)}
    bad = sorted(t for t in tags if not valid_language_tag(t))
    if not bad:
        return
    wanted = ", ".join(json.dumps(t) for t in bad)
    for node, prop, value in _text_rows(v, f"LANG(?o) IN ({wanted})"):
        yield Hit(node, f"skos:{prop} “{_short(value.text)}” has the malformed language tag {value.lang!r}",
                  value.lang, SKOS + prop)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@register("incomplete-language-coverage", "quality", "info", "Incomplete language coverage",
          "Concepts lacking a preferred label in one of the vocabulary's languages: those in which at least "
          "half of the concepts have one.",
          "In a multilingual vocabulary a concept missing from one language is missing for that language's "
          "users. (A language only a few concepts use is a translation begun, not a gap in all the others.)",
          QSKOS + "#incomplete-language-coverage")
def incomplete_language_coverage(v: Vocabulary) -> Iterator[Hit]:
    own: dict[Node, set[str]] = {}
    for node in v.concepts:
        langs = {lit.lang.lower() for lit in v.pref_labels(node) if lit.lang}
        if langs:
            own[node] = langs
    uses: dict[str, int] = defaultdict(int)
    for langs in own.values():
        for lang in langs:
            uses[lang] += 1
    every = {lang for lang, n in uses.items() if 2 * n >= len(own)}
    if len(every) < 2:
        return
    for node in sorted(own):
        missing = sorted(every - own[node])
        if missing:
            yield Hit(node, f"no preferred label in {', '.join(missing)} (the vocabulary's languages are "
                      f"{', '.join(sorted(every))})", ",".join(missing), SKOS + "prefLabel")


# ---------------------------------------------------------------------------------------------- structure


def _linked(v: Vocabulary) -> list[tuple[Node, Node]]:
    """Hierarchical and associative links (no mappings) between two concepts, undirected."""
    concepts = v.concepts
    wanted = set(HIERARCHY + ASSOCIATIVE)
    return [(s, o) for s, p, o in v.semantic_edges if p in wanted and s in concepts and o in concepts]


@register("orphan-concept", "quality", "warning", "Orphan concepts",
          "Concepts with no hierarchical or associative relation at all that are not top concepts either.",
          "A concept attached to nothing cannot be reached by browsing; it is usually forgotten or misplaced. "
          "(Top concepts of flat schemes are attached to their scheme and so are not reported.)",
          QSKOS + "#orphan-concepts")
def orphan_concept(v: Vocabulary) -> Iterator[Hit]:
    wanted = set(HIERARCHY + ASSOCIATIVE)
    linked = {n for s, p, o in v.semantic_edges if p in wanted for n in (s, o)}
    for node in _sorted_concepts(v):
        if node not in linked and node not in v.top_of:
            yield Hit(node, "no broader, narrower or related concept, and not a top concept of a scheme")


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Node, Node] = {}

    def find(self, x: Node) -> Node:
        root = self.parent.setdefault(x, x)
        while root != self.parent[root]:
            root = self.parent[root]
        while x != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: Node, b: Node) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[Node]]:
        found: dict[Node, list[Node]] = defaultdict(list)
        for x in self.parent:
            found[self.find(x)].append(x)
        return [sorted(g) for g in found.values()]


@register("disconnected-cluster", "quality", "info", "Disconnected concept clusters",
          "Groups of two or more concepts linked among themselves but not to the largest group "
          "(following broader, narrower and related in both directions).",
          "Browsing from one part of the vocabulary never reaches the other; often a missing broader link. "
          "Single unlinked concepts are reported as orphans instead.",
          QSKOS + "#disconnected-concept-clusters")
def disconnected_cluster(v: Vocabulary) -> Iterator[Hit]:
    uf = _UnionFind()
    for a, b in _linked(v):
        uf.union(a, b)
    groups = sorted(uf.groups(), key=lambda g: (-len(g), g[0]))
    if len(groups) < 2:
        return
    biggest = len(groups[0])
    for group in groups[1:]:
        yield Hit(group[0], f"one of a cluster of {len(group)} concepts not linked to the main cluster of "
                  f"{biggest} concepts", str(len(group)))


def strongly_connected(graph: dict[Node, set[Node]]) -> list[list[Node]]:
    """Tarjan's algorithm without recursion (hierarchies can be thousands deep); components of 2+ nodes."""
    index: dict[Node, int] = {}
    low: dict[Node, int] = {}
    on_stack: set[Node] = set()
    stack: list[Node] = []
    found: list[list[Node]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(graph.get(root, ())))]  # components do not depend on the order of visits
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, ()))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


@register("hierarchy-cycle", "quality", "warning", "Cyclic hierarchical relations",
          "Concepts that are, through broader/narrower (or their transitive forms), broader than themselves.",
          "SKOS allows it, but a cycle makes breadcrumbs, tree views and query expansion loop; it is almost "
          "always a mistaken broader link.",
          QSKOS + "#cyclic-hierarchical-relations")
def hierarchy_cycle(v: Vocabulary) -> Iterator[Hit]:
    up = {n: {p for p in parents if p != n} for n, parents in v.broader_any.items()}
    for component in strongly_connected(up):
        members = ", ".join(v.describe(n) for n in component[1:4])
        more = f" and {len(component) - 4} more" if len(component) > 4 else ""
        yield Hit(component[0], f"in a broader/narrower cycle of {len(component)} concepts with {members}{more}",
                  " ".join(component), SKOS + "broader")


@register("omitted-top-concepts", "quality", "warning", "Omitted top concepts",
          "Concept schemes with no skos:hasTopConcept / skos:topConceptOf at all.",
          "Top concepts are the entry points for browsing a scheme; without them a browser has nowhere to start.",
          QSKOS + "#omitted-top-concepts")
def omitted_top_concepts(v: Vocabulary) -> Iterator[Hit]:
    topped = set().union(*v.top_of.values()) if v.top_of else set()
    for scheme in sorted(v.schemes - topped):
        yield Hit(scheme, "the scheme has no top concepts", path=SKOS + "hasTopConcept")


@register("top-concept-has-broader", "quality", "warning", "Top concepts having broader concepts",
          "Top concepts of a scheme that have a broader concept in the same scheme (or in no scheme).",
          "A top concept is the root of its scheme's hierarchy; one with a broader concept in the scheme is "
          "listed twice, at the top and below its parent.",
          QSKOS + "#top-concepts-having-broader-concepts")
def top_concept_has_broader(v: Vocabulary) -> Iterator[Hit]:
    for node in sorted(v.top_of):
        for parent in sorted(v.broader.get(node, ())):
            schemes = v.scheme_members.get(parent)
            if not schemes or schemes & v.top_of[node]:
                yield Hit(node, f"a top concept with the broader concept {v.describe(parent)}", parent,
                          SKOS + "broader")


@register("hierarchical-redundancy", "quality", "info", "Hierarchical redundancy",
          "broader links that repeat what a longer broader path already says (A broader C, and A broader B "
          "broader C).",
          "The direct link adds nothing, and drifts out of date when the hierarchy changes.",
          QSKOS + "#hierarchical-redundancy")
def hierarchical_redundancy(v: Vocabulary) -> Iterator[Hit]:
    direct = v.broader
    for node in sorted(n for n, parents in direct.items() if len(parents) > 1):
        parents = direct[node]
        for parent in sorted(parents):
            via = sorted(p for p in parents if p != parent and parent in v.ancestors(p, direct))
            if via:
                yield Hit(node, f"broader {v.describe(parent)} is implied through {v.describe(via[0])}", parent,
                          SKOS + "broader")


@register("deprecated-in-use", "quality", "warning", "Deprecated concept still in use",
          "Concepts with a broader, narrower or related link to a concept marked owl:deprecated true.",
          "A deprecated concept should no longer be used; links to it lead readers to a retired concept "
          "(dcterms:isReplacedBy names the one to link instead).",
          "https://www.w3.org/TR/owl2-syntax/#Annotation_Properties")
def deprecated_in_use(v: Vocabulary) -> Iterator[Hit]:
    gone = v.deprecated
    if not gone:
        return
    replaced = {s: o for s, o in v.pairs("SELECT ?s ?o WHERE { ?s dcterms:isReplacedBy ?o FILTER(!isLiteral(?o)) }")}
    wanted = set(HIERARCHY + ASSOCIATIVE)
    seen = set()
    for s, p, o in sorted(v.semantic_edges):
        if p not in wanted:
            continue
        for here, there in ((s, o), (o, s)):
            if there in gone and here not in gone and (here, there) not in seen:
                seen.add((here, there))
                if replaced.get(there) == here:
                    continue  # a retired concept pointing at its own replacement
                instead = f"; use {v.describe(replaced[there])} instead" if there in replaced else ""
                yield Hit(here, f"linked (skos:{p}) to the deprecated concept {v.describe(there)}{instead}", there,
                          SKOS + p)


@register("reflexive-relation", "quality", "warning", "Reflexively related concepts",
          "Concepts that are broader than, narrower than, related to or mapped to themselves.",
          "A relation from a concept to itself says nothing and is always a slip (a wrong IRI copied).",
          QSKOS + "#reflexively-related-concepts")
def reflexive_relation(v: Vocabulary) -> Iterator[Hit]:
    for s, p, o in v.semantic_edges:
        if s == o:
            yield Hit(s, f"skos:{p} to itself", s, SKOS + p)


INVERSES = {"broader": "narrower", "narrower": "broader", "related": "related",
            "broaderTransitive": "narrowerTransitive", "narrowerTransitive": "broaderTransitive"}


@register("unidirectional-relation", "quality", "info", "Unidirectionally related concepts",
          "broader without the matching narrower (and the reverse), related stated one way only, and the same "
          "for the transitive forms.",
          "SKOS infers the inverse, but most tools do not reason: a browser showing narrower concepts misses "
          "those only stated as broader.",
          QSKOS + "#unidirectionally-related-concepts")
def unidirectional_relation(v: Vocabulary) -> Iterator[Hit]:
    edges = {(s, p, o) for s, p, o in v.semantic_edges if p in INVERSES and s != o}
    for s, p, o in edges:
        if (o, INVERSES[p], s) not in edges:
            yield Hit(s, f"skos:{p} {v.describe(o)} without the inverse skos:{INVERSES[p]}", o, SKOS + p)


@register("valueless-associative-relation", "quality", "info", "Valueless associative relations",
          "skos:related between two concepts that share a broader concept.",
          "Siblings are already connected through their parent; ISO 25964 advises against relating them unless "
          "the relation tells a reader something the hierarchy does not.",
          QSKOS + "#valueless-associative-relations")
def valueless_associative(v: Vocabulary) -> Iterator[Hit]:
    for a, b in v.related_pairs:
        shared = v.broader.get(a, set()) & v.broader.get(b, set())
        if shared:
            yield Hit(a, f"skos:related to its sibling {v.describe(b)} (both under {v.describe(min(shared))})", b,
                      SKOS + "related")


@register("undocumented-concept", "quality", "info", "Undocumented concepts",
          "Concepts without any SKOS documentation: no definition, scopeNote, note, example or history note.",
          "Labels alone are often ambiguous; a definition or scope note says what the concept means.",
          QSKOS + "#undocumented-concepts")
def undocumented_concept(v: Vocabulary) -> Iterator[Hit]:
    documented = v.nodes(f"SELECT DISTINCT ?s WHERE {{ VALUES ?p {{ {values(*NOTES)} }} ?s ?p ?o }}")
    for node in _sorted_concepts(v):
        if node not in documented:
            yield Hit(node, "no skos:definition, skos:scopeNote or other SKOS note", path=SKOS + "definition")


# ---------------------------------------------------------------------------------------------- mappings


def _mappings(v: Vocabulary) -> list[tuple[Node, str, Node]]:
    wanted = set(MAPPING)
    return [e for e in v.semantic_edges if e[1] in wanted]


@register("mapping-within-scheme", "quality", "warning", "Mapping relations misuse",
          "Mapping relations (exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch) between two "
          "concepts of the same scheme.",
          "Mapping properties link concepts of different schemes; inside one scheme use broader, narrower or "
          "related, or merge the duplicates.",
          QSKOS + "#mapping-relations-misuse")
def mapping_within_scheme(v: Vocabulary) -> Iterator[Hit]:
    members = v.scheme_members
    for s, p, o in sorted(_mappings(v)):
        shared = members.get(s, set()) & members.get(o, set())
        if shared and s != o:
            yield Hit(s, f"skos:{p} to {v.describe(o)} in the same scheme <{min(shared)}>", o, SKOS + p)


@register("exactmatch-clash", "quality", "warning", "Exact match clashes",
          "Resources made equivalent by skos:exactMatch (which is transitive) that are two concepts of one "
          "scheme, or are also linked by broader, narrower, related or a broad/narrow/related match.",
          "exactMatch chains merge everything they touch; two concepts of one scheme, or a concept and its "
          "broader concept, cannot both be the same as a third. Direct exactMatch + broadMatch/relatedMatch "
          "pairs are reported as S46.",
          QSKOS + "#mapping-clashes")
def exactmatch_clash(v: Vocabulary) -> Iterator[Hit]:
    uf = _UnionFind()
    direct: set[frozenset[Node]] = set()
    for s, p, o in _mappings(v):
        if p == "exactMatch" and s != o:
            uf.union(s, o)
            direct.add(frozenset((s, o)))
    if not uf.parent:
        return
    s46 = {frozenset((s, o)) for s, p, o in _mappings(v) if p in ("broadMatch", "narrowMatch", "relatedMatch")}
    concepts = v.concepts
    for group in sorted(g for g in uf.groups() if len(g) > 1):
        by_scheme: dict[Node, list[Node]] = defaultdict(list)
        for node in group:
            if node in concepts:
                for scheme in v.scheme_members.get(node, ()):
                    by_scheme[scheme].append(node)
        for scheme, nodes in sorted(by_scheme.items()):
            if len(nodes) > 1:
                yield Hit(nodes[0], f"exactMatch chains make it the same as {_listed(v, nodes[1:])}, all in "
                          f"scheme <{scheme}>", " ".join(nodes[1:]), SKOS + "exactMatch")
    clash_props = set(HIERARCHY) | {"related", "broadMatch", "narrowMatch", "relatedMatch"}
    clashes = sorted((s, p, o) for s, p, o in v.semantic_edges
                     if p in clash_props and s != o and s in uf.parent and o in uf.parent
                     and uf.find(s) == uf.find(o) and not (frozenset((s, o)) in direct and frozenset((s, o)) in s46))
    reported: set[frozenset[Node]] = set()
    for s, p, o in clashes:  # few; sorted so that each pair is reported by the same edge every time
        if frozenset((s, o)) not in reported:
            reported.add(frozenset((s, o)))
            yield Hit(s, f"skos:{p} {v.describe(o)}, which exactMatch chains make the same concept", o,
                      SKOS + p)


@register("missing-out-links", "quality", "info", "Missing out-links",
          "Concepts with no mapping (skos:*Match) or owl:sameAs link to a resource on another host.",
          "Links to other vocabularies (Wikidata, DBpedia, other thesauri) let data be joined and let readers "
          "find more.",
          QSKOS + "#missing-out-links")
def missing_out_links(v: Vocabulary) -> Iterator[Hit]:
    links = _mappings(v) + [(s, "sameAs", o) for s, o in v.pairs(
        "SELECT ?s ?o WHERE { ?s owl:sameAs ?o FILTER(isIRI(?o)) }")]
    linked = {s for s, _, o in links if _host(s) != _host(o)}
    for node in _sorted_concepts(v):
        if node not in linked:
            yield Hit(node, "no skos:exactMatch, closeMatch or other mapping to another vocabulary",
                      path=SKOS + "exactMatch")


def _host(node: Node) -> str:
    """The authority of an IRI (scheme://authority/...), lower-cased; "" for blank nodes and URNs."""
    _, sep, rest = node.partition("://")
    return rest.split("/", 1)[0].split("#", 1)[0].split("?", 1)[0].lower() if sep else ""


# ---------------------------------------------------------------------------------------------- SKOS terms


@register("undefined-skos-resource", "quality", "warning", "Undefined SKOS resources",
          "IRIs in the SKOS namespace that SKOS does not define, used as a property, a class or in a schema "
          "statement: misspellings (skos:prefLable) and terms of the 2004 draft dropped from the "
          "Recommendation (skos:subject, skos:prefSymbol, ...).",
          "Tools ignore properties they do not know, so the statements using them are silently lost.",
          QSKOS + "#undefined-skos-resources")
def undefined_skos_resource(v: Vocabulary) -> Iterator[Hit]:
    # Where a SKOS term can appear: as a predicate (one grouped scan), or in a schema statement (as a class
    # of rdf:type, a super- or sub-property, ...); then one indexed query per undefined term found.
    schema = " ".join(f"<{p}>" for p in SCHEMA_STATEMENTS)
    used = {str(row[0]) for row in v.rows("SELECT ?p WHERE { ?s ?p ?o } GROUP BY ?p")}
    used |= {str(row[0]) for row in v.rows(f"""SELECT DISTINCT ?t WHERE {{ VALUES ?p {{ {schema} }}
        {{ ?s ?p ?t }} UNION {{ ?t ?p ?o }} FILTER(isIRI(?t) && STRSTARTS(STR(?t), "{SKOS}")) }}""")}
    for iri in sorted(t for t in used if t.startswith(SKOS)):
        name = iri[len(SKOS):]
        if not name or name in SKOS_TERMS:  # the bare namespace IRI names SKOS itself
            continue
        ((count, first),) = v.rows(f"""SELECT (COUNT(*) AS ?n) (MIN(STR(?s)) AS ?first) WHERE {{
            {{ ?s <{iri}> ?o }} UNION {{ ?s ?p <{iri}> }} UNION {{ <{iri}> ?p ?o BIND(<{iri}> AS ?s) }} }}""")
        n = int(count.text) if isinstance(count, Lit) else 0
        if name in DEPRECATED_SKOS:
            why = "was dropped from SKOS in 2009"
        else:
            close = difflib.get_close_matches(name, sorted(SKOS_TERMS), n=1, cutoff=0.6)
            why = "is not defined by SKOS" + (f"; did you mean skos:{close[0]}?" if close else "")
        yield Hit(first.text if isinstance(first, Lit) else str(first),
                  f"skos:{name} {why} (used in {n} statement{'s' if n != 1 else ''})", iri)
