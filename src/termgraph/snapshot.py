"""The on-disk Oxigraph store of the last good build, so that a query does not rebuild the glossary.

`termgraph build` leaves the validated graph in an on-disk store beside the record cache
($TERMGRAPH_CACHE_DIR or ~/.cache/termgraph), with the fingerprint of the content it was built from: the
path, size and modification time of every content file and termgraph's version. `termgraph query` and
`open_store(content=...)` open it read-only when the content still has that fingerprint (a stat of each
file: about 0.1 s at 100,000 terms), and build otherwise. Safe to delete at any time.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from termgraph import __version__
from termgraph.content.cache import cache_root

if TYPE_CHECKING:
    import pyoxigraph

FINGERPRINT = "fingerprint"


def _code() -> list[str]:
    """termgraph's own code and shapes as they are on disk (an edited checkout builds differently)."""
    from termgraph.resources import resource_dir

    entries = [__version__]
    package = Path(__file__).resolve().parent
    try:
        folders = [package, resource_dir("ontology")]
    except FileNotFoundError:
        folders = [package]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".ttl", ".jsonld") and "__pycache__" not in path.parts:
                try:
                    stat = path.stat()
                except OSError:
                    continue
                entries.append(f"{path}\t{stat.st_size}\t{stat.st_mtime_ns}")
    return entries


def fingerprint(content_root: Path | str) -> str:
    """What the content and termgraph's code look like on disk: every file's path, size and modification time.

    One stat per file through scandir (0.3 s for 100,000 term files; os.walk with relpath took 1.5 s)."""
    entries = _code()
    pending = [""]
    while pending:
        folder = pending.pop()
        try:
            listing = sorted(os.scandir(os.path.join(content_root, folder)), key=lambda e: e.name)
        except OSError:
            entries.append(f"{folder}\t?")
            continue
        for entry in listing:
            name = f"{folder}/{entry.name}" if folder else entry.name
            try:
                if entry.is_dir():
                    pending.append(name)
                    continue
                stat = entry.stat()
            except OSError:  # unreadable: reading the content will say so
                entries.append(f"{name}\t?")
                continue
            entries.append(f"{name}\t{stat.st_size}\t{stat.st_mtime_ns}")
    return hashlib.blake2b("\n".join(entries).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def location(content_root: Path | str) -> Path:
    key = hashlib.blake2b(str(Path(content_root).resolve()).encode("utf-8"), digest_size=8).hexdigest()
    return cache_root() / f"store-{key}"


def prepare(content_root: Path | str, ntriples: Path) -> Path | None:
    """Load an N-Triples dump into a new on-disk store beside the saved one, not yet in use; None when the
    cache folder cannot be written (the build does not depend on it). Then commit() or discard() it."""
    import pyoxigraph as ox

    target = location(content_root)
    fresh: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        store = ox.Store(str(fresh))
        store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        store.flush()
        del store  # closes the database before it is moved
        return fresh
    except (OSError, SyntaxError):
        discard(fresh)
        return None


def commit(content_root: Path | str, content_fingerprint: str, prepared: Path | None) -> Path | None:
    """Put a prepared store in place of the saved one, for content with this fingerprint."""
    if prepared is None:
        return None
    target = location(content_root)
    try:
        (prepared / FINGERPRINT).write_text(content_fingerprint, encoding="utf-8")
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        if target.exists():
            os.replace(target, old)
        os.replace(prepared, target)
        shutil.rmtree(old, ignore_errors=True)
        return target
    except OSError:
        discard(prepared)
        return None


def discard(prepared: Path | None) -> None:
    if prepared is not None:
        shutil.rmtree(prepared, ignore_errors=True)


def save(content_root: Path | str, content_fingerprint: str, ntriples: Path) -> Path | None:
    """prepare() and commit() in one step."""
    return commit(content_root, content_fingerprint, prepare(content_root, ntriples))


def state(content_root: Path | str) -> str:
    """"current" when the last good build of this content is saved and the content has not changed since,
    "stale" when it has (or termgraph's code has), "none" when no build was saved."""
    try:
        saved = (location(content_root) / FINGERPRINT).read_text(encoding="utf-8")
    except OSError:
        return "none"
    return "current" if saved == fingerprint(content_root) else "stale"


def open_current(content_root: Path | str) -> pyoxigraph.Store | None:
    """The last good build's store, read-only, if the content has not changed since; None otherwise."""
    target = location(content_root)
    if state(content_root) != "current":
        return None
    import pyoxigraph as ox

    try:
        return ox.Store.read_only(str(target))
    except OSError:
        return None
