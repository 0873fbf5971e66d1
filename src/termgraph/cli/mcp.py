"""mcp: the glossary as a Model Context Protocol server, for agents and desktop assistants."""
from __future__ import annotations

import click

from termgraph.cli import progress_printer
from termgraph.errors import UsageError
from termgraph.serve import DEFAULT_HOST


@click.command()
@click.option("--content", "content_dir", type=click.Path(file_okay=False),
              help="Build and validate this content directory, then serve it (the default: content).")
@click.option("--data", type=click.Path(dir_okay=False), help="Serve this dump (e.g. dist/glossary.nt): the fast "
              "start.")
@click.option("--endpoint", metavar="URL", help="Read the glossary from this SPARQL 1.1 endpoint instead.")
@click.option("--graph", metavar="IRI", help="With --endpoint: this named graph of the remote store.")
@click.option("--http", "http", is_flag=True, help="Serve streamable HTTP at http://HOST:PORT/mcp instead of "
              "stdio.")
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="With --http: the address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True,
              help="With --http: the port.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
              help="Seconds a SPARQL query may run before it is stopped.")
@click.option("--max-rows", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Rows (or triples) a SPARQL answer is cut to, whatever the client asks.")
@click.option("--allow-service", is_flag=True, help="Allow SPARQL SERVICE clauses (refused by default: they make "
              "the server fetch other endpoints).")
def mcp(content_dir: str | None, data: str | None, endpoint: str | None, graph: str | None, http: bool, host: str,
        port: int, timeout: float, max_rows: int, allow_service: bool) -> None:
    """Serve the glossary to agents over the Model Context Protocol (stdio, or streamable HTTP with --http).

    Tools: lookup, search, explain, compare, list_terms, glossary_overview, run_named_query, sparql.
    Resources: glossary://term/<slug> (Markdown), glossary://schema, glossary://ontology.

    \b
    Examples:
      termgraph build && termgraph mcp --data dist/glossary.nt
      termgraph mcp --data dist/glossary.nt --http --port 8765
    """
    import time

    from termgraph.mcp.server import create_server, run_http, run_stdio
    from termgraph.mcp.service import GlossaryService, Limits

    say = progress_printer(True)  # stderr: stdout carries the protocol
    started = time.perf_counter()
    service = GlossaryService.load(content=content_dir, data=data, endpoint=endpoint, graph=graph,
                                   limits=Limits(timeout, max_rows, allow_service), progress=say)
    server = create_server(service)
    terms = len(service.g.terms)
    if not http:
        say(f"MCP server on stdio: {terms} terms ({service.loaded.source}), ready in "
            f"{time.perf_counter() - started:.1f} s")
        run_stdio(server)
        return
    shown = f"[{host}]" if ":" in host else host

    def ready() -> None:
        say(f"MCP server at http://{shown}:{port}/mcp: {terms} terms ({service.loaded.source}), ready in "
            f"{time.perf_counter() - started:.1f} s")

    if not run_http(server, host, port, ready):
        raise UsageError(f"could not listen on {shown}:{port} (is another server using the port?)")
