"""Quality checks for any SKOS vocabulary: SKOS integrity, qSKOS-style quality issues, glossary checks.

Importing this package fills the registry; `termgraph check` is the CLI over `check_files` / `check_glossary`.
"""
from __future__ import annotations

from termgraph.checks import glossary, integrity, quality, resources  # noqa: F401  (each module registers its checks)
from termgraph.checks.model import FAMILIES, REGISTRY, Check, CheckResult, Hit, Severity
from termgraph.checks.runner import Report, check_files, check_glossary, choose, load_files, load_glossary, run

# The registry's order is the order of every report: integrity, then quality, then glossary checks.
for _check in sorted(REGISTRY.values(), key=lambda c: FAMILIES.index(c.family)):
    REGISTRY[_check.id] = REGISTRY.pop(_check.id)

__all__ = ["REGISTRY", "Check", "CheckResult", "Hit", "Report", "Severity", "check_files", "check_glossary",
           "choose", "load_files", "load_glossary", "run"]
