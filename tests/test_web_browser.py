"""The pages in a real browser: headless Chromium (Debian's, installed by .ci/run; driven by Playwright, which
downloads nothing here) loads the home page, a term page, a listing and search from `termgraph serve`, and the
static site's search from a plain file server. No console errors, no failed requests; a keyboard-only search
works; a screenshot of each page is kept in tests/artifacts/web/."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from server_support import free_port
from termgraph_server import TermgraphServer, termgraph_server
from web_support import ARTIFACTS, crafted_dump, fetch, real_dump

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
SHOTS = ARTIFACTS / "web"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TermgraphServer]:
    with termgraph_server("--data", str(real_dump()), "--quiet", "--workers", "1",
                          log_dir=tmp_path_factory.mktemp("logs")) as running:
        yield running


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh profile: nothing carried over
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, headless=True,
                                                       args=FLAGS, viewport={"width": 1200, "height": 900})
        try:
            yield context
        finally:
            context.close()


class Watch:
    """Everything that went wrong while a page was open."""

    def __init__(self, page: Any):
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} {r.failure}"))
        page.on("response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))


def visit(browser: Any, url: str, shot: str) -> tuple[Any, Watch]:
    page = browser.new_page()
    watch = Watch(page)
    page.goto(url, wait_until="networkidle")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    return page, watch


@pytest.mark.parametrize(("path", "shot", "heading"), [
    ("/", "home", "AI & Machine Learning Glossary"),
    ("/term/transformer", "term", "Transformer"),
    ("/category/architecture", "listing", "Architecture"),
    ("/a-z/T", "a-z", "Terms starting with T"),
    ("/search?q=attention", "search", "Search"),
    ("/comparison/encoder-vs-decoder", "comparison", "Encoder vs Decoder"),
])
def test_pages_load_cleanly(server: TermgraphServer, browser: Any, path: str, shot: str, heading: str) -> None:
    page, watch = visit(browser, server.url + path, shot)
    try:
        assert page.locator("h1").count() == 1 and page.locator("h1").inner_text() == heading
        assert page.locator("main").count() == 1 and page.locator("nav[aria-label]").count() >= 1
        assert watch.problems == []
        # usable on a phone: nothing wider than the screen
        page.set_viewport_size({"width": 375, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    finally:
        page.close()


def test_keyboard_only_search(server: TermgraphServer, browser: Any) -> None:
    page, watch = visit(browser, server.url + "/search", "search-empty")
    try:
        for _ in range(40):  # Tab until the search box has the focus, as a keyboard user would
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement && document.activeElement.id") == "q":
                break
        else:
            pytest.fail("the search box cannot be reached with Tab")
        page.keyboard.type("transfor")
        page.wait_for_selector("#suggestions li")
        assert page.get_attribute("#q", "aria-expanded") == "true"
        page.keyboard.press("ArrowDown")
        assert page.get_attribute("#sugg-0", "aria-selected") == "true"
        assert page.get_attribute("#q", "aria-activedescendant") == "sugg-0"
        page.screenshot(path=str(SHOTS / "search-suggestions.png"))
        page.keyboard.press("Enter")
        page.wait_for_url("**/term/transformer")
        assert page.locator("h1").inner_text() == "Transformer"
        # without choosing a suggestion, Enter submits the form (works without JavaScript too)
        page.goto(server.url + "/search")
        page.focus("#q")
        page.keyboard.type("atention")
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: url.endswith("/search?q=atention"))
        assert page.locator("ol.results li").first.inner_text().startswith("Attention Mechanism")
        assert watch.problems == []
    finally:
        page.close()


def test_script_in_content_never_runs(browser: Any, tmp_path: Path) -> None:
    with termgraph_server("--data", str(crafted_dump()), "--quiet", "--workers", "1", log_dir=tmp_path) as crafted:
        page, watch = visit(browser, crafted.url + "/term/evil-term", "evil-term")
        try:
            page.hover("text=click me")
            assert watch.dialogs == []
            assert page.evaluate("document.querySelectorAll('script:not([type=\"application/ld+json\"])').length") == 0
            assert "<script>alert('label')</script>" in page.locator("h1").inner_text()
        finally:
            page.close()


def test_static_site_search(browser: Any, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run([str(Path(sys.executable).parent / "termgraph"), "site", "--data", str(real_dump()),
                    "--out", str(site)], check=True, capture_output=True, timeout=120)
    port = free_port()
    files = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                              "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if fetch(f"http://127.0.0.1:{port}/index.html").status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        page, watch = visit(browser, f"http://127.0.0.1:{port}/search.html?q=transfomer", "static-search")
        try:
            page.wait_for_selector("ol.results li")
            assert page.locator("ol.results li").first.inner_text().startswith("Transformer")
            page.locator("ol.results li a").first.click()
            page.wait_for_url("**/term/transformer.html")
            assert page.locator("h1").inner_text() == "Transformer"
            page.goto(f"http://127.0.0.1:{port}/index.html")
            page.focus("#quick-q")
            page.keyboard.type("embedding")
            page.keyboard.press("Enter")
            page.wait_for_url(lambda url: url.endswith("/search.html?q=embedding"))
            page.wait_for_selector("ol.results li")
            assert page.locator("ol.results li").first.inner_text().startswith("Embedding")
            # the French tree searches with French labels, definitions and words
            page.goto(f"http://127.0.0.1:{port}/fr/search.html?q=apprentissage%20profond")
            page.wait_for_selector("ol.results li")
            assert page.locator("ol.results li").first.inner_text().startswith("Apprentissage profond")
            count = page.locator("#results p.meta").inner_text()
            number, words = count.split(" ", 1)  # French spacing and plural
            assert int(number) > 1 and words == "résultats pour «\xa0apprentissage profond\xa0».", count
            assert watch.problems == []
        finally:
            page.close()
    finally:
        files.terminate()
        files.wait(timeout=10)
