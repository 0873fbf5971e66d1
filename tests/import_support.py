"""Helpers of the import tests: the lossless check (every triple of a vocabulary in the build, blank nodes up to
isomorphism) and the files of a content folder."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from termgraph.importing import read_triples
from termgraph.model.statements import Statements, nt_term

Triple = tuple[str, str, object]


def _blank(node: object) -> bool:
    return isinstance(node, str) and node.startswith("_:")


def canonical(triples: list[Triple]) -> set[str]:
    """The triples as N-Triples lines after canonical blank-node labelling (RDFC-1.0 in pyoxigraph)."""
    dataset = ox.Dataset()
    text = "".join(f"{nt_term(s)} <{p}> {nt_term(o)} .\n" for s, p, o in triples)  # type: ignore[arg-type]
    for quad in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        dataset.add(quad)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q.triple) for q in dataset}


def missing_from(vocabulary: Path | list[Path], built: Statements | set[Triple]) -> tuple[set[Triple], bool]:
    """(the triples of the vocabulary without blank nodes that the build lacks, whether the blank-node parts of
    the two graphs are isomorphic)."""
    original = read_triples(vocabulary if isinstance(vocabulary, list) else [vocabulary])
    triples = set(built.triples()) if isinstance(built, Statements) else built
    missing = {t for t in original if not _blank(t[0]) and not _blank(t[2]) and t not in triples}
    ours = [t for t in original if _blank(t[0]) or _blank(t[2])]
    theirs = [t for t in triples if _blank(t[0]) or _blank(t[2])]
    return missing, canonical(ours) == canonical(theirs)


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
