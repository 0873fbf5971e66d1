"""The two sides of a diff, each as the set of its N-Triples lines: a content folder, a dump, a git revision of
the content (`git:REV` or `git:REV:path`), or a remote SPARQL endpoint's graph (an http(s) URL)."""
from __future__ import annotations

import subprocess
import tarfile
import tempfile
from pathlib import Path

from termgraph.errors import RemoteError, UsageError

_FORMATS = {"ttl": "TURTLE", "nt": "N_TRIPLES", "rdf": "RDF_XML", "xml": "RDF_XML", "jsonld": "JSON_LD",
            "json": "JSON_LD", "nq": "N_QUADS", "trig": "TRIG"}


def load_lines(spec: str) -> set[str]:
    """The N-Triples lines (without line breaks) of one side."""
    if spec.startswith("git:"):
        return _git(spec[4:])
    if spec.startswith(("http://", "https://")):
        return _endpoint(spec)
    path = Path(spec)
    if path.is_dir():
        return _content(path)
    if not path.is_file():
        raise UsageError(f"{spec}: no such content folder, dump file, git:REV or endpoint URL")
    if path.suffix == ".nt":
        with open(path, encoding="utf-8") as handle:
            return {line.rstrip("\n") for line in handle if line.strip() and not line.startswith("#")}
    name = _FORMATS.get(path.suffix.lstrip(".").lower())
    if name is None:
        raise UsageError(f"{spec}: cannot tell the RDF syntax from the file name")
    return _parsed(path.read_bytes(), name)


def _parsed(data: bytes, name: str) -> set[str]:
    import pyoxigraph as ox

    from termgraph.content.vocabulary import plain_term
    from termgraph.model.statements import nt_term

    lines = set()
    try:
        for q in ox.parse(data, format=getattr(ox.RdfFormat, name)):
            s, o = plain_term(q.subject), plain_term(q.object)
            if isinstance(s, str) and o is not None:
                lines.add(f"{nt_term(s)} <{q.predicate.value}> {nt_term(o)} .")
    except SyntaxError as exc:
        raise UsageError(f"not valid RDF: {exc}") from None
    return lines


def _content(root: Path) -> set[str]:
    from termgraph.content.reader import load_content
    from termgraph.model.graph import build_statements

    statements, _ = build_statements(load_content(root))
    return set(statements.ntriples_lines())


def _git(rev_path: str) -> set[str]:
    rev, _, folder = rev_path.partition(":")
    folder = folder or "content"
    with tempfile.TemporaryDirectory(prefix="termgraph-diff-") as tmp:
        archive = Path(tmp) / "content.tar"
        try:
            subprocess.run(["git", "archive", "--format=tar", "-o", str(archive), rev, "--", folder],
                           check=True, capture_output=True, text=True)
        except subprocess.CalledProcessError as exc:
            raise UsageError(f"git:{rev_path}: {exc.stderr.strip() or 'git archive failed'}") from None
        except FileNotFoundError:
            raise UsageError("git:REV needs git on the PATH") from None
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        return _content(Path(tmp) / folder)


def _endpoint(url: str) -> set[str]:
    """Every triple of the endpoint's default graph (CONSTRUCT over the SPARQL 1.1 Protocol)."""
    import urllib.error
    import urllib.parse
    import urllib.request

    body = urllib.parse.urlencode({"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"}).encode()
    request = urllib.request.Request(url, data=body, headers={
        "Accept": "application/n-triples", "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            data = response.read()
            kind = response.headers.get_content_type()
    except (urllib.error.URLError, OSError) as exc:
        raise RemoteError(f"{url}: {exc}") from None
    return _parsed(data, "TURTLE" if kind == "text/turtle" else "N_TRIPLES")
