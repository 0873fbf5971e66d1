"""build, validate, export, stats, new."""
from __future__ import annotations

import sys
from typing import Any

import click

from termgraph import pipeline
from termgraph.cli import content_option, progress_printer, write_output
from termgraph.content.scaffold import new_term
from termgraph.content.stats import compute_stats
from termgraph.dumps.dataset import build_dumps
from termgraph.dumps.export import serialize
from termgraph.dumps.formats import Format, export_by_name, export_names
from termgraph.dumps.jsonl import DEFAULT_MAX_CHARS, check_max_chars


@click.command()
@content_option
@click.option("--out", "out_dir", default="dist", show_default=True, type=click.Path(file_okay=False),
              help="Where to write the dumps.")
@click.option("--strict", is_flag=True, help="Treat warnings as failures.")
@click.option("--no-cache", is_flag=True, help="Parse every content file again (the cache of parsed files is in "
              "$TERMGRAPH_CACHE_DIR or ~/.cache/termgraph; it never changes the output).")
@click.option("--changelog", "changelog", metavar="OLD", help="Also write changelog.md and changelog.json: what changed "
              "since OLD (a content folder, a dump, git:REV or an endpoint, as `termgraph diff` takes).")
def build(content_dir: str, out_dir: str, strict: bool, no_cache: bool, changelog: str | None) -> None:
    """Build the glossary into validated dumps: Turtle, JSON-LD, N-Triples, RDF/XML and void.ttl.

    Nothing is written unless the glossary conforms; existing files in OUT are replaced only
    when every new file is ready.

    \b
    Example:
      termgraph build --content content --out dist
      termgraph build --changelog git:v1.0     # with changelog.md / changelog.json since that release
    """
    release = build_dumps(content_dir, out_dir, strict=strict, progress=progress_printer(), cache=not no_cache,
                          changelog=changelog)
    for finding in release.report.findings:
        click.echo(str(finding), err=True)
    click.echo(f"built {release.terms} terms, {release.triples} triples: "
               + ", ".join(str(p) for p in release.paths))


@click.command()
@content_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
def validate(content_dir: str, fmt: str, strict: bool) -> None:
    """Validate the glossary (SHACL shapes and SKOS integrity) and report each result with file and line.

    Exits 0 when it conforms, 1 when there are violations (or warnings, with --strict), 2 when the
    content cannot be read.

    \b
    Example:
      termgraph validate --format json
    """
    checked = pipeline.check(content_dir, progress=progress_printer())
    report = checked.report
    if fmt == "json":
        click.echo(report.to_json())
    else:
        for finding in report.findings:
            click.echo(str(finding))
        click.echo(f"{'conforms' if report.conforms else 'does not conform'}: "
                   f"{report.count('violation')} violation(s), {report.count('warning')} warning(s), "
                   f"{len(checked.content.terms)} terms, {checked.triples} triples")
    if not report.passes(strict):
        sys.exit(1)


@click.command()
@content_option
@click.option("--format", "fmt", default="turtle", show_default=True,
              help="One of: " + ", ".join(export_names()) + " (JSON Lines for retrieval: one object per term per "
              "language).")
@click.option("-o", "--output", default="-", show_default=True, help="File to write, or - for stdout.")
@click.option("--max-chars", type=int, default=DEFAULT_MAX_CHARS, show_default=True,
              help="With --format jsonl: the longest `text` of a line; longer terms are split into numbered chunks.")
def export(content_dir: str, fmt: str, output: str, max_chars: int) -> None:
    """Write one dump of the validated glossary to a file or to stdout.

    \b
    Example:
      termgraph export --format jsonld -o glossary.jsonld
      termgraph export --format ntriples | wc -l
      termgraph export --format jsonl --max-chars 2000 -o glossary.jsonl
    """
    chosen = export_by_name(fmt)
    check_max_chars(max_chars)
    built = pipeline.build(content_dir, progress=progress_printer())
    if isinstance(chosen, Format):
        write_output(serialize(built.statements, chosen), output)
    else:
        from termgraph.dumps.jsonl import to_bytes

        write_output(to_bytes(built.content, max_chars), output)


@click.command()
@content_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(content_dir: str, fmt: str) -> None:
    """Terms per category and level, links, sources, orphans and clusters of related terms.

    The glossary is validated too: the statistics are printed either way, and the exit code is 1 (with
    the violations on stderr) when it does not conform, as for `validate`.

    \b
    Example:
      termgraph stats
    """
    checked = pipeline.check(content_dir, progress=progress_printer())
    s = compute_stats(checked.content)
    _print_stats(s, fmt)
    if not checked.report.passes(False):
        for finding in checked.report.findings:
            click.echo(str(finding), err=True)
        click.echo(f"error: the glossary does not conform: {checked.report.count('violation')} violation(s)", err=True)
        sys.exit(1)


def _print_stats(s: Any, fmt: str) -> None:
    if fmt == "json":
        click.echo(s.to_json())
        return
    click.echo(f"terms: {s.terms}   comparisons: {s.comparisons}   sources: {s.sources}   "
               f"FAQ entries: {s.faq_entries}")
    click.echo("by category:")
    for slug, count in s.by_category.items():
        click.echo(f"  {slug:32} {count:5}")
    click.echo("by level:")
    for slug, count in s.by_level.items():
        click.echo(f"  {slug:32} {count:5}")
    click.echo(f"related links: {s.related_links}   broader links: {s.broader_links}   "
               f"related clusters: {s.related_clusters}")
    click.echo(f"orphans: {len(s.orphans)}" + (": " + ", ".join(s.orphans) if s.orphans else ""))


@click.command()
@content_option
@click.argument("slug")
@click.option("--label", help="Preferred label (default: from the slug).")
@click.option("--category", help="Category slug (default: the first in glossary.yaml).")
@click.option("--level", help="Level slug (default: the first in glossary.yaml).")
def new(content_dir: str, slug: str, label: str | None, category: str | None, level: str | None) -> None:
    """Create terms/SLUG.md with every field, ready to fill in.

    \b
    Example:
      termgraph new mixture-of-depths --label "Mixture of Depths" --category architecture --level advanced
    """
    click.echo(new_term(content_dir, slug, label, category, level))
