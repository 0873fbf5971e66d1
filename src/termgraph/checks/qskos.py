"""termgraph's checks beside qSKOS's: which qSKOS issue each check answers, and the conformance table.

The table lists, for qSKOS's own test vocabularies (its `src/test/resources`, GPL-3.0, not shipped here), the
count each of qSKOS's JUnit tests asserts, and how that count is read off a termgraph report. The test
`tests/test_checks_qskos.py` runs it over the files in ../shared/data/qskos-testdata; docs/checks.md shows it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from termgraph.checks.runner import Report

# check ID -> (qSKOS issue code and name, how the counts compare)
CODES: dict[str, tuple[str, str]] = {
    "S13": ("dlv Disjoint Labels Violation", "same resources"),
    "S14": ("ipl Inconsistent Preferred Labels", "same resources; one finding per resource"),
    "S27": ("rc Relation Clashes", "same pairs (hierarchy read through broaderTransitive, as qSKOS)"),
    "S46": ("mc Mapping Clashes", "same pairs (exactMatch chains followed, as qSKOS)"),
    "missing-label": ("ml Missing Labels", "same resources"),
    "empty-label": ("el Empty Labels", "same resources"),
    "overlapping-labels": ("ol Overlapping Labels", "same conflicts (one finding per shared label)"),
    "unprintable-characters": ("ucil Unprintable Characters in Labels", "same labels"),
    "omitted-language-tag": ("oilt Omitted or Invalid Language Tags",
                             "one finding per text; qSKOS counts resources: the same resources"),
    "invalid-language-tag": ("oilt Omitted or Invalid Language Tags", "as omitted-language-tag"),
    "incomplete-language-coverage": ("ilc Incomplete Language Coverage", "same concepts"),
    "no-common-languages": ("ncl No Common Languages",
                            "same verdict; not reported when no concept has tagged text (omitted tags are)"),
    "orphan-concept": ("oc Orphan Concepts", "same concepts"),
    "disconnected-cluster": ("dcc Disconnected Concept Clusters",
                             "same clusters: one finding per cluster but the largest; the statistics count all"),
    "hierarchy-cycle": ("chr Cyclic Hierarchical Relations", "same cycles"),
    "omitted-top-concepts": ("otc Omitted Top Concepts", "same schemes"),
    "top-concept-has-broader": ("tchbc Top Concepts Having Broader Concepts", "same concepts"),
    "hierarchical-redundancy": ("hr Hierarchical Redundancy", "same pairs"),
    "reflexive-relation": ("rrc Reflexively Related Concepts", "same statements"),
    "unidirectional-relation": ("urc Unidirectionally Related Concepts", "same pairs"),
    "valueless-associative-relation": ("var Valueless Associative Relations", "same pairs"),
    "undocumented-concept": ("uc Undocumented Concepts", "same concepts"),
    "solely-transitive-relation": ("strc Solely Transitively Related Concepts", "same pairs"),
    "mapping-within-scheme": ("mri Mapping Relations Misuse", "same statements"),
    "missing-out-links": ("mol Missing Out-Links",
                          "same concepts; links to W3C/DC/schema.org terms do not count"),
    "undefined-skos-resource": ("usr Undefined SKOS Resources", "same IRIs"),
    "ambiguous-notation": ("anr Ambiguous Notation References", "same count"),
    "non-http-iri": ("husv HTTP URI Scheme Violation", "same IRIs"),
}


def _count(check_id: str) -> Callable[[Report], object]:
    return lambda report: sum(1 for r in report.results if r.check_id == check_id)


def _stat(name: str) -> Callable[[Report], object]:
    return lambda report: report.statistics[name]


def _resources(*check_ids: str) -> Callable[[Report], object]:
    return lambda report: len({r.concept for r in report.results if r.check_id in check_ids})


def _flagged(check_id: str) -> Callable[[Report], object]:
    return lambda report: sorted({r.concept.rsplit("/", 1)[-1] for r in report.results if r.check_id == check_id})


def _has(check_id: str) -> Callable[[Report], object]:
    return lambda report: any(r.check_id == check_id for r in report.results)


LANGUAGE_TAGS = ("omitted-language-tag", "invalid-language-tag")


@dataclass(frozen=True)
class Row:
    file: str
    issue: str  # qSKOS's name for what is counted
    expected: object  # what qSKOS's test asserts
    measure: Callable[[Report], object]
    how: str  # how termgraph's report gives it
    differs: object = None  # termgraph's count, where it differs on purpose
    why: str = ""


ROWS: tuple[Row, ...] = (
    Row("cycles.rdf", "Hierarchical Cycles", 3, _count("hierarchy-cycle"), "hierarchy-cycle findings"),
    Row("components_1.rdf", "Hierarchical Cycles", 3, _count("hierarchy-cycle"), "hierarchy-cycle findings"),
    Row("components_1.rdf", "Disconnected Concept Clusters", 7, _stat("clusters"), "statistics: clusters"),
    Row("components_1.rdf", "Disconnected Concept Clusters (findings)", 6, _count("disconnected-cluster"),
        "disconnected-cluster findings (all clusters but the largest)"),
    Row("components_2.rdf", "Disconnected Concept Clusters: not problematic", False, _has("disconnected-cluster"),
        "no disconnected-cluster finding"),
    Row("components_1.rdf", "Involved Concepts", 21, _stat("concepts"), "statistics: concepts"),
    Row("components_1.rdf", "Orphan Concepts", 2, _count("orphan-concept"), "orphan-concept findings"),
    Row("components_1.rdf", "Incomplete Language Coverage", 13, _count("incomplete-language-coverage"),
        "incomplete-language-coverage findings"),
    Row("components_1.rdf", "Omitted/Invalid Language Tags (resources)", 3, _resources(*LANGUAGE_TAGS),
        "resources with omitted- or invalid-language-tag findings"),
    Row("components_1.rdf", "Overlapping Labels", 2, _count("overlapping-labels"), "overlapping-labels findings"),
    Row("components_1.rdf", "Semantic Relations", 18, _stat("semantic_relations"), "statistics: semantic_relations"),
    Row("components_1.rdf", "Lexical Relations", 29, _stat("lexical_relations"), "statistics: lexical_relations"),
    Row("components_1.rdf", "Missing Out-Links (= involved concepts)", 21, _count("missing-out-links"),
        "missing-out-links findings"),
    Row("concepts.rdf", "Authoritative Concepts", 9, _stat("authoritative_concepts"),
        "statistics: authoritative_concepts"),
    Row("concepts.rdf", "Involved Concepts", 10, _stat("concepts"), "statistics: concepts"),
    Row("concepts.rdf", "Orphan Concepts", 7, _count("orphan-concept"), "orphan-concept findings"),
    Row("concepts.rdf", "Missing Out-Links", 7, _count("missing-out-links"), "missing-out-links findings"),
    Row("concepts.rdf", "HTTP URIs", 21, _stat("http_iris"), "statistics: http_iris"),
    Row("concepts.rdf", "HTTP URI Scheme Violation", 1, _count("non-http-iri"), "non-http-iri findings"),
    Row("concepts.rdf", "Undefined SKOS Resources", 3, _count("undefined-skos-resource"),
        "undefined-skos-resource findings"),
    Row("resources.rdf", "HTTP URIs", 8, _stat("http_iris"), "statistics: http_iris"),
    Row("resources.rdf", "HTTP URI Scheme Violation", 4, _count("non-http-iri"), "non-http-iri findings"),
    Row("deprecatedAndIllegalTerms.rdf", "Undefined SKOS Resources", 12, _count("undefined-skos-resource"),
        "undefined-skos-resource findings"),
    Row("deprecatedAndIllegalTerms.rdf", "Omitted/Invalid Language Tags (resources)", 1, _resources(*LANGUAGE_TAGS),
        "resources with omitted- or invalid-language-tag findings"),
    Row("deprecatedAndIllegalTerms.rdf", "Omitted/Invalid Language Tags (literals)", 2,
        lambda r: sum(1 for x in r.results if x.check_id in LANGUAGE_TAGS), "omitted-/invalid-language-tag findings"),
    Row("languageTags.rdf", "Omitted/Invalid Language Tags (resources)", 2, _resources(*LANGUAGE_TAGS),
        "resources with omitted- or invalid-language-tag findings"),
    Row("aggregations.rdf", "Aggregation Relations", 6, _stat("aggregation_relations"),
        "statistics: aggregation_relations"),
    Row("aggregations.rdf", "Collections", 4, _stat("collections"), "statistics: collections"),
    Row("aggregations.rdf", "Concept Schemes", 3, _stat("schemes"), "statistics: schemes"),
    Row("ambiguousNotationReferences.rdf", "Ambiguous Notation References", 8, _count("ambiguous-notation"),
        "ambiguous-notation findings"),
    Row("ambiguousLabels.rdf", "Inconsistent Preferred Labels", ["conceptA", "conceptA2", "conceptA3", "conceptA4"],
        _flagged("S14"), "S14 findings"),
    Row("ambiguousLabels.rdf", "Disjoint Labels Violation", ["conceptD", "conceptF"], _flagged("S13"),
        "S13 findings"),
    Row("emptyLabels.rdf", "Empty Labels", 3, _count("empty-label"), "empty-label findings"),
    Row("hierarchicalRedundancy.rdf", "Hierarchical Redundancy", 5, _count("hierarchical-redundancy"),
        "hierarchical-redundancy findings"),
    Row("exactVsAssociativeMappingClashes.rdf", "Exact vs. Associative/Hierarchical Mapping Clashes", 5,
        _count("S46"), "S46 findings"),
    Row("mappingRelationsMisuse.rdf", "Mapping Relations Misuse", 5, _count("mapping-within-scheme"),
        "mapping-within-scheme findings"),
    Row("missingLabels.rdf", "Missing Labels", 7, _count("missing-label"), "missing-label findings"),
    Row("missingTopConcepts.rdf", "Omitted Top Concepts", 2, _count("omitted-top-concepts"),
        "omitted-top-concepts findings"),
    Row("topConceptsHavingBroaderConcept.rdf", "Top Concepts Having Broader Concepts", 4,
        _count("top-concept-has-broader"), "top-concept-has-broader findings"),
    Row("commonlanguage_en.rdf", "No Common Languages", False, _has("no-common-languages"),
        "no no-common-languages finding"),
    Row("nocommonlanguage.rdf", "No Common Languages", True, _has("no-common-languages"),
        "a no-common-languages finding"),
    Row("reflexivelyRelatedConcepts.rdf", "Reflexively Related Concepts", 2, _count("reflexive-relation"),
        "reflexive-relation findings"),
    Row("relationClashes.rdf", "Associative vs. Hierarchical Relation Clashes", 10, _count("S27"), "S27 findings"),
    Row("solitaryTransitiveRelations.rdf", "Solely Transitively Related Concepts", 4,
        _count("solely-transitive-relation"), "solely-transitive-relation findings"),
    Row("documentedConcepts.rdf", "Undocumented Concepts", 1, _count("undocumented-concept"),
        "undocumented-concept findings"),
    Row("omittedInverseRelations.rdf", "Unidirectionally Related Concepts", 8, _count("unidirectional-relation"),
        "unidirectional-relation findings"),
    Row("labelsWithUnprintableCharacters.rdf", "Unprintable Characters in Labels", 2,
        _count("unprintable-characters"), "unprintable-characters findings"),
    Row("redundantAssociativeRelations.rdf", "Valueless Associative Relations", 6,
        _count("valueless-associative-relation"), "valueless-associative-relation findings"),
    Row("overlappingLabels.rdf", "Overlapping Labels", 2, _count("overlapping-labels"), "overlapping-labels findings"),
    Row("relatedConcepts.rdf", "Overlapping Labels", 0, _count("overlapping-labels"), "overlapping-labels findings"),
    Row("skosxl.rdf", "Lexical Relations (SKOS-XL)", 5, _stat("lexical_relations"), "statistics: lexical_relations"),
    Row("skosxl.rdf", "Omitted/Invalid Language Tags (SKOS-XL)", 2, _resources(*LANGUAGE_TAGS),
        "resources with omitted- or invalid-language-tag findings"),
    Row("skosxl.rdf", "Incomplete Language Coverage (SKOS-XL)", 2, _count("incomplete-language-coverage"),
        "incomplete-language-coverage findings"),
    Row("skosxl.rdf", "Overlapping Labels (SKOS-XL)", 1, _count("overlapping-labels"), "overlapping-labels findings"),
)
