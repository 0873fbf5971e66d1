"""Shared by the web and site tests: the real glossary and a crafted one built once per test session, and
plain HTTP requests that report every status (no redirect followed, no exception for 4xx)."""
from __future__ import annotations

import atexit
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
TERMGRAPH = Path(sys.executable).parent / "termgraph"
WEB_DATA = ROOT / "tests" / "data" / "web"
ARTIFACTS = ROOT / "tests" / "artifacts"

# Real browsers' Accept headers for a page load (navigations), as they send them.
BROWSERS = {
    "chrome": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
              "application/signed-exchange;v=b3;q=0.7",
    "firefox": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "safari": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "edge": "text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,image/apng,*/*;q=0.8",
    "curl": "*/*",
}


@cache
def _workdir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="termgraph-web-tests-"))
    atexit.register(shutil.rmtree, path, True)
    return path


def _build(content: Path, name: str) -> Path:
    prebuilt = os.environ.get("TERMGRAPH_WEB_TEST_DUMPS")  # a folder with real/ and crafted/ dumps, to skip builds
    if prebuilt and (Path(prebuilt) / name / "glossary.nt").is_file():
        return Path(prebuilt) / name / "glossary.nt"
    out = _workdir() / name
    done = subprocess.run([str(TERMGRAPH), "build", "--content", str(content), "--out", str(out)],
                          check=False, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"termgraph build of {content} failed:\n{done.stderr[-3000:]}")
    return out / "glossary.nt"


@cache
def real_dump() -> Path:
    """The real glossary in content/, built once."""
    return _build(ROOT / "content", "real")


@cache
def crafted_content() -> Path:
    """The mini glossary (a deprecated term, French translations) plus a term full of markup and script."""
    target = _workdir() / "crafted-content"
    shutil.copytree(ROOT / "tests" / "data" / "mini", target)
    shutil.copy(WEB_DATA / "evil-term.md", target / "terms" / "evil-term.md")
    return target


@cache
def crafted_dump() -> Path:
    return _build(crafted_content(), "crafted")


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> Reply:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, target, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()
