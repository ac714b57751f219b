"""Safe walk of the raw roots: which files are candidates, without reading them.

A raw root is a local folder or file, or an ``s3://bucket/prefix`` (a prefix or one object) read
through ``pyarrow.fs`` with the standard AWS environment (see :mod:`newsetl.store.objectstore`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class RawFile:
    """A candidate input file. ``rel`` is its path relative to its raw root, with ``/`` separators.

    ``path`` is a local path, or the ``bucket/key`` of an object in ``filesystem`` (a
    ``pyarrow.fs.FileSystem``) when the file came from an object store. Read it with
    :meth:`read_bytes`.
    """

    root: Path | str
    path: Path | str
    rel: str
    size: int
    filesystem: Any = field(default=None, compare=False, repr=False)

    def read_bytes(self) -> bytes:
        """The file's bytes (``OSError`` when it cannot be read)."""
        if self.filesystem is None:
            return Path(self.path).read_bytes()
        with self.filesystem.open_input_stream(str(self.path)) as stream:
            return bytes(stream.read())


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path that was seen but refused before reading (with a reject reason code)."""

    rel: str
    reason: str
    message: str


def discover(roots: Sequence[Path | str], suffixes: Sequence[str]) -> Iterator[RawFile | Skipped]:
    """Yield every regular file under ``roots`` with one of ``suffixes``, in a stable order.

    Symlinks are followed only when their target stays inside the root; anything else is
    reported as :class:`Skipped` rather than read. Hidden names (``.x``) are passed over.
    """
    wanted = tuple(s.lower() for s in suffixes)
    for root in roots:
        if str(root).startswith("s3:/"):
            yield from _object_files(str(root), wanted)
            continue
        base = Path(root).resolve()
        if base.is_file():
            yield from _one_file(base.parent, base, wanted)
            continue
        if not base.is_dir():
            raise FileNotFoundError(f"raw root not found: {root}")
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                yield from _one_file(base, Path(dirpath) / name, wanted)


def _one_file(base: Path, path: Path, wanted: tuple[str, ...]) -> Iterator[RawFile | Skipped]:
    # A name that is not valid UTF-8 is kept readable and storable: undecodable bytes become \xNN.
    rel = os.fsencode(path.relative_to(base).as_posix()).decode("utf-8", "backslashreplace")
    if not path.name.lower().endswith(wanted):
        return
    real = path.resolve()
    if not real.is_relative_to(base):
        yield Skipped(rel, "unreadable", f"{rel}: symlink points outside the raw root")
        return
    if not real.is_file():
        yield Skipped(rel, "unreadable", f"{rel}: not a regular file")
        return
    yield RawFile(root=base, path=real, rel=rel, size=real.stat().st_size)


def _object_files(uri: str, wanted: tuple[str, ...]) -> Iterator[RawFile]:
    """The objects under an ``s3://bucket/prefix`` (or that one object), sorted by key."""
    import pyarrow.fs as pafs

    from newsetl.store.objectstore import s3_filesystem, split_uri

    fs, base = s3_filesystem(), split_uri(uri)
    info = fs.get_file_info(base)
    if info.type == pafs.FileType.File:
        parent = base.rsplit("/", 1)[0]
        if info.base_name.lower().endswith(wanted) and not info.base_name.startswith("."):
            yield RawFile(f"s3://{parent}", base, info.base_name, int(info.size or 0), fs)
        return
    if info.type == pafs.FileType.NotFound:
        raise FileNotFoundError(f"raw root not found: {uri}")
    found = fs.get_file_info(pafs.FileSelector(base, recursive=True))
    for item in sorted(found, key=lambda i: str(i.path)):
        rel = str(item.path)[len(base) + 1 :]
        if item.type != pafs.FileType.File or any(p.startswith(".") for p in rel.split("/")):
            continue
        if item.base_name.lower().endswith(wanted):
            yield RawFile(f"s3://{base}", item.path, rel, int(item.size or 0), fs)
