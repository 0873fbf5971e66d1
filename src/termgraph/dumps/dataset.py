"""The dumps of a build: every RDF format, the JSON Lines retrieval export (termgraph.dumps.jsonl) and a VoID /
DCAT description of the dataset listing them all, written all or nothing."""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from termgraph import snapshot
from termgraph.collector import without_cyclic_gc
from termgraph.content.reader import Content, Glossary
from termgraph.dumps.export import serialize, write
from termgraph.dumps.files import Staging
from termgraph.dumps.formats import FORMATS, JSONL, Format, OtherExport, by_name
from termgraph.dumps.jsonl import write_jsonl
from termgraph.errors import NotConforming
from termgraph.forked import Forked
from termgraph.model.graph import Origins
from termgraph.model.iris import DCAT, DCTERMS, RDF, SCHEMA, SKOS, TG, VOID, XSD, Iris
from termgraph.model.statements import Statements, plain, tagged, typed
from termgraph.pipeline import Build, Progress, load_store, model, quiet, validate
from termgraph.release import source_date
from termgraph.validate.report import Report

DUMP_STEM = "glossary"
DESCRIPTION_FILE = "void.ttl"
CHANGELOG_FILES = ("changelog.md", "changelog.json")
IANA = "https://www.iana.org/assignments/media-types/"
NTRIPLES = by_name("ntriples")


def dump_name(fmt: Format | OtherExport) -> str:
    return f"{DUMP_STEM}.{fmt.extension}"


def describe(glossary: Glossary, triples: int, terms: int, sizes: dict[Format | OtherExport, int]) -> Statements:
    """VoID and DCAT description of the dataset: counts, licence, and each dump file with its size in bytes."""
    iris, out = Iris(glossary.base_iri), Statements()
    d = iris.dataset
    out.add(d, RDF.type, VOID.Dataset)
    out.add(d, RDF.type, DCAT.Dataset)
    for lang, text in glossary.title.items():
        out.add(d, DCTERMS.title, tagged(text, lang))
    for lang, text in glossary.description.items():
        out.add(d, DCTERMS.description, tagged(text, lang))
    out.add(d, DCTERMS.license, glossary.license)
    out.add(d, DCTERMS.publisher, iris.publisher)
    out.add(d, DCTERMS.language, plain(glossary.language))
    out.add(d, VOID.rootResource, iris.scheme)
    out.add(d, VOID.uriSpace, plain(glossary.base_iri))
    out.add(d, VOID.triples, typed(str(triples), XSD.integer))
    out.add(d, VOID.entities, typed(str(terms), XSD.integer))
    for vocabulary in (SKOS, SCHEMA, DCTERMS, TG):
        out.add(d, VOID.vocabulary, str(vocabulary))
    if glossary.version:
        out.add(d, DCAT.version, plain(glossary.version))
    released = source_date()
    if released:
        out.add(d, DCTERMS.issued, typed(released.isoformat(), XSD.date))
    for fmt, size in sizes.items():
        url = iris.dump(dump_name(fmt))
        if isinstance(fmt, Format):  # an RDF dump; the JSON Lines export is a distribution only
            out.add(d, VOID.dataDump, url)
        out.add(d, DCAT.distribution, url)
        out.add(url, RDF.type, DCAT.Distribution)
        out.add(url, DCAT.downloadURL, url)
        if isinstance(fmt, Format):  # (application/jsonl is not in IANA's registry: no IRI to point at)
            out.add(url, DCAT.mediaType, IANA + fmt.media_type)
        out.add(url, DCTERMS.format, plain(fmt.media_type))
        out.add(url, DCAT.byteSize, typed(str(size), XSD.nonNegativeInteger))
    return out


Sizes = dict[Format | OtherExport, int]


def _write_formats(statements: Statements, staging: Staging, formats: list[Format], sizes: Sizes,
                   progress: Progress) -> None:
    for fmt in formats:
        progress(f"writing {fmt.name}")
        with open(staging.path(dump_name(fmt)), "wb") as out:
            sizes[fmt] = write(statements, fmt, out)


def _write_jsonl(content: Content, staging: Staging, sizes: Sizes, progress: Progress) -> None:
    progress("writing jsonl")
    with open(staging.path(dump_name(JSONL)), "wb") as out:
        sizes[JSONL] = write_jsonl(content, out)


def _fork_jsonl(content: Content, staging: Staging, progress: Progress) -> Forked[None]:
    """The JSON Lines export written by a forked child, on the other core, while this process writes the RDF
    dumps and Oxigraph validates (its size is read from the file once the child is done)."""
    progress("writing jsonl in another process")
    path = staging.path(dump_name(JSONL))

    def work() -> None:
        with open(path, "wb") as out:
            write_jsonl(content, out)
    return Forked(work)


def _finish(glossary: Glossary, triples: int, terms: int, staging: Staging, sizes: Sizes,
            progress: Progress) -> list[Path]:
    exports: list[Format | OtherExport] = [*FORMATS, JSONL]
    description = describe(glossary, triples, terms, {fmt: sizes[fmt] for fmt in exports})
    staging.path(DESCRIPTION_FILE).write_bytes(serialize(description, by_name("turtle")))
    progress(f"moving {len(staging.staged)} files into {staging.out_dir}")
    order = [dump_name(fmt) for fmt in FORMATS] + [dump_name(JSONL), DESCRIPTION_FILE, *CHANGELOG_FILES]
    return sorted(staging.commit(), key=lambda path: order.index(path.name))


def write_dumps(build: Build, out_dir: Path | str, progress: Progress = quiet) -> list[Path]:
    """Write the build in every format and as JSON Lines, with the dataset description, all or nothing."""
    sizes: Sizes = {}
    with without_cyclic_gc(), Staging(Path(out_dir)) as staging:
        _write_formats(build.statements, staging, list(FORMATS), sizes, progress)
        _write_jsonl(build.content, staging, sizes, progress)
        return _finish(build.content.glossary, build.triples, len(build.content.terms), staging, sizes, progress)


# Up to this N-Triples size (about 2 M triples) the on-disk store is loaded while the dumps are written.
OVERLAP_BYTES = 200_000_000


@dataclass(frozen=True)
class Release:
    """What `termgraph build` made: the report it passed with, the files it wrote, and what they hold."""

    report: Report
    paths: list[Path]
    terms: int
    triples: int


def build_dumps(content_dir: Path | str, out_dir: Path | str, strict: bool = False, progress: Progress = quiet,
                cache: bool = True, changelog: str | None = None) -> Release:
    """`termgraph build`: read, model, write every dump, validate, and move the dumps into `out_dir` only if
    the glossary passes (NotConforming, with the report, otherwise). `cache`: reuse the parsed records of
    unchanged files (termgraph.content.cache). `changelog`: a release to compare with (anything `termgraph diff`
    takes); the changelog is written beside the dumps as CHANGELOG_FILES, with them or not at all.

    Python writes the dumps from the statements. Oxigraph (in Rust, without the GIL) loads the N-Triples dump
    twice: into memory, to validate it, and into the on-disk store that `termgraph query` opens
    (termgraph.snapshot). For a dump of up to OVERLAP_BYTES both loads run on other threads while the dumps are
    written, and a forked copy of the process writes the JSON Lines export. Above that, memory decides the order: the statements (0.9 GB at 100,000 terms), the embedded store
    (2.2 GB) and the on-disk loader (2 GB while it runs) are held one at a time: the dumps are written, the
    statements dropped, the dump loaded and validated, and the on-disk store loaded last.
    Library callers who want the Build itself use pipeline.build() and write_dumps().
    """
    sizes: Sizes = {}
    content_fingerprint = snapshot.fingerprint(content_dir) if Path(content_dir).is_dir() else ""
    prepared: Future[Path | None] | Path | None = None
    forked: Forked[None] | None = None
    with without_cyclic_gc(), Staging(Path(out_dir)) as staging, ThreadPoolExecutor(2) as oxigraph:
        try:
            content, statements, origins = model(content_dir, progress, cache)
            _write_formats(statements, staging, [NTRIPLES], sizes, progress)
            ntriples = staging.staged[dump_name(NTRIPLES)]
            overlap = sizes[NTRIPLES] <= OVERLAP_BYTES
            if overlap:
                forked = _fork_jsonl(content, staging, progress)  # before Oxigraph's threads start
                prepared = oxigraph.submit(snapshot.prepare, content_dir, ntriples)
                checking = oxigraph.submit(_load_and_validate, ntriples, content, origins)
            _write_formats(statements, staging, [f for f in FORMATS if f is not NTRIPLES], sizes, progress)
            if forked is None:
                _write_jsonl(content, staging, sizes, progress)  # from the records, before they are dropped
            terms = len(content.terms)
            if overlap:
                triples, report = checking.result()
            else:
                del statements
                content = replace(content, terms=())  # validation needs the glossary's settings and the origins
                progress("loading and validating in the embedded store")
                triples, report = _load_and_validate(ntriples, content, origins)
            if forked is not None:
                forked.wait()
                sizes[JSONL] = staging.staged[dump_name(JSONL)].stat().st_size
            if not report.passes(strict):
                raise NotConforming(report)
            if changelog is not None:
                _write_changelog(changelog, ntriples, content.glossary.language, staging, progress)
            if isinstance(prepared, Future):
                prepared = prepared.result()  # before _finish moves the dump it reads
            paths = _finish(content.glossary, triples, terms, staging, sizes, progress)
            if not overlap:
                progress("saving the on-disk store for queries")
                prepared = snapshot.prepare(content_dir, Path(out_dir) / dump_name(NTRIPLES))  # in place by now
        except BaseException:
            if forked is not None:
                forked.cancel()
            snapshot.discard(prepared.result() if isinstance(prepared, Future) else prepared)
            raise
    snapshot.commit(content_dir, content_fingerprint, prepared)
    return Release(report, paths, terms, triples)


def _write_changelog(old: str, ntriples: Path, language: str, staging: Staging, progress: Progress) -> None:
    from termgraph.diff import compare, load_lines, to_json, to_markdown

    progress(f"comparing with {old}")
    with open(ntriples, encoding="utf-8") as dump:
        log = compare(load_lines(old), {line.rstrip("\n") for line in dump if line.strip()}, language)
    staging.path(CHANGELOG_FILES[0]).write_text(to_markdown(log), encoding="utf-8")
    staging.path(CHANGELOG_FILES[1]).write_text(to_json(log), encoding="utf-8")


def _load_and_validate(ntriples: Path, content: Content, origins: Origins) -> tuple[int, Report]:
    """The number of triples and the validation report; the embedded store is dropped on return."""
    store = load_store(ntriples)
    return len(store), validate(store, content, origins)
