"""`termgraph site`: the served pages and per-resource RDF written as a static site.

Layout (every IRI path P of the glossary has P.html and P.ttl / P.jsonld / P.nt / P.rdf; the home page is
index.*; the pages in each other language of the glossary are in a folder named by its tag, fr/P.html, with
the RDF shared): pages link to each other as relative `.html` files, so the site works on any static host and from
disk; `.htaccess` (Apache) and `nginx.conf` (a snippet) add the content negotiation that makes the extension-
less IRI answer HTML or RDF by Accept, and the permanent redirects of deprecated terms. `search.html` searches
with `static/search.js` over `search-index.json` (the only JavaScript). `sitemap.xml` lists every page under
the public address (the base IRI unless --base-url says otherwise).

All or nothing: the site is written into a fresh folder beside the target and moved into place at the end.
Byte-stable: the same graph gives the same files; the term of the day is the one of SOURCE_DATE_EPOCH's day
when that is set (else of today).
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from termgraph.dumps import formats
from termgraph.forked import Forked
from termgraph.web.glossary import Glossary, Listing
from termgraph.web.pages import Links, Pages, serialize_all

Progress = Callable[[str], None]


def site_day() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def page_paths(g: Glossary) -> Iterator[tuple[str, bool]]:
    """(path, has RDF variants) of every page of the site, in a fixed order."""
    yield "", True
    for name in ("a-z", "comparisons", "search"):
        yield name, False
    yield "categories", True
    yield "levels", True
    yield "publisher", True
    for kind, concepts in (("category", g.categories), ("level", g.levels)):
        for slug in concepts:
            yield f"{kind}/{slug}", True
            pages = len(g.listings.get((kind, slug), _NONE).pages)
            for n in range(2, pages + 1):
                yield f"{kind}/{slug}/page/{n}", False
    for letter, _, pages in g.letters():
        yield f"a-z/{letter}", False
        for n in range(2, pages + 1):
            yield f"a-z/{letter}/page/{n}", False
    for slug in sorted(g.comparisons):
        yield f"comparison/{slug}", True
    for slug in sorted(g.terms):
        yield f"term/{slug}", True


_NONE = Listing({}, 0)


def _write(root: Path, rel: str, data: bytes) -> None:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def write_site(pages: Pages, out: Path | str, *, base_url: str | None = None, workers: int | None = None,
               languages: list[str] | None = None, progress: Progress = lambda _: None) -> int:
    """Write the site into `out` (replacing it whole); returns the number of files written. `languages`: the
    languages to write pages in (default: every language the glossary has; its own language always)."""
    out = Path(out)
    g = pages.glossary
    wanted = g.languages if languages is None else [code for code in g.languages if code in languages]
    trees = [g.language, *(code for code in wanted if code != g.language)]
    public = (base_url or pages.public_base or g.base).rstrip("/") + "/"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        paths = list(page_paths(g))
        progress(f"writing {len(paths)} pages in {len(trees)} language(s) and their RDF")
        count = _write_pages(pages, tmp, paths, trees, workers)
        for name in ("style.css", "search.js"):
            _write(tmp, f"static/{name}", files("termgraph.web").joinpath("static", name).read_bytes())
        for code in trees:  # the search of each language shows its labels and definitions
            _write(tmp, ("" if code == g.language else f"{code}/") + "search-index.json", pages.search_json(code))
        _write(tmp, "sitemap.xml", sitemap(public, [(code + "/" if code != g.language else "") + p
                                                    for code in trees for p, _ in paths if p != "search"]))
        _write(tmp, "robots.txt", f"User-agent: *\nAllow: /\nSitemap: {public}sitemap.xml\n".encode())
        redirects = sorted((s, t.replaced_by) for s, t in g.terms.items()
                           if t.deprecated and t.replaced_by and t.replaced_by in g.terms)
        _write(tmp, ".htaccess", htaccess(redirects).encode())
        _write(tmp, "nginx.conf", nginx(redirects).encode())
        count += 7 + len(trees)
        from termgraph.web.llms import site_files  # llms.txt, llms-full.txt (issue 17)

        for name, data in site_files(pages, public):
            _write(tmp, name, data)
            count += 1
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
            os.replace(out, old / "site")
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
        return count
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _write_pages(pages: Pages, root: Path, paths: list[tuple[str, bool]], trees: list[str],
                 workers: int | None) -> int:
    n = workers if workers is not None else min(4, os.cpu_count() or 1)
    if n > 1 and len(paths) * len(trees) > 500 and hasattr(os, "fork"):
        return _write_forked(pages, root, paths, trees, n)
    return _write_chunk(pages, root, paths, trees)


def _write_chunk(pages: Pages, root: Path, paths: list[tuple[str, bool]], trees: list[str]) -> int:
    """Each page in every language (one after the other, so the explanation rendered once serves them all),
    then its RDF."""
    g, count = pages.glossary, 0
    for path, has_rdf in paths:
        written = False
        for lang in trees:
            folder = "" if lang == g.language else lang
            links = Links(static=True, depth=path.count("/"), language=folder, page=path)
            rendered = pages.page(path, lang, links, {})
            if rendered is None:
                continue
            _write(root, (f"{folder}/" if folder else "") + (path or "index") + ".html", rendered.html.encode("utf-8"))
            count += 1
            written = True
        if written and has_rdf:
            iri = g.base + path
            statements = g.describe(iri)
            if statements:
                for fmt, data in zip(formats.FORMATS, serialize_all(statements, formats.FORMATS)):
                    _write(root, f"{path or 'index'}.{fmt.extension}", data)
                    count += 1
    return count


def _write_forked(pages: Pages, root: Path, paths: list[tuple[str, bool]], trees: list[str], n: int) -> int:
    """Split the pages over `n` forked children (they share the loaded graph); fail if any child fails."""
    jobs = [Forked(partial(_write_chunk, pages, root, paths[k::n], trees)) for k in range(n)]
    try:
        return sum(job.wait() for job in jobs)
    finally:
        for job in jobs:  # the ones not waited for, when another failed
            job.cancel()


def sitemap(public: str, paths: list[str]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(public + p)}</loc></url>" for p in paths]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def htaccess(redirects: list[tuple[str, str]]) -> str:
    types = "\n".join(f"AddType {f.media_type} .{f.extension}" for f in formats.FORMATS)
    rules = []
    for f in formats.FORMATS:
        accept = "|".join(m.replace("+", "\\+") for m in f.media_types)
        rules.append(f"RewriteCond %{{HTTP_ACCEPT}} ({accept})\n"
                     f"RewriteCond %{{HTTP_ACCEPT}} !text/html\n"
                     f"RewriteCond %{{DOCUMENT_ROOT}}%{{REQUEST_URI}}.{f.extension} -f\n"
                     f"RewriteRule ^(.+)$ $1.{f.extension} [L]\n"
                     f"RewriteCond %{{HTTP_ACCEPT}} ({accept})\n"
                     f"RewriteCond %{{HTTP_ACCEPT}} !text/html\n"
                     f"RewriteRule ^$ index.{f.extension} [L]")
    moved = "\n".join(f"Redirect 301 /term/{old} /term/{new}" for old, new in redirects)
    return f"""# Apache: content negotiation for the glossary's IRIs (needs mod_rewrite, mod_headers, mod_alias).
# /term/transformer answers term/transformer.html to browsers and term/transformer.ttl (.jsonld .nt .rdf)
# to RDF clients that ask for it in Accept. Accept is matched by pattern, not weighed by q-value: a client
# that lists text/html gets HTML. If the site lives below the domain root, adjust the Redirect paths.
Options -MultiViews
DirectoryIndex index.html
{types}
AddType text/html .html
Header merge Vary Accept
RewriteEngine On
{chr(10).join(rules)}
RewriteCond %{{DOCUMENT_ROOT}}%{{REQUEST_URI}}.html -f
RewriteRule ^(.+)$ $1.html [L]
ErrorDocument 404 /index.html
{moved}
"""


def nginx(redirects: list[tuple[str, str]]) -> str:
    maps = "\n".join(f'    "~*({"|".join(m.replace("+", "[+]") for m in f.media_types)})" .{f.extension};'
                     for f in formats.FORMATS)
    types = "\n".join(f"        {f.media_type} {f.extension};" for f in formats.FORMATS)
    moved = "\n".join(f"    location = /term/{old} {{ return 301 /term/{new}; }}" for old, new in redirects)
    return f"""# nginx: content negotiation for the glossary's IRIs. Put the map in the http block and the
# server block's contents where the site is served (root = the folder `termgraph site` wrote).
# /term/transformer answers .html to browsers, .ttl/.jsonld/.nt/.rdf to clients that ask for RDF.
map $http_accept $rdf_suffix {{
    default "";
    "~*text/html" "";
{maps}
}}

server {{
    # root /srv/glossary/site;
    index index.html;
    types {{
        text/html html;
        text/css css;
        text/javascript js;
        application/json json;
        application/xml xml;
{types}
    }}
    add_header Vary Accept always;
    location = / {{
        try_files /index$rdf_suffix /index.html =404;
    }}
{moved}
    location / {{
        try_files $uri$rdf_suffix $uri.html $uri $uri/ =404;
    }}
}}
"""


def load_for_site(store: Any, base: str | None = None, language: str | None = None,
                  base_url: str | None = None) -> Pages:
    """Pages over a store (embedded or remote), dated for a static site."""
    from termgraph.web.source import open_source

    glossary = Glossary.load(open_source(store), base or "", language)
    return Pages(glossary, public_base=base_url, today=site_day)
