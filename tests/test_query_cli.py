"""`termgraph query` and `termgraph queries` end to end: through click and as a real process."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from querydata import QUERY_CONTENT, built, dump
from rdflib import Graph

from termgraph.cli import main
from termgraph.sparql.queries import named_queries

CONTENT = ("--content", str(QUERY_CONTENT))


def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), input=input)


def test_queries_lists_every_named_query_with_its_parameters() -> None:
    result = invoke("queries")
    assert result.exit_code == 0
    for name, query in named_queries().items():
        assert f"{name} " in result.output
        for p in query.parameters:
            assert f"-p {p.name}={p.type.upper()}" in result.output
    assert "-p min=INTEGER (default 3)" in result.output
    listed = json.loads(invoke("queries", "--format", "json").output)
    assert [q["name"] for q in listed] == sorted(named_queries())
    assert next(q for q in listed if q["name"] == "term-by-label")["parameters"][0]["type"] == "langstring"


def test_query_by_name_with_parameters_in_each_format() -> None:
    table = invoke("query", "related", "-p", "term=gradient-descent", *CONTENT)
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[0].split() == ["slug", "label", "definition"]
    assert [line.split()[0] for line in table.stdout.splitlines()[2:]] == [
        "backpropagation", "deep-learning", "machine-learning"]
    as_csv = invoke("query", "related", "-p", "term=gradient-descent", *CONTENT, "--format", "csv")
    assert list(csv.reader(io.StringIO(as_csv.stdout)))[1][0] == "backpropagation"
    as_json = json.loads(invoke("query", "has-term", "-p", "term=transformer", *CONTENT, "--format", "json").stdout)
    assert as_json == {"head": {}, "boolean": True}


def test_graph_queries_write_rdf() -> None:
    result = invoke("query", "term-graph", "-p", "term=transformer", *CONTENT, "--format", "jsonld")
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format="json-ld")
    assert len(graph) == 37


def test_query_from_stdin_and_from_a_file(tmp_path: Path) -> None:
    text = ("# param: slug string\nSELECT ?label WHERE {\n  #@values\n"
            "  ?t <http://www.w3.org/2004/02/skos/core#notation> ?slug ;\n"
            "     <http://www.w3.org/2004/02/skos/core#prefLabel> ?label .\n}\n")
    piped = invoke("query", "-", "-p", "slug=overfitting", *CONTENT, "--format", "tsv", input=text)
    assert piped.exit_code == 0, piped.output
    assert piped.stdout == '?label\n"Overfitting"@en\n'
    path = tmp_path / "label.rq"
    path.write_text(text, encoding="utf-8")
    from_file = invoke("query", str(path), "-p", "slug=overfitting", *CONTENT, "--format", "tsv")
    assert from_file.stdout == piped.stdout


def test_output_file_limit_data_and_engine(tmp_path: Path) -> None:
    data = dump(tmp_path / "glossary.nt")
    out = tmp_path / "out" / "letters.csv"
    result = invoke("query", "a-z-letters", "--data", str(data), "--format", "csv", "--limit", "3", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == b"letter,terms,pages\r\nB,1,1\r\nD,1,1\r\nG,1,1\r\n"
    assert "stopped at --limit 3" in result.stderr
    by_oxigraph = invoke("query", "statistics", "--data", str(data), "--format", "json")
    by_rdflib = invoke("query", "statistics", "--data", str(data), "--format", "json", "--engine", "rdflib")
    assert by_oxigraph.stdout == by_rdflib.stdout and by_oxigraph.stdout.count('"terms": {') == 6


def test_timeout_stops_a_runaway_query() -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    result = invoke("query", "-", *CONTENT, "--timeout", "1", input=runaway)
    assert result.exit_code == 2
    assert "stopped after 1 s (--timeout)" in result.stderr and result.stdout == ""


def test_usage_errors_exit_2_and_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    (tmp_path / "latin1.rq").write_bytes(b"# title: caf\xe9\nASK {}\n")
    cases = [
        (["query", str(tmp_path / "latin1.rq"), *CONTENT], "cannot read query file"),
        (["query", "relatd"], "no named query 'relatd'; did you mean related"),
        (["query", "related", *CONTENT], "needs parameter 'term'"),
        (["query", "related", "-p", "term", *CONTENT], "-p takes NAME=VALUE"),
        (["query", "few-related", "-p", "min=lots", *CONTENT], "parameter 'min' (integer) must be an integer"),
        (["query", "term-graph", "-p", "term=x", "--format", "csv", *CONTENT], "a CONSTRUCT query gives a graph"),
        (["query", "related", "-p", "term=x", "--format", "turtle", *CONTENT], "does not fit a SELECT query"),
        (["query", "statistics", "--data", str(tmp_path / "missing.nt")], "no such file"),
        (["query", "-", *CONTENT], "the query is not valid SPARQL"),
        (["query", "statistics", "--endpoint", "ftp://example.org/sparql"], "must be an http(s) URL"),
    ]
    for args, message in cases:
        result = invoke(*args, "-o", str(out), input="SELECT WHERE {")
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
        assert not out.exists()


def test_help_explains_parameters_and_credentials() -> None:
    text = invoke("query", "--help").output
    assert "termgraph query find-term -p text=trans" in text
    assert "TERMGRAPH_ENDPOINT_TOKEN" in text and "--timeout" in text and "--limit" in text


def test_a_real_process(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "termgraph", "query", "broader", "-p", "term=vision-transformer",
                           *CONTENT, "--format", "csv"], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:] == ["1,transformer,Transformer", "2,deep-learning,Deep Learning",
                                            "3,machine-learning,Machine Learning"]
    assert done.stderr == ""  # no progress chatter when stderr is not a terminal
    assert len(built().graph) > 300
