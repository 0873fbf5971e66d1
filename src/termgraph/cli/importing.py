"""`termgraph import`: any SKOS vocabulary into content files."""
from __future__ import annotations

import click

from termgraph.importing import import_vocabulary


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out_dir", default="content", show_default=True, type=click.Path(file_okay=False),
              help="The content folder to write (replaced as a whole once every file is written).")
@click.option("--scheme", "schemes", multiple=True, metavar="IRI",
              help="Import only the concepts of this concept scheme (repeatable; default: every concept).")
@click.option("--languages", metavar="TAGS", help="Keep only texts in these languages, comma-separated "
              "(texts without a language are always kept; default: every language).")
@click.option("--language", help="The default language (default: the most frequent of the preferred labels).")
@click.option("--base-iri", help="Where termgraph mints IRIs of its own (default: the concepts' common namespace).")
def import_(files: tuple[str, ...], out_dir: str, schemes: tuple[str, ...], languages: str | None,
            language: str | None, base_iri: str | None) -> None:
    """Import a SKOS vocabulary (Turtle, RDF/XML, JSON-LD, N-Triples, ...) as editable content files.

    Every triple survives: what no field holds is kept in the `extra` block of its term (or of glossary.yaml),
    so `import` then `build` gives back every triple. Problems found (two preferred labels in a language, a
    dangling link) are listed with the IRI; the import still writes what it can.

    \b
    Example:
      termgraph import unescothes.ttl --out unesco
      termgraph build --content unesco --out dist
    """
    chosen = tuple(t.strip() for t in languages.split(",") if t.strip()) if languages else ()
    result = import_vocabulary(files, out_dir, schemes=schemes, languages=chosen, language=language,
                               base_iri=base_iri)
    for problem in result.problems:
        click.echo(f"warning: {problem}", err=True)
    click.echo(f"imported {result.terms} terms and {result.collections} collections from {result.triples} triples "
               f"into {result.out} ({result.extra} triples kept in extra blocks"
               + (f", {result.left_out} left out by --scheme/--languages" if result.left_out else "") + ")")
