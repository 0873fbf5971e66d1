"""bench_mcp: `termgraph mcp` measured through the official MCP client, on a synthetic glossary's dump.

For each size: the synthetic content (benchmarks/synthetic.py) built once with `termgraph build` (cached in
--workdir, the same layout as bench_serve.py, so its dumps are reused); then

- start-up: from spawning `termgraph mcp --data dist/glossary.nt` to the client's session being open (median of
  --starts runs), beside `termgraph serve --data` on the same dump (spawn to the first answered ASK);
- lookup: median and p95 of --lookups `lookup` calls (labels drawn at random), through the client over stdio;
  the same for `search` and `explain`.

    .venv/bin/python benchmarks/bench_mcp.py --sizes 10000 100000
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
BIN = Path(sys.executable).parent


def labels_of(dump: Path, n: int, seed: int = 7) -> list[str]:
    labels = []
    with open(dump, encoding="utf-8") as f:
        for line in f:
            if "/term/" in line[:200] and "<http://www.w3.org/2004/02/skos/core#prefLabel>" in line:
                labels.append(json.loads(line.split("> ", 2)[2].rsplit("@", 1)[0]))
    return random.Random(seed).sample(labels, min(n, len(labels)))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def session(dump: Path, labels: list[str]) -> dict[str, Any]:
    from mcp import Client, StdioServerParameters

    params = StdioServerParameters(command=str(BIN / "termgraph"), args=["mcp", "--data", str(dump)])
    started = time.perf_counter()
    async with Client(params, read_timeout_seconds=600) as client:
        ready = time.perf_counter() - started
        out: dict[str, Any] = {"start_s": ready}
        await client.call_tool("search", {"query": "warm up"})  # waits for the search index, built in background
        for tool, key in (("lookup", "term"), ("search", "query"), ("explain", "term")):
            times = []
            for label in labels:
                t0 = time.perf_counter()
                result = await client.call_tool(tool, {key: label})
                times.append((time.perf_counter() - t0) * 1000)
                assert not result.is_error, result.content
            out[tool] = {"median_ms": statistics.median(times), "p95_ms": percentile(times, 0.95), "n": len(times)}
        return out


def start_only(dump: Path) -> float:
    from mcp import Client, StdioServerParameters

    async def run() -> float:
        params = StdioServerParameters(command=str(BIN / "termgraph"), args=["mcp", "--data", str(dump)])
        started = time.perf_counter()
        async with Client(params, read_timeout_seconds=600):
            return time.perf_counter() - started

    return asyncio.run(run())


def serve_start(dump: Path) -> float:
    from bench_serve import free_port, stop, wait_until_answering

    port = free_port()
    process = subprocess.Popen([str(BIN / "termgraph"), "serve", "--data", str(dump), "--port", str(port), "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return wait_until_answering(f"http://127.0.0.1:{port}/sparql", process)
    finally:
        stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/tg-bench-serve"))
    args = parser.parse_args()
    from bench_serve import prepare

    for size in args.sizes:
        _, dump = prepare(size, args.workdir)
        labels = labels_of(dump, args.lookups)
        report = asyncio.run(session(dump, labels))
        starts = [report["start_s"]] + [start_only(dump) for _ in range(args.starts - 1)]
        serves = [serve_start(dump) for _ in range(args.starts)]
        report["start_s"] = statistics.median(starts)
        report["serve_start_s"] = statistics.median(serves)
        print(json.dumps({"terms": size, **report}, indent=None), flush=True)


if __name__ == "__main__":
    main()
