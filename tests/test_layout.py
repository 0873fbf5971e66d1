"""The package layout follows the data: no import cycles between termgraph's packages and modules.

Every import counts (also those inside functions), except those under `if TYPE_CHECKING:`. A node is a
subpackage (termgraph.sparql) or a top-level module (termgraph.errors); the root package is left out,
since `import termgraph.x` always runs termgraph/__init__ (which imports nothing until asked).
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "termgraph"


def _node(module: str, depth: int = 2) -> str | None:
    parts = module.split(".")
    if parts[0] != "termgraph" or len(parts) == 1:
        return None
    return ".".join(parts[:depth])


def _imports(path: Path, module: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(module.split(".")[:-node.level] + ([base] if base else []))
            # `from package import module` depends on that module (and on the package only for other names)
            names = [f"{base}.{alias.name}" for alias in node.names]
            found.update(name for name in names if _is_module(name))
            if not all(_is_module(name) for name in names):
                found.add(base)
    return found


def dependency_graph(depth: int = 2) -> dict[str, set[str]]:
    """Imports between packages (depth 2: termgraph.sparql) or between modules (a large depth)."""
    graph: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC.parent).with_suffix("")
        module = ".".join(rel.parts).removesuffix(".__init__")
        source = _node(module, depth)
        if source is None:
            continue
        targets = {_node(name, depth) for name in _imports(path, module)}
        graph.setdefault(source, set()).update(t for t in targets if t and t != source and _exists(t))
    return graph


def _is_module(name: str) -> bool:
    return name.startswith("termgraph.") and _exists(name)


def _exists(node: str) -> bool:
    rel = Path(*node.split(".")[1:])
    return (SRC / rel).is_dir() or (SRC / rel).with_suffix(".py").is_file()


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles_between_packages() -> None:
    graph = dependency_graph()
    assert "termgraph.sparql" in graph and "termgraph.model" in graph["termgraph.validate"]
    assert cycles(graph) == []


def test_no_import_cycles_between_modules() -> None:
    graph = dependency_graph(depth=99)
    assert "termgraph.sparql.syntax" in graph["termgraph.sparql.store"]
    assert cycles(graph) == []


def test_the_detector_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_importing_termgraph_loads_no_rdf_library() -> None:
    code = "import sys, termgraph, termgraph.cli; print(sorted(m for m in ('rdflib', 'pyshacl', 'pyoxigraph') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
