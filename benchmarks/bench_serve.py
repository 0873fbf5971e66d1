"""Serving benchmark: `termgraph serve` against `oxigraph serve` loaded with the same dump, same request mix.

For each size (10k and 100k synthetic terms by default) the glossary is generated (benchmarks/synthetic.py)
and built with `termgraph build` (cached in --workdir), then each server is started on a free 127.0.0.1 port
and driven by the same load generator for --seconds (bounded in time and in count, loopback only):
`--concurrency` keep-alive connections, each sending the next request of one shuffled mix and waiting for
its answer. Reported per server: requests/s, p50 / p99 latency, errors (anything but 200), server memory at
start and after the run (RSS of the main process; for termgraph also PSS summed over the process and its query
workers, which share the store's pages), start-up time (process start to first answer; for Oxigraph the bulk
load into its on-disk store as well), and whether both servers gave the same answers.

The mix: point lookups through named queries (term, related, term-by-label, has-term), a paged listing
(category), a text search (find-term), an aggregate (statistics) and a CONSTRUCT of one term (term-graph),
on 64 different terms.

    python benchmarks/bench_serve.py                       # 10k and 100k, 60 s per server
    python benchmarks/bench_serve.py --sizes 10000 --seconds 20
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
BIN = Path(sys.executable).parent
MIX = (("term", 20), ("related", 15), ("term-by-label", 10), ("has-term", 10), ("category", 10),
       ("find-term", 10), ("statistics", 5), ("term-graph", 20))
ACCEPT_ROWS = "application/sparql-results+json"
ACCEPT_GRAPH = "application/n-triples"


def prepare(size: int, work: Path) -> tuple[Path, Path]:
    """The synthetic content and its N-Triples dump, built once by `termgraph build`."""
    from synthetic import generate

    content, dist = work / f"content-{size}", work / f"dist-{size}"
    if not (content / "glossary.yaml").exists():
        generate(size, content)
    dump = dist / "glossary.nt"
    if not dump.exists():
        print(f"building {size} terms with termgraph build ...", flush=True)
        subprocess.run([str(BIN / "termgraph"), "build", "--content", str(content), "--out", str(dist)], check=True)
    return content, dump


def requests_for(content: Path, count: int = 64, seed: int = 7) -> list[tuple[str, str, str]]:
    """(name, query text, Accept) for the mix, over `count` terms, shuffled with a fixed seed."""
    from termgraph.sparql.queries import named_queries

    queries = named_queries()
    rng = random.Random(seed)
    slugs = sorted(p.stem for p in (content / "terms").glob("*.md"))
    picked = rng.sample(slugs, min(count, len(slugs)))
    requests = []
    for slug in picked:
        text = (content / "terms" / f"{slug}.md").read_text(encoding="utf-8")
        label = text.split("label: ", 1)[1].split("\n", 1)[0]
        category = text.split("category: ", 1)[1].split("\n", 1)[0]
        params = {"term": {"term": slug}, "related": {"term": slug}, "term-by-label": {"label": f"{label}@en"},
                  "has-term": {"term": slug}, "category": {"category": category, "page": str(rng.randint(1, 5))},
                  "find-term": {"text": " ".join(label.split()[:2]).lower()}, "statistics": {},
                  "term-graph": {"term": slug}}
        for name, weight in MIX:
            query = queries[name]
            accept = ACCEPT_GRAPH if query.form in ("CONSTRUCT", "DESCRIBE") else ACCEPT_ROWS
            requests += [(name, query.bind(params[name]), accept)] * weight
    rng.shuffle(requests)
    return requests


# --- processes -----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answering(url: str, process: subprocess.Popen[bytes], limit: float = 300) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if process.poll() is not None:
            raise SystemExit(f"the server ended early (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"{url} did not answer within {limit} s")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def tree(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
    found, frontier = [pid], [pid]
    while frontier:
        frontier = [p for p, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def pss_mb(pid: int) -> float:
    total = 0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()  # by its PID
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- the load generator --------------------------------------------------------------------------------


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length, chunked = None, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value.strip())
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        body = bytearray()
        while True:
            size = int((await reader.readline()).split(b";")[0].strip(), 16)
            if size == 0:
                await reader.readline()
                break
            body += await reader.readexactly(size)
            await reader.readline()
        return status, bytes(body)
    return status, await reader.readexactly(length or 0)


async def _client(port: int, path: str, requests: list[tuple[str, str, str]], start: int, deadline: float,
                  budget: list[int], latencies: list[float], errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    index = start
    try:
        while time.monotonic() < deadline and budget[0] > 0:
            budget[0] -= 1
            name, query, accept = requests[index % len(requests)]
            index += 1
            target = path + "?" + urllib.parse.urlencode({"query": query})
            data = (f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: {accept}\r\n"
                    "Connection: keep-alive\r\n\r\n").encode()
            started = time.perf_counter()
            writer.write(data)
            await writer.drain()
            try:
                status, _ = await _read_response(reader)
            except (ConnectionError, asyncio.IncompleteReadError) as exc:
                errors.append(f"{name}: {exc}")
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(f"{name}: HTTP {status}")
    finally:
        writer.close()


async def _load(port: int, path: str, requests: list[tuple[str, str, str]], seconds: float, concurrency: int,
                max_requests: int) -> dict[str, object]:
    latencies: list[float] = []
    errors: list[str] = []
    budget = [max_requests]
    started = time.monotonic()
    await asyncio.gather(*(_client(port, path, requests, i * 97, started + seconds, budget, latencies, errors)
                           for i in range(concurrency)))
    elapsed = time.monotonic() - started
    ordered = sorted(latencies)
    return {"requests": len(latencies), "seconds": elapsed, "rps": len(latencies) / elapsed,
            "p50 ms": ordered[len(ordered) // 2] * 1000 if ordered else None,
            "p99 ms": ordered[int(len(ordered) * 0.99)] * 1000 if ordered else None,
            "errors": len(errors), "first errors": errors[:5]}


def load(port: int, path: str, requests: list[tuple[str, str, str]], seconds: float, concurrency: int,
         max_requests: int) -> dict[str, object]:
    return asyncio.run(_load(port, path, requests, seconds, concurrency, max_requests))


def answers(url: str, requests: list[tuple[str, str, str]]) -> dict[str, object]:
    """One answer per distinct request, normalised for comparison (sorted rows, sorted N-Triples lines)."""
    seen: dict[str, object] = {}
    for name, query, accept in requests:
        key = name + query
        if key in seen:
            continue
        request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}),
                                         headers={"Accept": accept})
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read()
        if accept == ACCEPT_GRAPH:
            seen[key] = sorted(line for line in body.decode().splitlines() if line.strip())
        else:
            document = json.loads(body)
            seen[key] = document["boolean"] if "boolean" in document else \
                sorted(json.dumps(b, sort_keys=True) for b in document["results"]["bindings"])
    return seen


# --- one size ------------------------------------------------------------------------------------------


def run_size(size: int, args: argparse.Namespace) -> dict[str, object]:
    content, dump = prepare(size, args.workdir)
    requests = requests_for(content)
    report: dict[str, object] = {"triples": sum(1 for _ in dump.open("rb")), "dump MB": dump.stat().st_size / 1e6}
    servers: dict[str, dict[str, object]] = {}

    # termgraph serve
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen([str(BIN / "termgraph"), "serve", "--data", str(dump), "--port", str(port), "--quiet",
                                *(["--workers", str(args.workers)] if args.workers else [])],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/sparql"
        startup = wait_until_answering(url, process)
        termgraph_answers = answers(url, requests)
        load(port, "/sparql", requests, 3, args.concurrency, 1000)  # warm-up
        figures = {"start-up s": startup, "RSS start MB": rss_mb(process.pid), "PSS start MB": pss_mb(process.pid)}
        figures.update(load(port, "/sparql", requests, args.seconds, args.concurrency, args.max_requests))
        figures.update({"RSS after MB": rss_mb(process.pid), "PSS after MB": pss_mb(process.pid)})
        servers["termgraph serve"] = figures
    finally:
        stop(process)
    del started

    # oxigraph serve-read-only on the same dump (bulk-loaded into its on-disk store first)
    location = args.workdir / f"oxigraph-{size}"
    subprocess.run(["rm", "-rf", str(location)], check=True)
    started = time.monotonic()
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(dump)], check=True,
                   capture_output=True)
    loaded = time.monotonic() - started
    port = free_port()
    process = subprocess.Popen([str(BIN / "oxigraph"), "serve-read-only", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/query"
        startup = wait_until_answering(url, process)
        oxigraph_answers = answers(url, requests)
        load(port, "/query", requests, 3, args.concurrency, 1000)
        figures = {"start-up s": startup, "bulk load s": loaded, "RSS start MB": rss_mb(process.pid),
                   "PSS start MB": pss_mb(process.pid)}
        figures.update(load(port, "/query", requests, args.seconds, args.concurrency, args.max_requests))
        figures.update({"RSS after MB": rss_mb(process.pid), "PSS after MB": pss_mb(process.pid)})
        servers["oxigraph serve-read-only"] = figures
    finally:
        stop(process)
        subprocess.run(["rm", "-rf", str(location)], check=False)
    different = sorted({k.split("PREFIX", 1)[0][:40] for k in termgraph_answers
                        if termgraph_answers[k] != oxigraph_answers.get(k)})
    report["servers"] = servers
    report["distinct requests"] = len(termgraph_answers)
    report["requests with different answers"] = different
    return report


def print_report(size: int, report: dict[str, object], args: argparse.Namespace) -> None:
    servers = report["servers"]
    assert isinstance(servers, dict)
    print(f"\n### {size:,} terms ({report['triples']:,} triples, {report['dump MB']:.0f} MB of N-Triples)\n")
    print(f"{args.concurrency} connections, {args.seconds:.0f} s per server after a 3 s warm-up; "
          f"{report['distinct requests']} distinct requests; "
          f"answers differ on: {report['requests with different answers'] or 'none'}\n")
    print("| server | requests/s | p50 ms | p99 ms | errors | start-up s | RSS start / after MB "
          "| PSS start / after MB |")
    print("|---|---|---|---|---|---|---|---|")
    for name, f in servers.items():
        startup = f"{f['start-up s']:.1f}" + (f" (+ {f['bulk load s']:.1f} load)" if "bulk load s" in f else "")
        print(f"| {name} | {f['rps']:.0f} | {f['p50 ms']:.1f} | {f['p99 ms']:.1f} | {f['errors']} | {startup} "
              f"| {f['RSS start MB']:.0f} / {f['RSS after MB']:.0f} | {f['PSS start MB']:.0f} / {f['PSS after MB']:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--seconds", type=float, default=60.0, help="load per server (bounded)")
    parser.add_argument("--concurrency", type=int, default=8, help="keep-alive connections")
    parser.add_argument("--max-requests", type=int, default=2_000_000, help="upper bound on requests per run")
    parser.add_argument("--workers", type=int, help="termgraph serve --workers (default: its own)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/tg-bench-serve"))
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} CPUs; load generator, servers and anything else running share them")
    reports = {}
    for size in args.sizes:
        reports[size] = run_size(size, args)
        print_report(size, reports[size], args)
    if args.json:
        args.json.write_text(json.dumps(reports, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
