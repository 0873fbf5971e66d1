"""What a check is and what it reports: the registry of checks and the result records."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from termgraph.errors import Origin

if TYPE_CHECKING:
    from termgraph.checks.vocab import Vocabulary

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
Family = Literal["integrity", "quality", "glossary"]
FAMILIES: tuple[Family, ...] = ("integrity", "quality", "glossary")

SKOS_REF = "https://www.w3.org/TR/skos-reference/"
QSKOS = "https://github.com/cmader/qSKOS/wiki/Quality-Issues"


def rank(severity: Severity) -> int:
    """0 for the most severe; `--fail-at warning` fails on every result whose rank is <= 1."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Hit:
    """What a check function yields: the resource at fault and why; the runner adds the rest.

    `locate` names another node whose content file and line point better at the fault (a source entry,
    say, rather than the term that cites it).
    """

    concept: str
    message: str
    value: str | None = None
    path: str | None = None
    locate: str | None = None


@dataclass(frozen=True)
class Check:
    """One check: its ID (what --select and --ignore take), its severity and its documentation."""

    id: str
    family: Family
    severity: Severity
    title: str
    finds: str  # what it reports, one sentence
    why: str  # why it matters, one sentence
    rule_url: str
    run: Callable[[Vocabulary], Iterable[Hit]]


@dataclass(frozen=True)
class CheckResult:
    """One finding, with everything a reader needs to act on it."""

    check_id: str
    severity: Severity
    concept: str
    label: str | None
    value: str | None
    message: str
    rule_url: str
    origin: Origin | None = None
    path: str | None = None

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "check": self.check_id, "severity": self.severity, "concept": self.concept, "label": self.label,
            "value": self.value, "message": self.message, "rule": self.rule_url, "path": self.path,
        }
        if self.origin is not None:
            data["file"], data["line"] = self.origin.path.as_posix(), self.origin.line
        return data


REGISTRY: dict[str, Check] = {}


def register(id: str, family: Family, severity: Severity, title: str, finds: str, why: str,
             rule_url: str) -> Callable[[Callable[[Vocabulary], Iterable[Hit]]], Callable[[Vocabulary], Iterable[Hit]]]:
    """Decorator: add a check function to the registry (IDs are unique; the order of registration is kept)."""

    def decorate(fn: Callable[[Vocabulary], Iterable[Hit]]) -> Callable[[Vocabulary], Iterable[Hit]]:
        if id in REGISTRY:
            raise ValueError(f"check {id!r} registered twice")
        REGISTRY[id] = Check(id, family, severity, title, finds, why, rule_url, fn)
        return fn

    return decorate
