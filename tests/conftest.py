from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="session")
def _record_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Builds cache parsed records (termgraph.content.cache): in a folder of the test session, not ~/.cache."""
    import os

    os.environ["TERMGRAPH_CACHE_DIR"] = str(tmp_path_factory.mktemp("termgraph-cache"))
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
