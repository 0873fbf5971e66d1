"""The dumps of a build: every RDF format plus a VoID / DCAT description of the dataset, written all or nothing."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from termgraph import snapshot
from termgraph.collector import without_cyclic_gc
from termgraph.dumps.export import serialize, write
from termgraph.dumps.files import Staging
from termgraph.dumps.formats import FORMATS, Format, by_name
from termgraph.model.iris import DCAT, DCTERMS, RDF, SCHEMA, SKOS, TG, VOID, XSD
from termgraph.model.statements import Statements, plain, tagged, typed
from termgraph.pipeline import Build, Checked, Progress, gate, load_store, model, quiet, validate
from termgraph.release import source_date

DUMP_STEM = "glossary"
DESCRIPTION_FILE = "void.ttl"
IANA = "https://www.iana.org/assignments/media-types/"
NTRIPLES = by_name("ntriples")


def dump_name(fmt: Format) -> str:
    return f"{DUMP_STEM}.{fmt.extension}"


def describe(build: Checked, sizes: dict[Format, int]) -> Statements:
    """VoID and DCAT description of the dataset: counts, licence, and each dump file with its size in bytes."""
    glossary, iris, out = build.content.glossary, build.iris, Statements()
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
    out.add(d, VOID.triples, typed(str(build.triples), XSD.integer))
    out.add(d, VOID.entities, typed(str(len(build.content.terms)), XSD.integer))
    for vocabulary in (SKOS, SCHEMA, DCTERMS, TG):
        out.add(d, VOID.vocabulary, str(vocabulary))
    released = source_date()
    if released:
        out.add(d, DCTERMS.issued, typed(released.isoformat(), XSD.date))
    for fmt, size in sizes.items():
        url = iris.dump(dump_name(fmt))
        out.add(d, VOID.dataDump, url)
        out.add(d, DCAT.distribution, url)
        out.add(url, RDF.type, DCAT.Distribution)
        out.add(url, DCAT.downloadURL, url)
        out.add(url, DCAT.mediaType, IANA + fmt.media_type)
        out.add(url, DCTERMS.format, plain(fmt.media_type))
        out.add(url, DCAT.byteSize, typed(str(size), XSD.nonNegativeInteger))
    return out


def _write_formats(statements: Statements, staging: Staging, formats: list[Format], sizes: dict[Format, int],
                   progress: Progress) -> None:
    for fmt in formats:
        progress(f"writing {fmt.name}")
        with open(staging.path(dump_name(fmt)), "wb") as out:
            sizes[fmt] = write(statements, fmt, out)


def _finish(build: Checked, staging: Staging, sizes: dict[Format, int], progress: Progress) -> list[Path]:
    ordered = {fmt: sizes[fmt] for fmt in FORMATS}
    staging.path(DESCRIPTION_FILE).write_bytes(serialize(describe(build, ordered), by_name("turtle")))
    progress(f"moving {len(staging.staged)} files into {staging.out_dir}")
    order = [dump_name(fmt) for fmt in FORMATS] + [DESCRIPTION_FILE]
    return sorted(staging.commit(), key=lambda path: order.index(path.name))


def write_dumps(build: Build, out_dir: Path | str, progress: Progress = quiet) -> list[Path]:
    """Write the build in every format, with the dataset description, all or nothing."""
    sizes: dict[Format, int] = {}
    with without_cyclic_gc(), Staging(Path(out_dir)) as staging:
        _write_formats(build.statements, staging, list(FORMATS), sizes, progress)
        return _finish(build, staging, sizes, progress)


def build_dumps(content_dir: Path | str, out_dir: Path | str, strict: bool = False, progress: Progress = quiet,
                cache: bool = True) -> tuple[Build, list[Path]]:
    """`termgraph build`: read, model, validate and write every dump, using both cores.

    The N-Triples dump is written first and bulk-loaded into the embedded store; while Oxigraph loads and
    validates it (in Rust, without the GIL), then saves it on disk for `termgraph query` (termgraph.snapshot),
    this thread writes the other formats. Nothing is moved into
    `out_dir` unless the glossary passes: raises NotConforming (with the report) otherwise. `cache`: reuse
    the parsed records of unchanged files (termgraph.content.cache).
    """
    sizes: dict[Format, int] = {}
    content_fingerprint = snapshot.fingerprint(content_dir) if Path(content_dir).is_dir() else ""
    with without_cyclic_gc(), Staging(Path(out_dir)) as staging:
        content, statements, origins = model(content_dir, progress, cache)
        _write_formats(statements, staging, [NTRIPLES], sizes, progress)
        checked: dict[str, Any] = {}

        def load_and_validate() -> None:
            try:
                ntriples = staging.staged[dump_name(NTRIPLES)]
                store = load_store(ntriples)
                report = validate(store, content, origins)
                checked["store"], checked["report"] = store, report
                if report.passes(strict):  # the on-disk copy that `termgraph query` opens while this build is current
                    snapshot.save(content_dir, content_fingerprint, ntriples)
            except Exception as exc:  # noqa: BLE001  (re-raised in the calling thread)
                checked["error"] = exc

        progress("loading and validating in the embedded store")
        worker = threading.Thread(target=load_and_validate, name="termgraph-validate")
        worker.start()
        try:
            _write_formats(statements, staging, [f for f in FORMATS if f is not NTRIPLES], sizes, progress)
        finally:
            worker.join()
        if "error" in checked:
            raise checked["error"]
        build = gate(Checked(content, statements, origins, checked["report"], checked["store"]), strict)
        return build, _finish(build, staging, sizes, progress)
