"""Publish a synthetic glossary into a local Oxigraph server; Oxigraph's own bulk `oxigraph load` of the same
N-Triples dump, in the same run, is the reference.

Scenarios, each timed from the call to termgraph.publish.publish() to its verified return:
  first, atomic   (--atomic-first) an empty store: the whole graph staged in a temporary graph (Oxigraph's
                  bulk loader), then MOVE into place, one transaction. Oxigraph holds a transaction in memory:
                  at 100,000 terms (5 M triples) the MOVE needed over 10 GB and was killed by the OOM killer
                  on a 23 GB machine, so this scenario is for smaller sizes;
  first, initial load   the same empty store, publish(initial_load=True): loaded in place, not atomic;
  unchanged       the same build again: read back, compared, nothing written;
  changed         1% of the terms' definitions reworded: only the difference written, in one request.

The glossary is built and validated with termgraph.pipeline.build (about a minute at 100,000 terms). Servers run on disk
(`oxigraph serve --location`), on 127.0.0.1, and are stopped by their PID. Peak memory: the RSS high-water
mark (VmHWM) of the Oxigraph process, and the growth of this process's peak RSS during a publish.

    python benchmarks/bench_publish.py --terms 100000 --runs 1
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """oxigraph serve on a fresh location; stopped by its PID."""

    def __init__(self, location: Path):
        self.port = free_port()
        self.process = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(location), "--bind",
                                         f"127.0.0.1:{self.port}"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("oxigraph serve did not start")

    def stop(self) -> float:
        peak = hwm_mb(self.process.pid)
        self.process.terminate()
        self.process.wait(timeout=60)
        return peak


def reference_load(dump: Path, location: Path, graph: str) -> tuple[float, float]:
    """`oxigraph load` of the dump into a new location: seconds and the loader's peak RSS (MB)."""
    started = time.perf_counter()
    process = subprocess.Popen([str(OXIGRAPH), "load", "--location", str(location), "--file", str(dump),
                                "--graph", graph], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"oxigraph load failed with exit code {process.returncode}")
    return seconds, usage.ru_maxrss / 1024


def reword(statements: Any, change: Callable[[str], str]) -> None:
    """Change the definitions of every 100th concept that has one (the statements, not the store)."""
    definition = "http://www.w3.org/2004/02/skos/core#definition"
    concepts = sorted(s for s, flat in statements.by_subject.items() if definition in flat[::2])
    for concept in concepts[::100]:
        flat = statements.by_subject[concept]
        for n in range(0, len(flat), 2):
            if flat[n] == definition:
                flat[n + 1] = (change(flat[n + 1][0]), *flat[n + 1][1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--method", choices=["gsp", "update"], default="gsp")
    parser.add_argument("--atomic-first", action="store_true", help="Also time an atomic first publish.")
    parser.add_argument("--workdir", type=Path, default=None, help="Where to put content, dump and stores.")
    args = parser.parse_args()

    from synthetic import generate

    from termgraph import pipeline
    from termgraph.dumps.ntriples import chunks
    from termgraph.publish.client import no_auth  # a local server: no credentials to look up
    from termgraph.publish.publisher import publish

    work = Path(tempfile.mkdtemp(prefix="bench-publish-", dir=args.workdir))
    try:
        started = time.perf_counter()
        glossary = pipeline.build(generate(args.terms, work / "content"))
        target = str(glossary.iris.scheme)
        print(f"{args.terms} terms, {glossary.triples} triples, built in {time.perf_counter() - started:.0f} s "
              f"(peak RSS {rss_mb():.0f} MB)", flush=True)
        dump = work / "glossary.nt"
        with dump.open("wb") as out:
            for data, _ in chunks(glossary.statements.ntriples_lines(), 100_000):
                out.write(data)
        print(f"N-Triples dump: {dump.stat().st_size / 1e6:.0f} MB", flush=True)

        figures: dict[str, list[tuple[float, float, float, int]]] = {}

        def record(name: str, seconds: float, server_mb: float, client_mb: float, requests: int) -> None:
            figures.setdefault(name, []).append((seconds, server_mb, client_mb, requests))
            print(f"  {name:40} {seconds:8.1f} s  server peak {server_mb:6.0f} MB  "
                  f"client peak +{client_mb:5.0f} MB  {requests} requests", flush=True)

        for run in range(args.runs):
            print(f"run {run + 1} of {args.runs}", flush=True)
            seconds, peak = reference_load(dump, work / f"reference-{run}", target)
            record("reference: oxigraph load (bulk)", seconds, peak, 0.0, 0)
            shutil.rmtree(work / f"reference-{run}")

            if args.atomic_first:
                server = Server(work / f"atomic-{run}")
                try:
                    before, started = rss_mb(), time.perf_counter()
                    result = publish(glossary, server.url, method=args.method, timeout=3600, auth=no_auth)
                    assert result.strategy == "replace" and result.verification and result.verification.ok
                    record("publish first, atomic (stage + MOVE)", time.perf_counter() - started,
                           hwm_mb(server.process.pid), rss_mb() - before, result.requests)
                finally:
                    server.stop()
                    shutil.rmtree(work / f"atomic-{run}", ignore_errors=True)
            server = Server(work / f"store-{run}")
            try:
                for name in ("first", "unchanged", "changed"):
                    if name == "changed":  # reword 1% of the definitions, in place
                        reword(glossary.statements, lambda text: f"{text} (revised)")
                    before, started = rss_mb(), time.perf_counter()
                    result = publish(glossary, server.url, method=args.method, timeout=3600, auth=no_auth,
                                     initial_load=name == "first")
                    seconds = time.perf_counter() - started
                    assert result.verification is not None and result.verification.ok
                    label = {"first": "publish first, initial load (in place)",
                             "unchanged": "publish again, unchanged",
                             "changed": f"publish 1% changed (-{result.removed} +{result.added})"}[name]
                    record(label, seconds, hwm_mb(server.process.pid), rss_mb() - before, result.requests)
            finally:
                server.stop()
                shutil.rmtree(work / f"store-{run}", ignore_errors=True)
            reword(glossary.statements, lambda text: text.removesuffix(" (revised)"))  # back, for the next run

        print(f"\nmedians of {args.runs} run(s), {args.terms} terms, {glossary.triples} triples, method {args.method}")
        reference = statistics.median(f[0] for f in figures["reference: oxigraph load (bulk)"])
        for name, rows in figures.items():
            median = statistics.median(r[0] for r in rows)
            print(f"  {name:40} {median:8.1f} s  {median / reference:5.1f}x the reference  "
                  f"server peak {max(r[1] for r in rows):6.0f} MB  client peak +{max(r[2] for r in rows):5.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
