"""A validation report: findings located in the content, with their severity, shape and message."""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal as Lit

from termgraph.errors import Origin

Severity = Lit["violation", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    """One validation result, located in the content where possible."""

    origin: Origin | None
    severity: Severity
    shape: str
    message: str
    focus: str
    path: str | None = None
    value: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else f"<{self.focus}>: "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.severity}: {self.message}{hint} [{self.shape}]"

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["origin"] = None
        if self.origin:
            data["file"], data["line"] = str(self.origin.path), self.origin.line
        del data["origin"]
        return data


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]

    @property
    def conforms(self) -> bool:
        return self.count("violation") == 0

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def passes(self, strict: bool = False) -> bool:
        """Conforms, and with `strict` has no warnings either."""
        return self.conforms and not (strict and self.count("warning"))

    def to_json(self) -> str:
        summary = {s: self.count(s) for s in ("violation", "warning", "info")}
        return json.dumps({"conforms": self.conforms, "summary": summary,
                           "results": [f.to_dict() for f in self.findings]}, indent=2, ensure_ascii=False)

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Report:
        """A report of these findings, duplicates dropped, in a stable order (file, line, severity, ...)."""
        return cls(tuple(sorted(set(findings), key=_sort_key)))


def _sort_key(f: Finding) -> tuple[object, ...]:
    origin = (str(f.origin.path), f.origin.line) if f.origin else ("", 0)
    return (origin, f.severity, f.shape, f.focus, f.value or "", f.message)
