"""A cache of parsed content records, so that a rebuild parses only the files that changed.

A record is reused only for a file with the same path and the same bytes (BLAKE2b digest), read with the same
default language (the only other input of parsing a term), so the cache cannot change what a build gives; a
file with problems is never cached. It lives outside `dist/`: in $TERMGRAPH_CACHE_DIR, else in
~/.cache/termgraph/, one file per content directory, and is safe to delete at any time.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

FORMAT = 2  # bump when the records' classes change shape or the reading rules change: older caches are then ignored


def cache_root() -> Path:
    configured = os.environ.get("TERMGRAPH_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "termgraph"


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class RecordCache:
    """Parsed records by file path, each with the digest of the bytes and the language it was parsed from."""

    def __init__(self, content_root: Path, language: str):
        key = hashlib.blake2b(str(content_root.resolve()).encode("utf-8"), digest_size=8).hexdigest()
        self.path = cache_root() / f"records-{key}.pickle"
        self.language = language
        self.entries: dict[str, tuple[bytes, Any]] = {}
        self.changed = False
        try:
            with open(self.path, "rb") as handle:
                version, language_read, entries = pickle.load(handle)
            if version == FORMAT and language_read == language:
                self.entries = entries
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError, AttributeError, ImportError):
            pass  # no cache, or one this version cannot read: parse everything

    def get(self, path: Path, file_digest: bytes) -> Any | None:
        entry = self.entries.get(str(path))
        return entry[1] if entry is not None and entry[0] == file_digest else None

    def put(self, path: Path, file_digest: bytes, record: Any) -> None:
        self.entries[str(path)] = (file_digest, record)
        self.changed = True

    def keep_only(self, paths: set[str]) -> None:
        """Forget files that are gone."""
        gone = self.entries.keys() - paths
        for name in gone:
            del self.entries[name]
        self.changed = self.changed or bool(gone)

    def save(self) -> None:
        """Write the cache if it changed; a cache that cannot be written is only a slower next build."""
        if not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".records-", dir=self.path.parent)
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((FORMAT, self.language, self.entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except OSError:
            pass
