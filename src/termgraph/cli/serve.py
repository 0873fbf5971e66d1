"""serve: the SPARQL 1.1 Protocol endpoint (and the pages) over HTTP."""
from __future__ import annotations

import click

from termgraph.cli import progress_printer
from termgraph.serve import DEFAULT_HOST, DEFAULT_MAX_RESULTS, DEFAULT_PORT, DEFAULT_TIMEOUT
from termgraph.serve import serve as run_server


@click.command()
@click.option("--content", "content_dir", type=click.Path(file_okay=False),
              help="Build and validate this content directory, then serve it (the default: content).")
@click.option("--data", type=click.Path(dir_okay=False), help="Serve this dump (e.g. dist/glossary.nt; "
              ".nq / .trig for named graphs): the fast start.")
@click.option("--endpoint", metavar="URL", help="Forward queries to this SPARQL 1.1 endpoint instead.")
@click.option("--graph", metavar="IRI", help="With --endpoint: serve this named graph of the remote store.")
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), help="Query worker processes, forked after loading so "
              "that they share the store's memory (default: the number of CPUs, at least 2).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds a query may run; past that its worker is killed and the client gets 503.")
@click.option("--max-results", type=click.IntRange(min=0), default=DEFAULT_MAX_RESULTS, show_default=True,
              help="Rows (or triples) an answer is cut to, with an X-SPARQL-MaxRows header; 0: no limit.")
@click.option("--max-body", type=click.IntRange(min=1), default=1 << 20, show_default=True,
              help="Largest request body in bytes; larger ones get 413.")
@click.option("--allow-service", is_flag=True, help="Allow SPARQL SERVICE clauses (refused by default: they "
              "make the server fetch other endpoints).")
@click.option("--quiet", is_flag=True, help="No access log (one line per request on stderr otherwise).")
@click.option("--base-url", metavar="URL", help="The public address of the pages when it is not the glossary's "
              "base IRI (behind a proxy): canonical links and schema.org url use it; the data keep their IRIs.")
def serve(content_dir: str | None, data: str | None, endpoint: str | None, graph: str | None, host: str, port: int,
          workers: int | None, timeout: float, max_results: int, max_body: int, allow_service: bool,
          quiet: bool, base_url: str | None) -> None:
    """Serve the glossary: a read-only SPARQL 1.1 endpoint at /sparql, the graph at /store.

    \b
    Examples:
      termgraph build && termgraph serve --data dist/glossary.nt
      curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/sparql' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3'
      termgraph query statistics --endpoint http://127.0.0.1:8000/sparql
    """
    if content_dir is None and data is None and endpoint is None:
        content_dir = "content"
    run_server(content=content_dir, data=data, endpoint=endpoint, graph=graph, host=host, port=port,
               workers=workers, timeout=timeout, max_results=max_results, max_body=max_body,
               allow_service=allow_service, quiet=quiet, base_url=base_url, progress=progress_printer(True))
