"""Term IRIs, pages and the JSON API as users meet them: real HTTP against `termgraph serve` on the real
glossary (built once), started as a subprocess on a free port and stopped by its PID."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import ROOT
from termgraph_server import TermgraphServer, termgraph_server
from web_support import BROWSERS, fetch, real_dump

BASE = "https://termgraph.org/glossary/"
TRANSFORMER = BASE + "term/transformer"
RDF = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
       "application/n-triples": ox.RdfFormat.N_TRIPLES, "application/rdf+xml": ox.RdfFormat.RDF_XML}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TermgraphServer]:
    with termgraph_server("--data", str(real_dump()), "--quiet", "--workers", "1",
                          log_dir=tmp_path_factory.mktemp("logs")) as running:
        yield running


def media(reply: object) -> str:
    return reply.header("content-type").split(";")[0]  # type: ignore[attr-defined]


def triples(body: bytes, media_type: str) -> set[tuple[str, str, str]]:
    return {(t.subject.value, t.predicate.value, t.object.value) for t in ox.parse(body, format=RDF[media_type])}


# --- content negotiation -----------------------------------------------------------------------------

@pytest.mark.parametrize("browser", sorted(BROWSERS))
def test_browsers_get_the_page(server: TermgraphServer, browser: str) -> None:
    reply = fetch(server.url + "/term/transformer", {"Accept": BROWSERS[browser]})
    assert reply.status == 200 and media(reply) == "text/html"
    assert "<h1>Transformer</h1>" in reply.text
    assert "Accept" in reply.header("vary")


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "text/html"),  # no Accept: the default variant, the page
    ("", "text/html"),
    ("text/turtle", "text/turtle"),
    ("application/x-turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("text/*", "text/html"),
    ("text/html;q=0, */*", "text/turtle"),  # q=0 excludes the page; the first RDF format is next
    ("text/html;q=0.1, text/turtle;q=0.5, application/ld+json", "application/ld+json"),
    ("application/ld+json;q=0.8, text/turtle;q=0.9", "text/turtle"),
    ("text/turtle;q=0, application/*", "application/ld+json"),
    ("application/rdf+xml, text/html;q=0.5", "application/rdf+xml"),
    ("TEXT/TURTLE", "text/turtle"),
])
def test_accept_decides_the_variant(server: TermgraphServer, accept: str | None, expected: str) -> None:
    headers = {} if accept is None else {"Accept": accept}
    reply = fetch(server.url + "/term/transformer", headers)
    assert reply.status == 200, reply.text
    assert media(reply) == expected
    if expected != "text/html":
        found = triples(reply.body, expected)
        assert (TRANSFORMER, "http://www.w3.org/2004/02/skos/core#prefLabel", "Transformer") in found


@pytest.mark.parametrize("accept", ["image/png", "text/html;q=0, application/*;q=0, text/*;q=0",
                                    "application/json"])
def test_nothing_acceptable_is_406(server: TermgraphServer, accept: str) -> None:
    reply = fetch(server.url + "/term/transformer", {"Accept": accept})
    assert reply.status == 406
    problem = json.loads(reply.body)
    assert problem["status"] == 406 and "text/turtle" in problem["detail"]
    assert "Accept" in reply.header("vary")


@pytest.mark.parametrize(("suffix", "expected"), [
    (".ttl", "text/turtle"), (".jsonld", "application/ld+json"), (".nt", "application/n-triples"),
    (".rdf", "application/rdf+xml"), (".html", "text/html"),
    ("?format=turtle", "text/turtle"), ("?format=jsonld", "application/ld+json"), ("?format=nt", "application/n-triples"),
    ("?format=html", "text/html"),
])
def test_explicit_variants_win_over_accept(server: TermgraphServer, suffix: str, expected: str) -> None:
    reply = fetch(server.url + "/term/transformer" + suffix, {"Accept": BROWSERS["chrome"]})
    assert reply.status == 200 and media(reply) == expected


def test_an_unknown_format_is_400(server: TermgraphServer) -> None:
    reply = fetch(server.url + "/term/transformer?format=yaml")
    assert reply.status == 400 and json.loads(reply.body)["parameter"] == "format"


def test_links_to_every_variant(server: TermgraphServer) -> None:
    reply = fetch(server.url + "/term/transformer")
    link = reply.header("link")
    for suffix, media_type in ((".ttl", "text/turtle"), (".jsonld", "application/ld+json"),
                               (".nt", "application/n-triples"), (".rdf", "application/rdf+xml")):
        assert f'</term/transformer{suffix}>; rel="alternate"; type="{media_type}"' in link
    assert 'type="text/html"' in link
    assert '<link rel="alternate" type="text/turtle" href="/term/transformer.ttl">' in reply.text


def test_every_minted_resource_answers(server: TermgraphServer) -> None:
    for path in ("/", "/category/architecture", "/level/beginner", "/comparison/encoder-vs-decoder",
                 "/categories", "/levels", "/publisher"):
        page = fetch(server.url + path, {"Accept": BROWSERS["firefox"]})
        assert page.status == 200 and media(page) == "text/html", path
        data = fetch(server.url + path, {"Accept": "text/turtle"})
        assert data.status == 200 and media(data) == "text/turtle", path
        subject = BASE + path.lstrip("/")
        assert any(s == subject for s, _, _ in triples(data.body, "text/turtle")), path
    # the scheme's description holds its index pages (hash IRIs under it)
    found = triples(fetch(server.url + "/index.nt").body, "application/n-triples")
    assert any(s.startswith(BASE + "#names-page-") for s, _, _ in found)


def test_description_is_concise_bounded_and_byte_stable(server: TermgraphServer) -> None:
    first = fetch(server.url + "/term/transformer.nt")
    again = fetch(server.url + "/term/transformer", {"Accept": "application/n-triples"})
    assert first.body == again.body and first.header("etag") == again.header("etag")
    lines = first.text.splitlines()
    assert lines == sorted(lines)
    found = triples(first.body, "application/n-triples")
    subjects = {s for s, _, _ in found}
    assert TRANSFORMER + "#faq-1" in subjects and TRANSFORMER + "#faq-1-answer" in subjects  # its parts
    assert TRANSFORMER + "#source-1" in subjects
    # labels of what it links to, and nothing else about them
    assert (BASE + "category/architecture", "http://www.w3.org/2004/02/skos/core#prefLabel", "Architecture") in found
    about_related = {p for s, p, _ in found if s == BASE + "term/attention-mechanism"}
    assert about_related == {"http://www.w3.org/2004/02/skos/core#prefLabel"}
    jsonld = json.loads(fetch(server.url + "/term/transformer.jsonld").body)
    assert "@context" in jsonld  # with our context, compacted


# --- caching -----------------------------------------------------------------------------------------

def test_revalidation_gets_304(server: TermgraphServer) -> None:
    for path in ("/term/transformer", "/term/transformer.ttl", "/category/training", "/"):
        first = fetch(server.url + path)
        etag, modified = first.header("etag"), first.header("last-modified")
        assert etag.startswith('"') and modified.endswith("GMT"), path
        again = fetch(server.url + path, {"If-None-Match": etag})
        assert again.status == 304 and again.body == b"" and again.header("etag") == etag
        assert fetch(server.url + path, {"If-None-Match": '"other"'}).status == 200
        assert fetch(server.url + path, {"If-Modified-Since": modified}).status == 304
        assert fetch(server.url + path, {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status == 200
    turtle = fetch(server.url + "/term/transformer", {"Accept": "text/turtle"})
    html = fetch(server.url + "/term/transformer", {"Accept": "text/html"})
    assert turtle.header("etag") != html.header("etag")  # each variant has its own validator


# --- 404 and redirects -------------------------------------------------------------------------------

def test_unknown_term_gets_404_with_suggestions(server: TermgraphServer) -> None:
    page = fetch(server.url + "/term/transfomer", {"Accept": BROWSERS["chrome"]})
    assert page.status == 404 and media(page) == "text/html"
    assert "Did you mean" in page.text and 'href="/term/transformer"' in page.text
    data = fetch(server.url + "/term/transfomer", {"Accept": "text/turtle"})
    problem = json.loads(data.body)
    assert data.status == 404 and data.header("content-type").startswith("application/problem+json")
    assert "term/transformer" in problem["detail"]
    assert fetch(server.url + "/category/nope").status == 404
    assert fetch(server.url + "/no/such/thing.ttl").status == 404
    assert fetch(server.url + "/category/training/page/99").status == 404


def test_head_answers_like_get(server: TermgraphServer) -> None:
    head = fetch(server.url + "/term/transformer", method="HEAD")
    get = fetch(server.url + "/term/transformer")
    assert head.status == 200 and head.body == b"" and head.header("etag") == get.header("etag")


# --- pages -------------------------------------------------------------------------------------------

def test_term_page_shows_what_the_glossary_knows(server: TermgraphServer) -> None:
    html = fetch(server.url + "/term/transformer").text
    for expected in ('href="/category/architecture"', 'href="/level/intermediate"', "transformer model",
                     "Explanation", "<strong>attention</strong>", "Examples", "Frequently asked",
                     "Why did this architecture replace recurrent networks?", "Related terms", 'class="card"',
                     "Broader", 'href="/term/neural-network"', "Sources", "Attention Is All You Need",
                     "Ashish Vaswani", "(2017)", "https://en.wikipedia.org/wiki/", "dbpedia.org",
                     "CC BY 4.0", 'rel="license"', TRANSFORMER):
        assert expected in html, expected
    assert html.count("<h1") == 1 and "<main" in html and '<nav aria-label="Site">' in html
    comparison = fetch(server.url + "/term/encoder").text
    assert "<table>" in comparison and "Attention pattern" in comparison


def test_listings_are_paged_and_linked(server: TermgraphServer) -> None:
    html = fetch(server.url + "/category/architecture").text
    assert "<h1>Architecture</h1>" in html and 'href="/term/transformer"' in html
    see_also = html.split('class="see-also"')[1].split("</p>")[0]  # related categories, both directions
    assert 'href="/category/multimodal"' in see_also and 'href="/category/foundations"' in see_also
    letters = fetch(server.url + "/a-z").text
    assert 'href="/a-z/T"' in letters
    t = fetch(server.url + "/a-z/T").text
    assert 'href="/term/transformer"' in t and 'href="/term/attention-mechanism"' not in t
    assert fetch(server.url + "/a-z/t").status == 200
    home = fetch(server.url + "/").text
    assert "Term of the day" in home and "Categories" in home and 'href="/category/training"' in home
    assert fetch(server.url + "/comparisons").status == 200
    queries = fetch(server.url + "/queries").text
    assert "find-term" in queries and 'href="/sparql?query=' in queries


def test_sparql_examples_run(server: TermgraphServer) -> None:
    import html as html_module
    import re

    page = fetch(server.url + "/queries").text
    links = [html_module.unescape(m) for m in re.findall(r'href="(/sparql\?query=[^"]+)"', page)]
    assert len(links) >= 10
    for link in links[:5]:
        reply = fetch(server.url + link, {"Accept": "application/sparql-results+json"})
        assert reply.status == 200, (link, reply.text)


def test_search_page_ranks_and_tolerates_typos(server: TermgraphServer) -> None:
    html = fetch(server.url + "/search?q=transfomer").text  # one letter missing
    assert html.index('href="/term/transformer"') < html.index('href="/term/vision-transformer"')
    prefix = fetch(server.url + "/search?q=retriev").text
    assert 'href="/term/retrieval-augmented-generation"' in prefix
    assert "No term matches" in fetch(server.url + "/search?q=zzzzqqqq").text


def test_language_by_query_and_header(server: TermgraphServer) -> None:
    fr = fetch(server.url + "/term/deep-learning?lang=fr")
    assert fr.header("content-language") == "fr" and '<html lang="fr">' in fr.text
    header = fetch(server.url + "/term/deep-learning", {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert header.header("content-language") == "fr"
    assert fr.text == header.text
    german = fetch(server.url + "/term/deep-learning", {"Accept-Language": "de-AT, en;q=0.5"})
    assert german.header("content-language") == "de" and "Deep Learning" in german.text
    other = fetch(server.url + "/term/deep-learning", {"Accept-Language": "ja"})  # not in the glossary
    assert other.header("content-language") == "en"


@pytest.mark.parametrize("lang", ["fr", "de", "es"])
def test_pages_speak_the_readers_language(server: TermgraphServer, lang: str) -> None:
    """The page's own words come from its language's catalog; texts only in English say so with lang="en"."""
    from markupsafe import escape

    from termgraph.web.i18n import translations

    _ = translations(lang).gettext
    page = fetch(server.url + f"/term/transformer?lang={lang}").text
    english = fetch(server.url + "/term/transformer").text
    for words in ("Related terms", "Examples", "Frequently asked", "Skip to content", "Categories"):
        assert _(words) != words and f">{_(words)}<" in page, words
        assert f">{words}<" in english and f">{_(words)}<" not in english
    assert '<h2 id="expl-h">' + _("Explanation") + '</h2><div lang="en">' in page  # the explanation is English
    assert '<details id="faq-1" open lang="en">' in page
    comparison = fetch(server.url + f"/comparison/encoder-vs-decoder?lang={lang}").text
    assert '<div lang="en">\n<h1>' in comparison and f'<th scope="col" lang="{lang}">{_("Aspect")}</th>' in comparison
    listing = fetch(server.url + f"/category/training?lang={lang}").text
    assert _("See also:") in listing and _("Terms starting with %(letter)s") % {"letter": "T"} in fetch(
        server.url + f"/a-z/T?lang={lang}").text
    index = json.loads(fetch(server.url + f"/search-index.json?lang={lang}").text)["terms"]
    row = next(r for r in index if r[0] == "deep-learning")
    assert row[1] == {"fr": "Apprentissage profond", "de": "Deep Learning", "es": "Aprendizaje profundo"}[lang]
    assert f'data-index="/search-index.json?lang={lang}"' in fetch(server.url + f"/search?lang={lang}").text
    missing = fetch(server.url + f"/nowhere?lang={lang}", {"Accept": "text/html"})
    assert missing.status == 404 and escape(_("There is no page at %(path)s.") % {"path": "/nowhere"}) in missing.text


# --- metadata ----------------------------------------------------------------------------------------

def test_schema_org_metadata_read_by_an_independent_extractor(server: TermgraphServer) -> None:
    import extruct

    html = fetch(server.url + "/term/transformer").text
    data = extruct.extract(html, base_url=TRANSFORMER, syntaxes=["json-ld"], uniform=True)["json-ld"]
    nodes = [n for block in data for n in block.get("@graph", [block])]
    term = next(n for n in nodes if n.get("@type") == "DefinedTerm")
    assert term["name"] == "Transformer" and term["description"].startswith("A neural network design")
    assert term["url"] == TRANSFORMER
    assert term["inDefinedTermSet"]["@type"] == "DefinedTermSet" and term["inDefinedTermSet"]["@id"] == BASE
    faq = next(n for n in nodes if n.get("@type") == "FAQPage")
    assert faq["mainEntity"][0]["@type"] == "Question" and faq["mainEntity"][0]["acceptedAnswer"]["text"]


# --- the JSON API ------------------------------------------------------------------------------------

def api(server: TermgraphServer, path: str) -> dict:  # type: ignore[type-arg]
    reply = fetch(server.url + "/api/v1" + path)
    assert reply.status == 200, (path, reply.text)
    assert media(reply) == "application/json"
    return json.loads(reply.body)  # type: ignore[no-any-return]


def test_api(server: TermgraphServer) -> None:
    term = api(server, "/terms/transformer")
    assert term["uri"] == TRANSFORMER and term["prefLabel"] == "Transformer" and term["category"] == "architecture"
    assert len(term["faq"]) == 3 and term["sources"][0]["title"] == "Attention Is All You Need"
    assert BASE + "term/neural-network" in term["broader"]
    related = api(server, "/terms/transformer/related")["results"]
    assert any(r["slug"] == "self-attention" for r in related)
    assert api(server, "/terms/neural-network/narrower")["results"]
    assert api(server, "/terms/encoder/comparisons")["results"][0]["slug"] == "encoder-vs-decoder"
    assert api(server, "/lookup?label=transformer%20MODEL")["results"][0]["slug"] == "transformer"
    found = api(server, "/search?query=atention&limit=5")
    assert found["total"] >= 1 and len(found["results"]) <= 5
    assert found["results"][0]["slug"] == "attention-mechanism"
    page2 = api(server, "/search?query=model&offset=5&limit=5")
    assert page2["offset"] == 5
    assert api(server, "/a-z/T")["results"][0]["prefLabel"].startswith("T")
    assert {c["slug"] for c in api(server, "/categories")["results"]} >= {"architecture", "training"}
    assert api(server, "/categories/training")["pages"] == 1
    assert api(server, "/levels/beginner")["results"]
    assert api(server, "/comparisons/encoder-vs-decoder")["aspects"]
    assert api(server, "/term-of-the-day?date=2026-01-01")["slug"]
    stats = api(server, "/statistics")
    terms = len(list((ROOT / "content" / "terms").glob("*.md")))
    assert stats["terms"] == terms and sum(stats["byCategory"].values()) == terms


@pytest.mark.parametrize(("path", "status"), [
    ("/terms/nope", 404), ("/search", 400), ("/search?query=x&limit=0", 400), ("/search?query=x&limit=abc", 400),
    ("/categories/nope", 404), ("/term-of-the-day?date=yesterday", 400), ("/nothing-here", 404),
    ("/terms/transformer/cousins", 404),
])
def test_api_errors_have_one_shape(server: TermgraphServer, path: str, status: int) -> None:
    reply = fetch(server.url + "/api/v1" + path)
    assert reply.status == status
    problem = json.loads(reply.body)
    assert set(problem) >= {"type", "title", "status", "detail"} and problem["status"] == status


def test_openapi_describes_every_endpoint(server: TermgraphServer) -> None:
    doc = json.loads(fetch(server.url + "/api/openapi.json").body)
    assert doc["openapi"].startswith("3.")
    for path, item in doc["paths"].items():
        assert "get" in item and item["get"]["summary"], path
        concrete = (path.replace("{slug}", "transformer").replace("{relation}", "related")
                    .replace("{letter}", "T"))
        if "/categories/" in path:
            concrete = path.replace("{slug}", "training")
        if "/levels/" in path:
            concrete = path.replace("{slug}", "beginner")
        if "/comparisons/" in path:
            concrete = path.replace("{slug}", "encoder-vs-decoder")
        query = {"/api/v1/lookup": "?label=Transformer", "/api/v1/search": "?query=trans"}.get(path, "")
        assert fetch(server.url + concrete + query).status == 200, concrete


def test_no_traceback_reaches_a_client(server: TermgraphServer) -> None:
    for path in ("/term/%00", "/term/" + "x" * 5000, "/a-z/%F0%9F%98%80", "/search?q=" + "%22" * 500,
                 "/category/architecture/page/0", "/api/v1/terms/%3Cscript%3E"):
        reply = fetch(server.url + path)
        assert reply.status < 500, (path, reply.status)
        assert b"Traceback" not in reply.body


def test_artifacts_dir_is_ignored_by_git() -> None:
    ignore = (Path(__file__).resolve().parents[1] / ".gitignore").read_text()
    assert "tests/artifacts" in ignore


def test_base_url_moves_the_pages_public_address_not_the_iris(tmp_path: Path) -> None:
    """`serve --base-url` (behind a proxy): canonical links use it; the RDF keeps the glossary's IRIs."""
    public = "https://glossary.example.net/ai/"
    with termgraph_server("--data", str(real_dump()), "--quiet", "--workers", "1", "--base-url", public,
                          log_dir=tmp_path) as running:
        page = fetch(running.url + "/term/transformer", {"Accept": "text/html"}).text
        assert f'<link rel="canonical" href="{public}term/transformer">' in page
        turtle = fetch(running.url + "/term/transformer.nt").text
        assert "<https://termgraph.org/glossary/term/transformer>" in turtle and public not in turtle
