"""Atomic file writes: a hidden temp file in the same folder, fsync, rename, fsync the folder."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp)`` then move ``tmp`` onto ``path`` so readers see all of it or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    atomic_write(path, lambda tmp: tmp.write_bytes(data))


# Every Parquet file the warehouse writes: zstd, in row groups of DuckDB's own size (large enough
# to scan, small enough to skip). An export copies a part written so as it is.
PARQUET_COMPRESSION = "zstd"
ROW_GROUP_ROWS = 122_880


def write_parquet_to(where: Any, table: pa.Table) -> None:
    """``table`` as Parquet to a path or stream, in the warehouse's file layout (the schema's
    metadata becomes the file's key-value metadata)."""
    import pyarrow.parquet as pq

    pq.write_table(table, where, compression=PARQUET_COMPRESSION, row_group_size=ROW_GROUP_ROWS)


def atomic_write_parquet(path: Path, table: pa.Table) -> None:
    atomic_write(path, lambda tmp: write_parquet_to(tmp, table))
