"""Time load / build / validate / export on synthetic glossaries; medians of several runs and peak memory.

Each run is a fresh process (so memory and caches do not leak between runs). Steps, and the library that
does each: load (PyYAML + our records), graph (rdflib), validate (pyshacl on rdflib's memory store),
export in each format (rdflib serializers; JSON-LD by our writer), and, as the alternative in the same run,
the same graph loaded into pyoxigraph and serialized by it. Python's cyclic garbage collector is paused
throughout, as `termgraph build` pauses it (termgraph.collector).

    python benchmarks/bench_build.py --sizes 1000 10000 --runs 3
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CHILD = r"""
import gc, json, resource, sys, time
gc.disable()  # what `termgraph build` does while it reads, builds, validates and serializes
from termgraph.content.reader import load_content
from termgraph.model.graph import build_graph
from termgraph.model.iris import Iris
from termgraph.validate.shacl import validate_graph
from termgraph.dumps.export import serialize
from termgraph.dumps.formats import FORMATS

def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

out = {}
def step(name, fn):
    t = time.perf_counter(); value = fn(); out[name] = (time.perf_counter() - t, rss_mb()); return value

content = step("load (PyYAML)", lambda: load_content(sys.argv[1]))
graph, origins = step("graph (rdflib)", lambda: build_graph(content))
report = step("validate (pyshacl)", lambda: validate_graph(graph, origins, Iris(content.glossary.base_iri), "en"))
assert report.conforms, report.findings[:3]
for fmt in FORMATS:
    step(f"export {fmt.name} (" + ("rdflib, sorted view" if fmt.name == "rdfxml" else "termgraph") + ")",
         lambda: serialize(graph, fmt))
import pyoxigraph
nt = serialize(graph, FORMATS[2])
store = pyoxigraph.Store()
step("alt: load N-Triples (pyoxigraph)", lambda: store.bulk_load(nt, pyoxigraph.RdfFormat.N_TRIPLES))
for name, f in (("turtle", pyoxigraph.RdfFormat.TURTLE), ("ntriples", pyoxigraph.RdfFormat.N_TRIPLES),
                ("rdfxml", pyoxigraph.RdfFormat.RDF_XML), ("jsonld", pyoxigraph.RdfFormat.JSON_LD)):
    step(f"alt: export {name} (pyoxigraph)", lambda: pyoxigraph.serialize(store, format=f))
out["_triples"] = (len(graph), 0)
print(json.dumps(out))
"""


def run_once(content_dir: Path) -> dict[str, tuple[float, float]]:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(content_dir)], capture_output=True, text=True,
                          check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from synthetic import generate

    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            content = generate(size, Path(tmp) / "content")
            runs = [run_once(content) for _ in range(args.runs)]
        triples = int(runs[0]["_triples"][0])
        print(f"\n{size} terms, {triples} triples, median of {args.runs} runs (peak RSS of the process so far)")
        print(f"  {'step':42} {'median s':>9} {'peak MB':>9}")
        for name in runs[0]:
            if name.startswith("_"):
                continue
            median = statistics.median(r[name][0] for r in runs)
            peak = max(r[name][1] for r in runs)
            print(f"  {name:42} {median:9.2f} {peak:9.0f}")


if __name__ == "__main__":
    main()
