"""Content is data, never markup: a term whose text holds <script>, javascript: links, quotes, event
handlers and </script> (tests/data/web/evil-term.md, added to the mini glossary) is inert in every page, in
the embedded JSON-LD, in the API and in the RDF; plus the redirects of deprecated terms and languages."""
from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from termgraph_server import TermgraphServer, termgraph_server
from web_support import BROWSERS, crafted_dump, fetch

LABEL = "Evil <script>alert('label')</script> \"Term\""
DEFINITION_START = "Ends the script </script><script>alert('definition')</script>"


class Inspector(HTMLParser):
    """Collects what could run: script elements, event-handler attributes, script URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.handlers: list[str] = []
        self.urls: list[str] = []
        self._in_script: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action", "formaction", "data", "srcset") and value is not None:
                self.urls.append(value)
        if tag in ("iframe", "object", "embed"):
            self.handlers.append(tag)
        if tag == "script":
            self._in_script, self._text = attributes, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, "".join(self._text)))
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._text.append(data)


def assert_inert(html: str) -> Inspector:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    assert inspector.handlers == []
    assert not [u for u in inspector.urls if u.strip().lower().startswith(("javascript:", "vbscript:", "data:text"))
                and u != "data:,"], inspector.urls
    for attrs, body in inspector.scripts:
        if attrs.get("type") == "application/ld+json":
            json.loads(body)  # the whole element is one JSON document: nothing closed it early
        else:
            assert body.strip() == "" and attrs.get("src", "").endswith("static/search.js"), attrs
    assert "alert(" not in "".join(body for _, body in inspector.scripts if "ld+json" not in str(_.get("type")))
    return inspector


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TermgraphServer]:
    with termgraph_server("--data", str(crafted_dump()), "--quiet", "--workers", "1",
                          log_dir=tmp_path_factory.mktemp("logs")) as running:
        yield running


def test_term_page_is_inert(server: TermgraphServer) -> None:
    html = fetch(server.url + "/term/evil-term").text
    inspector = assert_inert(html)
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;label&#39;)&lt;/script&gt;" in html
    assert "click me" in html and ">click me</a>" not in html  # the markdown link to javascript: is not made
    assert "&lt;div onclick" in html  # raw HTML blocks are text
    jsonld = [json.loads(body) for attrs, body in inspector.scripts if attrs.get("type") == "application/ld+json"]
    nodes = jsonld[0]["@graph"]
    term = next(n for n in nodes if n["@type"] == "DefinedTerm")
    assert term["name"] == LABEL and term["description"].startswith(DEFINITION_START)  # data intact
    faq = next(n for n in nodes if n["@type"] == "FAQPage")
    assert faq["mainEntity"][0]["name"] == "</script><script>alert('faq')</script>?"
    assert "</script><script>" not in html.split('type="application/ld+json">', 1)[1].split("</script>", 1)[0]


def test_schema_org_extractor_reads_the_text_back(server: TermgraphServer) -> None:
    import extruct

    html = fetch(server.url + "/term/evil-term").text
    data = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    term = next(n for block in data for n in block.get("@graph", [block]) if n.get("@type") == "DefinedTerm")
    assert term["name"] == LABEL


@pytest.mark.parametrize("path", ["/", "/a-z/E", "/category/foundations", "/level/beginner", "/search?q=evil",
                                  "/term/neural-network", "/api/v1/search?query=evil", "/comparisons"])
def test_every_page_that_shows_the_term_is_inert(server: TermgraphServer, path: str) -> None:
    reply = fetch(server.url + path, {"Accept": BROWSERS["chrome"]})
    assert reply.status == 200
    if reply.header("content-type").startswith("text/html"):
        assert_inert(reply.text)
        assert "<script>alert" not in reply.text
    else:
        assert any(r["prefLabel"] == LABEL for r in json.loads(reply.body)["results"])


def test_request_text_is_escaped_where_it_is_shown(server: TermgraphServer) -> None:
    search = fetch(server.url + "/search?q=%3Cscript%3Ealert(1)%3C/script%3E%22%27").text
    assert_inert(search)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in search
    missing = fetch(server.url + "/term/%3Cscript%3Ealert(1)%3C%2Fscript%3E", {"Accept": BROWSERS["firefox"]})
    assert missing.status == 404 and "<script>alert" not in missing.text
    assert_inert(missing.text)


def test_rdf_keeps_the_text_exactly(server: TermgraphServer) -> None:
    for suffix, fmt in ((".ttl", ox.RdfFormat.TURTLE), (".nt", ox.RdfFormat.N_TRIPLES),
                        (".rdf", ox.RdfFormat.RDF_XML), (".jsonld", ox.RdfFormat.JSON_LD)):
        body = fetch(server.url + "/term/evil-term" + suffix).body
        labels = {t.object.value for t in ox.parse(body, format=fmt)
                  if t.predicate.value.endswith("#prefLabel") and t.subject.value.endswith("evil-term")}
        assert labels == {LABEL}, suffix


def test_deprecated_term_redirects_permanently(server: TermgraphServer) -> None:
    page = fetch(server.url + "/term/connectionism", {"Accept": BROWSERS["chrome"]})
    assert page.status == 301 and page.header("location") == "/term/neural-network"
    data = fetch(server.url + "/term/connectionism.ttl")
    assert data.status == 301 and data.header("location") == "/term/neural-network.ttl"
    kept = fetch(server.url + "/term/connectionism?lang=fr")
    assert kept.header("location") == "/term/neural-network?lang=fr"
    target = fetch(server.url + page.header("location"))
    assert target.status == 200 and "<h1>Neural Network</h1>" in target.text
    found = json.loads(fetch(server.url + "/api/v1/terms/connectionism").body)  # the API still describes it
    assert found["deprecated"] is True and found["replacedBy"].endswith("/term/neural-network")


def test_pages_in_every_language(server: TermgraphServer) -> None:
    fr = fetch(server.url + "/term/neural-network?lang=fr").text
    assert "<h1>Réseau de neurones</h1>" in fr and "Un modèle fait de couches" in fr
    assert "Un réseau de neurones apprend" in fr  # the explanation's translation
    fallback = fetch(server.url + "/term/transformer?lang=fr").text  # no French: the default language
    assert "<h1>Transformer</h1>" in fallback and '<html lang="fr">' in fallback
    en = fetch(server.url + "/term/neural-network").text
    assert "<h1>Neural Network</h1>" in en and 'hreflang="fr"' in en and "Réseau de neurones" in en
    home = fetch(server.url + "/", {"Accept-Language": "fr"}).text
    assert "Mini glossaire" in home


def test_static_site_is_inert_too(tmp_path: Path) -> None:
    import subprocess
    import sys

    termgraph = Path(sys.executable).parent / "termgraph"
    subprocess.run([str(termgraph), "site", "--data", str(crafted_dump()), "--out", str(tmp_path / "site")],
                   check=True, capture_output=True, timeout=120)
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert pages
    for page in pages:
        assert_inert(page.read_text())
    assert "<script>alert" not in (tmp_path / "site" / "term" / "evil-term.html").read_text()
