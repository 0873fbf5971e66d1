"""termgraph.forked: work in a forked child, its error re-raised in the parent, cancelled without a trace."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from termgraph.errors import UsageError
from termgraph.forked import Forked


def test_the_child_does_the_work_and_shares_what_the_parent_built(tmp_path: Path) -> None:
    built = {"words": ["shared", "without", "pickling"]}
    out = tmp_path / "out.txt"
    job = Forked(lambda: out.write_text(" ".join(built["words"])))
    job.wait()
    assert out.read_text() == "shared without pickling"
    assert Forked(lambda: {"answer": 6 * 7}).wait() == {"answer": 42}  # the result comes back, pickled


def test_an_error_in_the_child_is_raised_in_the_parent() -> None:
    def fail() -> None:
        raise UsageError("no room left on the device")
    job = Forked(fail)
    with pytest.raises(UsageError, match="no room left"):
        job.wait()


def test_a_child_that_dies_is_an_error() -> None:
    job = Forked(lambda: os._exit(3))
    with pytest.raises(RuntimeError, match="status 3"):
        job.wait()


def test_cancel_stops_the_child_and_reaps_it(tmp_path: Path) -> None:
    out = tmp_path / "late.txt"
    job = Forked(lambda: (time.sleep(30), out.write_text("too late")))
    pid = job.pid
    started = time.monotonic()
    job.cancel()
    assert time.monotonic() - started < 5 and not out.exists()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie left behind
