"""Writing files all or nothing: staged beside their target, renamed into place only when complete."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_write(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; it replaces `path` only if the block finishes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_files(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write every file or none: all are staged as temporaries first, then renamed into place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            staged.append((name, Path(tmp)))
        for name, staged_path in staged:
            os.replace(staged_path, out_dir / name)
    finally:
        for _, staged_path in staged:
            if staged_path.exists():
                staged_path.unlink()
    return [out_dir / name for name in files]
