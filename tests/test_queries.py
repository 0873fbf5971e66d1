"""The named-query library: headers, every query's answer on the test glossary, safe parameter binding,
the embedded engines agreeing, limits and timeouts."""
from __future__ import annotations

import hashlib
import multiprocessing
import time
from pathlib import Path

import pyoxigraph
import pytest
from querydata import PARAMS, QUERY_CONTENT, built, embedded, strings
from rdflib import Graph, Literal, Namespace, URIRef

from termgraph import run_query
from termgraph.errors import UsageError

TG = Namespace("https://termgraph.org/ns#")
from termgraph.sparql.queries import MARKER, TYPES, named_queries, ntriples, parse_query, resolve
from termgraph.sparql.results import Boolean, Rows, Triples
from termgraph.sparql.store import EmbeddedStore, QueryTimeout, mentions_service

ML = "Methods that let computers improve at a task from data rather than explicit rules."
TRANSFORMER = ("A neural architecture that processes a whole sequence at once, letting every position attend "
               "to every other.")
SA = "A layer in which each position of a sequence weighs every other position to build its new representation."
VIT = "A transformer that reads an image as a sequence of patches."
DL = "Machine learning with many stacked layers that learn features from raw data."

EXPECTED: dict[str, tuple[tuple[str, ...], list[tuple[str, ...]]]] = {
    "a-z-letters": (("letter", "terms", "pages"), [(letter, "1", "1") for letter in "BDGMNOSTV"]),
    "a-z": (("slug", "label", "definition"), [("transformer", "Transformer", TRANSFORMER)]),
    "broader": (("distance", "slug", "label"), [
        ("1", "transformer", "Transformer"), ("2", "deep-learning", "Deep Learning"),
        ("3", "machine-learning", "Machine Learning")]),
    "by-mapping": (("slug", "label", "relation"), [("transformer", "Transformer", "exact match")]),
    "category": (("slug", "label", "level", "definition"), [
        ("neural-network", "Neural Network", "beginner",
         "A model made of layers of simple units whose weighted connections are learned from data."),
        ("self-attention", "Self-Attention", "advanced", SA),
        ("transformer", "Transformer", "advanced", TRANSFORMER),
        ("vision-transformer", "Vision Transformer", "advanced", VIT)]),
    "comparisons": (("title", "other", "other_label", "summary"), [
        ("Transformer vs Neural Network", "neural-network", "Neural Network",
         "Every transformer is a neural network; not every neural network is a transformer.")]),
    "deprecated": (("slug", "label", "replaced_by"), [("connectionism", "Connectionism", "neural-network")]),
    "few-related": (("related", "slug", "label"), [
        ("0", "vision-transformer", "Vision Transformer"), ("1", "overfitting", "Overfitting"),
        ("1", "self-attention", "Self-Attention"), ("1", "transformer", "Transformer"),
        ("2", "backpropagation", "Backpropagation"), ("2", "deep-learning", "Deep Learning"),
        ("2", "machine-learning", "Machine Learning"), ("2", "neural-network", "Neural Network")]),
    "find-term": (("slug", "label", "matched", "match", "deprecated"), [
        ("transformer", "Transformer", "Transformer", "prefix", "false"),
        ("vision-transformer", "Vision Transformer", "Transformeur de vision", "prefix", "false")]),
    "level": (("slug", "label", "category", "definition"), [
        ("self-attention", "Self-Attention", "architecture", SA),
        ("transformer", "Transformer", "architecture", TRANSFORMER),
        ("vision-transformer", "Vision Transformer", "architecture", VIT)]),
    "narrower": (("depth", "parent", "slug", "label"), [
        ("1", "machine-learning", "deep-learning", "Deep Learning"),
        ("2", "deep-learning", "transformer", "Transformer"),
        ("3", "transformer", "vision-transformer", "Vision Transformer")]),
    "recently-modified": (("modified", "slug", "label"), [
        ("2026-03-20", "vision-transformer", "Vision Transformer"), ("2026-03-15", "transformer", "Transformer"),
        ("2026-03-01", "deep-learning", "Deep Learning"), ("2026-02-20", "gradient-descent", "Gradient Descent")]),
    "related": (("slug", "label", "definition"), [
        ("backpropagation", "Backpropagation",
         "The algorithm that computes the gradient of the loss for every weight by applying the chain rule backwards."),
        ("deep-learning", "Deep Learning", DL), ("machine-learning", "Machine Learning", ML)]),
    "statistics": (("category", "level", "terms"), [
        ("foundations", "beginner", "1"), ("foundations", "intermediate", "1"), ("architecture", "beginner", "1"),
        ("architecture", "advanced", "3"), ("training", "beginner", "1"), ("training", "intermediate", "2")]),
    "term-by-label": (("slug", "label", "kind"), [("vision-transformer", "Transformeur de vision", "label")]),
    "term-of-the-day": (("slug", "label", "definition"), [("deep-learning", "Deep Learning", DL)]),
    "term": (("field", "value", "language"), [
        ("label", "Transformer", "en"), ("definition", TRANSFORMER, "en"),
        ("explanation", "The transformer replaced recurrence with attention.", "en"),
        ("category", "Architecture", "en"), ("level", "Advanced", "en"), ("broader", "Deep Learning", "en"),
        ("narrower", "Vision Transformer", "en"), ("related", "Self-Attention", "en"),
        ("faq", "1. Why is it popular? It trains in parallel and scales well.", ""),
        ("faq", "2. Who introduced it? Researchers at Google, in 2017.", ""),
        ("source", "1. Attention Is All You Need <https://arxiv.org/abs/1706.03762>", ""),
        ("exact match", "http://www.wikidata.org/entity/Q85810444", ""),
        ("created", "2026-01-01", ""), ("modified", "2026-03-15", "")]),
    "two-hops": (("hops", "slug", "label"), [
        ("1", "gradient-descent", "Gradient Descent"), ("1", "overfitting", "Overfitting"),
        ("2", "backpropagation", "Backpropagation"), ("2", "deep-learning", "Deep Learning")]),
    "without-sources": (("category", "slug", "label"), [
        ("architecture", "self-attention", "Self-Attention"),
        ("architecture", "vision-transformer", "Vision Transformer"),
        ("training", "backpropagation", "Backpropagation")]),
}
NON_SELECT = {"has-term", "term-graph"}


def run(name: str, params: dict[str, str] | None = None, engine: str = "oxigraph"):  # type: ignore[no-untyped-def]
    query = named_queries()[name]
    return embedded(engine).query(query.bind(PARAMS.get(name, {}) if params is None else params))


# --- the library ---------------------------------------------------------------------------------------


def test_the_library_has_every_query_the_issue_asks_for_with_a_header() -> None:
    library = named_queries()
    assert len(library) >= 15
    assert set(EXPECTED) | NON_SELECT == set(library), "every named query has an asserted answer here"
    for query in library.values():
        assert query.title and query.description, query.name
        assert all(p.type in TYPES and p.doc for p in query.parameters), query.name
        assert (MARKER in query.text) == bool(query.parameters), query.name
    used_types = {p.type for q in library.values() for p in q.parameters}
    assert {"iri", "string", "langstring", "integer", "date"} <= used_types
    assert any(p.default is not None for q in library.values() for p in q.parameters)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_named_query_answers_the_test_glossary(name: str) -> None:
    variables, rows = EXPECTED[name]
    result = run(name)
    assert isinstance(result, Rows)
    assert result.variables == variables
    assert strings(result) == rows


def test_has_term_is_an_ask() -> None:
    assert run("has-term") == Boolean(True)
    assert run("has-term", {"term": "no-such-term"}) == Boolean(False)


def test_term_graph_constructs_the_term_and_its_parts() -> None:
    result = run("term-graph")
    assert isinstance(result, Triples)
    graph = result.graph()
    term = URIRef("https://example.org/qt/term/transformer")
    subjects = set(graph.subjects())
    assert subjects == {term, URIRef(f"{term}#faq-1"), URIRef(f"{term}#faq-1-answer"), URIRef(f"{term}#faq-2"),
                        URIRef(f"{term}#faq-2-answer"), URIRef(f"{term}#source-1")}
    assert set(graph) == {t for t in built().graph if t[0] in subjects and t[1] != TG.listedOn}


@pytest.mark.parametrize(("text", "expected"), [
    ("ML", [("machine-learning", "Machine Learning", "ML", "exact", "false")]),
    ("nn", [("neural-network", "Neural Network", "NN", "exact", "false")]),
    ("artificial", [("neural-network", "Neural Network", "Artificial Neural Network", "prefix", "false")]),
    ("Deep", [("deep-learning", "Deep Learning", "Deep Learning", "prefix", "false")]),
    ("connectionism", [("connectionism", "Connectionism", "Connectionism", "exact", "true")]),
    ("d", [("deep-learning", "Deep Learning", "DL", "prefix", "false"),
           ("deep-learning", "Deep Learning", "Deep Learning", "prefix", "false")]),
    ("zzz", []),
])
def test_find_term_matches_labels_and_aliases_ignoring_case_exact_first(text: str, expected: list) -> None:
    assert strings(run("find-term", {"text": text})) == expected


def test_term_describes_aliases_examples_mappings_and_deprecation() -> None:
    ml = strings(run("term", {"term": "machine-learning"}))
    assert ("alias", "ML", "en") in ml
    assert ("example", "A spam filter trained on labelled mail.", "en") in ml
    assert ("exact match", "http://dbpedia.org/resource/Machine_learning", "") in ml
    assert ("page", "https://en.wikipedia.org/wiki/Machine_learning", "") in ml
    assert ("source", "1. Machine Learning <https://www.cs.cmu.edu/~tom/mlbook.html>", "") in ml
    vit = strings(run("term", {"term": "vision-transformer"}))
    assert ("label", "Transformeur de vision", "fr") in vit and ("label", "Vision Transformer", "en") in vit
    old = strings(run("term", {"term": "connectionism"}))
    assert ("deprecated", "true", "") in old and ("replaced by", "Neural Network", "en") in old


def test_term_of_the_day_is_the_smallest_sha256_of_date_and_slug() -> None:
    slugs = [t.slug for t in built().content.terms if not t.deprecated]
    for day in ("2026-03-01", "2026-03-02", "2027-12-31"):
        expected = min(slugs, key=lambda s: hashlib.sha256(f"{day} {s}".encode()).hexdigest())
        assert strings(run("term-of-the-day", {"date": day}))[0][0] == expected
    assert strings(run("term-of-the-day", {"date": "2026-03-01"})) == strings(run("term-of-the-day",
                                                                                 {"date": "2026-03-01"}))


def test_few_related_takes_an_integer_threshold() -> None:
    assert [r[1] for r in strings(run("few-related", {"min": "1"}))] == ["vision-transformer"]
    assert len(strings(run("few-related", {"min": "4"}))) == 9  # every term but the deprecated one


@pytest.mark.parametrize("name", sorted(EXPECTED) + sorted(NON_SELECT))
def test_rdflib_engine_gives_the_same_answers(name: str) -> None:
    ours, theirs = run(name), run(name, engine="rdflib")
    if isinstance(ours, Triples):
        assert isinstance(theirs, Triples) and set(ours.triples) == set(theirs.triples)
    else:
        assert ours == theirs


# --- headers -------------------------------------------------------------------------------------------


def test_header_syntax() -> None:
    query = parse_query("# title: T\n# description: one\n#   two\n# param: a iri - an IRI\n"
                        "# param: n integer = 5 - a number\n# param: s string = \"x y\"\n"
                        "SELECT * WHERE {\n  #@values\n}\n", "q")
    assert (query.title, query.description, query.form) == ("T", "one two", "SELECT")
    assert [(p.name, p.type, p.default, p.doc) for p in query.parameters] == [
        ("a", "iri", None, "an IRI"), ("n", "integer", "5", "a number"), ("s", "string", "x y", "")]


@pytest.mark.parametrize(("text", "message"), [
    ("# param: x float\nSELECT * { #@values\n}", "unknown type 'float'"),
    ("# param: x\nSELECT * {}", "cannot read parameter"),
    ("# param: x string\n# param: x iri\nSELECT * {\n#@values\n}", "declared twice"),
    ("# param: x string\nSELECT * { ?s ?p ?x }", "no `#@values` line"),
    ("# param: x string\nSELECT * { ?s ?p ?x #@values\n}", "no `#@values` line"),
    ("# param: n integer = many\nSELECT * {\n#@values\n}", "'n' \\(integer\\) must be an integer"),
])
def test_bad_headers_are_clear_errors(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_query(text, "bad")


def test_resolve_names_files_and_text(tmp_path: Path) -> None:
    assert resolve("related").name == "related"
    path = tmp_path / "mine.rq"
    path.write_text("ASK { ?s ?p ?o }\n", encoding="utf-8")
    assert resolve(path).form == "ASK" and resolve(str(path)).name == "mine"
    assert resolve("CONSTRUCT WHERE { ?s ?p ?o }").form == "CONSTRUCT"
    with pytest.raises(UsageError, match="did you mean related"):
        resolve("relatd")


# --- safe parameters -----------------------------------------------------------------------------------

HOSTILE = [
    'x" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #',
    "x' } UNION { ?s ?p ?o } #",
    'a"\n} SELECT * WHERE { ?s ?p ?o }\n#',
    '""" } """',
    "> <http://evil.example/> .",
    "tab\there\r\nand \\ backslash \\\" and \\n escaped",
    "#@values",
    "\u2028line separator and \x7f delete",
]
ECHO = ("# param: v string\n# param: w langstring\nSELECT ?v ?w WHERE {\n  #@values\n}\n")


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_data(value: str) -> None:
    query = parse_query(ECHO, "echo")
    text = query.bind({"v": value, "w": f"{value}@en"})
    for engine in ("oxigraph", "rdflib"):
        assert strings(embedded(engine).query(text)) == [(value, value)], engine
    row = embedded().query(text).rows[0]
    assert row == (Literal(value), Literal(value, lang="en"))
    # and as a search text it finds nothing, rather than everything or an error
    assert strings(run("find-term", {"text": value})) == []


def test_the_values_block_is_one_row_of_terms() -> None:
    text = parse_query(ECHO, "echo").bind({"v": HOSTILE[0], "w": "x@en"})
    block = next(line for line in text.splitlines() if line.startswith("VALUES"))
    assert block == 'VALUES (?v ?w) { ("x\\" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #" "x"@en) }'
    # pyoxigraph reads the serialized term back as exactly that literal
    triple = next(iter(pyoxigraph.parse(f"<a:s> <a:p> {ntriples(Literal(HOSTILE[2]))} .",
                                        pyoxigraph.RdfFormat.N_TRIPLES)))
    assert triple.object.value == HOSTILE[2]


@pytest.mark.parametrize(("name", "params", "message"), [
    ("related", {}, "needs parameter 'term'"),
    ("related", {"term": "x", "limit": "3"}, "has no parameter 'limit'"),
    ("few-related", {"min": "three"}, "parameter 'min' \\(integer\\) must be an integer"),
    ("few-related", {"min": "3 } ?s ?p ?o {"}, "parameter 'min' \\(integer\\) must be an integer"),
    ("term-of-the-day", {"date": "2026-13-01"}, "parameter 'date' \\(date\\) must be a date"),
    ("by-mapping", {"iri": "not an iri"}, "parameter 'iri' \\(iri\\) is not an absolute IRI"),
    ("by-mapping", {"iri": "http://x/> } ?s ?p ?o { <http://y/"}, "parameter 'iri' \\(iri\\) is not an absolute IRI"),
    ("term-by-label", {"label": "Transformer"}, "parameter 'label' \\(langstring\\) must be TEXT@LANGUAGE"),
    ("term-by-label", {"label": "Transformer@e n"}, "must be TEXT@LANGUAGE"),
    ("find-term", {"text": "\\u0022 }"}, "parameter 'text' \\(string\\) contains \\\\u"),
])
def test_missing_or_mistyped_parameters_name_the_parameter(name: str, params: dict, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        named_queries()[name].bind(params)


def test_rdf_terms_can_be_passed_directly() -> None:
    query = named_queries()["by-mapping"]
    rows = embedded().query(query.bind({"iri": URIRef("http://www.wikidata.org/entity/Q85810444")}))
    assert strings(rows) == EXPECTED["by-mapping"][1]
    with pytest.raises(UsageError, match="got the RDF term"):
        query.bind({"iri": Literal("http://www.wikidata.org/entity/Q85810444")})
    xsd_integer = URIRef("http://www.w3.org/2001/XMLSchema#integer")
    assert ntriples(Literal("5", datatype=xsd_integer)) == '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'


# --- engines, limits and timeouts ----------------------------------------------------------------------


def test_service_is_refused_even_when_disguised() -> None:
    for text in ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
                 "SELECT * WHERE { sErViCe <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
                 "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
                 "PREFIX ex: <a:> SELECT * WHERE { ?s ex:b\\#c ?o SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
                 ("PREFIX ex: <a:> SELECT * WHERE { ?s ex:b\\'c ?o SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } "
                  "?s ex:d\\' ?o }")):
        assert mentions_service(text)
        for engine in ("oxigraph", "rdflib"):
            with pytest.raises(UsageError, match="SERVICE clauses are refused"):
                embedded(engine).query(text)
    for text in ('SELECT * WHERE { ?s ?p "SERVICE" } # SERVICE', "SELECT ?service WHERE { ?s <a:SERVICE> ?service }"):
        assert not mentions_service(text)


def test_syntax_errors_are_usage_errors() -> None:
    for engine in ("oxigraph", "rdflib"):
        with pytest.raises(UsageError, match="query"):
            embedded(engine).query("SELECT WHERE {")
    with pytest.raises(UsageError, match="not valid SPARQL"):
        embedded().query("INSERT DATA { <a:a> <a:b> <a:c> }")


CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 329**3 = 35 million rows


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_limit_stops_reading_without_computing_everything(engine: str) -> None:
    # With 35 million rows to compute, only a lazy read of the first five finishes within the time limit.
    result = embedded(engine).query(CROSS_JOIN, limit=5, timeout=20)
    assert isinstance(result, Rows) and len(result) == 5 and result.truncated
    complete = embedded(engine).query("SELECT ?letter WHERE { VALUES ?letter { 'a' 'b' } }", limit=2)
    assert len(complete) == 2 and not complete.truncated


def test_limit_caps_triples_too() -> None:
    result = embedded().query("CONSTRUCT WHERE { ?s ?p ?o }", limit=7)
    assert isinstance(result, Triples) and len(result) == 7 and result.truncated


def test_timeout_stops_a_runaway_query_and_its_process() -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # ~10^10 rows
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="stopped after 1 s"):
        embedded().query(runaway, timeout=1)
    assert time.monotonic() - started < 15  # not minutes: the engine was killed at the deadline
    assert multiprocessing.active_children() == []  # the child was killed and reaped
    # the store still answers afterwards, in a child or in this process
    assert embedded().query("ASK { ?s ?p ?o }", timeout=10) == Boolean(True)


def test_errors_in_the_child_come_back_as_usage_errors() -> None:
    with pytest.raises(UsageError, match="not valid SPARQL"):
        embedded().query("SELECT WHERE {", timeout=10)


def test_stores_load_from_dumps_in_every_format(tmp_path: Path) -> None:
    from termgraph.dumps.export import serialize
    from termgraph.dumps.formats import FORMATS

    for fmt in FORMATS:
        path = tmp_path / f"glossary.{fmt.extension}"
        path.write_bytes(serialize(built().graph, fmt))
        store = EmbeddedStore.from_file(path)
        assert len(store) == len(built().graph), fmt.name
        assert strings(store.query(named_queries()["broader"].bind(PARAMS["broader"]))) == EXPECTED["broader"][1]
    assert len(EmbeddedStore.from_file(tmp_path / "glossary.ttl", "rdflib")) == len(built().graph)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a:b> <a:c> .\n", encoding="utf-8")
    with pytest.raises(UsageError, match="bad.ttl: not valid turtle"):
        EmbeddedStore.from_file(bad)
    with pytest.raises(UsageError, match="cannot tell the RDF format"):
        EmbeddedStore.from_file(tmp_path / "glossary.txt")


def test_run_query_is_the_public_api(tmp_path: Path) -> None:
    rows = run_query("related", {"term": "gradient-descent"}, content=QUERY_CONTENT)
    assert isinstance(rows, Rows)
    assert [d["slug"] for d in rows.dicts()] == [Literal("backpropagation"), Literal("deep-learning"),
                                                 Literal("machine-learning")]
    assert rows.column("label")[0] == Literal("Backpropagation", lang="en")
    assert run_query("has-term", {"term": "transformer"}, store=embedded()) == Boolean(True)
    graph = run_query("CONSTRUCT WHERE { ?s a ?o }", store=embedded())
    assert isinstance(graph, Triples) and isinstance(graph.graph(), Graph)
    path = tmp_path / "count.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    assert strings(run_query(path, store=embedded())) == [(str(len(built().graph)),)]
