"""Parse a query before anything is built or sent: a mistake is named by file, line and column, with the line
and a caret under the place, the same way for the embedded store and a remote endpoint."""
from __future__ import annotations

import re

from termgraph.errors import UsageError
from termgraph.sparql.queries import strip_lexical

UPDATE_MESSAGE = "this is a SPARQL update (INSERT, DELETE, LOAD, CLEAR, DROP, ...); termgraph query only reads: " \
                 "write a SELECT, ASK, CONSTRUCT or DESCRIBE query"
_POSITION = re.compile(r"^error at (\d+):(\d+): ?(.*)$", re.DOTALL)
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
                     r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)
_QUOTED_OR_WORD = re.compile(r'^(?:"[^"]*"|[A-Za-z][A-Za-z_]*)$')


def is_update(text: str) -> bool:
    """True when the text is a SPARQL 1.1 update request rather than a query."""
    return bool(_UPDATE.match(strip_lexical(text).replace('""', "<>")))


_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE\b", re.IGNORECASE)


def mentions_service(text: str) -> bool:
    """True when the query has a SERVICE clause (which makes an engine fetch whatever URL it names).

    SPARQL lets \\uXXXX escapes stand anywhere in a query, so they are expanded before looking.
    """
    expanded = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    return bool(_SERVICE.search(strip_lexical(expanded)))


def check_query(text: str, where: str, remote: bool = False) -> None:
    """Raise UsageError unless `text` parses as a SPARQL 1.1 query. `where` names it (a file, `stdin`, a name).

    The text is parsed by Oxigraph over an empty store (a query with SERVICE is left to the engine that runs
    it: evaluating it here, even over nothing, would fetch the URL it names). For a `remote` endpoint only
    updates are refused here: the endpoint parses the rest, vendor extensions (Virtuoso's DEFINE, ...) included."""
    if is_update(text):
        raise UsageError(f"{where}: {UPDATE_MESSAGE}")
    if remote or mentions_service(text):
        return
    import pyoxigraph as ox

    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        raise UsageError(syntax_message(text, where, str(exc))) from None
    except (OSError, RuntimeError, ValueError):
        return  # it parsed; evaluating over an empty store failed, which the real engine will report


def syntax_message(text: str, where: str, error: str) -> str:
    """`file:line:column: the query is not valid SPARQL: ...`, then the line and a caret under the place."""
    match = _POSITION.match(error.strip())
    if match is None:
        return f"{where}: the query is not valid SPARQL: {_expected(error)}"
    line, column, what = int(match.group(1)), int(match.group(2)), match.group(3)
    lines = text.splitlines() or [""]
    offset = sum(len(x) + 1 for x in lines[:line - 1]) + column - 1
    if offset >= len(text.rstrip()):  # the parser ran out of text: point just after the last thing written
        line = max((n for n, x in enumerate(lines, start=1) if x.strip()), default=1)
        column = len(lines[line - 1].rstrip()) + 1
        why = "the query ends before it is complete (is a closing brace, bracket or quote missing?)"
    elif "Prefix not found" in what:
        why = "a prefix is used that no PREFIX line declares"
    else:
        why = _expected(what)
    shown = lines[line - 1].expandtabs(1)
    caret = " " * max(column - 1, 0) + "^"
    return f"{where}:{line}:{column}: the query is not valid SPARQL: {why}\n    {shown}\n    {caret}"


def _expected(what: str) -> str:
    """Oxigraph's `expected one of ...` without the Unicode character ranges that make it unreadable."""
    what = (what.strip().splitlines() or ["syntax error"])[0]
    match = re.match(r"^(.*?)expected (?:one of )?(.*)$", what)
    if match is None:
        return what
    head, items = match.groups()
    kept = [i.strip() for i in items.split(", ") if _QUOTED_OR_WORD.match(i.strip())]
    if kept in (["CONSTRUCT"], ["DESCRIBE"]):  # Oxigraph names the last form it tried
        return head + "expected SELECT, ASK, CONSTRUCT or DESCRIBE (after any PREFIX and BASE lines)"
    if not kept:
        return head + "unexpected text here"
    return head + "expected " + (kept[0] if len(kept) == 1 else "one of " + ", ".join(kept[:12])
                                 + (", ..." if len(kept) > 12 else ""))
