"""The one table of RDF formats: CLI names, media types, file extensions and content negotiation.

Below it, a second small table: the exports that are not RDF (JSON Lines for retrieval). `termgraph export`
and the build's dumps accept them; content negotiation never offers them (a term IRI answers RDF or HTML),
so they stay out of FORMATS, which drives negotiation.
"""
from __future__ import annotations

from dataclasses import dataclass

from termgraph.errors import UsageError


@dataclass(frozen=True)
class Format:
    name: str  # what users type: --format turtle
    media_type: str
    extension: str
    rdflib_name: str  # rdflib's serializer / parser plugin
    other_media_types: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.other_media_types)


FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", "ttl", "turtle", ("application/x-turtle",), ("ttl",)),
    Format("jsonld", "application/ld+json", "jsonld", "json-ld", (), ("json-ld",)),
    Format("ntriples", "application/n-triples", "nt", "nt", (), ("nt", "n-triples")),
    Format("rdfxml", "application/rdf+xml", "rdf", "xml", ("application/xml",), ("xml", "rdf")),
)
DEFAULT = FORMATS[0]


def by_name(name: str) -> Format:
    """A format by its name or an alias, case-insensitive; UsageError listing the choices otherwise."""
    key = name.lower()
    for fmt in FORMATS:
        if key == fmt.name or key in fmt.aliases:
            return fmt
    raise UsageError(f"unknown format {name!r}; choose one of: {', '.join(names())}")


def by_media_type(media_type: str) -> Format | None:
    key = media_type.split(";", 1)[0].strip().lower()
    return next((f for f in FORMATS if key in f.media_types), None)


def by_extension(path: str) -> Format | None:
    ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return next((f for f in FORMATS if ext == f.extension or ext in f.aliases), None)


def names() -> list[str]:
    return [f.name for f in FORMATS]


@dataclass(frozen=True)
class OtherExport:
    """An export that is not an RDF serialization of the graph (termgraph.dumps.jsonl)."""

    name: str
    media_type: str
    extension: str
    aliases: tuple[str, ...] = ()


JSONL = OtherExport("jsonl", "application/jsonl", "jsonl", ("json-lines", "ndjson"))
OTHER_EXPORTS: tuple[OtherExport, ...] = (JSONL,)


def export_by_name(name: str) -> Format | OtherExport:
    """A format of either table by name or alias, case-insensitive; UsageError listing every choice otherwise."""
    key = name.lower()
    for other in OTHER_EXPORTS:
        if key == other.name or key in other.aliases:
            return other
    try:
        return by_name(name)
    except UsageError:
        raise UsageError(f"unknown format {name!r}; choose one of: {', '.join(export_names())}") from None


def export_names() -> list[str]:
    return names() + [o.name for o in OTHER_EXPORTS]
