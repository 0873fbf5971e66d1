"""Statements grouped by subject and predicate, for the writers that emit one block per subject."""
from __future__ import annotations

from termgraph.model.statements import Lit, Statements

Grouped = dict[str, list["str | Lit"]]  # predicate -> distinct objects


def grouped(statements: Statements, subject: str) -> Grouped:
    """One subject's distinct objects per predicate."""
    by_predicate: Grouped = {}
    for predicate, obj in statements.pairs(subject):
        by_predicate.setdefault(predicate, []).append(obj)
    return by_predicate


def blank_last(subject: str) -> tuple[int, str]:
    """Subjects in the writers' order: IRIs by their text, then blank nodes."""
    return (1 if subject.startswith("_:") else 0, subject)
