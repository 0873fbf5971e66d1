"""SPARQL results straight from pyoxigraph terms to bytes, cut at a limit, in the formats the endpoint
negotiates: SPARQL 1.1 Results JSON, XML, CSV and TSV for SELECT and ASK; the RDF formats of the format
table (termgraph.dumps.formats) for CONSTRUCT, DESCRIBE and the Graph Store Protocol.

pyoxigraph's own result writers cannot stop after N rows, so solutions are written here (a cache keeps each
distinct term's text); graphs go through pyoxigraph's serializer over a cut iterator.
"""
from __future__ import annotations

import io
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from termgraph.dumps import formats


@dataclass(frozen=True)
class ResultFormat:
    """A SPARQL results format: its name, its media type and the other media types that ask for it."""

    name: str
    media_type: str
    other_media_types: tuple[str, ...] = ()

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.other_media_types)


# The first one is the default (no Accept header, or */*).
RESULT_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("json", "application/sparql-results+json", ("application/json",)),
    ResultFormat("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    ResultFormat("csv", "text/csv"),
    ResultFormat("tsv", "text/tab-separated-values"),
)
# Offers in order: every format's own media type first, then the other names; so a wildcard (text/*, */*)
# picks a format by its own type, and an explicit alias (application/x-turtle) still gets an answer.
RESULT_OFFERS: tuple[str, ...] = (tuple(f.media_type for f in RESULT_FORMATS)
                                  + tuple(m for f in RESULT_FORMATS for m in f.other_media_types))
GRAPH_OFFERS: tuple[str, ...] = (tuple(f.media_type for f in formats.FORMATS)
                                 + tuple(m for f in formats.FORMATS for m in f.other_media_types))
_RESULT_BY_TYPE = {m: f for f in RESULT_FORMATS for m in f.media_types}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def result_format(media_type: str) -> ResultFormat:
    return _RESULT_BY_TYPE[media_type]


def content_type(media_type: str) -> str:
    """The Content-Type header for a media type (text types say their charset)."""
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


def graph_format(media_type: str) -> tuple[formats.Format, ox.RdfFormat]:
    fmt = formats.by_media_type(media_type)
    assert fmt is not None, media_type
    found = ox.RdfFormat.from_media_type(fmt.media_type)
    assert found is not None, fmt.media_type
    return fmt, found


# --- solutions ------------------------------------------------------------------------------------------


class _Cut:
    """An iterator that stops after `limit` items (0 or None: never) and remembers whether it cut."""

    def __init__(self, items: Iterable[Any], limit: int | None):
        self._items = iter(items)
        self._left = limit or None
        self.truncated = False

    def __iter__(self) -> Iterator[Any]:
        if self._left is None:
            yield from self._items
            return
        yield from itertools.islice(self._items, self._left)
        if next(self._items, None) is not None:
            self.truncated = True


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        if term.language:
            return {"type": "literal", "value": term.value, "xml:lang": term.language}
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return {"type": "literal", "value": term.value}
        return {"type": "literal", "value": term.value, "datatype": datatype}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),  # type: ignore[dict-item]
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise ValueError(f"unexpected term {term!r}")


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(_xml_chars(term.value))}</literal>"
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return f"<literal>{escape(_xml_chars(term.value))}</literal>"
        return f"<literal datatype={quoteattr(datatype)}>{escape(_xml_chars(term.value))}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    raise ValueError(f"unexpected term {term!r}")


def _xml_chars(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped: they become U+FFFD."""
    if any(ord(c) < 0x20 and c not in "\t\n\r" for c in text):
        return "".join("\ufffd" if ord(c) < 0x20 and c not in "\t\n\r" else c for c in text)
    return text


def _csv_field(text: str) -> str:
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_term(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return _csv_field(f"_:{term.value}")
    if isinstance(term, ox.NamedNode | ox.Literal):
        return _csv_field(term.value)
    return _csv_field(str(term))


def _tsv_term(term: Any) -> str:
    """pyoxigraph prints terms in N-Triples syntax (tabs and line breaks escaped), which TSV takes as is."""
    return "" if term is None else str(term)


def write_solutions(solutions: Any, fmt: ResultFormat, limit: int | None) -> tuple[bytes, bool]:
    """A SELECT answer in `fmt`, at most `limit` rows; (bytes, truncated)."""
    variables = [v.value for v in solutions.variables]
    rows = _Cut(solutions, limit)
    if fmt.name == "json":
        cache: dict[Any, dict[str, str]] = {}
        bindings = []
        for row in rows:
            binding = {}
            for name, term in zip(variables, row):
                if term is not None:
                    found = cache.get(term)
                    if found is None:
                        found = cache[term] = _json_term(term)
                    binding[name] = found
            bindings.append(binding)
        document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), rows.truncated
    out = io.StringIO()
    if fmt.name == "xml":
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                  "<head>")
        out.write("".join(f"<variable name={quoteattr(v)}/>" for v in variables))
        out.write("</head><results>")
        xcache: dict[Any, str] = {}
        for row in rows:
            out.write("<result>")
            for name, term in zip(variables, row):
                if term is not None:
                    text = xcache.get(term)
                    if text is None:
                        text = xcache[term] = _xml_term(term)
                    out.write(f"<binding name={quoteattr(name)}>{text}</binding>")
            out.write("</result>")
        out.write("</results></sparql>\n")
    elif fmt.name == "csv":
        out.write(",".join(_csv_field(v) for v in variables) + "\r\n")
        for row in rows:
            out.write(",".join(_csv_term(t) for t in row) + "\r\n")
    else:
        out.write("\t".join(f"?{v}" for v in variables) + "\n")
        for row in rows:
            out.write("\t".join(_tsv_term(t) for t in row) + "\n")
    return out.getvalue().encode("utf-8"), rows.truncated


def write_boolean(value: bool, fmt: ResultFormat) -> bytes:
    """An ASK answer in `fmt` (CSV and TSV as Jena and rdflib write them)."""
    word = "true" if value else "false"
    if fmt.name == "json":
        return f'{{"head":{{}},"boolean":{word}}}'.encode()
    if fmt.name == "xml":
        return ('<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{word}</boolean></sparql>\n").encode()
    if fmt.name == "csv":
        return f"_askResult\r\n{word}\r\n".encode()
    return f"?_askResult\n{word}\n".encode()


def write_triples(triples: Iterable[Any], media_type: str, limit: int | None) -> tuple[bytes, bool]:
    """Triples in the RDF format of `media_type` (from the format table), at most `limit`; (bytes, truncated)."""
    _, ox_format = graph_format(media_type)
    cut = _Cut(triples, limit)
    from termgraph.model.iris import PREFIXES  # prefixes make Turtle and RDF/XML readable

    prefixes = PREFIXES if ox_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    data = ox.serialize(cut, format=ox_format, prefixes=prefixes)
    return bytes(data or b""), cut.truncated
