"""The retrieval export: the glossary as JSON Lines, one object per term per language (per chunk), made for
retrieval-augmented generation.

Each line stands on its own: the term's IRI (the citation), slug, language, label, aliases, category and level,
definition, the explanation as plain text (Markdown removed), examples, FAQ, related / broader / narrower terms
(IRI and label), the comparisons it appears in, sources (title, URL, authors, year), dates, and one `text` field
that reads well as a retrieval chunk: label and aliases, definition, explanation, related labels. A `text`
longer than `max_chars` is split (at paragraphs, then sentences, then words) into numbered chunks, each a line of
its own with the same metadata and IRI, `chunk` n of `chunks`, and a unique `id`.

Written from the content records (the build's `content`), with the model's own IRI minting, so every IRI is the
one the graph has; byte-stable: terms by slug, the glossary's language first, keys in a fixed order, no
timestamps. A term has a line in every language it has a label in; FAQ entries are written in the glossary's
language (as in the graph), so they appear in that language's lines.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from termgraph.content.reader import Content, Term
from termgraph.dumps.files import write_pieces
from termgraph.errors import UsageError
from termgraph.model.iris import Iris
from termgraph.model.terms import term_minter

DEFAULT_MAX_CHARS = 4000
MIN_MAX_CHARS = 200
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def check_max_chars(max_chars: int) -> int:
    if max_chars < MIN_MAX_CHARS:
        raise UsageError(f"--max-chars must be at least {MIN_MAX_CHARS} (a chunk holds the label and a sentence)")
    return max_chars


# --- Markdown to plain text -------------------------------------------------------------------------------

_markdown: Any = None


def plain_text(markdown: str) -> str:
    """Markdown as plain text: paragraphs separated by blank lines, list items as "- " lines, emphasis,
    links and code marks dropped (their text kept)."""
    global _markdown
    if not markdown.strip():
        return ""
    if _markdown is None:
        from markdown_it import MarkdownIt

        _markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    blocks: list[str] = []
    lists: list[list[int]] = []  # per open list: [next number] for ordered, [] for bullets
    item_prefix: str | None = None
    in_item = False
    for tok in _markdown.parse(markdown):
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append([int(tok.attrs.get("start", 1) or 1)] if kind == "ordered_list_open" else [])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            blocks.append(_BREAK)
        elif kind == "list_item_open":
            current = lists[-1] if lists else []
            if current:
                item_prefix = f"{current[0]}. "
                current[0] += 1
            else:
                item_prefix = "- "
            item_prefix = "  " * (len(lists) - 1) + item_prefix
            in_item = True
        elif kind == "list_item_close":
            in_item = False
        elif kind == "inline":
            text = _inline_text(tok.children or [])
            if item_prefix is not None:
                blocks.append(item_prefix + text)
                item_prefix = None
                _mark_item(blocks)
            elif in_item:
                blocks.append(text)
                _mark_item(blocks)
            else:
                blocks.append(text)
        elif kind in ("fence", "code_block"):
            blocks.append(tok.content.rstrip("\n"))
    return _join(blocks)


_ITEM = "\x00item\x00"
_BREAK = "\x00break\x00"  # the end of a list: what follows is a new block


def _mark_item(blocks: list[str]) -> None:
    blocks[-1] = _ITEM + blocks[-1]


def _join(blocks: list[str]) -> str:
    out: list[str] = []
    previous_item = False
    for block in blocks:
        if block == _BREAK:
            previous_item = False
            continue
        item = block.startswith(_ITEM)
        text = block[len(_ITEM):] if item else block
        if out:
            out.append("\n" if item and previous_item else "\n\n")
        out.append(text)
        previous_item = item
    return "".join(out).strip()


def _inline_text(children: list[Any]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(parts)


# --- chunking ---------------------------------------------------------------------------------------------


def _units(text: str, budget: int) -> list[tuple[str, str]]:
    """(separator before, piece): paragraphs, cut into sentences, words or characters where one is too long."""
    out: list[tuple[str, str]] = []
    for p, paragraph in enumerate(text.split("\n\n")):
        sep = "\n\n" if p else ""
        if len(paragraph) <= budget:
            out.append((sep, paragraph))
            continue
        for s, sentence in enumerate(_SENTENCE.split(paragraph)):
            s_sep = sep if s == 0 else " "
            if len(sentence) <= budget:
                out.append((s_sep, sentence))
                continue
            for w, word in enumerate(sentence.split(" ")):
                w_sep = s_sep if w == 0 else " "
                while len(word) > budget:
                    out.append((w_sep, word[:budget]))
                    word, w_sep = word[budget:], ""
                out.append((w_sep, word))
    return out


def split_text(text: str, max_chars: int, label: str) -> list[str]:
    """`text` in chunks of at most `max_chars` characters; every chunk after the first starts with the label
    (so that it reads on its own in a retrieval index)."""
    if len(text) <= max_chars:
        return [text]
    header = f"{label[: max_chars // 4]} (continued)\n\n"
    budget = max_chars - len(header)
    chunks: list[str] = []
    current = ""
    for sep, piece in _units(text, budget):
        if not current:
            current = piece
        elif len(current) + len(sep) + len(piece) <= (max_chars if not chunks else budget):
            current += sep + piece
        else:
            chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    return [c if n == 0 else header + c for n, c in enumerate(chunks)]


# --- records ----------------------------------------------------------------------------------------------


def _languages(term: Term, default: str) -> list[str]:
    return sorted(term.labels, key=lambda lang: (lang != default, lang))


@dataclass
class _Index:
    """What a term's line needs from the rest of the glossary: inverse links, comparisons, labels."""

    content: Content

    def __post_init__(self) -> None:
        self.terms = {t.slug: t for t in self.content.terms}
        self.related: dict[str, set[str]] = defaultdict(set)
        self.narrower: dict[str, set[str]] = defaultdict(set)
        for t in self.content.terms:
            for other in t.related:
                self.related[t.slug].add(other)
                self.related[other].add(t.slug)
            for other in t.broader:
                self.narrower[other].add(t.slug)
        self.comparisons: dict[str, list[Any]] = defaultdict(list)
        for c in sorted(self.content.comparisons, key=lambda c: c.slug):
            for slug in dict.fromkeys(c.terms):
                self.comparisons[slug].append(c)

    def label(self, slug: str, lang: str, default: str) -> str:
        t = self.terms.get(slug)
        if t is None:
            return slug
        return t.labels.get(lang) or t.labels.get(default) or slug


def records(content: Content, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[dict[str, Any]]:
    """Every line's object, in the export's order."""
    check_max_chars(max_chars)
    g = content.glossary
    default, iris, mint = g.language, Iris(g.base_iri), term_minter(content)
    index = _Index(content)
    categories = {c.slug: c for c in g.categories}
    levels = {c.slug: c for c in g.levels}

    def concept(kind: str, slug: str | None, table: dict[str, Any], lang: str) -> dict[str, str] | None:
        if not slug:
            return None
        c = table.get(slug)
        label = (c.labels.get(lang) or c.labels.get(default) or slug) if c else slug
        return {"iri": iris.category(slug) if kind == "category" else iris.level(slug), "slug": slug, "label": label}

    def linked(slugs: Any, lang: str) -> list[dict[str, str]]:
        found = [(index.label(s, lang, default), s) for s in set(slugs)]
        return [{"iri": mint(s), "label": label} for label, s in sorted(found, key=lambda x: (x[0].lower(), x[1]))]

    for term in sorted(content.terms, key=lambda t: t.slug):
        iri = mint(term.slug)
        for lang in _languages(term, default):
            label = term.labels[lang]
            aliases = list(term.aliases.get(lang, ()))
            definition = term.definitions.get(lang, "")
            explanation = plain_text(term.explanations.get(lang, ""))
            examples = list((term.lists or {}).get("examples", {}).get(lang, ()))
            if lang == default:
                examples = list(term.examples) + examples
            related = linked(index.related.get(term.slug, ()), lang)
            record: dict[str, Any] = {
                "iri": iri, "slug": term.slug, "language": lang, "label": label, "aliases": aliases,
                "category": concept("category", term.category, categories, lang),
                "level": concept("level", term.level, levels, lang),
                "definition": definition, "explanation": explanation, "examples": examples,
                "faq": [{"question": f.question, "answer": f.answer} for f in term.faq] if lang == default else [],
                "related": related,
                "broader": linked(term.broader, lang),
                "narrower": linked(index.narrower.get(term.slug, ()), lang),
                "comparisons": [
                    {"iri": iris.comparison(c.slug),
                     "title": c.title or " vs ".join(index.label(s, lang, default) for s in c.terms),
                     "terms": [{"iri": mint(s), "label": index.label(s, lang, default)} for s in c.terms]}
                    for c in index.comparisons.get(term.slug, ())],
                "sources": [{"title": s.title, "url": s.url, "authors": list(s.authors), "year": s.year}
                            for s in term.sources],
                "created": term.created.isoformat() if term.created else None,
                "modified": term.modified.isoformat() if term.modified else None,
            }
            if term.deprecated:
                record["deprecated"] = True
                record["replaced_by"] = mint(term.replaced_by) if term.replaced_by else None
            head = label + (f" (also: {', '.join(aliases)})" if aliases else "")
            parts = [head, definition, explanation]
            if related:
                parts.append("Related terms: " + ", ".join(r["label"] for r in related) + ".")
            text = "\n\n".join(p for p in parts if p)
            chunks = split_text(text, max_chars, label)
            for n, chunk in enumerate(chunks, start=1):
                yield {"id": f"{term.slug}/{lang}/{n}", **record, "chunk": n, "chunks": len(chunks), "text": chunk}


def lines(content: Content, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[str]:
    for record in records(content, max_chars):
        yield json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def to_bytes(content: Content, max_chars: int = DEFAULT_MAX_CHARS) -> bytes:
    return "".join(lines(content, max_chars)).encode("utf-8")


def write_jsonl(content: Content, out: BinaryIO, max_chars: int = DEFAULT_MAX_CHARS) -> int:
    """Stream the export to a binary file in blocks of about a megabyte; returns the bytes written."""
    return write_pieces(lines(content, max_chars), out)
