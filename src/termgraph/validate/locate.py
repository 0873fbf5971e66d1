"""Turn a raw validation result into a Finding: located in the content, with a hint for links to nothing."""
from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from termgraph.model.graph import Origins
from termgraph.model.iris import Iris
from termgraph.validate.report import Finding, Severity


@dataclass(frozen=True)
class Raw:
    """One result as the engine gives it: plain strings; `value_is_iri` tells an IRI from a literal."""

    shape: str
    severity: Severity
    message: str
    focus: str
    path: str | None
    value: str | None
    value_is_iri: bool


class Locator:
    """Maps results to findings. `is_typed(iri)` says whether the graph types the IRI; `typed_subjects()` lists
    every typed subject (asked only when a hint is needed)."""

    def __init__(self, origins: Origins, iris: Iris, is_typed: Callable[[str], bool],
                 typed_subjects: Callable[[], Iterable[str]]):
        self.origins, self.iris = origins, iris
        self.scheme = str(iris.scheme)
        self.is_typed, self.typed_subjects = is_typed, typed_subjects
        self._known: dict[str, list[str]] | None = None

    def finding(self, raw: Raw) -> Finding:
        origin = None
        if raw.value_is_iri and raw.focus == self.scheme:  # whole-glossary checks name the term as value
            origin = self.origins.find(raw.value or "", raw.path)
        if origin is None:
            origin = self.origins.find(raw.focus, raw.path, raw.value)
        return Finding(origin=origin, severity=raw.severity, shape=raw.shape, message=raw.message, focus=raw.focus,
                       path=raw.path, value=raw.value, hint=self.hint(raw))

    def hint(self, raw: Raw) -> str | None:
        """For a link to something that does not exist, suggest the closest existing slug."""
        if not raw.value_is_iri or raw.value is None or not (parsed := self.iris.parse(raw.value)):
            return None
        if self.is_typed(raw.value):
            return None
        kind, slug = parsed
        close = difflib.get_close_matches(slug, self.known().get(kind, []), n=1, cutoff=0.6)
        return f"no {kind} {slug!r}; did you mean {close[0]!r}?" if close else f"no {kind} {slug!r}"

    def known(self) -> dict[str, list[str]]:
        if self._known is None:
            self._known = {}
            for subject in sorted(set(self.typed_subjects())):
                parsed = self.iris.parse(subject)
                if parsed and "#" not in subject:
                    self._known.setdefault(parsed[0], []).append(parsed[1])
        return self._known
