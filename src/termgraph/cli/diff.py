"""`termgraph diff`: what changed between two releases."""
from __future__ import annotations

import sys

import click

from termgraph.cli import write_output
from termgraph.diff import FORMATS, KINDS, failing
from termgraph.diff import diff as compute


@click.command()
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="text (coloured on a terminal), markdown (release notes), json (tools) or rdf (a changeset).")
@click.option("--fail-on", multiple=True, metavar="KINDS",
              help=f"Exit 1 when the changes include these kinds (comma-separated: {', '.join(KINDS)}).")
@click.option("--lang", "language", default="en", show_default=True, help="Language of the labels shown.")
@click.option("-o", "--output", default="-", show_default=True, help="File to write, or - for stdout.")
def diff(old: str, new: str, fmt: str, fail_on: tuple[str, ...], language: str, output: str) -> None:
    """What changed from OLD to NEW: terms added, removed, deprecated, relabelled, redefined, relinked,
    recategorised, sources changed. Each side is a content folder, a dump file, git:REV (the content folder
    at a git revision; git:REV:folder for another folder) or a SPARQL endpoint URL.

    \b
    Examples:
      termgraph diff git:v1.0 content --format markdown
      termgraph diff dist-old/glossary.nt dist/glossary.nt --fail-on removed
    """
    kinds = tuple(k.strip() for item in fail_on for k in item.split(",") if k.strip())
    log = compute(old, new, language)
    failed = failing(log, kinds)
    if fmt == "text":
        text = FORMATS["text"](log, colour=output == "-" and sys.stdout.isatty())  # type: ignore[call-arg]
    else:
        text = FORMATS[fmt](log)
    write_output(text.encode("utf-8"), output)
    if failed:
        click.echo(f"error: the changes include {', '.join(failed)} (--fail-on)", err=True)
        sys.exit(1)
