"""`termgraph new`: a term file with every field, which loads and validates before any text is written."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from termgraph.content.fields import SLUG, slugify
from termgraph.content.reader import Glossary, load_glossary
from termgraph.errors import ContentError, Problem, UsageError
from termgraph.release import source_date

TEMPLATE = """\
---
draft: true          # `termgraph build` refuses a draft: write the text below, then delete this line
label: {label}
aliases: []          # synonyms and acronyms, e.g. [LLM]
category: {category}  # one of: {categories}
level: {level}  # one of: {levels}
definition: >-
  Draft definition of {label}: one or two sentences that say what it is without using the term itself.
examples:
  - A concrete example of {label} in use.
faq:
  - question: What is the most common question about {label}?
    answer: Its answer, in two or three sentences.
related: []          # slugs of related terms, e.g. [transformer, attention-mechanism]
broader: []          # slugs of more general terms
sources: []          # - {{title: ..., url: https://..., authors: [...], year: 2017, arxiv: "1706.03762"}}
mappings: {{}}         # {{wikipedia: Exact article title, exact: [IRI], close: [IRI]}}
created: {today}
modified: {today}
deprecated: false    # true, with replaced_by: <slug of the term that replaces it>
{translations}
---
Draft explanation of {label}, in Markdown: why it matters, how it works, and where readers meet it.
"""


_ACRONYM = re.compile(r"(?<![\w-])(?=[A-Za-z]*[A-Z][A-Za-z]*[A-Z])[A-Za-z]{2,8}(?![\w-])")
_VOWELS = set("aeiouy")
_SMALL = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "vs", "with"}


def known_acronyms(content_dir: Path) -> dict[str, str]:
    """Acronyms the glossary already writes (AI, KV, LoRA, BLEU), by their lower-case form: from a quick scan of
    the term files' text."""
    found: dict[str, str] = {}
    for path in sorted((content_dir / "terms").rglob("*.md")):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        for word in _ACRONYM.findall(text):
            found.setdefault(word.lower(), word)
    return found


def label_from_slug(slug: str, acronyms: dict[str, str] | None = None) -> str:
    """A label in the glossary's title case, acronyms kept: kv-cache-offloading -> "KV Cache Offloading"."""
    acronyms = acronyms or {}
    words: list[str] = []
    for word in slug.split("-"):
        if words and word in _SMALL:
            words.append(word)
        elif word in acronyms:
            words.append(acronyms[word])
        elif len(word) <= 5 and not (set(word) & _VOWELS) and word.isalpha():  # kv, llm, rlhf, gpt, mlp
            words.append(word.upper())
        else:
            words.append(word[:1].upper() + word[1:])
    return " ".join(words)


def translation_stubs(glossary: Glossary, label: str) -> str:
    """The `translations:` of a new term: a label and definition to write in each other language the glossary
    itself is written in (its title, categories and levels), or an empty map with an example."""
    texts = [glossary.title, *(c.labels for c in (*glossary.categories, *glossary.levels))]
    languages = sorted({lang for text in texts for lang in text} - {glossary.language})
    if not languages:
        return "translations: {}     # {fr: {label: ..., definition: ..., explanation: ...}}"
    lines = ["translations:        # the glossary's other languages (an explanation is welcome too)"]
    for lang in languages:
        lines += [f"  {lang}:", f"    label: Draft label of {label} in {lang}",
                  "    definition: >-", f"      Draft definition of {label} in {lang}."]
    return "\n".join(lines)


def new_term(content_dir: Path | str, slug: str, label: str | None = None, category: str | None = None,
             level: str | None = None) -> Path:
    """Write content/terms/<slug>.md from the template; never overwrites an existing term."""
    content_dir = Path(content_dir)
    if not SLUG.match(slug):
        raise UsageError(f"{slug!r} is not a slug: use lower-case words joined by hyphens, e.g. {slugify(slug)!r}")
    problems: list[Problem] = []
    glossary = load_glossary(content_dir / "glossary.yaml", problems)
    if glossary is None or problems:
        raise ContentError(problems)
    existing = list((content_dir / "terms").rglob(f"{slug}.md"))
    if existing:
        raise UsageError(f"term {slug!r} already exists: {existing[0]}")
    categories = [c.slug for c in glossary.categories]
    levels = [lv.slug for lv in glossary.levels]
    for value, allowed, what in ((category, categories, "category"), (level, levels, "level")):
        if value is not None and value not in allowed:
            raise UsageError(f"unknown {what} {value!r}; choose one of: {', '.join(allowed)}")
    path = content_dir / "terms" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    label = label or label_from_slug(slug, known_acronyms(content_dir))
    text = TEMPLATE.format(label=label, category=category or categories[0], level=level or levels[0],
                           categories=", ".join(categories), levels=", ".join(levels),
                           today=(source_date() or dt.date.today()).isoformat(),
                           translations=translation_stubs(glossary, label))
    with path.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite a racing writer
        handle.write(text)
    return path
