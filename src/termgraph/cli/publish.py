"""publish: send the validated build into a named graph of a remote triple store."""
from __future__ import annotations

import click

from termgraph import pipeline
from termgraph.cli import content_option, progress_printer
from termgraph.publish.publisher import CHUNK_TRIPLES, METHODS, VERIFY_MODES
from termgraph.publish.publisher import publish as publish_build


@click.command()
@content_option
@click.option("--endpoint", required=True, help="The store's base URL (Oxigraph: http://host:7878).")
@click.option("--graph", help="The named graph to replace.  [default: the glossary's IRI]")
@click.option("--method", type=click.Choice(METHODS), default="gsp", show_default=True,
              help="Upload with the Graph Store Protocol, or with SPARQL Update (INSERT DATA).")
@click.option("--query-url", help="SPARQL query URL.  [default: ENDPOINT/query]")
@click.option("--update-url", help="SPARQL Update URL.  [default: ENDPOINT/update]")
@click.option("--store-url", help="Graph Store Protocol URL.  [default: ENDPOINT/store]")
@click.option("--verify", type=click.Choice(VERIFY_MODES), default="count", show_default=True,
              help="Compare the store's graph with the build: triple count, or every triple.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=300.0, show_default=True,
              help="Seconds to wait for each answer.")
@click.option("--chunk-triples", type=click.IntRange(min=1), default=CHUNK_TRIPLES, show_default=True,
              help="Triples per upload request (lower it for stores or proxies with small request limits).")
@click.option("--initial-load", is_flag=True,
              help="First publish of a large glossary: load a graph that does not exist yet in place, with the "
                   "store's fastest path. Not atomic: readers may see it partly loaded until the command ends.")
@click.option("--dry-run", is_flag=True, help="Say what would be sent, and send nothing.")
def publish(content_dir: str, endpoint: str, graph: str | None, method: str, query_url: str | None,
            update_url: str | None, store_url: str | None, verify: str, timeout: float, chunk_triples: int,
            initial_load: bool, dry_run: bool) -> None:
    """Make a named graph of a SPARQL 1.1 store hold the validated glossary, atomically, and verify it.

    What changed since the last publish is staged in temporary graphs and swapped in with one SPARQL
    Update request (a new graph with one MOVE), so readers see the old glossary or the new one, never a
    mix. On failure the published graph is unchanged and the exit code is 3; publishing again is safe.
    Credentials come from TERMGRAPH_ENDPOINT_TOKEN (bearer), TERMGRAPH_ENDPOINT_USER and
    TERMGRAPH_ENDPOINT_PASSWORD (basic) or a netrc file, never from the command line. See the README for
    the URLs of Oxigraph, Fuseki, GraphDB and Virtuoso.

    \b
    Example:
      termgraph publish --endpoint http://localhost:7878 --dry-run
      termgraph publish --endpoint http://localhost:3030/ds --store-url http://localhost:3030/ds/data --verify full
    """
    progress = progress_printer()
    build = pipeline.build(content_dir, progress=progress, keep_store=False)  # publishing needs the statements only
    result = publish_build(build, endpoint, graph, method, query_url, update_url, store_url,  # type: ignore[arg-type]
                           verify, dry_run, progress, timeout=timeout,  # type: ignore[arg-type]
                           chunk_triples=chunk_triples, initial_load=initial_load)
    click.echo(result.describe())
    for leftover in result.leftovers:
        click.echo(f"warning: could not drop the temporary graph <{leftover}>; remove it with "
                   f"DROP SILENT GRAPH <{leftover}>", err=True)
