"""Starting a real server for a test: on a free 127.0.0.1 port, waited for until it answers, stopped by its own
PID. Shared by tests/oxigraph_server.py, tests/termgraph_server.py and tests/publish_support.py."""
from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path


def free_port() -> int:
    """A port nothing listens on right now (the kernel's choice for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(process: subprocess.Popen[bytes], how: int = signal.SIGTERM) -> None:
    """Stop the process by its PID (Popen knows it, never by name): `how`, then SIGKILL after 10 s."""
    if process.poll() is None:
        process.send_signal(how)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def start(command: Callable[[int], list[str]], answers: Callable[[int], bool], log_for: Callable[[int], Path],
          what: str, *, startup_seconds: float, how: int = signal.SIGTERM, env: dict[str, str] | None = None,
          attempts: int = 3) -> tuple[subprocess.Popen[bytes], int, Path]:
    """`command(port)` on a free port, its output in `log_for(port)`, once `answers(port)`: (process, port, log).
    Tried again on another port when the one chosen was taken between our probe and the server's bind."""
    for attempt in range(attempts):
        port = free_port()
        log = log_for(port)
        with log.open("wb") as out:
            process = subprocess.Popen(command(port), stdout=out, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + startup_seconds
        while time.monotonic() < deadline and process.poll() is None and not answers(port):
            time.sleep(0.1)
        if process.poll() is None and answers(port):
            return process, port, log
        stop(process, how)
        text = log.read_text(errors="replace")
        if attempt == attempts - 1 or "address already in use" not in text.lower():
            raise RuntimeError(f"{what} did not start; its log: {text}")
    raise AssertionError("unreachable")
