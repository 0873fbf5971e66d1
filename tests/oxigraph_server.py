"""A real Oxigraph server for tests, from the `oxigraph` PyPI package (the binary beside the interpreter).

Started on a free 127.0.0.1 port over a temporary location, optionally loaded with a dump first, waited
for until it answers, and stopped by its own PID when the block ends::

    from oxigraph_server import oxigraph_server

    with oxigraph_server(tmp_path / "db", data=dump_path) as server:
        RemoteStore(server.query_url).query("ASK { ?s ?p ?o }")

`read_only=True` runs `oxigraph serve-read-only` (needs `data`); otherwise `oxigraph serve`, which also
accepts updates (server.update_url) and the Graph Store Protocol (server.store_url).
"""
from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from server_support import start, stop

BINARY = Path(sys.executable).parent / "oxigraph"
STARTUP_SECONDS = 30.0


@dataclass(frozen=True)
class OxigraphServer:
    process: subprocess.Popen[bytes]
    port: int
    location: Path
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

    @property
    def store_url(self) -> str:
        return f"{self.url}/store"


def load(location: Path, data: Path, graph: str | None = None) -> None:
    """`oxigraph load` a dump into a (new) location, into the default graph or `graph`; the format comes
    from the file extension."""
    into = ["--graph", graph] if graph else []
    done = subprocess.run([str(BINARY), "load", "--location", str(location), "--file", str(data), *into],
                          capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"oxigraph load {data} failed: {done.stderr.strip()}")


def _answers(port: int) -> bool:
    url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": "ASK {}"})
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def oxigraph_server(location: Path, data: Path | None = None, read_only: bool = False,
                    graph: str | None = None) -> Iterator[OxigraphServer]:
    """Run an Oxigraph server for the duration of the block (skips the test when the binary is missing).

    `data` is loaded first, into the default graph or into the named graph `graph`."""
    if not BINARY.exists():
        pytest.skip(f"the oxigraph server binary is not installed at {BINARY} (pip install oxigraph)")
    location.mkdir(parents=True, exist_ok=True)
    if data is not None:
        load(location, data, graph)
    command = "serve-read-only" if read_only else "serve"
    process, port, log = start(
        lambda port: [str(BINARY), command, "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        _answers, lambda _port: location.parent / f"{location.name}-server.log", "the oxigraph server",
        startup_seconds=STARTUP_SECONDS)
    try:
        yield OxigraphServer(process, port, location, log)
    finally:
        stop(process)
