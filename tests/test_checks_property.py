"""Property: `termgraph check` gives a report (exit 0 or 1) or a located error (exit 2) on any input, never a
traceback: random small SKOS graphs with odd IRIs (relative, spaces, backslashes, non-http schemes, unicode),
odd literals and language tags, written as Turtle, N-Triples or RDF/XML, some of them then broken."""
from __future__ import annotations

import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from termgraph.cli import main

SKOS = "http://www.w3.org/2004/02/skos/core#"
PROPS = ["broader", "narrower", "related", "broadMatch", "narrowMatch", "relatedMatch", "exactMatch", "closeMatch",
         "broaderTransitive", "narrowerTransitive", "inScheme", "topConceptOf", "hasTopConcept", "member",
         "prefLabel", "altLabel", "hiddenLabel", "definition", "notation", "note", "subject", "prefLable"]
CLASSES = ["Concept", "ConceptScheme", "Collection", "OrderedCollection", "Concepts"]

iris = st.one_of(
    st.sampled_from(["http://ex.org/a", "http://ex.org/b", "https://ex.org/c", "urn:x:d", "htp://ex.org/e",
                     "http://ex.org/f g", "http://ex.org/h\\i", "http://ex.org/j|k", "http://other.org/l",
                     "file:///tmp/m", "http://ex.org/ñ", SKOS + "Concept"]),
    st.builds(lambda s: "http://ex.org/" + s, st.text(alphabet="abcxyz09-_~%", min_size=1, max_size=6)),
    st.sampled_from(["rel", "", "#frag", "../up", "www.example.com"]),  # relative references
)
literals = st.tuples(st.text(max_size=12), st.sampled_from(["", "en", "de", "xy", "blubb", "en-US", "en_US", "e"]))
objects = st.one_of(iris.map(lambda i: ("iri", i)), literals.map(lambda lit: ("lit", lit)))
triples = st.lists(st.tuples(iris, st.sampled_from(PROPS + ["a"]), st.one_of(objects, st.sampled_from(CLASSES)
                                                                              .map(lambda c: ("iri", SKOS + c)))),
                   max_size=12)


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def serialize(graph: list, fmt: str) -> str:
    lines = []
    for s, p, (kind, o) in graph:
        pred = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" if p == "a" else SKOS + p
        if fmt == "xml":
            if kind == "iri":
                body = f'<ns:{pred.rsplit("#", 1)[-1]} xmlns:ns="{pred.rsplit("#", 1)[0]}#" rdf:resource="{_xml(o)}"/>'
            else:
                text, lang = o
                tag = f' xml:lang="{lang}"' if lang else ""
                body = f'<ns:{pred.rsplit("#", 1)[-1]} xmlns:ns="{pred.rsplit("#", 1)[0]}#"{tag}>{_xml(text)}</ns:' \
                       f'{pred.rsplit("#", 1)[-1]}>'
            lines.append(f'<rdf:Description rdf:about="{_xml(s)}">{body}</rdf:Description>')
        else:
            obj = f"<{o}>" if kind == "iri" else f'"{_esc(o[0])}"' + (f"@{o[1]}" if o[1] else "")
            lines.append(f"<{s}> <{pred}> {obj} .")
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                + "\n".join(lines) + "\n</rdf:RDF>\n")
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graph=triples, fmt=st.sampled_from(["ttl", "nt", "rdf"]),
       damage=st.one_of(st.none(), st.tuples(st.integers(min_value=0, max_value=400),
                                             st.sampled_from(["<", '"', "@", ".", "}", "\x00", "\\", "<rdf:", "é"]))))
def test_check_gives_a_report_or_a_located_error_never_a_traceback(graph, fmt, damage):
    text = serialize(graph, "xml" if fmt == "rdf" else fmt)
    if damage is not None:
        at, junk = damage
        at = min(at, len(text))
        text = text[:at] + junk + text[at:]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"vocabulary.{fmt}"
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    assert result.exit_code in (0, 1, 2), result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), \
        f"{type(result.exception).__name__}: {result.exception}\n{text}"
    if result.exit_code == 2:
        assert "vocabulary." in result.output  # the error names the file
