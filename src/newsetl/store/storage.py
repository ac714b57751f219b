"""Where a warehouse's files live: a local folder, or a prefix in an object store.

:class:`Storage` is the small interface the warehouse needs. Paths given to it are relative to the
warehouse root with ``/`` separators (``articles/<run>-00000.parquet``, ``_commits/<run>.json``).
Both implementations guarantee that a reader sees a written file whole or not at all:

* :class:`LocalStorage` writes a hidden temp file, fsyncs it and renames it (:mod:`newsetl.store.files`);
  one writer at a time is enforced with ``flock``.
* :class:`newsetl.store.objectstore.ObjectStorage` relies on a PUT being atomic (no rename exists);
  its writer lock is best effort, see its docstring.

:func:`open_storage` picks one from the location: ``s3://bucket/prefix`` (also ``s3:/bucket/prefix``,
which is what ``Path("s3://…")`` turns it into) is an object store, anything else a local folder.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from newsetl.store.files import atomic_write_bytes, atomic_write_parquet

if TYPE_CHECKING:  # pyarrow is imported where it is used: listing and reading commits needs none
    import pyarrow as pa
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq


class WarehouseBusy(RuntimeError):
    """Another writer holds the warehouse lock."""


class Storage(Protocol):
    """The file operations a warehouse needs, relative to its root."""

    @property
    def uri(self) -> str:
        """The warehouse location as given to users: a local path or ``s3://bucket/prefix``."""
        ...

    def exists(self) -> bool: ...
    def read_bytes(self, rel: str) -> bytes: ...
    def write_bytes(self, rel: str, data: bytes) -> None:
        """Write atomically: readers see the old content (or nothing) or all of ``data``."""
        ...

    def write_parquet(self, rel: str, table: pa.Table) -> None:
        """Write a Parquet file atomically (same guarantee as :meth:`write_bytes`)."""
        ...

    def list_files(self, folder: str) -> list[str]:
        """Relative paths of the files directly in ``folder`` (temp files included), sorted."""
        ...

    def delete(self, rel: str) -> None: ...
    def read_parquet(self, rel: str, columns: list[str] | None = None) -> pa.Table: ...
    def parquet_metadata(self, rel: str) -> pq.FileMetaData:
        """The footer of a Parquet part: row count, row groups, key-value metadata."""
        ...

    def arrow_location(self, rel: str) -> tuple[pafs.FileSystem, str]:
        """The pyarrow filesystem and path of ``rel`` (for datasets)."""
        ...

    def writer_lock(self, what: str) -> contextlib.AbstractContextManager[None]:
        """Hold the single-writer lock; raise :class:`WarehouseBusy` when another writer has it."""
        ...

    def assert_lock_held(self) -> None:
        """Raise :class:`WarehouseBusy` if this writer is known to have lost its lock."""
        ...


class LocalStorage:
    """A warehouse in a local folder: atomic rename for every write, ``flock`` for one writer."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    @property
    def uri(self) -> str:
        return str(self.root)

    def path(self, rel: str) -> Path:
        return self.root / rel

    def exists(self) -> bool:
        return self.root.is_dir()

    def read_bytes(self, rel: str) -> bytes:
        return self.path(rel).read_bytes()

    def write_bytes(self, rel: str, data: bytes) -> None:
        atomic_write_bytes(self.path(rel), data)

    def write_parquet(self, rel: str, table: pa.Table) -> None:
        atomic_write_parquet(self.path(rel), table)

    def list_files(self, folder: str) -> list[str]:
        base = self.path(folder)
        if not base.is_dir():
            return []
        return sorted(f"{folder}/{p.name}" for p in base.iterdir() if p.is_file())

    def delete(self, rel: str) -> None:
        self.path(rel).unlink(missing_ok=True)

    def read_parquet(self, rel: str, columns: list[str] | None = None) -> pa.Table:
        import pyarrow.parquet as pq

        return pq.read_table(self.path(rel), columns=columns)

    def parquet_metadata(self, rel: str) -> pq.FileMetaData:
        import pyarrow.parquet as pq

        return pq.ParquetFile(self.path(rel)).metadata

    def arrow_location(self, rel: str) -> tuple[pafs.FileSystem, str]:
        import pyarrow.fs as pafs

        return pafs.LocalFileSystem(), str(self.path(rel))

    @contextlib.contextmanager
    def writer_lock(self, what: str) -> Iterator[None]:
        """Exclusive ``flock`` on ``.lock``: held until the block ends or the process dies."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                handle.seek(0)
                holder = handle.read().strip() or "ingest"
                raise WarehouseBusy(f"another {holder} is writing to {self.root}") from exc
            handle.seek(0)
            handle.truncate()
            handle.write(what)
            handle.flush()
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def assert_lock_held(self) -> None:
        """A ``flock`` cannot be lost while the process lives: nothing to check."""


def is_object_uri(location: Path | str) -> bool:
    """True for ``s3://…`` (and ``s3:/…``, what :class:`~pathlib.Path` makes of it)."""
    return str(location).startswith("s3:/")


def open_storage(location: Path | str) -> Storage:
    """The storage for a warehouse location: ``s3://bucket/prefix`` or a local folder."""
    if is_object_uri(location):
        from newsetl.store.objectstore import ObjectStorage

        return ObjectStorage.from_uri(str(location))
    return LocalStorage(Path(location))
