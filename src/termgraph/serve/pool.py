"""Query workers: processes forked after the store is loaded, killed and replaced when a query runs too long.

A pyoxigraph query runs in Rust and cannot be interrupted from Python, so the only way to stop a runaway
query is to end the process running it. Forking a process per query (what `termgraph query --timeout`
does) costs a fork per request; here a pool of long-lived workers answers requests one at a time each:

- right after loading, before any thread or event loop exists, the server forks a *zygote*: a
  single-threaded process that only waits for "fork a worker" requests on a socket. Every worker is forked
  from it, so all of them share the loaded store's memory copy-on-write (the cyclic GC is frozen first,
  so that it does not touch and copy every page);
- each worker talks to the server over a socket pair (length-prefixed pickles of the tuples of
  termgraph.serve.engine); the server's end is handed over with SCM_RIGHTS;
- a request takes an idle worker (waiting, at most `queue_timeout`, when all are busy: 503 after that),
  sends the job and waits `timeout` seconds; past that the worker is killed by its PID and the zygote forks
  a fresh one, while the other workers keep answering;
- workers and zygote die with the server: they read EOF when it goes, and Linux's parent-death signal
  ends a worker that is busy in a long query.
"""
from __future__ import annotations

import asyncio
import ctypes
import gc
import logging
import os
import pickle
import signal
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("termgraph.serve")
_HEADER = struct.Struct("!Q")
MAX_MESSAGE = 1 << 34  # 16 GiB: a sanity bound on a frame's length


class WorkerLost(Exception):
    """A worker ended without answering (killed by the system, out of memory)."""


class QueryTimedOut(Exception):
    """A query ran past its time limit; its worker was killed."""


class PoolBusy(Exception):
    """Every worker stayed busy for longer than the queue timeout."""


# --- framing --------------------------------------------------------------------------------------------


def _send(sock: socket.socket, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(_HEADER.pack(len(data)) + data)


def _recv_exactly(sock: socket.socket, size: int) -> bytes | None:
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        n = sock.recv_into(view[got:])
        if n == 0:
            return None
        got += n
    return bytes(buffer)


def _recv(sock: socket.socket) -> Any:
    header = _recv_exactly(sock, _HEADER.size)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    data = _recv_exactly(sock, size)
    if data is None:
        return None
    return pickle.loads(data)


async def _async_recv_exactly(loop: asyncio.AbstractEventLoop, sock: socket.socket, size: int) -> bytes:
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        n = await loop.sock_recv_into(sock, view[got:])
        if n == 0:
            raise WorkerLost("the worker closed its socket")
        got += n
    return bytes(buffer)


# --- processes ------------------------------------------------------------------------------------------


def _die_with_parent() -> None:
    """Linux: SIGKILL this process when its parent ends (PR_SET_PDEATHSIG)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: workers still end on EOF
        pass


def _worker_main(sock: socket.socket, handler: Callable[[tuple[Any, ...]], tuple[Any, ...]]) -> None:
    while True:
        try:
            job = _recv(sock)
        except (OSError, EOFError, pickle.UnpicklingError):
            return
        if job is None:
            return
        reply = handler(job)
        try:
            _send(sock, reply)
        except OSError:
            return


def _zygote_main(control: socket.socket, handler: Callable[[tuple[Any, ...]], tuple[Any, ...]]) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps killed workers
    while True:
        try:
            request = control.recv(1)
        except OSError:
            return
        if not request:
            return
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:  # the worker
            try:
                control.close()
                ours.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                _die_with_parent()
                _worker_main(theirs, handler)
            finally:
                os._exit(0)
        theirs.close()
        try:
            socket.send_fds(control, [struct.pack("!i", pid)], [ours.fileno()])
        except OSError:
            return
        finally:
            ours.close()


class Zygote:
    """The process every worker is forked from; start it while the server is still single-threaded."""

    def __init__(self, handler: Callable[[tuple[Any, ...]], tuple[Any, ...]]):
        ours, theirs = socket.socketpair()
        gc.collect()
        gc.freeze()  # objects loaded so far stay out of the GC's sight: their pages are not copied
        pid = os.fork()
        if pid == 0:
            exit_code = 0
            try:
                ours.close()
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server; we follow on EOF
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                _die_with_parent()
                _zygote_main(theirs, handler)
            except BaseException:  # noqa: BLE001
                exit_code = 1
            finally:
                os._exit(exit_code)
        theirs.close()
        self.pid = pid
        self._control = ours
        self._lock = threading.Lock()

    def spawn(self) -> tuple[int, socket.socket]:
        """Fork a worker (blocking); its PID and the server's end of its socket."""
        with self._lock:
            self._control.sendall(b"w")
            message, fds, _flags, _addr = socket.recv_fds(self._control, 16, 1)
            if not message or not fds:
                raise WorkerLost("the zygote process is gone")
            (pid,) = struct.unpack("!i", message)
            return pid, socket.socket(fileno=fds[0])

    def close(self) -> None:
        self._control.close()
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


@dataclass
class Worker:
    pid: int
    sock: socket.socket
    jobs: int = 0

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)  # by its PID; the zygote reaps it
        except ProcessLookupError:
            pass
        self.sock.close()


class WorkerPool:
    """`size` workers from a zygote; `await pool.run(job, timeout)` answers one job."""

    def __init__(self, zygote: Zygote, size: int, queue_timeout: float = 30.0):
        self.zygote = zygote
        self.size = size
        self.queue_timeout = queue_timeout
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._workers: dict[int, Worker] = {}
        self.restarts = 0

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        for _ in range(self.size):
            self._add(await loop.run_in_executor(None, self.zygote.spawn))

    def _add(self, spawned: tuple[int, socket.socket]) -> None:
        pid, sock = spawned
        sock.setblocking(False)
        worker = Worker(pid, sock)
        self._workers[pid] = worker
        self._idle.put_nowait(worker)

    async def _replace(self, worker: Worker) -> None:
        worker.kill()
        self._workers.pop(worker.pid, None)
        self.restarts += 1
        loop = asyncio.get_running_loop()
        for attempt in range(3):
            try:
                self._add(await loop.run_in_executor(None, self.zygote.spawn))
                return
            except (OSError, WorkerLost):
                log.error("could not fork a new query worker (attempt %d)", attempt + 1)
                await asyncio.sleep(0.5)

    async def run(self, job: tuple[Any, ...], timeout: float | None) -> tuple[Any, ...]:
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.queue_timeout)
        except TimeoutError:
            raise PoolBusy(f"all {self.size} query workers stayed busy for {self.queue_timeout:g} s") from None
        loop = asyncio.get_running_loop()
        started = time.monotonic()
        try:
            reply = await asyncio.wait_for(self._call(loop, worker, job), timeout)
        except TimeoutError:
            log.warning("query stopped after %.1f s: worker %d killed", time.monotonic() - started, worker.pid)
            asyncio.ensure_future(self._replace(worker))
            raise QueryTimedOut() from None
        except (OSError, WorkerLost, EOFError, pickle.UnpicklingError) as exc:
            asyncio.ensure_future(self._replace(worker))
            raise WorkerLost(f"the query worker ended without answering ({exc}); it may have run out of memory") \
                from None
        except BaseException:  # cancelled (client gone, server stopping): the worker's state is unknown
            asyncio.ensure_future(self._replace(worker))
            raise
        worker.jobs += 1
        self._idle.put_nowait(worker)
        return reply

    @staticmethod
    async def _call(loop: asyncio.AbstractEventLoop, worker: Worker, job: tuple[Any, ...]) -> tuple[Any, ...]:
        data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        await loop.sock_sendall(worker.sock, _HEADER.pack(len(data)) + data)
        (size,) = _HEADER.unpack(await _async_recv_exactly(loop, worker.sock, _HEADER.size))
        if size > MAX_MESSAGE:
            raise WorkerLost("the worker sent a malformed frame")
        reply: tuple[Any, ...] = pickle.loads(await _async_recv_exactly(loop, worker.sock, size))
        return reply

    @property
    def pids(self) -> list[int]:
        return sorted(self._workers)

    def close(self) -> None:
        for worker in list(self._workers.values()):
            worker.kill()
        self._workers.clear()
