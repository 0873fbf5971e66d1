from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini"
SHARED_DATA = ROOT.parent / "shared" / "data"

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A private copy of the mini glossary that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    return target


def rdflib_graph(statements):  # type: ignore[no-untyped-def]
    """termgraph statements as an rdflib Graph (rdflib is the independent parser of our tests)."""
    from rdflib import Graph

    from termgraph.dumps.export import serialize
    from termgraph.dumps.formats import by_name

    return Graph().parse(data=serialize(statements, by_name("ntriples")), format="nt")
