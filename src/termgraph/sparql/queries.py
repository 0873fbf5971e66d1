"""Named SPARQL queries: the registry over `queries/*.rq`, their headers, and safe parameter binding.

A query file starts with a header of comment lines (the format is documented in queries/README.md)::

    # title: Terms in a category
    # description: Terms of one category, alphabetically.
    # param: category string - the category's slug, e.g. architecture
    # param: since date = 2000-01-01 - only terms modified on or after this day

and marks with a line `#@values` the place in its WHERE clause where the parameters are bound. Binding
never splices user text into the query: each value is first parsed into an RDF term of the declared type
(an IRI is checked against the IRI grammar, a language tag against BCP 47 and the IANA registry, an integer
must be one), then written in N-Triples syntax, where quotes, backslashes and line breaks are escaped, and placed in a
`VALUES` block at the marker. The same text goes to the embedded engine and to remote endpoints, so both
evaluate the same query.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from termgraph.errors import UsageError
from termgraph.langtags import language_tag_message
from termgraph.resources import resource_dir

MARKER = "#@values"
TYPES = ("iri", "string", "langstring", "integer", "date")
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")

_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>[a-z]+)"
                    r"(?:\s*=\s*(?P<default>\"[^\"]*\"|\S+))?(?:\s+-\s+(?P<doc>.*))?$")
_HEADER = re.compile(r"^#\s*(?P<key>[a-z]+):\s?(?P<value>.*)$")
# IRIREF of SPARQL / N-Triples: no spaces, controls, or any of <>"{}|^`\ .
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*$")
_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
# Some engines (rdflib among them) expand \uXXXX in the whole query text before parsing it, escaped or not.
_CODEPOINT_ESCAPE = re.compile(r"\\[uU]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: its name (the SPARQL variable), type, default (as typed on a command line)."""

    name: str
    type: str
    default: str | None = None
    doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with its header: what it answers and the parameters it takes."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    parameters: tuple[Parameter, ...] = ()
    path: Path | None = None

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE (the first of those keywords outside comments, strings, IRIs)."""
        match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", strip_lexical(self.text), re.IGNORECASE)
        return match.group(1).upper() if match else "SELECT"

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def bind(self, values: Mapping[str, str | Node] | None = None) -> str:
        """The query text with every parameter bound at the `#@values` marker (see the module docstring)."""
        return bind(self, values or {})


def parse_query(text: str, name: str = "query", path: Path | None = None) -> NamedQuery:
    """A query from its text; the header (leading comment lines) gives title, description, parameters."""
    title, where = "", str(path) if path else name
    description: list[str] = []
    params: list[Parameter] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        header = _HEADER.match(stripped)
        if header is None:
            if description and stripped.startswith("#  "):  # an indented line continues the description
                description.append(stripped[1:].strip())
            continue
        key, value = header.group("key"), header.group("value").strip()
        if key == "title":
            title = value
        elif key == "description":
            description.append(value)
        elif key == "param":
            params.append(_parse_param(value, f"{where}:{number}"))
    names = [p.name for p in params]
    for p in params:
        if names.count(p.name) > 1:
            raise UsageError(f"{where}: parameter {p.name!r} is declared twice")
    if params and not any(line.strip() == MARKER for line in text.splitlines()):
        raise UsageError(f"{where}: the query declares parameters but has no `{MARKER}` line "
                         "to say where they are bound (see queries/README.md)")
    query = NamedQuery(name, text, title, " ".join(description), tuple(params), path)
    for p in params:  # a default must be a valid value of its type: fail when the file is read, not when run
        if p.default is not None:
            _convert(p, p.default, f"{where}: default of")
    return query


def _parse_param(spec: str, where: str) -> Parameter:
    match = _PARAM.match(spec)
    if match is None:
        raise UsageError(f"{where}: cannot read parameter {spec!r}; expected "
                         "`# param: NAME TYPE [= DEFAULT] [- DESCRIPTION]`")
    kind = match.group("type")
    if kind not in TYPES:
        raise UsageError(f"{where}: parameter {match.group('name')!r} has unknown type {kind!r}; "
                         f"choose one of: {', '.join(TYPES)}")
    default = match.group("default")
    if default is not None and len(default) >= 2 and default[0] == default[-1] == '"':
        default = default[1:-1]
    return Parameter(match.group("name"), kind, default, (match.group("doc") or "").strip())


def load_query(path: Path | str) -> NamedQuery:
    """A query file; its name is the file name without `.rq`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read query file {path}: {exc}") from exc
    return parse_query(text, path.stem, path)


def queries_dir() -> Path:
    return resource_dir("queries")


def named_queries(folder: Path | str | None = None) -> dict[str, NamedQuery]:
    """Every named query of `folder` (default: the library shipped with termgraph), by name, sorted."""
    root = Path(folder) if folder is not None else queries_dir()
    return {p.stem: load_query(p) for p in sorted(root.glob("*.rq"), key=lambda p: p.stem)}


def named_query(name: str, folder: Path | str | None = None) -> NamedQuery:
    library = named_queries(folder)
    if name in library:
        return library[name]
    close = difflib.get_close_matches(name, library, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `termgraph queries` lists them"
    raise UsageError(f"no named query {name!r}{hint}")


def resolve(query: str | Path | NamedQuery, folder: Path | str | None = None) -> NamedQuery:
    """A NamedQuery from a name of the library, a path to a .rq file, or the text of a query."""
    if isinstance(query, NamedQuery):
        return query
    if isinstance(query, Path):
        return load_query(query)
    if NAME.match(query):
        return named_query(query, folder)
    if "\n" not in query and query.endswith(".rq"):
        return load_query(query)
    return parse_query(query)


# --- binding -------------------------------------------------------------------------------------------


def bind(query: NamedQuery, values: Mapping[str, str | Node]) -> str:
    """The query text with a VALUES block of N-Triples-serialized terms at the marker."""
    unknown = sorted(set(values) - {p.name for p in query.parameters})
    if unknown:
        declared = ", ".join(p.name for p in query.parameters) or "none"
        raise UsageError(f"query {query.name!r} has no parameter {unknown[0]!r} (its parameters: {declared})")
    if not query.parameters:
        return query.text
    terms = []
    for p in query.parameters:
        raw = values.get(p.name, p.default)
        if raw is None:
            raise UsageError(f"query {query.name!r} needs parameter {p.name!r} ({p.type}"
                             + (f": {p.doc}" if p.doc else "") + f"); pass it with -p {p.name}=VALUE")
        terms.append(_convert(p, raw, f"query {query.name!r}:"))
    variables = " ".join(f"?{p.name}" for p in query.parameters)
    row = " ".join(ntriples(t) for t in terms)
    block = f"VALUES ({variables}) {{ ({row}) }}"
    return "\n".join(block if line.strip() == MARKER else line for line in query.text.splitlines()) + "\n"


def _convert(p: Parameter, raw: str | Node, where: str) -> Node:
    """The RDF term a raw value denotes for parameter `p`; UsageError naming the parameter otherwise."""
    def bad(why: str) -> UsageError:
        return UsageError(f"{where} parameter {p.name!r} ({p.type}) {why}")

    if isinstance(raw, (URIRef, Literal, BNode)):
        term: Node = raw
        if isinstance(raw, BNode):
            raise bad("cannot be a blank node")
        if (p.type == "iri") != isinstance(raw, URIRef):
            raise bad(f"got the RDF term {raw.n3()}")
        text = str(raw)
    else:
        text = str(raw)
        term = _from_text(p, text, bad)
    if _CODEPOINT_ESCAPE.search(text) or "\x00" in text:
        raise bad(r"contains \u, \U or NUL, which some SPARQL engines rewrite before parsing; remove it")
    if isinstance(term, URIRef) and not _IRI.match(str(term)):
        raise bad(f"is not an absolute IRI: {str(term)!r}")
    if isinstance(term, Literal) and term.language and (found := language_tag_message(term.language)) is not None:
        raise bad(f"has an invalid language tag: {found}")
    return term


def _from_text(p: Parameter, text: str, bad):  # type: ignore[no-untyped-def]
    if p.type == "iri":
        if not _IRI.match(text):
            raise bad(f"is not an absolute IRI: {text!r} (spaces and <>\"{{}}|^`\\ are not allowed)")
        return URIRef(text)
    if p.type == "string":
        return Literal(text)
    if p.type == "langstring":
        body, at, lang = text.rpartition("@")
        if not at or not _LANG.match(lang):
            raise bad(f"must be TEXT@LANGUAGE, e.g. Transformer@en; got {text!r}")
        if (found := language_tag_message(lang)) is not None:
            raise bad(f"has an invalid language tag: {found}")
        return Literal(body, lang=lang)
    if p.type == "integer":
        if not _INTEGER.match(text.strip()):
            raise bad(f"must be an integer; got {text!r}")
        return Literal(int(text), datatype=XSD.integer)
    if p.type == "date":
        if text == "today":
            return Literal(dt.date.today().isoformat(), datatype=XSD.date)
        try:
            return Literal(dt.date.fromisoformat(text).isoformat(), datatype=XSD.date)
        except ValueError:
            raise bad(f"must be a date YYYY-MM-DD (or `today`); got {text!r}") from None
    raise bad("has an unknown type")  # parse_query admits only TYPES


def is_iri(text: str) -> bool:
    """An absolute IRI that can be written between < and > in SPARQL and N-Triples."""
    return bool(_IRI.match(text))


def ntriples(term: Node) -> str:
    """A term in N-Triples syntax (also valid SPARQL): nothing in a value can end the term early."""
    if isinstance(term, URIRef):
        if not _IRI.match(str(term)):
            raise UsageError(f"not an absolute IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        lexical = '"' + "".join(_escape(c) for c in str(term)) + '"'
        if term.language:
            return f"{lexical}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{lexical}^^{ntriples(term.datatype)}"
        return lexical
    raise UsageError(f"cannot bind {term!r}: only IRIs and literals can be parameter values")


def _escape(c: str) -> str:
    if c in _ESCAPES:
        return _ESCAPES[c]
    code = ord(c)
    if code < 0x20 or code == 0x7F or 0xD800 <= code <= 0xDFFF or code in (0x2028, 0x2029):
        return f"\\u{code:04X}"
    return c


def strip_lexical(text: str) -> str:
    """The query with comments, string literals and IRIs blanked out, for keyword scanning."""
    return _LEXICAL.sub(lambda m: " " if m.group(0).startswith("#") else '""', text)


# A quote or # right after a backslash belongs to a prefixed name (ex:a\#b), not a string or comment.
_LEXICAL = re.compile(
    r'(?<!\\)"""(?:[^"\\]|\\.|"(?!""))*"""' r"|(?<!\\)'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|(?<!\\)"(?:[^"\\\n\r]|\\.)*"' r"|(?<!\\)'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>" r"|(?<!\\)#[^\n\r]*",
    re.DOTALL,
)
