"""Where the files that ship with termgraph live: installed inside the package, or at the top of a checkout."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """`ontology` or `queries`: the copy inside an installed wheel, else the one in the source tree."""
    for candidate in (_PACKAGE / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"termgraph resource folder {name!r} not found next to {_PACKAGE}")


def ontology_file(name: str) -> Path:
    return resource_dir("ontology") / name
