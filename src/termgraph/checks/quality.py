"""Vocabulary quality checks (warnings and info): the well-known issues catalogued by qSKOS.

Source: C. Mader, B. Haslhofer, A. Isaac, "Finding Quality Issues in SKOS Vocabularies" (TPDL 2012), and
the qSKOS wiki. Where a definition needed a decision, the docstring of the check says which.
"""
from __future__ import annotations

import difflib
import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterator

from termgraph.checks.model import QSKOS, Hit, register
from termgraph.checks.vocab import (
    DC,
    DCTERMS,
    LABELS,
    NOT_SKOS_SUBJECT,
    SKOS,
    SKOSXL,
    Lit,
    Node,
    Value,
    Vocabulary,
    local,
    values,
    writable,
)
from termgraph.langtags import valid_language_tag, well_formed_language_tag

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




def _lang(lit: Lit) -> str:
    return f"@{lit.lang}" if lit.lang else ""


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _sorted_concepts(v: Vocabulary) -> list[Node]:
    return sorted(v.concepts)


# ---------------------------------------------------------------------------------------------- labels


@register("missing-label", "quality", "warning", "Missing labels",
          "Concepts of the vocabulary without a skos:prefLabel, and concept schemes without any label or title "
          "(a SKOS label, rdfs:label, dcterms:title or dc:title).",
          "People find and recognise concepts by their labels; an unlabelled concept shows up as a bare IRI.",
          QSKOS + "#missing-labels")
def missing_label(v: Vocabulary) -> Iterator[Hit]:
    for node in sorted(v.own_concepts):
        if not v.pref_labels(node):
            alt = any(p != "prefLabel" for p, _ in v.labels.get(node, ()))
            yield Hit(node, "no skos:prefLabel" + (" (only alternative or hidden labels)" if alt else ""),
                      path=SKOS + "prefLabel")
    for node in sorted(v.schemes):
        if v.label(node) is None:
            yield Hit(node, "the scheme has no label (skos:prefLabel, rdfs:label or dcterms:title)")


EMPTY_LABEL_PROPS = (RDFS_NS + "label", DC + "title", DCTERMS + "title")


@register("empty-label", "quality", "warning", "Empty labels",
          "Resources with a label whose text is empty or only white space (SKOS labels, rdfs:label, "
          "dcterms:title, dc:title); one finding per resource.",
          "An empty label is useless for display and search, and often hides a conversion error.",
          QSKOS + "#empty-labels")
def empty_label(v: Vocabulary) -> Iterator[Hit]:
    found: dict[Node, set[str]] = defaultdict(set)
    for node, labels in v.labels.items():
        for prop, value in labels:
            if isinstance(value, Lit) and not value.text.strip():
                found[node].add(f"skos:{prop}{_lang(value)}")
    for node, prop, value in v.by_property(EMPTY_LABEL_PROPS, 'FILTER(isLiteral(?o) && !REGEX(STR(?o), "\\\\S"))'):
        if isinstance(value, Lit):
            found[node].add(f"{_curie(prop)}{_lang(value)}")
    for node, props in found.items():
        yield Hit(node, f"empty {', '.join(sorted(props))}", ", ".join(sorted(props)), SKOS + "prefLabel")


def _curie(iri: str) -> str:
    for prefix, ns in (("rdfs", RDFS_NS), ("dcterms", DCTERMS), ("dc", DC), ("skos", SKOS)):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


@register("overlapping-labels", "quality", "warning", "Overlapping labels",
          "Groups of two or more concepts that share a label (preferred, alternative or hidden; ignoring case) "
          "in the same language; one finding per shared label.",
          "Concepts that read the same cannot be told apart in a list or an autocomplete box; one of the "
          "labels needs a qualifier.",
          QSKOS + "#overlapping-labels")
def overlapping_labels(v: Vocabulary) -> Iterator[Hit]:
    holders: dict[tuple[str, str], dict[Node, str]] = defaultdict(dict)
    concepts = v.concepts
    for node, labels in v.labels.items():
        if node not in concepts:
            continue
        for _, value in labels:
            if isinstance(value, Lit) and value.text.strip():
                holders[(value.text.upper(), value.lang.lower())].setdefault(node, value.text)
    for (_, lang), found in sorted(holders.items()):
        if len(found) > 1:
            first, *others = sorted(found)
            tag = f"@{lang}" if lang else ""
            yield Hit(first, f"label “{found[first]}”{tag} is also a label of " + _listed(v, others),
                      found[first], SKOS + "prefLabel")


def _listed(v: Vocabulary, nodes: list[Node], limit: int = 3) -> str:
    shown = ", ".join(v.describe(n) for n in nodes[:limit])
    return shown + (f" and {len(nodes) - limit} more" if len(nodes) > limit else "")


@register("unprintable-characters", "quality", "warning", "Unprintable characters in labels",
          "SKOS labels containing control, format, private-use, surrogate or unassigned characters (Unicode "
          "category C), or line separators; one finding per label.",
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


def _text_properties(v: Vocabulary) -> list[str]:
    """The properties whose values are text for people: rdfs:label and its sub-properties (the SKOS labels
    among them), skos:note and its sub-properties (definition, scopeNote, ...), as qSKOS reads them."""
    return sorted(v.under(RDFS_NS + "label") | v.under("note"))


def _text_rows(v: Vocabulary, condition: str) -> Iterator[tuple[Node, str, Lit]]:
    """Text literals (see `_text_properties`) meeting a SPARQL condition on ?o, filtered in Oxigraph's engine
    (the glossary's examples alone are 200,000 literals at 100,000 terms: only offenders cross into Python).
    SKOS-XL labels are read through their skosxl:literalForm."""
    for node, prop, value in v.by_property(_text_properties(v), f"FILTER(isLiteral(?o) && {condition}) {NOT_SKOS_SUBJECT}"):
        if isinstance(value, Lit):
            yield node, prop, value
    for row in v.rows(f"""SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values(*LABELS, ns=SKOSXL)} }}
            ?s ?p ?x . ?x <{SKOSXL}literalForm> ?o FILTER(isLiteral(?o) && {condition}) {NOT_SKOS_SUBJECT} }}"""):
        subject, xl, text = row
        if isinstance(subject, str) and isinstance(xl, str) and isinstance(text, Lit):
            yield subject, "skosxl:" + xl[len(SKOSXL):], text


def _prop_name(prop: str) -> str:
    return prop if prop.startswith("skosxl:") else _curie(prop if ":" in prop else SKOS + prop)


@register("omitted-language-tag", "quality", "warning", "Omitted language tags",
          "Labels and documentation (SKOS labels, rdfs:label, skos:note, definition, scopeNote, ... and their "
          "sub-properties) written without a language tag; one finding per text (typed literals, such as numbers, "
          "and empty texts are not texts for people).",
          "Without a tag, multilingual tools cannot pick the text for a reader's language or spell-check it.",
          QSKOS + "#omitted-or-invalid-language-tags")
def omitted_language_tag(v: Vocabulary) -> Iterator[Hit]:
    for node, prop, value in _text_rows(v, 'DATATYPE(?o) = xsd:string && REGEX(STR(?o), "\\\\S")'):
        yield Hit(node, f"{_prop_name(prop)} “{_short(value.text)}” has no language tag", value.text,
                  prop if ":" in prop and not prop.startswith("skosxl:") else SKOS + prop)


@register("invalid-language-tag", "quality", "warning", "Invalid language tags",
          "Language tags on labels and documentation that are not valid BCP 47 tags: malformed (en_US), or "
          "well-formed but naming no language, script or region of the IANA subtag registry (xy, blubb).",
          "Software matches languages by their tags; a tag naming no registered language matches nothing.",
          QSKOS + "#omitted-or-invalid-language-tags")
def invalid_language_tag(v: Vocabulary) -> Iterator[Hit]:
    props = " ".join(f"<{p}>" for p in _text_properties(v))
    tags = {row[0].text for row in v.rows(f"""SELECT DISTINCT (LANG(?o) AS ?l) WHERE {{
        VALUES ?p {{ {props} }} ?s ?p ?o FILTER(LANG(?o) != "") }}""") if isinstance(row[0], Lit)}
    tags |= {row[0].text for row in v.rows(f"""SELECT DISTINCT (LANG(?o) AS ?l) WHERE {{
        ?s ?p ?x . ?x <{SKOSXL}literalForm> ?o FILTER(LANG(?o) != "") }}""") if isinstance(row[0], Lit)}
    bad = sorted(t for t in tags if not valid_language_tag(t))
    if not bad:
        return
    wanted = ", ".join(json.dumps(t) for t in bad)
    for node, prop, value in _text_rows(v, f"LANG(?o) IN ({wanted})"):
        how = "malformed" if not well_formed_language_tag(value.lang) else "unregistered"
        yield Hit(node, f"{_prop_name(prop)} “{_short(value.text)}” has the {how} language tag {value.lang!r}",
                  value.lang, prop if ":" in prop and not prop.startswith("skosxl:") else SKOS + prop)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def language_coverage(v: Vocabulary) -> dict[Node, set[str]]:
    """The languages of each concept's tagged literals, whatever the property (lower-cased); concepts with
    none are left out. qSKOS's "language coverage", the basis of two checks and a statistic."""
    return v.language_coverage


@register("incomplete-language-coverage", "quality", "info", "Incomplete language coverage",
          "Concepts with text in some languages but none in another language that other concepts use "
          "(over all their tagged literals: labels, definitions, notes); one finding per concept.",
          "In a multilingual vocabulary a concept missing from one language is missing for that language's "
          "users.",
          QSKOS + "#incomplete-language-coverage")
def incomplete_language_coverage(v: Vocabulary) -> Iterator[Hit]:
    own = language_coverage(v)
    every = set().union(*own.values()) if own else set()
    if len(every) < 2:
        return
    for node in sorted(own):
        missing = sorted(every - own[node])
        if missing:
            yield Hit(node, f"no text in {', '.join(missing)} (the vocabulary's languages are "
                      f"{', '.join(sorted(every))})", ",".join(missing), SKOS + "prefLabel")


@register("no-common-languages", "quality", "info", "No common languages",
          "Vocabularies whose concepts share no language: no language tag appears on some text of every "
          "concept that has tagged text at all (one finding for the vocabulary).",
          "Without a language every concept is described in, no single-language view or index of the "
          "vocabulary is complete.",
          QSKOS + "#no-common-languages")
def no_common_languages(v: Vocabulary) -> Iterator[Hit]:
    own = language_coverage(v)
    if not own:
        return  # no tagged text at all: omitted-language-tag says so
    common = set.intersection(*own.values())
    if not common:
        anchor = min(v.schemes) if v.schemes else min(own)
        used = sorted(set().union(*own.values()))
        yield Hit(anchor, f"no language is common to all {len(own)} concepts with tagged text (languages used: "
                  f"{', '.join(used)})", ",".join(used))


# ---------------------------------------------------------------------------------------------- structure


@register("orphan-concept", "quality", "warning", "Orphan concepts",
          "Concepts described in the vocabulary that have no semantic relation (broader, narrower, related, a "
          "mapping, or a sub-property of one) to or from anything.",
          "A concept attached to nothing cannot be reached by browsing; it is usually forgotten or misplaced. "
          "(A concept that is only a top concept is an orphan too, as qSKOS counts: nothing leads below it.)",
          QSKOS + "#orphan-concepts")
def orphan_concept(v: Vocabulary) -> Iterator[Hit]:
    linked = {n for pair in v.holds("semanticRelation") for n in pair}
    for node in sorted(v.concepts - linked):
        yield Hit(node, "no broader, narrower, related or mapped concept")


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


def clusters(v: Vocabulary) -> list[list[Node]]:
    """The connected components (ignoring direction) of the graph of semantic relations from concepts,
    largest first: qSKOS's concept clusters (concepts with no relation at all are in none)."""
    cached = v.__dict__.get("_clusters")
    if cached is not None:
        return cached
    uf = _UnionFind()
    concepts = v.concepts
    for a, b in v.holds("semanticRelation"):
        if a in concepts:
            uf.union(a, b)
    found = sorted(uf.groups(), key=lambda g: (-len(g), g[0]))
    v.__dict__["_clusters"] = found
    return found


@register("disconnected-cluster", "quality", "info", "Disconnected concept clusters",
          "Groups of concepts linked among themselves (by any semantic relation, either direction) but not to "
          "the largest group; one finding per group. The report's statistics give the number of clusters.",
          "Browsing from one part of the vocabulary never reaches the other; often a missing broader link. "
          "Single unlinked concepts are reported as orphans instead.",
          QSKOS + "#disconnected-concept-clusters")
def disconnected_cluster(v: Vocabulary) -> Iterator[Hit]:
    groups = clusters(v)
    if len(groups) < 2:
        return
    biggest = len(groups[0])
    for group in groups[1:]:
        yield Hit(group[0], f"one of a cluster of {len(group)} resources not linked to the main cluster of "
                  f"{biggest}", str(len(group)))


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
          "Groups of concepts that are, through broaderTransitive or narrowerTransitive and everything under them "
          "(broader, narrower, broadMatch, narrowMatch), broader than themselves; one finding per cycle "
          "(strongly connected group).",
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
          "Top concepts that have a broader concept (skos:broader, broaderTransitive, broadMatch, or the "
          "narrower forms read backwards); one finding per top concept.",
          "A top concept is the root of its scheme's hierarchy; one with a broader concept is listed twice, at "
          "the top and below its parent.",
          QSKOS + "#top-concepts-having-broader-concepts")
def top_concept_has_broader(v: Vocabulary) -> Iterator[Hit]:
    for node in sorted(v.top_of):
        parents = sorted(v.broader_any.get(node, ()))
        if parents:
            yield Hit(node, f"a top concept with the broader concept {_listed(v, parents)}", parents[0],
                      SKOS + "broader")


@register("hierarchical-redundancy", "quality", "info", "Hierarchical redundancy",
          "Hierarchical links that repeat what a longer path already says (A broader C, and A broader B "
          "broader C); one finding per pair of concepts, over every hierarchical property.",
          "The direct link adds nothing, and drifts out of date when the hierarchy changes.",
          QSKOS + "#hierarchical-redundancy")
def hierarchical_redundancy(v: Vocabulary) -> Iterator[Hit]:
    up = v.broader_any
    for node in sorted(n for n, parents in up.items() if len(parents) > 1):
        parents = up[node] - {node}
        for parent in sorted(parents):
            via = sorted(p for p in parents if p != parent and parent in v.ancestors(p))
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
    wanted = {local(p) for p in v.under("broaderTransitive") | v.under("narrowerTransitive") | v.under("related")}
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
          "Concepts that are broader than, narrower than, related to or mapped to themselves; one finding per "
          "statement.",
          "A relation from a concept to itself says nothing and is always a slip (a wrong IRI copied).",
          QSKOS + "#reflexively-related-concepts")
def reflexive_relation(v: Vocabulary) -> Iterator[Hit]:
    for s, p, o in v.semantic_edges:
        if s == o:
            yield Hit(s, f"{_prop_name(p)} to itself", s, p if ":" in p else SKOS + p)


# The pairs of properties that are each other's inverse (qSKOS's list): each read with its sub-properties.
INVERSE_PAIRS = (("broader", "narrower"), ("broaderTransitive", "narrowerTransitive"),
                 ("topConceptOf", "hasTopConcept"), ("narrowMatch", "broadMatch"), ("related", "related"),
                 ("relatedMatch", "relatedMatch"), ("exactMatch", "exactMatch"), ("closeMatch", "closeMatch"))


@register("unidirectional-relation", "quality", "info", "Unidirectionally related concepts",
          "Pairs of resources of the vocabulary (both on its own host) linked one way without the inverse: "
          "broader without narrower, related, exactMatch, closeMatch or relatedMatch stated one way only, "
          "broadMatch without narrowMatch, topConceptOf without hasTopConcept; one finding per pair.",
          "SKOS infers the inverse, but most tools do not reason: a browser showing narrower concepts misses "
          "those only stated as broader.",
          QSKOS + "#unidirectionally-related-concepts")
def unidirectional_relation(v: Vocabulary) -> Iterator[Hit]:
    home = v.home
    found: dict[frozenset[Node], list[tuple[Node, str, Node, str]]] = defaultdict(list)
    for prop, inverse in INVERSE_PAIRS:
        forward, backward = v.holds(prop), v.holds(inverse)
        for pairs, other, name, missing in ((forward, backward, prop, inverse), (backward, forward, inverse, prop)):
            for s, o in pairs:
                if s != o and (o, s) not in other and (not home or (home in s.lower() and home in o.lower())):
                    found[frozenset((s, o))].append((s, name, o, missing))
            if prop == inverse:
                break
    for missing_list in found.values():
        s, name, o, missing = min(missing_list)
        yield Hit(s, f"skos:{name} {v.describe(o)} without the inverse skos:{missing}", o, SKOS + name)


@register("valueless-associative-relation", "quality", "info", "Valueless associative relations",
          "skos:related (or relatedMatch) between two concepts that share a broader or a narrower concept; one "
          "finding per pair.",
          "Siblings are already connected through their parent; ISO 25964 advises against relating them unless "
          "the relation tells a reader something the hierarchy does not.",
          QSKOS + "#valueless-associative-relations")
def valueless_associative(v: Vocabulary) -> Iterator[Hit]:
    up = v.broader_any
    down: dict[Node, set[Node]] = defaultdict(set)
    for child, parents in up.items():
        for parent in parents:
            down[parent].add(child)
    for a, b in sorted(v.related_pairs):
        shared = up.get(a, set()) & up.get(b, set())
        if shared:
            yield Hit(a, f"skos:related to its sibling {v.describe(b)} (both under {v.describe(min(shared))})", b,
                      SKOS + "related")
        elif common := down.get(a, set()) & down.get(b, set()):
            yield Hit(a, f"skos:related to {v.describe(b)}, with which it shares the narrower concept "
                      f"{v.describe(min(common))}", b, SKOS + "related")


@register("undocumented-concept", "quality", "info", "Undocumented concepts",
          "Concepts of the vocabulary without any documentation: no skos:note or sub-property of it "
          "(definition, scopeNote, example, historyNote, editorialNote, changeNote, or the vocabulary's own).",
          "Labels alone are often ambiguous; a definition or scope note says what the concept means.",
          QSKOS + "#undocumented-concepts")
def undocumented_concept(v: Vocabulary) -> Iterator[Hit]:
    documented = v.nodes(f"SELECT DISTINCT ?s WHERE {{ VALUES ?p {{ {' '.join(f'<{p}>' for p in v.note_properties)} }} "
                         "?s ?p ?o }")
    for node in sorted(v.own_concepts - documented):
        yield Hit(node, "no skos:definition, skos:scopeNote or other SKOS note", path=SKOS + "definition")


@register("solely-transitive-relation", "quality", "warning", "Solely transitively related concepts",
          "Pairs of concepts linked by skos:broaderTransitive or narrowerTransitive (as asserted) that no chain "
          "of broader / narrower links connects; one finding per pair.",
          "The transitive properties are meant to be inferred from broader and narrower, not stated instead of "
          "them; a concept linked only transitively is missing from the hierarchy tree.",
          QSKOS + "#solely-transitively-related-concepts")
def solely_transitive_relation(v: Vocabulary) -> Iterator[Hit]:
    direct = v.broader  # broader, and narrower read backwards (with broadMatch / narrowMatch)
    found: dict[frozenset[Node], tuple[Node, str, Node]] = {}
    plain = {local(p) for p in v.under("broader") | v.under("narrower")}
    for s, p, o in v.semantic_edges:
        if p in plain or not ({p} & {local(q) for q in v.under("broaderTransitive") | v.under("narrowerTransitive")}):
            continue
        child, parent = (s, o) if local(p) in {local(q) for q in v.under("broaderTransitive")} else (o, s)
        if child != parent and parent not in v.ancestors(child, direct):
            found.setdefault(frozenset((s, o)), (s, p, o))
    for s, p, o in sorted(found.values()):
        yield Hit(s, f"{_prop_name(p)} {v.describe(o)}, with no broader/narrower path between them", o,
                  p if ":" in p else SKOS + p)


# ---------------------------------------------------------------------------------------------- mappings


@register("mapping-within-scheme", "quality", "warning", "Mapping relations misuse",
          "Mapping relations (exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch, or a sub-property) "
          "between two concepts of the vocabulary that are in the same scheme, or not both in a scheme; one "
          "finding per ordered pair.",
          "Mapping properties link concepts of different schemes; inside one scheme use broader, narrower or "
          "related, or merge the duplicates.",
          QSKOS + "#mapping-relations-misuse")
def mapping_within_scheme(v: Vocabulary) -> Iterator[Hit]:
    members, own = v.scheme_members, v.own_concepts
    how = {(s, o): p for s, p, o in sorted(v.semantic_edges, reverse=True)}
    for s, o in sorted(v.holds("mappingRelation")):
        if s == o or s not in own or o not in own:
            continue
        ss, so = members.get(s, set()), members.get(o, set())
        if ss & so or not ss or not so:
            where = f"in the same scheme <{min(ss & so)}>" if ss & so else "and not both in a scheme"
            p = how.get((s, o), "mappingRelation")
            yield Hit(s, f"{_prop_name(p)} to {v.describe(o)} {where}", o, p if ":" in p else SKOS + p)


def exact_closure(v: Vocabulary) -> _UnionFind:
    """Groups of resources skos:exactMatch makes the same (it is symmetric and transitive)."""
    uf = _UnionFind()
    for s, o in v.holds("exactMatch"):
        if s != o:
            uf.union(s, o)
    return uf


@register("exactmatch-clash", "quality", "warning", "Exact match clashes",
          "Resources made equivalent by skos:exactMatch (which is transitive) that are two concepts of one "
          "scheme, or are also linked by broader, narrower or related.",
          "exactMatch chains merge everything they touch; two concepts of one scheme, or a concept and its "
          "broader concept, cannot both be the same as a third. exactMatch with a broad, narrow or related "
          "match is reported as S46.",
          QSKOS + "#mapping-clashes")
def exactmatch_clash(v: Vocabulary) -> Iterator[Hit]:
    uf = exact_closure(v)
    if not uf.parent:
        return
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
    s46 = v.under("broadMatch") | v.under("narrowMatch") | v.under("relatedMatch")
    s46_names = {local(p) for p in s46}
    s46_pairs = {frozenset((s, o)) for s, p, o in v.semantic_edges if p in s46_names}
    clash_props = {local(p) for p in v.under("broaderTransitive") | v.under("narrowerTransitive") | v.under("related")}
    clashes = sorted((s, p, o) for s, p, o in v.semantic_edges
                     if p in clash_props and s != o and s in uf.parent and o in uf.parent
                     and uf.find(s) == uf.find(o) and frozenset((s, o)) not in s46_pairs)
    reported: set[frozenset[Node]] = set()
    for s, p, o in clashes:  # few; sorted so that each pair is reported by the same edge every time
        if frozenset((s, o)) not in reported:
            reported.add(frozenset((s, o)))
            yield Hit(s, f"{_prop_name(p)} {v.describe(o)}, which exactMatch chains make the same concept", o,
                      p if ":" in p else SKOS + p)


# Vocabularies of classes and properties: linking to them is describing, not linking out.
SCHEMA_NAMESPACES = ("http://www.w3.org/", "https://www.w3.org/", "http://purl.org/dc/", "https://schema.org/",
                     "http://schema.org/", "http://xmlns.com/foaf/")


@register("missing-out-links", "quality", "info", "Missing out-links",
          "Concepts of the vocabulary not linked (in either direction, by any property) to a resource on "
          "another host; links to the W3C, Dublin Core, schema.org and FOAF vocabularies do not count.",
          "Links to other vocabularies (Wikidata, DBpedia, other thesauri) let data be joined and let readers "
          "find more.",
          QSKOS + "#missing-out-links")
def missing_out_links(v: Vocabulary) -> Iterator[Hit]:
    own = v.own_concepts
    if not own:
        return
    home = json.dumps(v.home)
    skip = " && ".join(f'!STRSTARTS(STR(?x), "{ns}")' for ns in SCHEMA_NAMESPACES)
    outside = f'isIRI(?x) && {skip}' + (f" && !CONTAINS(LCASE(STR(?x)), {home})" if v.home else "")
    linked = v.nodes(f"SELECT DISTINCT ?c WHERE {{ {{ ?c ?p ?x }} UNION {{ ?x ?p ?c }} FILTER({outside}) }}")
    for node in sorted(own - linked):
        yield Hit(node, "no link to a resource of another vocabulary (skos:exactMatch, closeMatch, owl:sameAs, ...)",
                  path=SKOS + "exactMatch")


@register("undefined-skos-resource", "quality", "warning", "Undefined SKOS resources",
          "IRIs in the SKOS namespace that SKOS does not define, used anywhere (as a subject, property or object): "
          "misspellings (skos:prefLable) and terms of the 2004 draft dropped from the "
          "Recommendation (skos:subject, skos:prefSymbol, ...).",
          "Tools ignore properties they do not know, so the statements using them are silently lost.",
          QSKOS + "#undefined-skos-resources")
def undefined_skos_resource(v: Vocabulary) -> Iterator[Hit]:
    # Where a SKOS term can appear: as a predicate (one grouped scan), a subject or an object; then one
    # indexed query per undefined term found.
    used = {str(row[0]) for row in v.rows("SELECT ?p WHERE { ?s ?p ?o } GROUP BY ?p")}
    used |= {str(row[0]) for row in v.rows(f"""SELECT DISTINCT ?t WHERE {{
        {{ ?t ?p ?o }} UNION {{ ?s ?p ?t }} FILTER(isIRI(?t) && STRSTARTS(STR(?t), "{SKOS}")) }}""")}
    for iri in sorted(t for t in used if t.startswith(SKOS)):
        name = iri[len(SKOS):]
        if not name or name in SKOS_TERMS:  # the bare namespace IRI names SKOS itself
            continue
        count: Value | None = None
        first: Value | None = iri
        if writable(iri):
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


# ---------------------------------------------------------------------------------------------- notations


@register("ambiguous-notation", "quality", "warning", "Ambiguous notation references",
          "Concepts of the vocabulary with more than one skos:notation (one finding per concept), and "
          "notations shared by several resources of one scheme, or not all in a scheme (one finding per "
          "notation).",
          "A notation is a code that identifies a concept within its scheme; two concepts with one code, or "
          "one concept with two, make the code useless for look-up.",
          QSKOS + "#ambiguous-notation-references")
def ambiguous_notation(v: Vocabulary) -> Iterator[Hit]:
    rows = [(s, o) for s, o in v.rows(f"SELECT ?s ?o WHERE {{ ?s <{SKOS}notation> ?o FILTER(isLiteral(?o)) }}")
            if isinstance(s, str) and isinstance(o, Lit)]
    if not rows:
        return
    rows = list(dict.fromkeys(rows))
    own = v.own_concepts
    per_node: dict[Node, list[Lit]] = defaultdict(list)
    per_code: dict[Lit, set[Node]] = defaultdict(set)
    for s, o in rows:
        per_node[s].append(o)
        per_code[o].add(s)
    for node in sorted(n for n in per_node if n in own and len(per_node[n]) > 1):
        codes = sorted(lit.text for lit in per_node[node])
        yield Hit(node, f"{len(codes)} notations: {', '.join(codes)}", " | ".join(codes), SKOS + "notation")
    members = v.scheme_members
    for code, holders in sorted(per_code.items(), key=lambda kv: (kv[0].text, kv[0].datatype, kv[0].lang)):
        clashing: set[Node] = set()
        for a in holders & own:
            for b in holders - {a}:
                sa, sb = members.get(a, set()), members.get(b, set())
                if sa & sb or not sa or not sb:
                    clashing |= {a, b}
        if clashing:
            first, *others = sorted(clashing)
            yield Hit(first, f"notation “{code.text}” is also the notation of {_listed(v, others)}", code.text,
                      SKOS + "notation")
