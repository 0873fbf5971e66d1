"""Pausing Python's cyclic garbage collector while a large graph is built, checked or written."""
from __future__ import annotations

import gc
from collections.abc import Generator
from contextlib import contextmanager


@contextmanager
def without_cyclic_gc() -> Generator[None, None, None]:
    """Pause Python's cyclic garbage collector while millions of long-lived small objects are built.

    Reading, building and checking create records, rdflib terms and tuples that live until the end, so each
    full collection re-scans all of them for nothing: measured at 10,000 terms, reading and building took
    4.7 + 9.6 s with it and 2.6 + 5.9 s without, at the same peak memory; the checks 10% less. Reference
    counting still frees everything else at once; the collector is back on afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
