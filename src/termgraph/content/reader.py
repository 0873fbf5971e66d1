"""Read `content/` into typed records. Every problem found carries file, line and field.

Reading checks form (YAML syntax, field names and types, language tags, slugs, dates); whether the
glossary *means* something valid (links resolve, labels are unique, ...) is the validator's job.
"""
from __future__ import annotations

import datetime as dt
import difflib
import multiprocessing as mp
import os
import re
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from termgraph.content import vocabulary
from termgraph.content.cache import RecordCache, digest
from termgraph.content.fields import SLUG, _Reader, check_language, is_http_url, slugify
from termgraph.content.yamlfile import LineDict, YamlProblem, parse_yaml
from termgraph.errors import ContentError, Origin, Problem

LangText = Mapping[str, str]
# What cannot stand between < and > in N-Triples, even when IRIs are loaded leniently.
_UNWRITABLE_IN_IRI = re.compile(r'[<>"\\\x00-\x1f]')


@dataclass(frozen=True)
class Concept:
    """A category or a level: a small SKOS concept defined in glossary.yaml."""

    slug: str
    labels: LangText
    definitions: LangText
    position: int
    origin: Origin
    related: tuple[str, ...] = ()  # other categories (of a category) or levels (of a level)


@dataclass(frozen=True)
class Glossary:
    title: LangText
    description: LangText
    base_iri: str
    language: str
    license: str
    publisher: str
    created: dt.date | None
    modified: dt.date | None
    categories: tuple[Concept, ...]
    levels: tuple[Concept, ...]
    origin: Origin
    # issue 13 (termgraph.content.vocabulary): all optional, adding statements only when present
    profile: str = "glossary"
    scheme_iri: str | None = None
    iri_pattern: str | None = None
    collections: tuple[vocabulary.Collection, ...] = ()
    version: str | None = None  # of this release: in the dataset description (void.ttl)
    extra: tuple[Any, ...] = ()  # plain triples; `<>` (vocabulary.SELF) is the concept scheme


@dataclass(frozen=True)
class Faq:
    question: str
    answer: str
    line: int


@dataclass(frozen=True)
class Source:
    title: str | None
    url: str | None
    authors: tuple[str, ...]
    year: int | None
    publisher: str | None
    doi: str | None
    arxiv: str | None
    line: int
    lines: Mapping[str, int] = field(default_factory=dict)  # field -> line


@dataclass(frozen=True)
class Term:
    slug: str
    path: Path
    labels: LangText
    aliases: Mapping[str, tuple[str, ...]]
    category: str | None
    level: str | None
    definitions: LangText
    explanations: LangText
    examples: tuple[str, ...]
    faq: tuple[Faq, ...]
    related: tuple[str, ...]
    broader: tuple[str, ...]
    sources: tuple[Source, ...]
    wikipedia: str | None
    exact_matches: tuple[str, ...]
    close_matches: tuple[str, ...]
    created: dt.date | None
    modified: dt.date | None
    deprecated: bool
    replaced_by: str | None
    lines: Mapping[str, int] = field(default_factory=dict)
    # issue 13 (termgraph.content.vocabulary): all optional, adding statements only when present
    iri: str | None = None
    # (None, not a default_factory, so that records cached before these fields existed still read)
    lists: Mapping[str, Mapping[str, tuple[str, ...]]] | None = None  # field -> language -> texts
    notations: tuple[str, ...] = ()
    matches: Mapping[str, tuple[str, ...]] | None = None  # broad / narrow / related -> IRIs
    extra: tuple[Any, ...] = ()  # plain triples; `<>` (vocabulary.SELF) is the term

    def origin(self, field_name: str | None = None) -> Origin:
        """Where a field was written (the file's first line when the field is absent)."""
        return self._origins.get(field_name or "") or self._origins[None]

    @cached_property
    def _origins(self) -> dict[str | None, Origin]:
        # one Origin per field, shared by every statement made from it (the model asks once per statement)
        return {None: Origin(self.path, 1)} | {name: Origin(self.path, line) for name, line in self.lines.items()}


@dataclass(frozen=True)
class Aspect:
    name: str
    first: str
    second: str
    line: int


@dataclass(frozen=True)
class Comparison:
    slug: str
    path: Path
    title: str | None
    terms: tuple[str, ...]
    summary: str | None
    aspects: tuple[Aspect, ...]
    created: dt.date | None
    modified: dt.date | None
    lines: Mapping[str, int] = field(default_factory=dict)

    def origin(self, field_name: str | None = None) -> Origin:
        return Origin(self.path, self.lines.get(field_name or "", 1))


@dataclass(frozen=True)
class Content:
    """Everything in a content directory, read and checked for form."""

    root: Path
    glossary: Glossary
    terms: tuple[Term, ...]
    comparisons: tuple[Comparison, ...]

    def term(self, slug: str) -> Term | None:
        return next((t for t in self.terms if t.slug == slug), None)


GLOSSARY_FIELDS = ("title", "description", "base_iri", "language", "license", "publisher", "created",
                   "modified", "version", "categories", "levels", *vocabulary.GLOSSARY_FIELDS)
CONCEPT_FIELDS = ("label", "definition", "related")
TERM_FIELDS = ("draft", "label", "aliases", "category", "level", "definition", "examples", "faq", "related",
               "broader", "sources", "mappings", "created", "modified", "deprecated", "replaced_by", "translations",
               *vocabulary.TERM_FIELDS)
FAQ_FIELDS = ("question", "answer")
SOURCE_FIELDS = ("title", "url", "authors", "year", "publisher", "doi", "arxiv")
MAPPING_FIELDS = ("wikipedia", "exact", "close", *vocabulary.MORE_MAPPINGS)
TRANSLATION_FIELDS = ("label", "aliases", "definition", "explanation", *vocabulary.TRANSLATED_LISTS)
COMPARISON_FIELDS = ("title", "terms", "summary", "aspects", "created", "modified")
ASPECT_FIELDS = ("aspect", "first", "second")


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    try:
        # utf-8-sig: a byte-order mark (which editors on Windows write) is read as nothing, not as text
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(Origin(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
    except OSError as exc:
        problems.append(Problem(Origin(path), f"cannot read file: {exc.strerror or exc}"))
    return None


def _parse(text: str, path: Path, problems: list[Problem], first_line: int = 1) -> LineDict | None:
    try:
        data = parse_yaml(text, path, first_line)
    except YamlProblem as exc:
        problems.append(exc.problem)
        return None
    if not isinstance(data, LineDict):
        problems.append(Problem(Origin(path, first_line), "expected a mapping of fields (key: value lines)"))
        return None
    return data


def split_front_matter(text: str, path: Path, problems: list[Problem]) -> tuple[str, str, int] | None:
    """Split a Markdown file into (front matter YAML, body, line where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        problems.append(Problem(Origin(path, 1), "a term file must start with a '---' line opening the front matter"))
        return None
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return "".join(lines[1:number - 1]), "".join(lines[number:]), number + 1
    problems.append(Problem(Origin(path, 1), "the front matter is never closed: add a '---' line after it"))
    return None


def load_glossary(path: Path, problems: list[Problem]) -> Glossary | None:
    text = _read_text(path, problems)
    data = _parse(text, path, problems) if text is not None else None
    if data is None:
        return None
    r = _Reader(data, path, problems, GLOSSARY_FIELDS, "glossary.yaml")
    language = r.text("language", required=True) or "en"
    check_language(language, Origin(path, r.line("language")), problems)
    more = vocabulary.read_glossary_fields(r, language, problems)
    glossary_profile = more["profile"] == "glossary"  # an imported vocabulary may lack description, licence, publisher
    base_iri = r.text("base_iri", required=True) or ""
    if base_iri and not re.match(r"^https?://[^\s<>\"{}|\\^`]+[/#]$", base_iri):
        r.problem("base_iri", f"base_iri {base_iri!r} must be an http(s) IRI ending in '/' or '#'")
    license_iri = r.text("license", required=glossary_profile) or ""
    if license_iri and not is_http_url(license_iri):
        r.problem("license", f"license {license_iri!r} must be the http(s) IRI of a licence")
    return Glossary(
        title=r.lang_text("title", language, required=True),
        description=r.lang_text("description", language, required=glossary_profile),
        base_iri=base_iri,
        language=language,
        license=license_iri,
        publisher=r.text("publisher", required=glossary_profile) or "",
        created=r.date("created"),
        modified=r.date("modified"),
        categories=_concepts(r, "categories", language),
        levels=_concepts(r, "levels", language),
        origin=Origin(path),
        version=r.text("version"),
        **more,
    )


def _concepts(r: _Reader, key: str, language: str) -> tuple[Concept, ...]:
    table = r.mapping(key)
    if table is None:
        r.text(key, required=r.data.get("profile") != "skos")  # a SKOS vocabulary may have no categories or levels
        return ()
    result = []
    for position, slug in enumerate(table, start=1):
        origin = Origin(r.path, table.key_lines[slug])
        if not SLUG.match(slug):
            r.problems.append(Problem(origin, f"{slug!r} in {key!r} is not a slug", f"write it as {slugify(slug)!r}"))
            continue
        entry = table[slug]
        if not isinstance(entry, LineDict):
            r.problems.append(Problem(origin, f"{key} entry {slug!r} must be a mapping with label and definition"))
            continue
        c = _Reader(entry, r.path, r.problems, CONCEPT_FIELDS, f"{key} entry {slug!r}")
        related = c.slugs("related")
        for other in related:
            if other == slug or other not in table:
                known = [s for s in table if s != slug]
                close = difflib.get_close_matches(other, known, n=1)
                c.problem("related", f"{key} entry {slug!r} is related to {other!r}, which is not another of the "
                          f"{key}", f"did you mean {close[0]!r}?" if close else f"{key}: {', '.join(known)}")
        result.append(Concept(slug, c.lang_text("label", language, required=True),
                              c.lang_text("definition", language, required=True), position, origin,
                              tuple(o for o in related if o != slug and o in table)))
    return tuple(result)


def load_term(path: Path, language: str, problems: list[Problem]) -> Term | None:
    text = _read_text(path, problems)
    parts = split_front_matter(text, path, problems) if text is not None else None
    if parts is None:
        return None
    front, body, body_line = parts
    data = _parse(front, path, problems, first_line=2)
    if data is None:
        return None
    r = _Reader(data, path, problems, TERM_FIELDS, "a term")
    if r.boolean("draft"):
        r.problem("draft", "this term is a draft (`draft: true`, as `termgraph new` writes it)",
                  "replace the placeholder text, then delete the `draft:` line")
    lines = dict(data.key_lines)
    labels = r.lang_text("label", language)
    aliases = {language: r.texts("aliases")} if data.get("aliases") is not None else {}
    definitions = r.lang_text("definition", language)
    explanations = {language: body.strip()} if body.strip() else {}
    if body.strip():
        lines["explanation"] = body_line + len(body) - len(body.lstrip("\n"))
    translations = _translations(r, language)
    for lang, entry, line in translations:
        t = _Reader(entry, path, problems, TRANSLATION_FIELDS, f"translation {lang!r}")
        for key, target in (("label", labels), ("definition", definitions), ("explanation", explanations)):
            value = t.text(key)
            if value:
                target[lang] = value
        if entry.get("aliases") is not None:
            aliases[lang] = t.texts("aliases")
    mappings = r.mapping("mappings")
    m = _Reader(mappings, path, problems, MAPPING_FIELDS, "mappings") if mappings is not None else None
    exact = m.texts("exact") if m else ()
    close = m.texts("close") if m else ()
    for iri in exact + close:
        if not is_http_url(iri):
            problems.append(Problem(Origin(path, r.line("mappings")), f"mapping {iri!r} is not an http(s) IRI"))
    return Term(
        slug=path.stem,
        path=path,
        labels=labels,
        aliases=aliases,
        category=r.text("category"),
        level=r.text("level"),
        definitions=definitions,
        explanations=explanations,
        examples=r.texts("examples"),
        faq=tuple(_faq(r)),
        related=r.slugs("related"),
        broader=r.slugs("broader"),
        sources=tuple(_sources(r)),
        wikipedia=m.text("wikipedia") if m else None,
        exact_matches=tuple(i for i in exact if is_http_url(i)),
        close_matches=tuple(i for i in close if is_http_url(i)),
        created=r.date("created"),
        modified=r.date("modified"),
        deprecated=r.boolean("deprecated"),
        replaced_by=(r.slugs("replaced_by") or (None,))[0],
        lines=lines,
        **vocabulary.read_term_fields(r, language, translations, problems),
    )


def _translations(r: _Reader, default_language: str) -> list[tuple[str, LineDict, int]]:
    table = r.mapping("translations")
    if table is None:
        return []
    result = []
    for lang, entry in table.items():
        origin = Origin(r.path, table.key_lines[lang])
        if not check_language(lang, origin, r.problems):
            continue
        if lang == default_language:
            r.problems.append(Problem(origin, f"translation {lang!r} is the default language",
                                      "write default-language text in the main fields"))
        elif isinstance(entry, LineDict):
            result.append((lang, entry, origin.line))
        else:
            r.problems.append(Problem(origin, f"translation {lang!r} must be a mapping of fields"))
    return result


def _faq(r: _Reader) -> list[Faq]:
    result = []
    for entry in r.records("faq"):
        f = _Reader(entry, r.path, r.problems, FAQ_FIELDS, "a FAQ entry")
        question, answer = f.text("question", required=True), f.text("answer", required=True)
        if question and answer:
            result.append(Faq(question, answer, entry.line))
    return result


def _sources(r: _Reader) -> list[Source]:
    result = []
    for entry in r.records("sources"):
        s = _Reader(entry, r.path, r.problems, SOURCE_FIELDS, "a source")
        url = s.text("url")
        if url and _UNWRITABLE_IN_IRI.search(url):  # the rest of a URL's form is the SHACL shapes' to check
            s.problem("url", f"url {url!r} holds a character no IRI can hold (<, >, \", \\ or a control character)")
            url = None
        result.append(Source(
            title=s.text("title"),
            url=url,
            authors=s.texts("authors"),
            year=s.integer("year"),
            publisher=s.text("publisher"),
            doi=s.text("doi"),
            arxiv=s.text("arxiv"),
            line=entry.line,
            lines=dict(entry.key_lines),
        ))
    return result


def load_comparison(path: Path, problems: list[Problem]) -> Comparison | None:
    text = _read_text(path, problems)
    data = _parse(text, path, problems) if text is not None else None
    if data is None:
        return None
    r = _Reader(data, path, problems, COMPARISON_FIELDS, "a comparison")
    aspects = []
    for entry in r.records("aspects"):
        a = _Reader(entry, path, problems, ASPECT_FIELDS, "an aspect")
        name, first, second = a.text("aspect", True), a.text("first", True), a.text("second", True)
        if name and first and second:
            aspects.append(Aspect(name, first, second, entry.line))
    return Comparison(
        slug=path.stem,
        path=path,
        title=r.text("title"),
        terms=r.slugs("terms"),
        summary=r.text("summary"),
        aspects=tuple(aspects),
        created=r.date("created"),
        modified=r.date("modified"),
        lines=dict(data.key_lines),
    )


def load_content(root: Path | str, cache: bool = False) -> Content:
    """Read a content directory; raise ContentError listing every problem of form found.

    With `cache`, records parsed by an earlier call are reused for files whose bytes did not change
    (termgraph.content.cache); large folders are parsed on two cores.
    """
    root = Path(root)
    problems: list[Problem] = []
    glossary_path = root / "glossary.yaml"
    if not root.is_dir():
        raise ContentError([Problem(Origin(root), "content directory not found")])
    if not glossary_path.is_file():
        raise ContentError([Problem(Origin(glossary_path), "missing glossary.yaml (title, base_iri, language, ...)")])
    glossary = load_glossary(glossary_path, problems)
    language = glossary.language if glossary else "en"
    records = RecordCache(root, language) if cache else None
    terms = _load_all(_slugged(sorted((root / "terms").rglob("*.md")), problems), "term", language, problems, records)
    comparisons = _load_all(_slugged(sorted((root / "comparisons").rglob("*.yaml")), problems), "comparison",
                            language, problems, records)
    if records is not None:
        records.keep_only({str(r.path) for r in (*terms, *comparisons)})
        records.save()
    if problems or glossary is None:
        raise ContentError(problems)
    return Content(root, glossary, tuple(terms), tuple(comparisons))


def _slugged(paths: list[Path], problems: list[Problem]) -> list[Path]:
    """The files to read: one per slug; a bad file name or a slug used by two files is an error naming both."""
    seen: dict[str, Path] = {}
    for path in paths:
        slug = path.stem
        if not SLUG.match(slug):
            problems.append(Problem(Origin(path), f"file name {path.name!r} is not a slug",
                                    f"rename it to {slugify(slug)}{path.suffix}"))
        elif slug in seen:
            problems.append(Problem(Origin(path), f"duplicate slug {slug!r}: also used by {seen[slug]}"))
        else:
            seen[slug] = path
    return list(seen.values())


PARALLEL_FROM = 2000  # files; below this, starting a second process costs more than it saves


def _load_all(paths: list[Path], kind: str, language: str, problems: list[Problem],
              cache: RecordCache | None) -> list[Any]:
    """Records of the files, from the cache where the bytes are unchanged, the rest parsed (on two cores when many)."""
    records: list[Any] = []
    missing: list[tuple[Path, bytes]] = []
    for path in paths:
        try:
            file_digest = digest(path.read_bytes()) if cache is not None else b""
        except OSError as exc:
            problems.append(Problem(Origin(path), f"cannot read file: {exc.strerror or exc}"))
            continue
        found = cache.get(path, file_digest) if cache is not None else None
        if found is not None:
            records.append(found)
        else:
            missing.append((path, file_digest))
    for (path, file_digest), (record, found_problems) in zip(missing, _parse_files([p for p, _ in missing], kind,
                                                                                   language)):
        problems.extend(found_problems)
        if record is not None:
            records.append(record)
            if cache is not None and not found_problems:
                cache.put(path, file_digest, record)
    return sorted(records, key=lambda rec: rec.slug)


def _parse_files(paths: list[Path], kind: str, language: str) -> list[tuple[Any, list[Problem]]]:
    if len(paths) < PARALLEL_FROM or (os.cpu_count() or 1) < 2 or "fork" not in mp.get_all_start_methods():
        return _parse_batch(paths, kind, language)
    half = len(paths) // 2
    with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("fork")) as child:
        second = child.submit(_parse_batch, paths[half:], kind, language)
        first = _parse_batch(paths[:half], kind, language)
        return first + second.result()


def _parse_batch(paths: list[Path], kind: str, language: str) -> list[tuple[Any, list[Problem]]]:
    results = []
    for path in paths:
        found: list[Problem] = []
        record = load_term(path, language, found) if kind == "term" else load_comparison(path, found)
        results.append((record, found))
    return results
