"""`termgraph build` against its reference, whole process, on synthetic glossaries: medians and peak memory.

For each size, in the same run:
- build (cold): `termgraph build` with an empty record cache, whole process (wall time, peak RSS);
- rebuild: the same after editing one term (the record cache warm; what an author waits for);
- reference: pyoxigraph's bare bulk load of the build's own N-Triples dump plus writing the same four formats
  with pyoxigraph's serializers, whole process;
- query: one `termgraph query` on the content just built (it opens the build's on-disk store);
- steps: the build's steps timed inside one process (read, model, write N-Triples, load, validate, write each
  other format), to show where the time goes. In `termgraph build` the other formats are written while the
  store loads and validates, so the whole is less than the sum.

    python benchmarks/bench_build.py --sizes 10000 100000 --runs 3
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
TERMGRAPH = [sys.executable, "-m", "termgraph"]

REFERENCE = r"""
import sys, pyoxigraph as ox
store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
for fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML):
    with open(sys.argv[2] + "." + fmt.file_extension, "wb") as out:
        store.dump(out, fmt, from_graph=ox.DefaultGraph())
"""

STEPS = r"""
import gc, json, sys, tempfile, time
from pathlib import Path
gc.disable()
from termgraph import pipeline
from termgraph.dumps.export import write
from termgraph.dumps.formats import FORMATS

out, t = {}, time.perf_counter()
def step(name):
    global t
    now = time.perf_counter(); out[name] = round(now - t, 2); t = now

from termgraph.content.reader import load_content
content = load_content(sys.argv[1]); step("read (2 processes, no cache)")
from termgraph.model.graph import build_statements
statements, origins = build_statements(content); step("model (records -> statements)")
tmp = Path(tempfile.mkdtemp())
for fmt in FORMATS:
    if fmt.name == "ntriples":
        with open(tmp / "g.nt", "wb") as f: write(statements, fmt, f)
        step("write ntriples")
        store = pipeline.load_store(tmp / "g.nt"); step("load into Oxigraph (memory)")
        report = pipeline.validate(store, content, origins); step("validate (SHACL as SPARQL)")
        assert report.conforms, report.findings[:3]
for fmt in FORMATS:
    if fmt.name != "ntriples":
        with open(tmp / f"g.{fmt.extension}", "wb") as f: write(statements, fmt, f)
        step(f"write {fmt.name}")
from termgraph import snapshot
snapshot.save(sys.argv[1], "bench", tmp / "g.nt"); step("save the on-disk store")
print(json.dumps(out))
"""


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB and stdout of one process (its own rusage, through wait4)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out = process.stdout.read() if process.stdout else b""
    err = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err.decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, out.decode()


def edit_one_term(content: Path, n: int) -> None:
    term = sorted((content / "terms").glob("*.md"))[len(list((content / "terms").glob("*.md"))) // 2]
    text = term.read_text(encoding="utf-8")
    term.write_text(text.replace("definition: ", f"definition: (edit {n}) ", 1), encoding="utf-8")


def bench(size: int, runs: int, work: Path) -> None:
    from synthetic import generate

    content = generate(size, work / "content")
    dist = work / "dist"
    rows: dict[str, list[tuple[float, float]]] = {}
    steps: list[dict[str, float]] = []
    for run in range(runs):
        env = dict(os.environ, TERMGRAPH_CACHE_DIR=str(work / f"cache-{run}"))
        wall, peak, _ = measure([*TERMGRAPH, "build", "--content", str(content), "--out", str(dist)], env)
        rows.setdefault("termgraph build (cold cache)", []).append((wall, peak))
        edit_one_term(content, run)
        wall, peak, _ = measure([*TERMGRAPH, "build", "--content", str(content), "--out", str(dist)], env)
        rows.setdefault("termgraph build after editing one term", []).append((wall, peak))
        wall, peak, _ = measure([*TERMGRAPH, "query", "related", "-p", "term=term-000001", "--content",
                                 str(content), "--format", "json"], env)
        rows.setdefault("termgraph query (one named query)", []).append((wall, peak))
        wall, peak, _ = measure([sys.executable, "-c", REFERENCE, str(dist / "glossary.nt"), str(work / "ref")])
        rows.setdefault("reference: pyoxigraph load + 4 formats", []).append((wall, peak))
        env = dict(os.environ, TERMGRAPH_CACHE_DIR=str(work / "cache-steps"))
        steps.append(json.loads(measure([sys.executable, "-c", STEPS, str(content)], env)[2].splitlines()[-1]))
    triples = (dist / "glossary.nt").read_bytes().count(b"\n")
    print(f"\n{size} terms, {triples} triples; median of {runs} runs, whole process; peak RSS the largest seen")
    print(f"  {'':44} {'median s':>9} {'peak MB':>9} {'x ref':>6}")
    reference = statistics.median(w for w, _ in rows["reference: pyoxigraph load + 4 formats"])
    for name, values in rows.items():
        median = statistics.median(w for w, _ in values)
        print(f"  {name:44} {median:9.2f} {max(p for _, p in values):9.0f} {median / reference:6.2f}")
    print("  steps inside one process (medians, s):")
    for name in steps[0]:
        print(f"    {name:42} {statistics.median(s[name] for s in steps):9.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            bench(size, args.runs, Path(tmp))


if __name__ == "__main__":
    main()
