"""`termgraph diff`: a semantic changelog between two releases (content folders, dumps, git revisions, endpoints)."""
from __future__ import annotations

from termgraph.diff.changes import FORMATS, KINDS, Changelog, compare, to_json, to_markdown, to_rdf, to_text
from termgraph.diff.sources import load_lines
from termgraph.errors import UsageError

__all__ = ["FORMATS", "KINDS", "Changelog", "diff", "failing", "to_json", "to_markdown", "to_rdf", "to_text"]


def diff(old: str, new: str, language: str = "en") -> Changelog:
    """What changed from `old` to `new` (each a content folder, a dump file, `git:REV[:folder]` or an endpoint URL)."""
    return compare(load_lines(old), load_lines(new), language)


def failing(log: Changelog, fail_on: tuple[str, ...]) -> list[str]:
    """The change kinds in `fail_on` that the changelog has (UsageError for a kind that does not exist)."""
    for kind in fail_on:
        if kind not in KINDS:
            raise UsageError(f"unknown change kind {kind!r} for --fail-on; choose from: {', '.join(KINDS)}")
    return [kind for kind in fail_on if log.has(kind)]
