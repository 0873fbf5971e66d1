"""Web benchmarks (issue 12): the search index, the load on term pages and the API, and `termgraph site`.

    python benchmarks/bench_web.py search --sizes 10000 100000   # our index vs SQLite FTS5, same entries, same queries
    python benchmarks/bench_web.py load --data DUMP [--seconds 60] [--concurrency 32]
    python benchmarks/bench_web.py site --content DIR            # time `termgraph site` (e.g. 10,000 synthetic terms)

`load` starts `termgraph serve --data DUMP --quiet` on a free 127.0.0.1 port and drives it with wrk (Debian's
`wrk`; a C load generator, so the client takes as little of the 2 cores as possible) for --seconds per
scenario: term pages (text/html) of random terms over the whole glossary, the JSON API's term endpoint, and
Turtle descriptions. A request to anything but a 200 counts as an error. The server's memory (RSS of the
serving process) is sampled every second: start, peak and end are reported, to show it stays flat. Bounded:
loopback only, wrk stops after --seconds, the server is stopped by its PID.

`search` builds both indexes over synthetic labels, aliases and definitions (the vocabulary of
benchmarks/synthetic.py) and times build, memory and per-query latency for prefix, full-text and misspelt
queries, and checks how often each finds the intended term with one typo.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
BIN = Path(sys.executable).parent

WRK_SCRIPT = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local counter = 0
setup = function(thread) counter = counter + 1; thread:set("seed", counter) end
init = function(args) math.randomseed(seed * 7919) end
request = function()
  return wrk.format("GET", paths[math.random(#paths)], {["Accept"] = "%(accept)s"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99)))
end
"""


# --- search: our index against SQLite FTS5 ------------------------------------------------------------

def synthetic_entries(n: int, seed: int = 0) -> list[tuple[str, str, tuple[str, ...], str]]:
    from synthetic import NOUNS, SENTENCE, WORDS

    rng = random.Random(seed)
    out = []
    for i in range(n):
        label = f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {rng.choice(NOUNS).title()} {i}"
        alias = "".join(w[0] for w in label.split()[:3]).upper() + str(i)
        definition = (f"A {rng.choice(WORDS)} {rng.choice(NOUNS)} that uses {rng.choice(WORDS)} "
                      f"{rng.choice(NOUNS)}s. " + SENTENCE)
        out.append((f"term-{i}", label, (label, alias), definition))
    return out


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1:]


def rss_self_mb() -> float:
    return rss_mb(os.getpid())


def search_one(kind: str, n: int) -> dict[str, object]:
    """Build one index over n synthetic terms in this (fresh) process and time the same 3 x 200 queries."""
    from termgraph.web.search import Entry, PythonIndex, SearchIndex

    entries = synthetic_entries(n)
    rng = random.Random(1)
    sample = [entries[rng.randrange(n)] for _ in range(200)]
    queries = {  # (query, slug it should find, or None when any answer will do)
        "prefix": [(e[1].lower()[:-1], e[0]) for e in sample],  # the label without its last digit
        "full-text": [(" ".join(e[3].split()[1:3]), None) for e in sample],  # two words of a definition
        "typo": [(typo(e[1].split()[0].lower(), rng) + " " + " ".join(e[1].lower().split()[1:]), e[0])
                 for e in sample],  # a letter missing in the first word
    }
    cls = PythonIndex if kind == "python" else SearchIndex
    before = rss_self_mb()
    started = time.perf_counter()
    index = cls(Entry(slug, label, names, definition) for slug, label, names, definition in entries)
    row: dict[str, object] = {"build_s": round(time.perf_counter() - started, 2),
                              "memory_mb": round(rss_self_mb() - before)}
    for name, cases in queries.items():
        times, found = [], 0
        for text, slug in cases:
            t0 = time.perf_counter()
            hits = index.search(text, limit=20)
            times.append(time.perf_counter() - t0)
            found += bool(hits) if slug is None else any(h.slug == slug for h in hits)
        row[name] = {"median_ms": round(statistics.median(times) * 1000, 2),
                     "p99_ms": round(sorted(times)[int(len(times) * 0.99) - 1] * 1000, 2),
                     "found": f"{found}/{len(cases)}"}
    return row


def bench_search(sizes: list[int]) -> dict[str, object]:
    report: dict[str, object] = {}
    for n in sizes:
        for kind in ("python", "fts5"):
            done = subprocess.run([sys.executable, __file__, "search-one", kind, str(n)], capture_output=True,
                                  text=True, check=True)
            row = json.loads(done.stdout)
            report[f"{n} {kind}"] = row
            print(n, kind, json.dumps(row), flush=True)
    return report


# --- load: term pages and the API under concurrency -----------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def slugs_of(dump: Path) -> list[str]:
    pattern = re.compile(rb"/term/([A-Za-z0-9_-]+)> <http://www.w3.org/2004/02/skos/core#notation>")
    found = set()
    with dump.open("rb") as f:
        for line in f:
            m = pattern.search(line)
            if m:
                found.add(m.group(1).decode())
    return sorted(found)


def bench_load(dump: Path, seconds: int, concurrency: int, threads: int) -> dict[str, object]:
    slugs = slugs_of(dump)
    port = free_port()
    fd, log_name = tempfile.mkstemp(prefix="bench-web-serve-", suffix=".log")
    started = time.perf_counter()
    server = subprocess.Popen([str(BIN / "termgraph"), "serve", "--data", str(dump), "--quiet", "--host", "127.0.0.1",
                               "--port", str(port)], stdout=fd, stderr=subprocess.STDOUT)
    os.close(fd)
    base = f"http://127.0.0.1:{port}"
    report: dict[str, object] = {"terms": len(slugs), "dump": str(dump)}
    try:
        while True:
            if server.poll() is not None or time.perf_counter() - started > 600:
                raise RuntimeError("the server did not start: " + Path(log_name).read_text()[-2000:])
            try:
                with urllib.request.urlopen(base + "/api/v1/statistics", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        report["ready_s"] = round(time.perf_counter() - started, 1)
        scenarios = [("term pages (HTML)", "/term/{}", "text/html"),
                     ("API term (JSON)", "/api/v1/terms/{}", "application/json"),
                     ("term descriptions (Turtle)", "/term/{}", "text/turtle")]
        with tempfile.TemporaryDirectory() as tmp:
            for name, pattern, accept in scenarios:
                paths = Path(tmp) / "paths.txt"
                paths.write_text("\n".join(pattern.format(s) for s in slugs) + "\n")
                script = Path(tmp) / "random.lua"
                script.write_text(WRK_SCRIPT % {"paths": paths, "accept": accept})
                memory: list[float] = [rss_mb(server.pid)]
                stop = threading.Event()

                def sample(samples: list[float] = memory, stop: threading.Event = stop) -> None:
                    while not stop.wait(1.0):
                        samples.append(rss_mb(server.pid))

                sampler = threading.Thread(target=sample, daemon=True)
                sampler.start()
                done = subprocess.run(["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "10s",
                                       "-s", str(script), base], capture_output=True, text=True,
                                      timeout=seconds + 60, check=True)
                stop.set()
                sampler.join()
                line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT"))
                requests, duration_us, status_errors, socket_errors, p50, p99 = map(int, line.split()[1:])
                row = {"requests": requests, "requests_per_s": round(requests / (duration_us / 1e6)),
                       "p50_ms": round(p50 / 1000, 1), "p99_ms": round(p99 / 1000, 1),
                       "errors": status_errors + socket_errors,
                       "rss_mb_start_peak_end": [round(memory[0]), round(max(memory)), round(memory[-1])]}
                report[name] = row
                print(name, json.dumps(row), flush=True)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        os.unlink(log_name)
    return report


# --- site ---------------------------------------------------------------------------------------------

def bench_site(content: Path | None, data: Path | None) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        args = ["--data", str(data)] if data else ["--content", str(content)]
        started = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-v", str(BIN / "termgraph"), "site", *args, "--out", f"{tmp}/site"],
                              capture_output=True, text=True, check=True)
        elapsed = time.perf_counter() - started
        peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        user = re.search(r"User time \(seconds\): ([\d.]+)", done.stderr)
        system = re.search(r"System time \(seconds\): ([\d.]+)", done.stderr)
        files = sum(1 for _ in Path(tmp, "site").rglob("*") if _.is_file())
    cpu = float(user.group(1)) + float(system.group(1)) if user and system else None
    report = {"seconds": round(elapsed, 1), "cpu_seconds": cpu, "load_average": os.getloadavg()[0], "peak_rss_mb": round(int(peak.group(1)) / 1024) if peak else None,
              "files": files}
    print(json.dumps(report), flush=True)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    s = sub.add_parser("search")
    s.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ld = sub.add_parser("load")
    ld.add_argument("--data", type=Path, required=True)
    ld.add_argument("--seconds", type=int, default=60)
    ld.add_argument("--concurrency", type=int, default=32)
    ld.add_argument("--threads", type=int, default=1)
    one = sub.add_parser("search-one")
    one.add_argument("kind", choices=["python", "fts5"])
    one.add_argument("size", type=int)
    st = sub.add_parser("site")
    st.add_argument("--content", type=Path)
    st.add_argument("--data", type=Path)
    args = parser.parse_args()
    if args.what == "search":
        bench_search(args.sizes)
    elif args.what == "search-one":
        print(json.dumps(search_one(args.kind, args.size)))
    elif args.what == "load":
        bench_load(args.data, args.seconds, args.concurrency, args.threads)
    else:
        bench_site(args.content, args.data)


if __name__ == "__main__":
    main()
