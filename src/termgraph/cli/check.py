"""`termgraph check`: SKOS integrity, vocabulary quality and glossary checks, for our glossary or any SKOS file."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from termgraph.checks import REGISTRY, check_files, check_glossary, choose
from termgraph.checks.reports import FORMATS, summary, to_text
from termgraph.cli import progress_printer
from termgraph.dumps.files import atomic_write
from termgraph.errors import UsageError
from termgraph.langtags import language_tag_message


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--content", "content_dir", type=click.Path(file_okay=False),
              help="Check this glossary content directory (the default, `content`, when no FILE is given).")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True)
@click.option("--fail-at", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="Exit 1 when a finding is this severe or more.")
@click.option("--select", multiple=True, metavar="IDS", help="Run only these checks (IDs or families, comma-separated).")
@click.option("--ignore", multiple=True, metavar="IDS", help="Skip these checks (IDs or families, comma-separated).")
@click.option("--lang", help="Language of the labels shown (default: the glossary's language, or en).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("--list", "list_checks", is_flag=True, help="List the checks and exit.")
def check(files: tuple[str, ...], content_dir: str | None, fmt: str, fail_at: str, select: tuple[str, ...],
          ignore: tuple[str, ...], lang: str | None, output: str | None, list_checks: bool) -> None:
    """Check our glossary, or SKOS files (Turtle, RDF/XML, JSON-LD, N-Triples), for SKOS integrity
    violations and vocabulary quality issues; each finding names the check, the concept, and the file
    and line to edit (docs/checks.md describes every check).

    Exits 1 when a finding is at least as severe as --fail-at, 2 when the input cannot be read.

    \b
    Example:
      termgraph check
      termgraph check thesaurus.ttl --ignore missing-out-links,undocumented-concept
      termgraph check --format sarif -o termgraph.sarif --fail-at warning
    """
    if list_checks:
        if fmt == "json":
            click.echo(json.dumps([{"id": c.id, "severity": c.severity, "family": c.family, "title": c.title}
                                   for c in REGISTRY.values()], indent=2, ensure_ascii=False))
            return
        if fmt != "text":
            raise UsageError(f"--list prints text or json, not {fmt}")
        for c in REGISTRY.values():
            click.echo(f"{c.id:32} {c.severity:8} {c.family:10} {c.title}")
        return
    if lang is not None and (bad := language_tag_message(lang)) is not None:
        raise UsageError(f"--lang: {bad}")
    if files and content_dir:
        raise UsageError("give FILEs or --content, not both")
    chosen = choose(select, ignore)
    progress = progress_printer()
    if files:
        report = check_files(files, chosen, lang or "en", progress)
    else:
        report = check_glossary(content_dir or "content", chosen, lang, progress)
    if output:
        with atomic_write(Path(output)) as tmp:
            tmp.write_text(FORMATS[fmt](report), encoding="utf-8")
        click.echo(summary(report), err=True)
    else:  # click.echo drops the colour when stdout is not a terminal
        click.echo(to_text(report, colour=True) if fmt == "text" else FORMATS[fmt](report), nl=False)
    if report.fails(fail_at):  # type: ignore[arg-type]
        sys.exit(1)
