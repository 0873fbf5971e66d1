"""Writing files all or nothing: staged beside their target, renamed into place only when complete."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Self

from termgraph.errors import TermgraphError


@contextmanager
def atomic_write(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; it replaces `path` only if the block finishes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _staged(path)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _staged(path: Path) -> Path:
    """A new empty temporary file beside `path`, with the mode open() would give it (mkstemp's is 0600)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.fchmod(fd, 0o666 & ~_umask())
    os.close(fd)
    return Path(tmp)


class Staging:
    """Files staged beside their targets and renamed into place together by commit(), or removed on failure.

        with Staging(out_dir) as staging:
            staging.path("a.ttl").write_bytes(...)
            staging.commit()
    """

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.staged: dict[str, Path] = {}
        # A directory that does not exist yet is created only by commit(): files are staged beside it.
        self._beside = out_dir.parent / f".{out_dir.name}-"

    def __enter__(self) -> Self:
        if not self.out_dir.is_dir():
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        return self

    def path(self, name: str) -> Path:
        target = self.out_dir / name if self.out_dir.is_dir() else Path(f"{self._beside}{name}")
        self.staged[name] = staged = _staged(target)
        return staged

    def commit(self) -> list[Path]:
        """Rename every staged file into place, or none: each old file is first moved aside, and when a rename
        fails part-way the new files are taken out and the old ones put back. Raises TermgraphError (exit 2)
        naming the path that could not be written."""
        self.out_dir.mkdir(exist_ok=True)
        targets = {name: self.out_dir / name for name in self.staged}
        for target in targets.values():  # what is sure to fail is refused before anything moves
            if target.is_dir() and not target.is_symlink():
                raise TermgraphError(f"cannot write {target}: a directory is in the way; move it and build again "
                                     f"(nothing in {self.out_dir} was changed)")
        moved: list[tuple[Path, Path | None]] = []  # (target, where its old file was put aside)
        target = self.out_dir
        try:
            for name, staged in self.staged.items():
                target, aside = targets[name], None
                if os.path.lexists(target):
                    aside = target.with_name(f".{name}.old-{os.getpid()}")
                    os.replace(target, aside)
                moved.append((target, aside))
                os.replace(staged, target)
        except OSError as exc:
            _restore(moved)
            raise TermgraphError(f"cannot write {target}: {exc.strerror or exc} "
                                 f"(nothing in {self.out_dir} was changed)") from exc
        for _, aside in moved:
            if aside is not None:
                aside.unlink(missing_ok=True)
        return list(targets.values())

    def __exit__(self, *_: object) -> None:
        for staged in self.staged.values():
            if staged.exists():
                staged.unlink()


def _restore(moved: list[tuple[Path, Path | None]]) -> None:
    """Undo a commit that failed part-way: remove the new files and put the old ones back, last first."""
    for target, aside in reversed(moved):
        try:
            if os.path.lexists(target) and not target.is_dir():
                target.unlink()
            if aside is not None:
                os.replace(aside, target)
        except OSError:  # cannot happen short of the disk going away; keep restoring the others
            continue


def write_files(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write every file or none: all are staged as temporaries first, then renamed into place."""
    with Staging(out_dir) as staging:
        for name, data in files.items():
            staging.path(name).write_bytes(data)
        return staging.commit()


WRITE_BLOCK = 1 << 20


def write_pieces(pieces: Iterable[str], out: BinaryIO) -> int:
    """Text written to a binary file as UTF-8 in blocks of about a megabyte; returns the bytes written."""
    written, pending, size = 0, [], 0
    for piece in pieces:
        pending.append(piece)
        size += len(piece)
        if size >= WRITE_BLOCK:
            written += out.write("".join(pending).encode("utf-8"))
            pending, size = [], 0
    written += out.write("".join(pending).encode("utf-8"))
    return written
