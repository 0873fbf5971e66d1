"""The vocabulary's statistics, as qSKOS reports them beside its findings: what there is, and how it is linked.

Counted as qSKOS counts (with the SKOS schema's sub-properties and domains and ranges applied): concepts,
its "authoritative" concepts (on the vocabulary's own host), schemes, collections, semantic relations (pairs of
resources linked by skos:semanticRelation or a sub-property), aggregation relations (inScheme, topConceptOf,
hasTopConcept, member, memberList statements, inScheme entailed by topConceptOf included), lexical relations
(distinct SKOS labels of concepts), the languages of concepts' text, the clusters of related concepts, and the
distinct http(s) IRIs (fragments cut off) and non-http subject IRIs.
"""
from __future__ import annotations

from termgraph.checks.quality import clusters
from termgraph.checks.vocab import Lit, Vocabulary


def statistics(v: Vocabulary) -> dict[str, object]:
    home = v.home
    lexical = sum(len({(p, o) for p, o in v.labels.get(c, ()) if isinstance(o, Lit)}) for c in v.concepts)
    aggregation = sum(len(v.holds(p)) for p in ("inScheme", "topConceptOf", "hasTopConcept", "member", "memberList"))
    languages = sorted(set().union(*v.language_coverage.values())) if v.language_coverage else []
    return {
        "triples": len(v.store),
        "concepts": len(v.concepts),
        "authoritative_concepts": sum(1 for c in v.concepts if home in c.lower()) if home else len(v.concepts),
        "home": home,
        "schemes": len(v.schemes),
        "collections": len(v.collections),
        "semantic_relations": len(v.holds("semanticRelation")),
        "aggregation_relations": aggregation,
        "lexical_relations": lexical,
        "languages": languages,
        "clusters": len(clusters(v)),
        "http_iris": http_iris(v),
        "non_http_subjects": len(v.non_http_subjects),
    }


def http_iris(v: Vocabulary) -> int:
    """Distinct http(s) IRIs in subject, property or object position, fragments cut off."""
    (row,) = v.rows("""SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {
        { SELECT DISTINCT ?i WHERE { { ?i ?p ?o } UNION { ?s ?i ?o } UNION { ?s ?p ?i } FILTER(isIRI(?i)) } }
        FILTER(STRSTARTS(LCASE(STR(?i)), "http") && !REGEX(STR(?i), "[\\\\x00-\\\\x20<>\\"{}|\\\\\\\\^`]"))
        BIND(IF(CONTAINS(STR(?i), "#"), STRBEFORE(STR(?i), "#"), STR(?i)) AS ?d) }""")
    return int(row[0].text) if isinstance(row[0], Lit) else 0
