"""Time validation with ontology/shapes.ttl: termgraph's compiled shapes over pyoxigraph vs pyshacl (the oracle).

The synthetic glossary (benchmarks/synthetic.py) is modelled and written as N-Triples once; then each run is a
fresh process that loads that file and validates it, so memory and caches do not leak between runs:

- oxigraph: pyoxigraph bulk load (as `termgraph build` loads), then validate_store on both cores;
- oxigraph-1: the same on one thread (to show what the second core gives);
- pyshacl: rdflib parses the file, then pyshacl validates (the build's validator until the move to Oxigraph).

Reported: medians of --runs processes for load, validate and the whole process (wall clock, Python start-up
included), and the highest peak RSS. The machine may be shared: run a few times and compare.

    python benchmarks/bench_validate.py --sizes 10000 100000 --pyshacl-sizes 1000 10000 --runs 3
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CHILD = r"""
import gc, json, resource, sys, time
gc.disable()  # as `termgraph build` does
mode, path, base = sys.argv[1:4]
from termgraph.model.graph import Origins
from termgraph.model.iris import Iris
out = {}
t = time.perf_counter()
if mode.startswith("oxigraph"):
    from termgraph.pipeline import load_store
    from termgraph.validate.validator import validate_store
    store = load_store(path)
    out["load"] = time.perf_counter() - t
    t = time.perf_counter()
    report = validate_store(store, Origins({}), Iris(base), "en", workers=1 if mode == "oxigraph-1" else None)
else:
    from rdflib import Graph
    from termgraph.validate.shacl import validate_graph
    graph = Graph().parse(path, format="nt")
    out["load"] = time.perf_counter() - t
    t = time.perf_counter()
    report = validate_graph(graph, Origins({}), Iris(base), "en")
out["validate"] = time.perf_counter() - t
out["findings"] = len(report.findings)
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def run_once(mode: str, ntriples: Path, base: str) -> dict[str, float]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, mode, str(ntriples), base], capture_output=True, text=True,
                          check=True)
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - start
    return result


def write_glossary(size: int, tmp: Path) -> tuple[Path, str, int]:
    """The synthetic glossary's N-Triples, its base IRI and its number of triples."""
    from synthetic import generate

    from termgraph.pipeline import model, write_ntriples

    content, statements, _ = model(generate(size, tmp / "content"), cache=False)
    path = tmp / "glossary.nt"
    write_ntriples(statements, path)
    with open(path, "rb") as f:
        triples = sum(1 for _ in f)
    return path, content.glossary.base_iri, triples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--pyshacl-sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"  {'terms':>7} {'triples':>9} {'engine':11} {'load s':>7} {'validate s':>10} {'process s':>9} "
          f"{'peak MB':>8} {'findings':>8}   (median of {args.runs} fresh processes; peak: the highest)")
    for size in sorted(set(args.sizes) | set(args.pyshacl_sizes)):
        with tempfile.TemporaryDirectory() as tmp:
            ntriples, base, triples = write_glossary(size, Path(tmp))
            modes = ["oxigraph", "oxigraph-1"] if size in args.sizes else ["oxigraph"]
            modes += ["pyshacl"] if size in args.pyshacl_sizes else []
            for mode in modes:
                runs = [run_once(mode, ntriples, base) for _ in range(args.runs)]
                med = {k: statistics.median(r[k] for r in runs) for k in ("load", "validate", "process")}
                print(f"  {size:>7} {triples:>9} {mode:11} {med['load']:7.2f} {med['validate']:10.2f} "
                      f"{med['process']:9.2f} {max(r['rss_mb'] for r in runs):8.0f} {runs[0]['findings']:8.0f}"
                      f"   validate: {' '.join(format(r['validate'], '.2f') for r in runs)}", flush=True)


if __name__ == "__main__":
    main()
