"""Every named query on synthetic glossaries, with pyoxigraph (termgraph's embedded engine) and rdflib's
SPARQL engine in the same run: store load time, median latency per query, peak memory, and whether the
two engines gave the same answer.

Each engine runs in a fresh process that loads the same N-Triples dump (so peak memory is that engine's
alone); a preparation process generates the glossary (benchmarks/synthetic.py), builds its graph
(without SHACL validation, which bench_build.py measures) and writes the dump. Generated content is cached
in --workdir between runs, and so is each dump, under a name that changes when the graph mapping does.

    python benchmarks/bench_queries.py --sizes 1000 10000 100000 --rdflib-max 10000

Lookup-style queries (marked *) have a target: a median of at most 20 ms at 100,000 terms.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

LOOKUPS = ("find-term", "term-by-label", "term", "related", "category", "level", "comparisons", "a-z")
TARGET_MS = 20.0
TARGET_LOAD_S = 15.0
# Cached dumps are rebuilt when the modules that shape the graph change.
BUILD_ID = hashlib.sha256(b"".join((HERE.parent / "src" / "termgraph" / name).read_bytes()
                                   for name in ("graph.py", "pages.py"))).hexdigest()[:10]

PREPARE = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from synthetic import generate
from termgraph import pipeline
from termgraph.dumps.export import serialize
from termgraph.dumps.formats import by_name

size, work = int(sys.argv[1]), Path(sys.argv[2])
content, dump = work / f"content-{size}", work / sys.argv[4]
out = {}
if not (content / "glossary.yaml").exists():
    generate(size, content)
if not dump.exists():
    t = time.perf_counter(); _, statements, _ = pipeline.model(content, cache=False)
    out["read and model the content"] = time.perf_counter() - t
    t = time.perf_counter()
    dump.write_bytes(serialize(statements, by_name("ntriples")))  # sorted, as `termgraph build` writes it
    out["write the N-Triples dump (termgraph export)"] = time.perf_counter() - t
    t = time.perf_counter(); store = pipeline.load_store(dump)
    out["load the dump into the store (pyoxigraph)"] = time.perf_counter() - t
    out["triples"] = len(store)
out["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""

MEASURE = r"""
import hashlib, json, resource, statistics, sys, time
from termgraph.sparql.queries import named_queries
from termgraph.sparql.results import render, Triples
from termgraph.sparql.store import EmbeddedStore, QueryTimeout

engine, dump, runs, budget = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[5])
params = json.loads(sys.argv[4])
t = time.perf_counter(); store = EmbeddedStore.from_file(dump, engine); load = time.perf_counter() - t
out = {"load s": load, "triples": len(store), "load peak MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
       "queries": {}}
for name, query in named_queries().items():
    text = query.bind(params.get(name, {}))
    t = time.perf_counter()
    try:  # the first run (in a child that is killed after `budget` seconds) gives the answer to compare
        result = store.query(text, timeout=budget)
    except QueryTimeout:
        out["queries"][name] = {"median ms": None, "size": None, "digest": None}
        continue
    first = time.perf_counter() - t
    times = [first]
    if first < 5:  # slow queries are timed once; the others `runs` times, in this process
        times = []
        for _ in range(runs):
            t = time.perf_counter(); store.query(text); times.append(time.perf_counter() - t)
    if isinstance(result, Triples):
        answer = render(Triples(tuple(sorted(result.triples))), "ntriples")
    else:
        answer = render(result, "json")
    out["queries"][name] = {"median ms": statistics.median(times) * 1000,
                            "size": len(result) if hasattr(result, "__len__") else 1,
                            "digest": hashlib.sha256(answer).hexdigest()[:16]}
if engine == "oxigraph":  # the CLI runs each query in a forked child it can kill at --timeout: its cost
    text = named_queries()["has-term"].bind(params["has-term"])
    times = []
    for _ in range(runs):
        t = time.perf_counter(); store.query(text, timeout=60); times.append(time.perf_counter() - t)
    out["forked query ms"] = statistics.median(times) * 1000
out["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def _child(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark step failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def parameters(content: Path) -> dict[str, dict[str, str]]:
    """Parameters that hit real data: a term that is in a comparison, its label, its first letter."""
    comparison = (content / "comparisons" / "comparison-000000.yaml").read_text(encoding="utf-8")
    slug = comparison.split("terms: [", 1)[1].split(",", 1)[0].strip()
    term = (content / "terms" / f"{slug}.md").read_text(encoding="utf-8")
    label = term.split("label: ", 1)[1].split("\n", 1)[0]
    number = int(slug.rsplit("-", 1)[1])
    parent = term.split("broader: [", 1)[1].split("]", 1)[0] if "broader: [" in term else slug
    return {
        "a-z": {"letter": label[0].lower()}, "broader": {"term": slug}, "narrower": {"term": parent},
        "by-mapping": {"iri": f"https://example.org/external/{number}"}, "category": {"category": "training"},
        "comparisons": {"term": slug}, "find-term": {"text": " ".join(label.split()[:2]).lower()},
        "has-term": {"term": slug}, "level": {"level": "advanced"}, "recently-modified": {"since": "2026-01-01"},
        "related": {"term": slug}, "term": {"term": slug}, "term-by-label": {"label": f"{label}@en"},
        "term-graph": {"term": slug}, "term-of-the-day": {"date": "2026-03-01"}, "two-hops": {"term": slug},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per query (after one warm-up)")
    parser.add_argument("--rdflib-runs", type=int, default=3)
    parser.add_argument("--rdflib-max", type=int, default=10000, help="skip rdflib's engine above this size")
    parser.add_argument("--budget", type=float, default=60.0,
                        help="stop a query after this many seconds (rdflib's engine takes minutes on some)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/termgraph-bench-queries"))
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    report = {}
    for size in args.sizes:
        dump = args.workdir / f"glossary-{size}-{BUILD_ID}.nt"
        prepared = _child(PREPARE, str(size), str(args.workdir), str(HERE), dump.name)
        params = parameters(args.workdir / f"content-{size}")
        engines = {"oxigraph": _child(MEASURE, "oxigraph", str(dump), str(args.runs), json.dumps(params),
                                      str(args.budget))}
        if size <= args.rdflib_max:
            engines["rdflib"] = _child(MEASURE, "rdflib", str(dump), str(args.rdflib_runs), json.dumps(params),
                                       str(args.budget))
        report[size] = {"prepare": prepared, "engines": engines, "params": params}
        print_size(size, prepared, engines, args.budget)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


def _ms(value: float | None, budget: float) -> str:
    return f"> {budget * 1000:.0f} (stopped)" if value is None else f"{value:.2f}"


def print_size(size: int, prepared: dict, engines: dict, budget: float) -> None:
    ox = engines["oxigraph"]
    rd = engines.get("rdflib")
    print(f"\n## {size:,} terms, {ox['triples']:,} triples\n")
    for step, value in prepared.items():
        if step not in ("peak MB", "triples"):
            print(f"- {step}: {value:.2f} s")
    print(f"- load the N-Triples dump, pyoxigraph: {ox['load s']:.2f} s (peak {ox['load peak MB']:.0f} MB)"
          + (" — over the 15 s target" if size >= 100000 and ox["load s"] > TARGET_LOAD_S else ""))
    if rd:
        print(f"- load the N-Triples dump, rdflib: {rd['load s']:.2f} s (peak {rd['load peak MB']:.0f} MB)")
    print(f"- peak memory of the whole run: pyoxigraph {ox['peak MB']:.0f} MB"
          + (f", rdflib {rd['peak MB']:.0f} MB" if rd else ""))
    print(f"- a query in a forked, killable child (what the CLI does): {ox['forked query ms']:.1f} ms\n")
    print("| query | rows | pyoxigraph ms | rdflib ms | rdflib / pyoxigraph | same answer |")
    print("|---|---:|---:|---:|---:|---|")
    ratios = []
    for name, q in ox["queries"].items():
        mark = "*" if name in LOOKUPS else ""
        over = " ⚠" if mark and size >= 100000 and (q["median ms"] or 1e9) > TARGET_MS else ""
        if rd:
            r = rd["queries"][name]
            if r["median ms"] is not None and q["median ms"] is not None:
                ratios.append(r["median ms"] / max(q["median ms"], 1e-6))
                ratio, same = f"{ratios[-1]:.0f}×", "yes" if r["digest"] == q["digest"] else "NO"
            else:
                ratio, same = "–", "–"
            rd_cells = f"{_ms(r['median ms'], budget)} | {ratio} | {same}"
        else:
            rd_cells = "– | – | –"
        print(f"| {name}{mark} | {q['size']} | {_ms(q['median ms'], budget)}{over} | {rd_cells} |")
    if ratios:
        print(f"\nmedian speed-up of pyoxigraph over rdflib: {statistics.median(ratios):.0f}×")


if __name__ == "__main__":
    main()
