"""Every check on a vocabulary made to break it (exact findings), a clean vocabulary, concept recognition,
input formats and input errors."""
from __future__ import annotations

import pytest
from conftest import ROOT

from termgraph.checks import REGISTRY, check_files, choose, load_files
from termgraph.checks.quality import strongly_connected, valid_language_tag
from termgraph.errors import ContentError, UsageError

DATA = ROOT / "tests" / "data" / "checks"
EX = "http://example.org/voc/"
SKOS = "http://www.w3.org/2004/02/skos/core#"

# For each check: (concept, value) of every finding it must report on tests/data/checks/<ID>.ttl, no more.
# Names are shortened: ex: IRIs to their local name, other.org IRIs to other:x, SKOS IRIs to skos:x.
EXPECTED: dict[str, set[tuple[str, str | None]]] = {
    "S9": {("s", None)},
    "S12": {("a", "thing"), ("b", "5")},
    "S13": {("a", "Cat"), ("b", "Kitty")},
    "S14": {("a", "Cat | Kitty"), ("c", "x | y")},
    "S27": {("a", "c"), ("g", "f"), ("h", "i")},
    "S37": {("col", None), ("col2", None)},
    "S46": {("a", "other:x"), ("other:y", "b"), ("other:w", "d")},
    "S19-S20": {("a", "s"), ("col", "b"), ("c", "Animals")},
    "S4-S6": {("a", "b"), ("s", "s2"), ("c", "d"), ("e", "scheme")},
    "S31-S32": {("a", "b"), ("col", "s"), ("col", "x")},
    "missing-label": {("a", None), ("b", None), ("s", None)},
    "empty-label": {("a", "skos:prefLabel@en"), ("b", "skos:altLabel@en")},
    "overlapping-labels": {("a", "Bank")},  # one finding per shared label: ex:a, b, d and e share "Bank"@en
    "unprintable-characters": {("a", "'Cat\\x07'"), ("b", "'Zero\\u200bwidth'")},
    "omitted-language-tag": {("a", "Cat"), ("b", "A thing.")},
    "invalid-language-tag": {("a", "abcdefghij"), ("b", "en-u")},
    "incomplete-language-coverage": {("b", "de"), ("c", "en")},
    "orphan-concept": {("b", None), ("d", None)},
    "disconnected-cluster": {("d", "2")},
    "hierarchy-cycle": {("a", f"{EX}a {EX}b {EX}c"), ("d", f"{EX}d {EX}e")},
    "omitted-top-concepts": {("s2", None)},
    "top-concept-has-broader": {("a", "b"), ("c", "x"), ("d", "y")},
    "hierarchical-redundancy": {("a", "c")},
    "deprecated-in-use": {("a", "old")},
    "reflexive-relation": {("a", "a"), ("b", "b"), ("c", "c")},
    "unidirectional-relation": {("a", "b"), ("e", "f"), ("g", "h")},
    "valueless-associative-relation": {("a", "b")},
    "undocumented-concept": {("c", None)},
    "mapping-within-scheme": {("a", "b")},
    "exactmatch-clash": {("a", "b"), ("c", "d")},
    "missing-out-links": {("b", None), ("c", None)},
    "undefined-skos-resource": {("a", "skos:prefLable"), ("b", "skos:subject"), ("c", "skos:Concepts")},
    "circular-definition": {("a", "Neural network"), ("b", "Cat"), ("d", "RAG")},
    "acronym-not-alias": {("a", "LoRA"), ("b", "RAG"), ("e", "GPUs")},
    "comparison-unknown-term": {("cmp", "missing")},
    "source-without-url": {("a", "src1"), ("b", "Smith 2001, p. 4")},
    "invalid-iri": {(EX + "a b", EX + "a b"), ("d|e", "d|e")},
    "non-http-iri": {("urn:x:a", "urn:x:a"), ("htp://example.org/voc/b", "htp://example.org/voc/b"),
                     ((DATA / "c").resolve().as_uri(), (DATA / "c").resolve().as_uri())},
    "undescribed-concept": {("gone", "a"), ("top", "s")},
    "implicit-scheme": {("undeclared", None)},
    "no-common-languages": {("s", "de,en")},
    "solely-transitive-relation": {("a", "c"), ("g", "h")},
    "ambiguous-notation": {("a", "1 | 2"), ("b", "7")},
    "input-repaired": {((DATA / "input-repaired.rdf").as_posix(), None)},
}
SUFFIX = {"input-repaired": ".rdf"}  # an RDF/XML file (the repair is RDF/XML's); the others are Turtle


def short(value: str | None) -> str | None:
    if value is None:
        return None
    if value.startswith(EX) and " " not in value:
        return value[len(EX):]
    return value.replace("http://other.org/", "other:").replace(SKOS, "skos:")


def test_there_are_at_least_24_checks_each_with_a_breaking_vocabulary():
    assert len(REGISTRY) >= 24
    assert set(EXPECTED) == set(REGISTRY)
    assert {p.stem for p in [*DATA.glob("*.ttl"), *DATA.glob("*.rdf")]} == set(REGISTRY) | {"clean"}


@pytest.mark.parametrize("check_id", list(EXPECTED))
def test_check_reports_exactly_what_its_vocabulary_breaks(check_id):
    report = check_files([DATA / f"{check_id}{SUFFIX.get(check_id, '.ttl')}"], choose([check_id]))
    found = [(short(r.concept), short(r.value)) for r in report.results]
    assert sorted(found, key=str) == sorted(EXPECTED[check_id], key=str)  # also: no duplicates
    check = REGISTRY[check_id]
    for r in report.results:
        assert (r.check_id, r.severity, r.rule_url) == (check.id, check.severity, check.rule_url)
        assert r.message and "\n" not in r.message
        assert r.origin is not None and r.origin.path.name == f"{check_id}{SUFFIX.get(check_id, '.ttl')}"


@pytest.mark.parametrize("check_id", list(EXPECTED))
def test_the_same_findings_when_every_check_runs(check_id):
    alone = check_files([DATA / f"{check_id}{SUFFIX.get(check_id, '.ttl')}"], choose([check_id])).results
    together = [r for r in check_files([DATA / f"{check_id}{SUFFIX.get(check_id, '.ttl')}"]).results if r.check_id == check_id]
    assert together == list(alone)


def test_clean_vocabulary_passes_every_check():
    report = check_files([DATA / "clean.ttl"])
    assert report.results == ()
    # 4 of its own, and the 4 Wikidata items it maps to (the range of skos:exactMatch is skos:Concept)
    assert report.concepts == 8 and len(report.checks) == len(REGISTRY)
    assert not report.fails("info")


def test_concepts_are_recognised_without_rdf_type():
    # S27.ttl states no type at all: every end of broader / narrower / related is a concept.
    assert load_files([DATA / "S27.ttl"]).concepts == {EX + n for n in "abcdefghi"}
    # Both ends of mapping relations are (SKOS gives skos:semanticRelation the domain and range skos:Concept),
    # also in other vocabularies; they are not this vocabulary's own concepts (another host).
    v = load_files([DATA / "S46.ttl"])
    assert v.concepts == {EX + n for n in "abcd"} | {f"http://other.org/{n}" for n in "xyzw"}
    assert v.own_concepts == {EX + n for n in "abcd"}
    assert EX + "s" not in load_files([DATA / "S19-S20.ttl"]).concepts
    # Untyped label holders and collection members are not: SKOS gives labels no domain, and a member may be
    # a collection as well as a concept (qSKOS counts the same way).
    v = load_files([DATA / "S37.ttl"])
    assert v.concepts == set()


def test_retired_deprecated_concepts_are_not_checked_but_ones_still_linked_are():
    v = load_files([DATA / "deprecated-in-use.ttl"])
    assert v.concepts == {EX + "old", EX + "new", EX + "a"}


def test_labels_are_shown_in_the_preferred_language():
    assert load_files([DATA / "incomplete-language-coverage.ttl"]).label(EX + "a") == "Cat"
    assert load_files([DATA / "incomplete-language-coverage.ttl"], language="de").label(EX + "a") == "Katze"
    assert load_files([DATA / "incomplete-language-coverage.ttl"]).label(EX + "c") == "Maus"
    report = check_files([DATA / "incomplete-language-coverage.ttl"], choose(["incomplete-language-coverage"]),
                         language="de")
    assert [(r.label, r.value) for r in report.results] == [("Dog", "de"), ("Maus", "en")]


def test_results_are_in_a_stable_order():
    first = check_files([DATA / "S27.ttl", DATA / "hierarchy-cycle.ttl"]).results
    second = check_files([DATA / "S27.ttl", DATA / "hierarchy-cycle.ttl"]).results
    assert first == second
    ids = [r.check_id for r in first]
    assert ids == sorted(ids, key=list(REGISTRY).index)


def test_several_files_are_read_together_and_each_result_names_its_file():
    report = check_files([DATA / "S9.ttl", DATA / "S14.ttl"], choose(["S9", "S14"]))
    assert {(short(r.concept), r.origin.path.name) for r in report.results} == {
        ("s", "S9.ttl"), ("a", "S14.ttl"), ("c", "S14.ttl")}


def test_rdfxml_jsonld_and_ntriples_inputs(tmp_path):
    (tmp_path / "v.rdf").write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:skos="http://www.w3.org/2004/02/skos/core#">\n'
        '  <skos:Concept rdf:about="http://example.org/voc/x"><skos:prefLabel xml:lang="en_US">X</skos:prefLabel>'
        '</skos:Concept>\n</rdf:RDF>\n', encoding="utf-8")
    report = check_files([tmp_path / "v.rdf"], choose(["invalid-language-tag"]))
    assert [(short(r.concept), r.value) for r in report.results] == [("x", "en_us")]
    (tmp_path / "v.jsonld").write_text(
        '{"@id": "http://example.org/voc/y", "http://www.w3.org/2004/02/skos/core#broader": '
        '{"@id": "http://example.org/voc/y"}}', encoding="utf-8")
    report = check_files([tmp_path / "v.jsonld"], choose(["reflexive-relation"]))
    assert [(short(r.concept), short(r.value)) for r in report.results] == [("y", "y")]
    (tmp_path / "v.nt").write_text(
        "<http://example.org/voc/z> <http://www.w3.org/2004/02/skos/core#related> <http://example.org/voc/z> .\n",
        encoding="utf-8")
    assert len(check_files([tmp_path / "v.nt"], choose(["reflexive-relation"])).results) == 1


def test_a_parse_error_names_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b \n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        check_files([bad])
    (problem,) = err.value.problems
    assert problem.origin is not None and problem.origin.path == bad and problem.origin.line >= 3
    assert "cannot parse as Turtle" in problem.message


def test_unreadable_inputs_and_unknown_checks_are_errors(tmp_path):
    with pytest.raises(ContentError, match="no such file"):
        check_files([tmp_path / "absent.ttl"])
    with pytest.raises(UsageError, match="extension"):
        check_files([tmp_path / "vocabulary.csv"])
    with pytest.raises(UsageError, match="did you mean 'orphan-concept'"):
        choose(["orphan-concepts"])


def test_select_and_ignore_take_ids_and_families():
    assert [c.id for c in choose(["S9, s14"])] == ["S9", "S14"]
    assert {c.family for c in choose(["integrity"])} == {"integrity"}
    assert len(choose(["integrity"])) == 11
    chosen = {c.id for c in choose([], ["quality", "glossary"])}
    assert chosen == {c.id for c in choose(["integrity"])}
    assert "S27" not in {c.id for c in choose(["integrity"], ["S27"])}


def test_language_tags():
    for good in ("en", "de-CH-1901", "zh-Hant-TW", "sr-Latn", "es-419", "x-private", "i-klingon", "en-US-x-twain"):
        assert valid_language_tag(good), good
    for bad in ("en_US", "en-toolongsubtag", "e", "abcdefghij", "en-u", "en--us", ""):
        assert not valid_language_tag(bad), bad


def test_cycles_are_found_without_recursion_in_deep_hierarchies():
    n = 20000  # far deeper than Python's recursion limit
    chain = {f"c{i}": {f"c{i + 1}"} for i in range(n)}
    chain[f"c{n}"] = {"c0"}
    (component,) = strongly_connected(chain)
    assert len(component) == n + 1
    chain[f"c{n}"] = set()
    assert strongly_connected(chain) == []


def test_statements_repeated_across_files_count_once():
    # The same file twice: two graphs stating the same labels and links are not two preferred labels etc.
    assert check_files([DATA / "clean.ttl", DATA / "clean.ttl"]).results == ()


def test_the_garbage_collector_is_back_on_afterwards():
    import gc

    assert gc.isenabled()
    check_files([DATA / "clean.ttl"])
    assert gc.isenabled()
    with pytest.raises(ContentError):
        check_files([DATA / "clean.ttl", DATA / "absent.ttl"])
    assert gc.isenabled()
