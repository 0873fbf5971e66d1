"""A real `termgraph serve` for tests: started as a subprocess on a free 127.0.0.1 port, waited for until it
answers, stopped by its own PID when the block ends (its query workers follow it)::

    with termgraph_server("--data", str(dump)) as server:
        urllib.request.urlopen(server.sparql_url + "?query=ASK%7B%7D")
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from server_support import start, stop

TERMGRAPH = Path(sys.executable).parent / "termgraph"
STARTUP_SECONDS = 60.0


@dataclass(frozen=True)
class TermgraphServer:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def sparql_url(self) -> str:
        return f"{self.url}/sparql"

    @property
    def store_url(self) -> str:
        return f"{self.url}/store"

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def worker_pids(self) -> list[int]:
        """PIDs of the processes the server started (the zygote and its workers), from /proc."""
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                found.append((int(entry.name), int(fields[1])))
        children = {pid for pid, parent in found if parent == self.process.pid}
        return sorted(children | {pid for pid, parent in found if parent in children})


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def termgraph_server(*args: str, log_dir: Path, env: dict[str, str] | None = None) -> Iterator[TermgraphServer]:
    """Run `termgraph serve ARGS --port P` for the duration of the block."""
    log_dir.mkdir(parents=True, exist_ok=True)
    process, port, log = start(
        lambda port: [str(TERMGRAPH), "serve", *args, "--host", "127.0.0.1", "--port", str(port)], answers,
        lambda port: log_dir / f"termgraph-serve-{port}.log", "termgraph serve", startup_seconds=STARTUP_SECONDS,
        how=signal.SIGINT, env={**os.environ, **(env or {})})  # SIGINT by its PID, like Ctrl-C
    try:
        yield TermgraphServer(process, port, log)
    finally:
        stop(process, signal.SIGINT)
