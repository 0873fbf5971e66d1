"""Term IRIs of a glossary: the base IRI's `term/<slug>` unless glossary.yaml names an `iri_pattern` or a term
file its own `iri` (an imported vocabulary keeps its IRIs, issue 13)."""
from __future__ import annotations

from collections.abc import Callable
from sys import intern

from termgraph.content.reader import Content
from termgraph.model.iris import Iris


def term_minter(content: Content) -> Callable[[str], str]:
    """slug -> term IRI, for every slug (those of missing terms too: a dangling link keeps its shape)."""
    iris, pattern = Iris(content.glossary.base_iri), content.glossary.iri_pattern
    own = {t.slug: t.iri for t in content.terms if t.iri}
    if not own and not pattern:
        return iris.term

    def mint(slug: str) -> str:
        found = own.get(slug)
        if found:
            return found
        if pattern:
            return intern(pattern.replace("{slug}", slug).replace("{SLUG}", slug.upper()))
        return iris.term(slug)

    return mint
