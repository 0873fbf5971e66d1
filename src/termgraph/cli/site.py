"""`termgraph site`: the glossary's pages and per-resource RDF as a static site."""
from __future__ import annotations

import time

import click

from termgraph.cli import content_option, progress_printer


@click.command()
@click.option("--out", "out", default="site", show_default=True, type=click.Path(file_okay=False),
              help="The folder to write (replaced whole, or left as it was if anything fails).")
@content_option
@click.option("--data", type=click.Path(dir_okay=False), help="Build the site from this dump (e.g. dist/glossary.nt) "
              "instead of the content folder.")
@click.option("--endpoint", metavar="URL", help="Read the glossary from this SPARQL 1.1 endpoint instead.")
@click.option("--base-url", metavar="URL", help="The address the site will be published at, for the sitemap "
              "and canonical links (default: the glossary's base IRI).")
@click.option("--languages", metavar="TAGS", help="Write pages in these languages only, comma-separated (default: "
              "every language the glossary has; its own language is always written, at the top of the site).")
def site(out: str, content_dir: str, data: str | None, endpoint: str | None, base_url: str | None,
         languages: str | None) -> None:
    """Write the glossary as a static site: a page and RDF files (.ttl .jsonld .nt .rdf) for every term,
    category, level and comparison, the A-Z index, listings, a static search, a sitemap, and the rewrite
    rules (.htaccess for Apache, nginx.conf) that make each IRI answer HTML or RDF by content negotiation.

    \b
    Example:
      termgraph site --out site/
      termgraph site --data dist/glossary.nt --out site/ --base-url https://example.org/glossary/
      termgraph site --languages en,fr     # the English pages at the top, the French ones under fr/
    """
    from termgraph.sparql.store import open_store
    from termgraph.web.site import load_for_site, write_site

    started, progress = time.monotonic(), progress_printer()
    store = open_store(content=content_dir, data=data, endpoint=endpoint, progress=progress)
    pages = load_for_site(store, base_url=base_url)
    wanted = None
    if languages is not None:
        wanted = [tag.strip() for tag in languages.split(",") if tag.strip()]
        unknown = [tag for tag in wanted if tag not in pages.glossary.languages]
        if unknown:
            raise click.BadParameter(f"the glossary has no text in {', '.join(unknown)} (it has "
                                     f"{', '.join(pages.glossary.languages)})", param_hint="--languages")
    count = write_site(pages, out, base_url=base_url, languages=wanted, progress=progress)
    click.echo(f"wrote {count} files for {len(pages.glossary.terms)} terms to {out}/ "
               f"in {time.monotonic() - started:.1f} s", err=True)
