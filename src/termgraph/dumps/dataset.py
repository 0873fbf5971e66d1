"""The dumps of a build: every RDF format plus a VoID / DCAT description of the dataset, written atomically."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SKOS, VOID, XSD

from termgraph.collector import without_cyclic_gc
from termgraph.dumps.export import serialize
from termgraph.dumps.files import write_files
from termgraph.dumps.formats import FORMATS, Format, by_name
from termgraph.model.graph import new_graph
from termgraph.model.iris import SCHEMA, TG
from termgraph.pipeline import Build, Progress, quiet
from termgraph.release import source_date

DUMP_STEM = "glossary"
DESCRIPTION_FILE = "void.ttl"
IANA = "https://www.iana.org/assignments/media-types/"


def dump_name(fmt: Format) -> str:
    return f"{DUMP_STEM}.{fmt.extension}"


def describe(build: Build, dumps: dict[Format, bytes]) -> Graph:
    """VoID and DCAT description of the dataset: counts, licence, and each dump file."""
    glossary, iris, graph = build.content.glossary, build.iris, new_graph()
    d = iris.dataset
    graph.add((d, RDF.type, VOID.Dataset))
    graph.add((d, RDF.type, DCAT.Dataset))
    for lang, text in glossary.title.items():
        graph.add((d, DCTERMS.title, Literal(text, lang=lang)))
    for lang, text in glossary.description.items():
        graph.add((d, DCTERMS.description, Literal(text, lang=lang)))
    graph.add((d, DCTERMS.license, URIRef(glossary.license)))
    graph.add((d, DCTERMS.publisher, iris.publisher))
    graph.add((d, DCTERMS.language, Literal(glossary.language)))
    graph.add((d, VOID.rootResource, iris.scheme))
    graph.add((d, VOID.uriSpace, Literal(glossary.base_iri)))
    graph.add((d, VOID.triples, Literal(len(build.graph), datatype=XSD.integer)))
    graph.add((d, VOID.entities, Literal(len(build.content.terms), datatype=XSD.integer)))
    for vocabulary in (SKOS, SCHEMA, DCTERMS, TG):
        graph.add((d, VOID.vocabulary, URIRef(str(vocabulary))))
    released = source_date()
    if released:
        graph.add((d, DCTERMS.issued, Literal(released, datatype=XSD.date)))
    for fmt, data in dumps.items():
        url = iris.dump(dump_name(fmt))
        graph.add((d, VOID.dataDump, url))
        graph.add((d, DCAT.distribution, url))
        graph.add((url, RDF.type, DCAT.Distribution))
        graph.add((url, DCAT.downloadURL, url))
        graph.add((url, DCAT.mediaType, URIRef(IANA + fmt.media_type)))
        graph.add((url, DCTERMS.format, Literal(fmt.media_type)))
        graph.add((url, DCAT.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)))
    return graph


def write_dumps(build: Build, out_dir: Path | str, progress: Progress = quiet) -> list[Path]:
    """Serialize the build in every format and write them with the dataset description, all or nothing."""
    dumps: dict[Format, bytes] = {}
    with without_cyclic_gc():
        for fmt in FORMATS:
            progress(f"serializing {fmt.name}")
            dumps[fmt] = serialize(build.graph, fmt)
    files = {dump_name(fmt): data for fmt, data in dumps.items()}
    files[DESCRIPTION_FILE] = serialize(describe(build, dumps), by_name("turtle"))
    progress(f"writing {len(files)} files to {out_dir}")
    return write_files(files, Path(out_dir))
