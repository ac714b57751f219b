"""Safe walk of the raw roots: which files are candidates, without reading them."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class RawFile:
    """A candidate input file. ``rel`` is its path relative to its raw root, with ``/`` separators."""

    root: Path
    path: Path
    rel: str
    size: int


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path that was seen but refused before reading (with a reject reason code)."""

    rel: str
    reason: str
    message: str


def discover(roots: Sequence[Path], suffixes: Sequence[str]) -> Iterator[RawFile | Skipped]:
    """Yield every regular file under ``roots`` with one of ``suffixes``, in a stable order.

    Symlinks are followed only when their target stays inside the root; anything else is
    reported as :class:`Skipped` rather than read.
    """
    wanted = tuple(s.lower() for s in suffixes)
    for root in roots:
        base = root.resolve()
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
