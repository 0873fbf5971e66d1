"""Load what to check (RDF files, or our glossary's content), run the chosen checks, locate every result."""
from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from termgraph.checks.model import FAMILIES, REGISTRY, Check, CheckResult, Hit, Severity, rank
from termgraph.checks.vocab import Vocabulary, term
from termgraph.collector import without_cyclic_gc
from termgraph.errors import ContentError, Origin, Problem, TermgraphError, UsageError
from termgraph.model.graph import Origins

Progress = Callable[[str], None]

# File extensions we read, and the parser for each (pyoxigraph's; it never fetches remote JSON-LD contexts).
EXTENSIONS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE, "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
    "n3": ox.RdfFormat.N3, "rdf": ox.RdfFormat.RDF_XML, "xml": ox.RdfFormat.RDF_XML, "owl": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD, "json": ox.RdfFormat.JSON_LD,
}


def _quiet(_: str) -> None:
    pass


@dataclass(frozen=True)
class Report:
    """The results of one run, in a stable order, and what was checked."""

    results: tuple[CheckResult, ...]
    checks: tuple[Check, ...]
    sources: tuple[str, ...]
    concepts: int
    triples: int
    statistics: dict[str, object] = field(default_factory=dict)  # qSKOS's statistics (checks/stats.py)

    def count(self, severity: Severity) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def per_check(self) -> dict[str, int]:
        """Results per check ID, in registry order, only checks with results."""
        counts = {c.id: 0 for c in self.checks}
        for r in self.results:
            counts[r.check_id] += 1
        return {k: n for k, n in counts.items() if n}

    def fails(self, fail_at: Severity) -> bool:
        """True when some result is at least as severe as `fail_at`."""
        return any(rank(r.severity) <= rank(fail_at) for r in self.results)


# ---------------------------------------------------------------------------------------------- choosing checks


def choose(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> tuple[Check, ...]:
    """The checks to run, in registry order: all, or those selected, minus those ignored.

    Each item may hold several comma-separated IDs; a family name (integrity, quality, glossary) stands for
    all its checks. IDs are case-insensitive; an unknown one is a UsageError naming the closest.
    """
    chosen = _expand(select) if _split(select) else set(REGISTRY)
    chosen -= _expand(ignore)
    return tuple(c for c in REGISTRY.values() if c.id in chosen)


def _split(items: Iterable[str]) -> list[str]:
    return [part.strip() for item in items for part in item.split(",") if part.strip()]


def _expand(items: Iterable[str]) -> set[str]:
    by_key = {cid.lower(): cid for cid in REGISTRY}
    found: set[str] = set()
    for name in _split(items):
        key = name.lower()
        if key in FAMILIES:
            found |= {c.id for c in REGISTRY.values() if c.family == key}
        elif key in by_key:
            found.add(by_key[key])
        else:
            close = difflib.get_close_matches(key, list(by_key) + list(FAMILIES), n=1, cutoff=0.5)
            hint = f"; did you mean {by_key.get(close[0], close[0])!r}?" if close else ""
            raise UsageError(f"unknown check {name!r}{hint} (see `termgraph check --list`)")
    return found


# ---------------------------------------------------------------------------------------------- loading


def load_files(paths: Iterable[Path | str], language: str = "en", progress: Progress = _quiet) -> Vocabulary:
    """Parse RDF files into one store, each file in a named graph of its own (so results can name the file).

    Relative IRIs (an RDF/XML file without xml:base, a Turtle file without @base) are resolved against the
    file's own location, a `file:` IRI, as rapper, Jena and RDF4J do; the `non-http-iri` check then reports
    them. Parsing is lenient about IRIs and language tags, so that malformed ones become findings rather
    than stopping the run. An RDF/XML file Oxigraph rejects is read again by rdflib's more forgiving parser
    (stray text between elements, say); the repair is reported by the `input-repaired` check. Anything else
    unparsable is a ContentError with the file and line.
    """
    store = ox.Store()
    warnings: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw)
        fmt = _format_of(path)
        progress(f"reading {path}")
        if not path.is_file():
            raise NoSuchFile(path)
        graph, base = _graph_name(path), path.resolve().as_uri()
        try:
            store.load(path=str(path), format=fmt, base_iri=base, to_graph=graph, lenient=True)  # faster than bulk_load in memory
        except SyntaxError as exc:
            line = getattr(exc, "lineno", None) or 0
            problem = Problem(Origin(path, line), f"cannot parse as {fmt.name}: {exc.msg}")
            if fmt != ox.RdfFormat.RDF_XML or not _load_with_rdflib(store, path, base, graph):
                raise ContentError([problem]) from None
            where = f"line {line}: " if line else ""
            warnings.append((path.as_posix(), (f"{where}{' '.join(str(exc.msg).split())}; read with rdflib's "
                                              "RDF/XML parser instead")))
        except (OSError, ValueError, UnicodeError) as exc:
            raise ContentError([Problem(Origin(path), f"cannot read as {fmt.name}: {exc}")]) from None
    return Vocabulary(store, language=language, union=True, warnings=warnings)


class NoSuchFile(ContentError):
    """A file given to `termgraph check` that is not there: an input error of its own, not a problem of the content."""

    def __init__(self, path: Path):
        self.problems = (Problem(Origin(path), "no such file"),)
        what = "a directory, not a file" if path.is_dir() else "no such file"
        TermgraphError.__init__(self, f"{path}: {what} (check takes SKOS files: Turtle, RDF/XML, JSON-LD, "
                                      "N-Triples; --content DIR checks a glossary)")


def _load_with_rdflib(store: ox.Store, path: Path, base: str, graph: ox.NamedNode) -> bool:
    """Parse RDF/XML with rdflib (it forgives what Oxigraph does not); True when that worked and was loaded.
    Statements whose IRIs Oxigraph cannot hold are dropped: they make the file unreadable either way."""
    try:
        parsed = Graph()
        parsed.parse(str(path), format="xml", publicID=base)
        for quad in _quads(parsed, graph):
            store.add(quad)
    except Exception:  # noqa: BLE001 - any failure of the second parser means: report the first one's error
        return False
    return True


def _quads(graph: Graph, name: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
    for s, p, o in graph:
        try:
            yield ox.Quad(_ox(s), _ox(p), _ox(o), name)  # type: ignore[arg-type]
        except ValueError:
            continue


def _format_of(path: Path) -> ox.RdfFormat:
    ext = path.suffix.lower().lstrip(".")
    if ext not in EXTENSIONS:
        known = ", ".join(f".{e}" for e in EXTENSIONS)
        raise UsageError(f"{path}: cannot tell the RDF format from the extension {path.suffix or '(none)'!r}; "
                         f"use one of {known}")
    return EXTENSIONS[ext]


def _graph_name(path: Path) -> ox.NamedNode:
    return ox.NamedNode(path.resolve().as_uri())


def _ox(n: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if type(n) is URIRef:
        return ox.NamedNode(n)
    if type(n) is Literal:
        if n.language:
            return ox.Literal(str(n), language=n.language)
        return ox.Literal(str(n), datatype=ox.NamedNode(n.datatype)) if n.datatype else ox.Literal(str(n))
    if type(n) is BNode:
        return ox.BlankNode(str(n))
    return ox.NamedNode(str(n))


def store_of(graph: Graph) -> ox.Store:
    """An rdflib graph copied into a pyoxigraph store (one pass; no serialization round trip)."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(_ox(s), _ox(p), _ox(o)) for s, p, o in graph)  # type: ignore[arg-type]
    return store


@dataclass(frozen=True)
class Glossary:
    """Our glossary loaded for checking: its vocabulary and where each statement came from."""

    vocabulary: Vocabulary
    origins: Origins
    root: Path
    terms: int


def load_glossary(content_dir: Path | str, language: str | None = None, progress: Progress = _quiet) -> Glossary:
    """Read and model the glossary (ContentError when the files cannot be read) and load it, without the SHACL pass."""
    from termgraph.pipeline import model, store_of

    content, statements, origins = model(content_dir, progress)
    progress("loading the statements for checking")
    store = store_of(statements)
    vocabulary = Vocabulary(store, language=language or content.glossary.language)
    return Glossary(vocabulary, origins, content.root, len(content.terms))


# ---------------------------------------------------------------------------------------------- running


def run(vocabulary: Vocabulary, checks: Iterable[Check], locate: Callable[[Hit], Origin | None] | None = None,
        sources: Iterable[str] = (), progress: Progress = _quiet) -> Report:
    """Run each check once over the whole vocabulary; results sorted by check, then concept and value."""
    chosen = tuple(checks)
    results: list[CheckResult] = []
    for check in chosen:
        progress(f"check {check.id}")
        hits = sorted(set(check.run(vocabulary)), key=lambda h: (h.concept, h.value or "", h.message))
        for hit in hits:
            results.append(CheckResult(
                check_id=check.id, severity=check.severity, concept=hit.concept, label=vocabulary.label(hit.concept),
                value=hit.value, message=hit.message, rule_url=check.rule_url,
                origin=locate(hit) if locate else None, path=hit.path))
    from termgraph.checks.stats import statistics

    progress("statistics")
    stats = statistics(vocabulary)
    return Report(tuple(results), chosen, tuple(sources), len(vocabulary.concepts), len(vocabulary.store), stats)


def check_files(paths: Iterable[Path | str], checks: Iterable[Check] | None = None, language: str = "en",
                progress: Progress = _quiet) -> Report:
    """Check SKOS files; each result names the file that describes its concept."""
    files = [Path(p) for p in paths]
    with without_cyclic_gc():
        vocabulary = load_files(files, language, progress)
        return run(vocabulary, REGISTRY.values() if checks is None else checks, _file_locator(vocabulary, files),
                   [f.as_posix() for f in files], progress)


def _file_locator(vocabulary: Vocabulary, files: list[Path]) -> Callable[[Hit], Origin | None]:
    if len(files) == 1:
        return lambda hit: Origin(files[0])
    by_graph = {_graph_name(f).value: f for f in files}
    by_file = {f.as_posix(): f for f in files}

    def locate(hit: Hit) -> Origin | None:
        if hit.concept in by_file:
            return Origin(by_file[hit.concept])
        try:
            node = term(hit.concept)
        except ValueError:  # an invalid IRI (reported as such): Oxigraph will not build it to look it up
            return None
        for quad in _first(vocabulary.store.quads_for_pattern(node, None, None, None),
                           vocabulary.store.quads_for_pattern(None, None, node, None)):
            graph = quad.graph_name
            if isinstance(graph, ox.NamedNode) and graph.value in by_graph:
                return Origin(by_graph[graph.value])
        return None

    return locate


def _first(*iterators: Iterator[ox.Quad]) -> Iterator[ox.Quad]:
    for it in iterators:
        yield from it


def check_glossary(content_dir: Path | str = "content", checks: Iterable[Check] | None = None,
                   language: str | None = None, progress: Progress = _quiet) -> Report:
    """Check our glossary; each result carries the content file and line to edit."""
    with without_cyclic_gc():
        glossary = load_glossary(content_dir, language, progress)
        return run(glossary.vocabulary, REGISTRY.values() if checks is None else checks,
                   _content_locator(glossary.origins), [Path(content_dir).as_posix()], progress)


def _content_locator(origins: Origins) -> Callable[[Hit], Origin | None]:
    def ref(node: str | None) -> URIRef | None:
        return URIRef(node) if node and not node.startswith("_:") else None

    def locate(hit: Hit) -> Origin | None:
        if hit.locate and (found := origins.find(URIRef(hit.locate))):
            return found
        subject = ref(hit.concept)
        if subject is None:
            return None
        predicate = ref(hit.path)
        value = ref(hit.value) if hit.value and "://" in hit.value else None
        return origins.find(subject, predicate, value)

    return locate
