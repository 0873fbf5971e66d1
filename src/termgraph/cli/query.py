"""query, queries: run named or ad-hoc SPARQL on the glossary or on a remote endpoint."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from termgraph.cli import content_option, progress_printer, write_output
from termgraph.dumps import formats
from termgraph.errors import UsageError
from termgraph.sparql.hints import glossary_graphs, is_empty, missing_slugs
from termgraph.sparql.queries import NamedQuery, load_query, named_queries, named_query, parse_query
from termgraph.sparql.results import SOLUTION_FORMATS, check_format, render
from termgraph.sparql.store import ENGINES, open_store
from termgraph.sparql.syntax import check_query


def _read_query(spec: str) -> NamedQuery:
    """`-` is standard input, an existing file is a query file, anything else a name from the library."""
    if spec == "-":
        return parse_query(sys.stdin.read(), "stdin")
    if Path(spec).is_file():
        return load_query(spec)
    return named_query(spec)


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"-p takes NAME=VALUE; got {pair!r}")
        values[name.strip()] = value
    return values


@click.command()
@click.argument("query", metavar="NAME|FILE|-")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the query (repeatable); `termgraph queries` lists them.")
@click.option("--format", "fmt", metavar="FORMAT",
              help=f"SELECT/ASK: {', '.join(SOLUTION_FORMATS)} (default table); "
                   f"CONSTRUCT/DESCRIBE: {', '.join(formats.names())} (default turtle).")
@click.option("--limit", type=click.IntRange(min=0), help="Return at most this many rows (or triples).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="Stop the query after this many seconds.")
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL 1.1 store instead of the glossary: its base URL "
              "as `publish` takes it (http://host:7878: the query URL is <base>/query) or any URL that answers "
              "queries (.../query, .../sparql, GraphDB's .../repositories/NAME). Credentials: TERMGRAPH_ENDPOINT_TOKEN, or TERMGRAPH_ENDPOINT_USER and _PASSWORD, or ~/.netrc.")
@click.option("--graph", metavar="IRI", help="With --endpoint: query this named graph as the default graph "
              "(e.g. the one `termgraph publish` wrote).")
@content_option
@click.option("--data", type=click.Path(dir_okay=False), help="Query this dump (e.g. dist/glossary.nt) "
              "instead of building the content: faster for large glossaries.")
@click.option("--engine", type=click.Choice(ENGINES), default="oxigraph", show_default=True,
              help="The embedded engine.")
@click.option("-o", "--output", default="-", show_default=True, help="File to write, or - for stdout.")
def query(query: str, params: tuple[str, ...], fmt: str | None, limit: int | None, timeout: float,
          endpoint: str | None, graph: str | None, content_dir: str, data: str | None, engine: str,
          output: str) -> None:
    """Run a named query, a query file, or a query on standard input (-).

    Parameters are bound as RDF terms of the declared type, never pasted into the query.

    \b
    Examples:
      termgraph query find-term -p text=trans
      termgraph query related -p term=transformer --format json
      termgraph query term-graph -p term=transformer --format jsonld
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | termgraph query -
      termgraph query statistics --endpoint http://localhost:7878/query
    """
    named = _read_query(query)
    values = _params(params)
    text = named.bind(values)
    # before loading or sending anything: a query that does not parse, or a wrong format, fails fast
    check_query(text, str(named.path) if named.path else named.name, remote=bool(endpoint))
    chosen = check_format(named.form, fmt)
    store = open_store(content=content_dir, data=data, endpoint=endpoint, graph=graph, engine=engine,
                       progress=progress_printer(), notice=lambda message: click.echo(f"note: {message}", err=True))
    result = store.query(text, limit=limit, timeout=timeout)
    if endpoint and graph is None and is_empty(result):  # `termgraph publish` writes into a named graph
        found = glossary_graphs(store)
        if len(found) == 1:
            click.echo(f"note: the endpoint's default graph answered nothing; querying the named graph <{found[0]}> "
                       "that holds the glossary (choose one with --graph)", err=True)
            store = open_store(endpoint=endpoint, graph=found[0])
            result = store.query(text, limit=limit, timeout=timeout)
        elif found:
            click.echo("note: the endpoint's default graph answered nothing; these named graphs hold a "
                       "glossary: " + ", ".join(f"<{g}>" for g in found) + "; choose one with --graph", err=True)
    write_output(render(result, chosen), output)
    if getattr(result, "truncated", False):
        click.echo(f"(stopped at --limit {limit})", err=True)
    if is_empty(result):
        for message in missing_slugs(store, named, values):
            click.echo(f"note: {message}", err=True)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def queries(fmt: str) -> None:
    """List the named queries with their parameters.

    \b
    Example:
      termgraph queries
    """
    library = named_queries()
    if fmt == "json":
        click.echo(json.dumps([{"name": q.name, "form": q.form, "title": q.title, "description": q.description,
                                "parameters": [{"name": p.name, "type": p.type, "default": p.default, "doc": p.doc}
                                               for p in q.parameters]}
                               for q in library.values()], indent=2, ensure_ascii=False))
        return
    for q in library.values():
        click.echo(f"{q.name:18} {q.form:9} {q.title}")
        for p in q.parameters:
            default = f" (default {p.default})" if p.default is not None else ""
            click.echo(f"{'':18}   -p {p.name}={p.type.upper()}{default}  {p.doc}")
