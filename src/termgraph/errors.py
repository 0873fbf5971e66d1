"""The one family of errors the library raises; each knows where, what, and its CLI exit code."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from termgraph.validate.report import Report


@dataclass(frozen=True, order=True)
class Origin:
    """A place in the content: a file and a 1-based line (0 when the whole file is meant)."""

    path: Path
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with where it is and, when we can tell, how to fix it."""

    origin: Origin | None
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        return where + self.message + (f" ({self.hint})" if self.hint else "")


class TermgraphError(Exception):
    """Base of every error termgraph raises on purpose."""

    exit_code = 2


class UsageError(TermgraphError):
    """The caller asked for something that cannot be done (unknown format, bad option value)."""


class ContentError(TermgraphError):
    """The content files cannot be read: every problem found, each with file and line."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(sorted(problems, key=lambda p: (p.origin or Origin(Path("")), p.message)))
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the content"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))


class NotConforming(TermgraphError):
    """The glossary was read but does not pass validation; nothing was published."""

    exit_code = 1

    def __init__(self, report: Report):
        self.report = report
        super().__init__(
            f"the glossary does not conform: {report.count('violation')} violation(s), "
            f"{report.count('warning')} warning(s); nothing was written"
        )


class RemoteError(TermgraphError):
    """An outside system (SPARQL endpoint, triple store, network) failed."""

    exit_code = 3
