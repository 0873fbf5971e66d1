"""Work done by a forked copy of this process, on another core, while this one goes on.

The child shares everything the parent has built so far (copy-on-write, nothing is pickled on the way in) and
sends back only its result, or its error. Fork only where no other thread runs yet: a thread holding a lock at
the fork would leave the child's copy of the lock held forever.
"""
from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Forked(Generic[T]):
    """`work` running in a forked child; `wait()` for its result (re-raising its error here), or `cancel()`
    it. Without fork (Windows), the work is simply done at once."""

    def __init__(self, work: Callable[[], T]):
        self.pid = 0
        if not hasattr(os, "fork"):
            self._done: Any = work()
            return
        self._read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns into the caller's code, never runs its cleanup
            os.close(self._read)
            code = 0
            try:
                message = pickle.dumps((True, work()))
            except BaseException as exc:  # noqa: BLE001 (everything goes back to the parent)
                code = 1
                try:
                    message = pickle.dumps((False, exc))
                except Exception:  # noqa: BLE001
                    message = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
            with os.fdopen(write, "wb") as pipe:
                pipe.write(message)
            os._exit(code)
        os.close(write)

    def wait(self) -> T:
        if not self.pid:
            return self._done
        with os.fdopen(self._read, "rb") as pipe:
            message = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if not message:
            raise RuntimeError(f"a forked worker ended with status {os.waitstatus_to_exitcode(status)}")
        ok, value = pickle.loads(message)
        if not ok:
            raise value
        self._done = value
        return value

    def cancel(self) -> None:
        if not self.pid:
            return
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self._read)
        self.pid = 0
