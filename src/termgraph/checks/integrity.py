"""SKOS integrity conditions (errors): a vocabulary that breaks one is not consistent SKOS.

Numbers are those of the SKOS Reference (W3C Recommendation, 18 August 2009).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from termgraph.checks.model import SKOS_REF, Hit, register
from termgraph.checks.vocab import LABELS, RDF, SEMANTIC, SKOS, XSD, Lit, Vocabulary, values

KIND_NAMES = {"concept": "skos:Concept", "scheme": "skos:ConceptScheme", "collection": "skos:Collection"}


def _kinds(v: Vocabulary, node: str) -> set[str]:
    return v.types.get(node, set())


@register("S9", "integrity", "error", "Concept scheme is also a concept",
          "Resources typed both skos:ConceptScheme and skos:Concept.",
          "A scheme groups concepts; SKOS declares the two classes disjoint, so reasoners reject the vocabulary.",
          SKOS_REF + "#S9")
def scheme_is_concept(v: Vocabulary) -> Iterator[Hit]:
    for node in sorted(v.typed("scheme") & v.typed("concept")):
        yield Hit(node, "typed both skos:ConceptScheme and skos:Concept, which are disjoint", path=RDF + "type")


@register("S12", "integrity", "error", "Label is not a plain literal",
          "Values of skos:prefLabel, altLabel or hiddenLabel that are resources or typed literals.",
          "SKOS labels are plain literals (text with an optional language tag); tools that display labels "
          "skip anything else.",
          SKOS_REF + "#S12")
def label_not_literal(v: Vocabulary) -> Iterator[Hit]:
    for node, labels in v.labels.items():
        for prop, value in labels:
            if not isinstance(value, Lit):
                yield Hit(node, f"skos:{prop} points at a resource, not a text", value, SKOS + prop)
            elif value.datatype not in (XSD + "string", RDF + "langString"):
                yield Hit(node, f"skos:{prop} is a typed literal ({value.datatype.rsplit('#', 1)[-1]}), not text",
                          value.text, SKOS + prop)


@register("S13", "integrity", "error", "Label used twice on one resource",
          "The same text and language given as two of skos:prefLabel, altLabel and hiddenLabel of one resource.",
          "The three label properties are pairwise disjoint: a label is preferred, alternative or hidden, "
          "never two of these.",
          SKOS_REF + "#S13")
def labels_not_disjoint(v: Vocabulary) -> Iterator[Hit]:
    for node, labels in v.labels.items():
        props: dict[tuple[str, str], set[str]] = defaultdict(set)
        for prop, value in labels:
            if isinstance(value, Lit):
                props[(value.text, value.lang)].add(prop)
        for (text, lang), used in sorted(props.items()):
            if len(used) > 1:
                names = " and ".join(f"skos:{p}" for p in LABELS if p in used)
                yield Hit(node, f"“{text}”{'@' + lang if lang else ''} is both {names}", text,
                          SKOS + min(used, key=LABELS.index))


@register("S14", "integrity", "error", "Two preferred labels in one language",
          "Resources with more than one skos:prefLabel in the same language (or more than one without a "
          "language); one finding per resource.",
          "A resource has at most one preferred label per language; the others belong in skos:altLabel.",
          SKOS_REF + "#S14")
def one_pref_label_per_language(v: Vocabulary) -> Iterator[Hit]:
    for node, labels in v.labels.items():
        by_lang: dict[str, set[str]] = defaultdict(set)
        for prop, value in labels:
            if prop == "prefLabel" and isinstance(value, Lit):
                by_lang[value.lang.lower()].add(value.text)
        clashes = {lang: texts for lang, texts in sorted(by_lang.items()) if len(texts) > 1}
        if clashes:
            listed = "; ".join(f"{lang or 'no language'}: " + ", ".join(f"“{t}”" for t in sorted(texts))
                               for lang, texts in clashes.items())
            values = " | ".join(t for texts in clashes.values() for t in sorted(texts))
            yield Hit(node, f"several preferred labels in one language ({listed})", values, SKOS + "prefLabel")


@register("S27", "integrity", "error", "Related concept is also a broader concept",
          "skos:related between two concepts one of which is broader than the other, anywhere up the hierarchy.",
          "skos:related is disjoint with skos:broaderTransitive: two concepts are hierarchically or "
          "associatively related, not both. Checked against the transitive closure of broader/narrower.",
          SKOS_REF + "#S27")
def related_not_broader(v: Vocabulary) -> Iterator[Hit]:
    for a, b in v.related_pairs:  # each pair once, in a fixed orientation: the result does not depend on order
        for low, high in ((a, b), (b, a)):
            if high in v.ancestors(low):
                direct = high in v.broader_any.get(low, ())
                how = "its direct broader concept" if direct else "a broader concept up its hierarchy"
                yield Hit(low, f"skos:related to {v.describe(high)}, {how}", high, SKOS + "related")
                break


@register("S37", "integrity", "error", "Collection is also a concept or scheme",
          "Resources typed skos:Collection (or OrderedCollection) and also skos:Concept or skos:ConceptScheme.",
          "Collections label groups of concepts; SKOS declares them disjoint with concepts and schemes.",
          SKOS_REF + "#S37")
def collection_disjoint(v: Vocabulary) -> Iterator[Hit]:
    for node in sorted(v.collections):
        other = sorted(_kinds(v, node) - {"collection"})
        if other:
            also = " and ".join(KIND_NAMES[k] for k in other)
            yield Hit(node, f"typed skos:Collection and {also}, which are disjoint", path=RDF + "type")


@register("S46", "integrity", "error", "Exact match is also a broad or related match",
          "Pairs of resources linked by skos:broadMatch, narrowMatch or relatedMatch that skos:exactMatch, "
          "symmetric and transitive, also makes the same (directly or through a chain); one finding per pair.",
          "skos:exactMatch is disjoint with skos:broadMatch and skos:relatedMatch: a mapping is exact, or it "
          "is not. (exactMatch with closeMatch is fine: exactMatch is a kind of closeMatch.)",
          SKOS_REF + "#S46")
def exact_match_disjoint(v: Vocabulary) -> Iterator[Hit]:
    from termgraph.checks.quality import exact_closure

    uf = exact_closure(v)
    if not uf.parent:
        return
    found: dict[frozenset[str], tuple[str, str, str]] = {}
    for prop in ("broadMatch", "narrowMatch", "relatedMatch"):
        for a, b in v.holds(prop):
            if a != b and a in uf.parent and b in uf.parent and uf.find(a) == uf.find(b):
                entry = (a, b, prop)
                pair = frozenset((a, b))
                if pair not in found or entry < found[pair]:
                    found[pair] = entry
    for a, b, p in sorted(found.values()):
        how = "skos:exactMatch" if (a, b) in v.holds("exactMatch") or (b, a) in v.holds("exactMatch") \
            else "a chain of skos:exactMatch"
        yield Hit(a, f"{how} and skos:{p} link it to {v.describe(b)}", b, SKOS + "exactMatch")


def _kinds_by_node(v: Vocabulary) -> dict[str, str]:
    """What each typed node would wrongly be at one end of a relation: 'scheme', 'collection' or 'concept'."""
    order = ("scheme", "collection", "concept")
    return {node: next(k for k in order if k in kinds) for node, kinds in v.types.items() if kinds}


def _wrong_ends(v: Vocabulary, edges: Iterable[tuple[str, str, object]], subject_ok: set[str],
                object_ok: set[str], rule: str) -> Iterator[Hit]:
    """Edges whose subject is typed outside `subject_ok`, or whose object is typed outside `object_ok` or is a
    literal (an untyped end is fine: SKOS infers its class)."""
    kind_of = _kinds_by_node(v)
    for s, p, o in edges:  # the runner sorts the results
        if isinstance(o, Lit):
            yield Hit(s, f"the object of skos:{p} is a literal, not a resource ({rule})", o.text, SKOS + p)
            continue
        ks, ko = kind_of.get(s), kind_of.get(str(o))
        if ks is not None and ks not in subject_ok:
            yield Hit(s, f"the subject of skos:{p} is a {KIND_NAMES[ks]} ({rule})", str(o), SKOS + p)
        elif ko is not None and ko not in object_ok:
            yield Hit(s, f"the object of skos:{p} is a {KIND_NAMES[ko]} ({rule})", str(o), SKOS + p)


@register("S19-S20", "integrity", "error", "Semantic relation between non-concepts",
          "Subjects or objects of broader, narrower, related, their transitive forms or the mapping "
          "properties that are schemes, collections or literals.",
          "The domain and range of skos:semanticRelation (and so of every hierarchical, associative and "
          "mapping property) is skos:Concept, which is disjoint with schemes and collections.",
          SKOS_REF + "#S19")
def semantic_relation_domain_range(v: Vocabulary) -> Iterator[Hit]:
    literal = [(s, str(p)[len(SKOS):], o) for s, p, o in v.rows(
        f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values(*SEMANTIC)} }} ?s ?p ?o FILTER(isLiteral(?o)) }}")]
    yield from _wrong_ends(v, [*v.semantic_edges, *literal], {"concept"}, {"concept"},  # type: ignore[list-item]
                           "SKOS S19/S20: both ends must be concepts")


@register("S4-S6", "integrity", "error", "Scheme relation with the wrong ends",
          "skos:inScheme or skos:topConceptOf pointing at a concept, collection or literal; topConceptOf from "
          "a scheme or collection; skos:hasTopConcept from a concept or collection, or to a scheme, "
          "collection or literal.",
          "The range of skos:inScheme (and topConceptOf) and the domain of skos:hasTopConcept are "
          "skos:ConceptScheme; the range of hasTopConcept, so the domain of its inverse topConceptOf, is "
          "skos:Concept (S4-S8).",
          SKOS_REF + "#S4")
def scheme_relation_domain_range(v: Vocabulary) -> Iterator[Hit]:
    rule = "SKOS S4-S8: schemes contain concepts"
    # inScheme has no domain in SKOS; topConceptOf, the inverse of hasTopConcept, has skos:Concept.
    for prop, subject_ok, object_ok in (("inScheme", {"concept", "collection", "scheme"}, {"scheme"}),
                                        ("topConceptOf", {"concept"}, {"scheme"}),
                                        ("hasTopConcept", {"scheme"}, {"concept"})):
        yield from _wrong_ends(v, [e for e in v.scheme_edges if e[1] == prop], subject_ok, object_ok, rule)


@register("S31-S32", "integrity", "error", "Collection membership with the wrong ends",
          "skos:member from a concept or scheme, or to a scheme or literal.",
          "The domain of skos:member is skos:Collection and its range is a concept or a collection.",
          SKOS_REF + "#S31")
def member_domain_range(v: Vocabulary) -> Iterator[Hit]:
    members = [e for e in v.scheme_edges if e[1] == "member"]
    yield from _wrong_ends(v, members, {"collection"}, {"concept", "collection"},
                           "SKOS S31/S32: collections have concepts or collections as members")
