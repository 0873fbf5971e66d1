"""termgraph check agrees with qSKOS on qSKOS's own test vocabularies (../shared/data/qskos-testdata).

qSKOS (GPL-3.0) ships one small RDF vocabulary per quality issue and asserts what it finds in each in its JUnit
tests; EXPECTED.md beside the files lists those assertions. The table of file, issue, count and how termgraph's
report gives it is `termgraph.checks.qskos.ROWS` (docs/checks.md shows it). The files are read from the shared
folder, never copied into this MIT repository; the tests skip where it is absent.
"""
from __future__ import annotations

from functools import cache

import pytest
from conftest import SHARED_DATA

from termgraph.checks import check_files
from termgraph.checks.qskos import CODES, ROWS
from termgraph.checks.runner import Report

QSKOS_DATA = SHARED_DATA / "qskos-testdata"

pytestmark = pytest.mark.skipif(not (QSKOS_DATA / "EXPECTED.md").is_file(),
                                reason=f"qSKOS's test vocabularies not found in {QSKOS_DATA}")


@cache
def report(name: str) -> Report:
    return check_files([QSKOS_DATA / name])


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.file}:{r.issue}" for r in ROWS])
def test_termgraph_reports_what_qskos_asserts(row):
    got = row.measure(report(row.file))
    if row.differs is None:
        assert got == row.expected, f"qSKOS asserts {row.expected} ({row.how})"
    else:  # a deliberate difference: the table says why
        assert row.why and got == row.differs


def test_no_deliberate_differences():
    assert [r for r in ROWS if r.differs is not None] == []


def test_every_qskos_vocabulary_is_read_without_a_crash():
    for path in sorted(QSKOS_DATA.glob("*.rdf")):
        result = check_files([path])
        assert result.triples == result.statistics["triples"]


def test_every_row_reads_a_file_that_exists_and_every_code_names_a_check():
    from termgraph.checks import REGISTRY

    assert all((QSKOS_DATA / r.file).is_file() for r in ROWS)
    assert set(CODES) <= set(REGISTRY)


def test_relative_iris_resolve_against_the_file_and_are_reported():
    # resources.rdf has no xml:base: "someresource" and "www.google.com" become file: IRIs beside the file.
    found = {r.concept for r in report("resources.rdf").results if r.check_id == "non-http-iri"}
    assert (QSKOS_DATA / "someresource").resolve().as_uri() in found
    invalid = [r for r in report("resources.rdf").results if r.check_id == "invalid-iri"]
    assert [r.concept for r in invalid] == ["http://www.google. com"]
    backslash = [r.concept for r in report("invalidCharacters.rdf").results if r.check_id == "invalid-iri"]
    assert backslash == ["http://zbw.eu/stw/\\*_ingredient"]


def test_skosxl_labels_count_and_labels_are_not_concepts():
    r = report("skosxl.rdf")
    assert not any("prefLabel" in c.rsplit("/", 1)[-1] for c in r.statistics and
                   [x.concept for x in r.results if x.check_id == "missing-label"])
    assert any(x.check_id == "input-repaired" for x in r.results)  # the stray " ;" text, read by rdflib


def test_unregistered_language_tags_are_invalid():
    tags = {r.value for r in report("deprecatedAndIllegalTerms.rdf").results if r.check_id == "invalid-language-tag"}
    assert tags == {"blubb"}
