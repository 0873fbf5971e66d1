"""Every output format of query results parses back to the same answer."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph
import pytest
from querydata import PARAMS, embedded
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from termgraph.dumps.formats import FORMATS
from termgraph.errors import UsageError
from termgraph.sparql.queries import named_queries
from termgraph.sparql.results import Boolean, Rows, Triples, check_format, from_oxigraph, render

INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
NASTY = Rows(
    ("iri", "text", "tagged", "number", "maybe"),
    (
        (URIRef("https://example.org/qt/term/a"), Literal('comma, "quote"\ttab\nnewline \\ backslash'),
         Literal("Étiquette", lang="fr"), Literal("42", datatype=INTEGER), None),
        (URIRef("http://www.w3.org/2004/02/skos/core#Concept"), Literal(""), Literal("x <y> & z", lang="en-GB"),
         Literal("-7", datatype=INTEGER), Literal("present")),
    ),
)


def _from_pyoxigraph(data: bytes, fmt: pyoxigraph.QueryResultsFormat) -> Rows | Boolean:
    answer = pyoxigraph.parse_query_results(data, fmt)
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return Boolean(bool(answer))
    variables = tuple(v.value for v in answer.variables)
    return Rows(variables, tuple(tuple(from_oxigraph(s[i]) for i in range(len(variables))) for s in answer))


@pytest.mark.parametrize(("name", "fmt"), [("json", pyoxigraph.QueryResultsFormat.JSON),
                                          ("xml", pyoxigraph.QueryResultsFormat.XML),
                                          ("tsv", pyoxigraph.QueryResultsFormat.TSV)])
def test_json_xml_tsv_parse_back_to_the_same_terms(name: str, fmt: pyoxigraph.QueryResultsFormat) -> None:
    assert _from_pyoxigraph(render(NASTY, name), fmt) == NASTY
    for result in (Boolean(True), Boolean(False)):
        if name != "tsv":  # TSV and CSV define no form for ASK; we write Jena's
            assert _from_pyoxigraph(render(result, name), fmt) == result


def test_csv_is_rfc4180_with_lexical_values() -> None:
    data = render(NASTY, "csv")
    assert data.count(b"\r\n") >= 3
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == list(NASTY.variables)
    assert rows[1] == ["https://example.org/qt/term/a", 'comma, "quote"\ttab\nnewline \\ backslash', "Étiquette",
                       "42", ""]
    assert rows[2][2] == "x <y> & z"
    assert render(Boolean(True), "csv") == b"_askResult\r\ntrue\r\n"
    assert render(Boolean(False), "tsv") == b"?_askResult\nfalse\n"


def test_json_and_xml_are_the_w3c_documents() -> None:
    document = json.loads(render(NASTY, "json"))
    assert document["head"]["vars"] == list(NASTY.variables)
    first = document["results"]["bindings"][0]
    assert first["tagged"] == {"type": "literal", "value": "Étiquette", "xml:lang": "fr"}
    assert first["number"] == {"type": "literal", "value": "42", "datatype": str(INTEGER)}
    assert "maybe" not in first
    assert json.loads(render(Boolean(True), "json")) == {"head": {}, "boolean": True}
    root = ET.fromstring(render(NASTY, "xml"))
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert [v.get("name") for v in root.iter(f"{ns}variable")] == list(NASTY.variables)
    assert len(list(root.iter(f"{ns}result"))) == 2
    assert ET.fromstring(render(Boolean(False), "xml")).find(f"{ns}boolean").text == "false"  # type: ignore[union-attr]


def test_blank_nodes_survive_json_and_tsv() -> None:
    rows = Rows(("b",), ((BNode("n1"),),))
    for name, fmt in (("json", pyoxigraph.QueryResultsFormat.JSON), ("tsv", pyoxigraph.QueryResultsFormat.TSV)):
        back = _from_pyoxigraph(render(rows, name), fmt)
        assert isinstance(back, Rows) and isinstance(back.rows[0][0], BNode)


def test_table_is_aligned_compact_and_one_line_per_row() -> None:
    lines = render(NASTY, "table").decode("utf-8").splitlines()
    assert lines[0].split() == list(NASTY.variables)
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert len(lines) == 4
    assert "skos:Concept" in lines[3]  # well-known namespaces are shortened; glossary IRIs are not
    assert lines[2].startswith("https://example.org/qt/term/a ")
    long = Rows(("v",), ((Literal("x" * 100),),))
    assert render(long, "table").decode().splitlines()[2] == "x" * 59 + "…"
    assert render(Boolean(True)) == b"true\n"


def test_real_answers_render_in_every_solution_format() -> None:
    result = embedded().query(named_queries()["category"].bind(PARAMS["category"]))
    assert isinstance(result, Rows)
    for name, fmt in (("json", pyoxigraph.QueryResultsFormat.JSON), ("xml", pyoxigraph.QueryResultsFormat.XML),
                      ("tsv", pyoxigraph.QueryResultsFormat.TSV)):
        assert _from_pyoxigraph(render(result, name), fmt) == result
    assert render(result, "csv") == render(result, "csv")


@pytest.mark.parametrize("fmt", [f.name for f in FORMATS])
def test_graphs_parse_back_in_every_rdf_format(fmt: str) -> None:
    result = embedded().query(named_queries()["term-graph"].bind(PARAMS["term-graph"]))
    assert isinstance(result, Triples)
    data = render(result, fmt)
    assert data == render(result, fmt)  # byte-stable
    rdflib_name = next(f.rdflib_name for f in FORMATS if f.name == fmt)
    back = Graph().parse(data=data, format=rdflib_name)
    assert isomorphic(back, result.graph()) and len(back) == len(result)


def test_formats_must_fit_the_query_form() -> None:
    assert check_format("SELECT", None) == "table"
    assert check_format("ASK", "JSON") == "json"
    assert check_format("CONSTRUCT", None) == "turtle"
    assert check_format("DESCRIBE", "nt") == "ntriples"
    with pytest.raises(UsageError, match="a CONSTRUCT query gives a graph: choose one of turtle"):
        check_format("CONSTRUCT", "csv")
    with pytest.raises(UsageError, match="choose one of table, csv, tsv, json, xml"):
        check_format("SELECT", "turtle")
