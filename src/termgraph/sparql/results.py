"""Query results (rows, a boolean, or triples) and how they are written: table, SPARQL 1.1 CSV / TSV / JSON /
XML for SELECT and ASK, the RDF formats of the format table for CONSTRUCT and DESCRIBE.

Terms are rdflib terms, whichever engine answered; a plain literal is always a Literal without datatype
(engines differ on whether they report xsd:string), so answers from different engines compare equal.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from termgraph.dumps import formats
from termgraph.dumps.export import serialize
from termgraph.errors import UsageError
from termgraph.model.iris import PREFIXES
from termgraph.sparql.queries import ntriples

Triple = tuple[Node, Node, Node]
SOLUTION_FORMATS = ("table", "csv", "tsv", "json", "xml")
TABLE_CELL = 60  # characters; longer values are cut with an ellipsis in tables (the other formats are whole)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_oxigraph(term: Any) -> Node | None:
    """The rdflib term for a pyoxigraph term (a plain literal without its xsd:string datatype)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise UsageError(f"the answer holds an RDF-star triple term ({term}), which termgraph does not handle")


class Converter(dict):
    """from_oxigraph with a memory: answers repeat terms (a category per row), and rdflib terms are slow to make."""

    def __missing__(self, term: Any) -> Node | None:
        self[term] = converted = from_oxigraph(term)
        return converted


def triples_from_oxigraph(triples: Any) -> Iterator[Triple]:
    for t in triples:
        yield from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)  # type: ignore[misc]


def collect_triples(triples: Any, limit: int | None = None) -> Triples:
    seen: dict[Triple, None] = {}
    for triple in triples:
        if limit is not None and len(seen) >= limit and triple not in seen:
            return Triples(tuple(seen), truncated=True)
        seen.setdefault(triple, None)
    return Triples(tuple(seen))


@dataclass(frozen=True)
class Rows:
    """A SELECT answer: variable names and one tuple per solution (None where a variable is unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]
    truncated: bool = False  # True when a limit stopped the rows early

    def __iter__(self) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict[str, Node]]:
        """Each row as {variable: term}, leaving out unbound variables."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]

    def column(self, variable: str) -> list[Node | None]:
        index = self.variables.index(variable)
        return [row[index] for row in self.rows]


@dataclass(frozen=True)
class Boolean:
    """An ASK answer."""

    value: bool

    def __bool__(self) -> bool:
        return self.value


@dataclass(frozen=True)
class Triples:
    """A CONSTRUCT or DESCRIBE answer: its triples, without duplicates, in the order the engine gave them."""

    triples: tuple[Triple, ...]
    truncated: bool = False

    def __len__(self) -> int:
        return len(self.triples)

    def graph(self) -> Graph:
        graph = Graph(bind_namespaces="none")
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        for triple in self.triples:
            graph.add(triple)
        return graph


Result = Rows | Boolean | Triples


def plain(term: Node | None) -> Node | None:
    """The same term with a literal's xsd:string datatype dropped (RDF 1.1: they are the same literal)."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


# --- choosing and checking formats ----------------------------------------------------------------------


def graph_form(form: str) -> bool:
    return form in ("CONSTRUCT", "DESCRIBE")


def check_format(form: str, fmt: str | None) -> str:
    """The output format for a query form: the default when `fmt` is None, else `fmt` if it fits the form."""
    if graph_form(form):
        if fmt is None:
            return formats.DEFAULT.name
        if fmt.lower() in SOLUTION_FORMATS:
            raise UsageError(f"--format {fmt} is for SELECT and ASK answers; a {form} query gives a graph: "
                             f"choose one of {', '.join(formats.names())}")
        return formats.by_name(fmt).name
    if fmt is None:
        return "table"
    if fmt.lower() not in SOLUTION_FORMATS:
        raise UsageError(f"--format {fmt} does not fit a {form} query; choose one of {', '.join(SOLUTION_FORMATS)}")
    return fmt.lower()


def render(result: Result, fmt: str | None = None) -> bytes:
    """The result in `fmt` (default: table for rows and booleans, Turtle for graphs), as bytes."""
    if isinstance(result, Triples):
        return serialize(result.graph(), formats.by_name(check_format("CONSTRUCT", fmt)))
    form = "ASK" if isinstance(result, Boolean) else "SELECT"
    name = check_format(form, fmt)
    writer = {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}[name]
    return writer(result).encode("utf-8")


# --- writers --------------------------------------------------------------------------------------------


def _compact(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z_][\w.-]*", iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _cell(term: Node | None) -> str:
    if term is None:
        return ""
    text = _compact(str(term)) if isinstance(term, URIRef) else (f"_:{term}" if isinstance(term, BNode)
                                                                 else str(term))
    text = " ".join(text.split())  # a cell is one line
    return text if len(text) <= TABLE_CELL else text[:TABLE_CELL - 1] + "…"


def _table(result: Rows | Boolean) -> str:
    if isinstance(result, Boolean):
        return ("true" if result.value else "false") + "\n"
    cells = [[_cell(t) for t in row] for row in result.rows]
    widths = [max([len(v)] + [len(row[i]) for row in cells]) for i, v in enumerate(result.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(result.variables, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


def _csv(result: Rows | Boolean) -> str:
    """SPARQL 1.1 Query Results CSV: lexical forms only, CRLF line ends. ASK as Jena writes it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if isinstance(result, Boolean):
        writer.writerows([["_askResult"], ["true" if result.value else "false"]])
        return out.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
    return out.getvalue()


def _tsv(result: Rows | Boolean) -> str:
    """SPARQL 1.1 Query Results TSV: terms in N-Triples syntax (tabs and line breaks escaped)."""
    if isinstance(result, Boolean):
        return "?_askResult\n" + ("true" if result.value else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else (f"_:{t}" if isinstance(t, BNode) else ntriples(t)) for t in row)
              for row in result.rows]
    return "\n".join(lines) + "\n"


def _binding(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    binding = {"type": "literal", "value": str(term)}
    if term.language:
        binding["xml:lang"] = term.language
    elif term.datatype and term.datatype not in (XSD.string, RDF.langString):
        binding["datatype"] = str(term.datatype)
    return binding


def _json(result: Rows | Boolean) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if isinstance(result, Boolean):
        document: dict[str, object] = {"head": {}, "boolean": result.value}
    else:
        document = {"head": {"vars": list(result.variables)},
                    "results": {"bindings": [{v: _binding(t) for v, t in zip(result.variables, row) if t is not None}
                                             for row in result.rows]}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    if _XML_INVALID.search(text):
        raise UsageError("a value holds a control character that XML 1.0 cannot carry; use --format json")
    return escape(text)


def _xml(result: Rows | Boolean) -> str:
    """SPARQL Query Results XML Format."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if isinstance(result, Boolean):
        lines += ["  <head/>", f"  <boolean>{'true' if result.value else 'false'}</boolean>", "</sparql>"]
        return "\n".join(lines) + "\n"
    lines.append("  <head>")
    lines += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
    lines += ["  </head>", "  <results>"]
    for row in result.rows:
        lines.append("    <result>")
        for variable, term in zip(result.variables, row):
            if term is None:
                continue
            if isinstance(term, URIRef):
                value = f"<uri>{_xml_text(str(term))}</uri>"
            elif isinstance(term, BNode):
                value = f"<bnode>{_xml_text(str(term))}</bnode>"
            else:
                assert isinstance(term, Literal)
                attribute = (f" xml:lang={quoteattr(term.language)}" if term.language else
                             f" datatype={quoteattr(str(term.datatype))}"
                             if term.datatype and term.datatype != XSD.string else "")
                value = f"<literal{attribute}>{_xml_text(str(term))}</literal>"
            lines.append(f"      <binding name={quoteattr(variable)}>{value}</binding>")
        lines.append("    </result>")
    lines += ["  </results>", "</sparql>"]
    return "\n".join(lines) + "\n"
