"""Time `termgraph check` on real thesauri and synthetic glossaries; medians of fresh processes and peak memory.

Targets: the STW thesaurus (6,244 concepts, 110k triples) in at most 10 s; a 100,000-term synthetic glossary in
at most 60 s. Each run is a fresh process. Steps and the library doing each:

- files: parse (pyoxigraph) and the checks (SPARQL in Oxigraph's engine, graph algorithms in Python);
  alternative in the same run: the very same checks with every SPARQL query answered by rdflib's engine
  over an rdflib graph (parse with rdflib, then the checks).
- glossaries: read and model the content, load it into pyoxigraph, run the checks (`check --content`);
  then the same checks on the glossary's N-Triples dump, as `termgraph check glossary.nt` would;
  alongside (up to --shacl-up-to terms): `termgraph validate`'s SHACL pass on the same store.

    python benchmarks/bench_check.py --runs 3 --sizes 10000 100000

Measured on 2 cores before the core moved to Oxigraph (median of 2 fresh processes, `--runs 2 --sizes 10000
100000`; peak RSS); the `--content` rows then built an rdflib graph first:

| input | parse / load | 36 checks | total | alternative in the same run |
|---|---|---|---|---|
| STW, 110k triples | 0.22 s (pyoxigraph) | 1.04 s | 1.25 s, 141 MB | rdflib engine: 2.18 + 20.44 = 22.6 s |
| UNESCO, 70k triples | 0.19 s | 0.75 s | 0.93 s, 123 MB | rdflib engine: 1.62 + 15.07 = 16.7 s |
| 10k-term glossary, its N-Triples dump (506k triples) | 1.23 s | 2.11 s | 3.34 s, 319 MB | |
| 10k-term glossary, `--content` | read 2.62 + build 5.81 + copy 3.41 s | 2.17 s | 14.0 s, 958 MB | `termgraph validate` (pyshacl) 26.3 s |
| 100k-term glossary, its N-Triples dump (5.1M triples) | 16.4 s | 29.4 s | 45.8 s, 2.6 GB | |
| 100k-term glossary, `--content` | read 26.4 + build 61.1 + copy 43.2 s | 30.0 s | 160.7 s, 9.0 GB | (pyshacl: minutes, not run) |

Both engines report the same findings (18,790 on STW, 8,926 on UNESCO). Earlier runs while other jobs held
the machine (load average ~3 on 2 cores) took up to 1.6x as long.
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
VOCABULARIES = HERE.parent.parent / "shared" / "data" / "vocabularies"
THESAURI = {"STW": VOCABULARIES / "stw-economics" / "stw-skos.ttl",
            "UNESCO": VOCABULARIES / "unesco-thesaurus" / "unescothes.ttl"}

COMMON = r"""
import json, resource, sys, time
out = {}
def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
def step(name, fn):
    t = time.perf_counter(); value = fn(); out[name] = (time.perf_counter() - t, rss_mb()); return value
"""

FILE_CHILD = COMMON + r"""
from termgraph.checks import REGISTRY, load_files, run
from termgraph.checks.runner import without_cyclic_gc
_no_gc = without_cyclic_gc(); _no_gc.__enter__()  # as check_files() does (keep a reference: dropping it resumes GC)
path = sys.argv[1]
vocabulary = step("parse (pyoxigraph)", lambda: load_files([path]))
report = step("36 checks (Oxigraph SPARQL + Python)", lambda: run(vocabulary, REGISTRY.values()))
out["total"] = (out["parse (pyoxigraph)"][0] + out["36 checks (Oxigraph SPARQL + Python)"][0], rss_mb())
out["_findings"] = (len(report.results), report.concepts)
print(json.dumps(out))
"""

RDFLIB_CHILD = COMMON + r"""
from rdflib import BNode, Graph, Literal, URIRef
from termgraph.checks import REGISTRY, run
from termgraph.checks.runner import without_cyclic_gc
from termgraph.checks.vocab import PREFIXES, Lit, Vocabulary
_no_gc = without_cyclic_gc(); _no_gc.__enter__()  # the same conditions as ours

class RdflibVocabulary(Vocabulary):
    # The same views and checks; every SPARQL query is answered by rdflib's engine instead of Oxigraph's.
    def rows(self, query):
        for row in self.store.query(query, initNs=PREFIXES):
            yield tuple(py(t) for t in row)

def py(t):
    if t is None:
        return None
    if isinstance(t, Literal):
        dt = str(t.datatype) if t.datatype else ("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
                                                 if t.language else "http://www.w3.org/2001/XMLSchema#string")
        return Lit(str(t), t.language or "", dt)
    return "_:" + str(t) if isinstance(t, BNode) else str(t)

graph = step("alt: parse (rdflib)", lambda: Graph().parse(sys.argv[1], format="turtle"))
vocabulary = RdflibVocabulary(graph)
report = step("alt: 36 checks (rdflib SPARQL + Python)", lambda: run(vocabulary, REGISTRY.values()))
out["alt: total"] = (out["alt: parse (rdflib)"][0] + out["alt: 36 checks (rdflib SPARQL + Python)"][0], rss_mb())
out["_findings"] = (len(report.results), report.concepts)
print(json.dumps(out))
"""

GLOSSARY_CHILD = COMMON + r"""
import tempfile
from pathlib import Path
from termgraph import pipeline
from termgraph.checks import REGISTRY, run
from termgraph.checks.runner import without_cyclic_gc
from termgraph.checks.vocab import Vocabulary
_no_gc = without_cyclic_gc(); _no_gc.__enter__()  # as check_glossary() does
content, statements, origins = step("read and model the content", lambda: pipeline.model(sys.argv[1], cache=False))
nt = Path(tempfile.mkdtemp()) / "g.nt"
store = step("load into pyoxigraph", lambda: (pipeline.write_ntriples(statements, nt), pipeline.load_store(nt))[1])
report = step(f"{len(REGISTRY)} checks (Oxigraph SPARQL + Python)", lambda: run(Vocabulary(store), REGISTRY.values()))
out["total, glossary mode"] = (sum(v[0] for v in out.values()), rss_mb())
out["_findings"] = (len(report.results), report.concepts)
if sys.argv[2] == "shacl":
    step("alt: SHACL validation (termgraph validate's engine)", lambda: pipeline.validate(store, content, origins))
print(json.dumps(out))
"""


def run_child(code: str, *args: str) -> dict[str, tuple[float, float]]:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def report(title: str, runs: list[dict[str, tuple[float, float]]]) -> None:
    findings, concepts = runs[0]["_findings"]
    print(f"\n{title}: {int(concepts)} concepts, {int(findings)} findings; median of {len(runs)} runs")
    print(f"  {'step':44} {'median s':>9} {'peak MB':>9}")
    for name in runs[0]:
        if not name.startswith("_"):
            median = statistics.median(r[name][0] for r in runs)
            print(f"  {name:44} {median:9.2f} {max(r[name][1] for r in runs):9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shacl-up-to", type=int, default=10000, help="largest glossary to run pyshacl on")
    parser.add_argument("--no-thesauri", action="store_true", help="only the synthetic glossaries")
    args = parser.parse_args()
    from synthetic import generate

    for name, path in {} if args.no_thesauri else THESAURI.items():
        if not path.is_file():
            print(f"\n{name}: skipped, {path} not found")
            continue
        report(f"{name} ({path.name}), termgraph check", [run_child(FILE_CHILD, str(path)) for _ in range(args.runs)])
        report(f"{name}, alternative: the same checks on rdflib's SPARQL engine",
               [run_child(RDFLIB_CHILD, str(path)) for _ in range(args.runs)])
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            content = generate(size, Path(tmp) / "content")
            shacl = "shacl" if size <= args.shacl_up_to else "-"
            report(f"synthetic glossary, {size} terms, termgraph check --content",
                   [run_child(GLOSSARY_CHILD, str(content), shacl) for _ in range(args.runs)])
            dump = Path(tmp) / "glossary.nt"
            subprocess.run([sys.executable, "-c", DUMP, str(content), str(dump)], check=True)
            report(f"synthetic glossary, {size} terms, termgraph check glossary.nt (its N-Triples dump)",
                   [run_child(FILE_CHILD, str(dump)) for _ in range(args.runs)])


DUMP = r"""
import sys
from pathlib import Path
from termgraph import pipeline
_, statements, _ = pipeline.model(sys.argv[1], cache=False)
pipeline.write_ntriples(statements, Path(sys.argv[2]))
"""

if __name__ == "__main__":
    main()
