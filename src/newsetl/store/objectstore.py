"""A warehouse under an ``s3://bucket/prefix`` in any S3-compatible store, through ``pyarrow.fs``.

**Atomicity.** Object stores have no rename, but a PUT of one object is atomic: readers see the whole
object or none. So every file is written directly under its final, unique name (parts carry their
run id) in a single PUT of a fully built buffer, and the run's commit record ``_commits/<run>.json``
is the last PUT. Readers list only ``_commits/`` and read only the parts commit records name, so the
parts of a run that never committed are invisible; the next writer deletes them. S3 (and the usual
compatible stores) give read-after-write and list-after-write consistency, which this relies on.

**One writer (best effort).** There is no ``flock`` on S3, and pyarrow exposes no conditional PUT.
The lock is the object ``_writer.lock`` holding a random owner token:

1. if a lock object exists and was refreshed less than ``lock_ttl`` seconds ago, refuse
   (:class:`WarehouseBusy`); an older one is the leftover of a dead writer and is taken over;
2. PUT the lock with our token, wait ``settle`` seconds, read it back: someone else's token means
   they won the race, and we refuse;
3. while writing, every part write and the commit re-read the lock (:meth:`assert_lock_held`) and
   refresh its time stamp; a writer that finds another token stops before committing;
4. on exit the lock is deleted only if it still holds our token.

What it guarantees: two writers that start more than ``settle`` seconds apart never both proceed,
and a writer that lost its lock (a stale takeover) does not commit after noticing. What it does not:
two writers whose read-then-PUT steps interleave within less than ``settle`` seconds (e.g. a process
paused between steps 1 and 2) could both pass, and a takeover relies on roughly synchronised clocks.
The strict way to have one writer is to run ingests through one Prefect deployment with a
concurrency limit of 1 (``prefect deployment set-concurrency-limit … 1`` or ``concurrency_limit`` in
``prefect.yaml``); this lock is the safety net for hand-started runs.

Configuration comes from the standard AWS environment: ``AWS_ENDPOINT_URL`` (e.g.
``http://127.0.0.1:9000`` for MinIO or moto), ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``,
``AWS_SESSION_TOKEN``, ``AWS_DEFAULT_REGION``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from newsetl.store.files import write_parquet_to
from newsetl.store.storage import WarehouseBusy

LOCK = "_writer.lock"
LOCK_TTL_SECONDS = 3600.0  # a lock not refreshed for this long belongs to a dead writer
LOCK_SETTLE_SECONDS = 0.5  # wait between writing the lock and reading it back


def split_uri(uri: str) -> str:
    """``s3://bucket/prefix`` (or ``s3:/bucket/prefix``) → ``bucket/prefix`` without trailing ``/``."""
    rest = uri.split(":", 1)[1].lstrip("/").rstrip("/")
    if not rest:
        raise ValueError(f"{uri}: an s3 location needs a bucket")
    return rest


def s3_filesystem() -> pafs.S3FileSystem:
    """An S3 filesystem configured from the standard AWS environment variables."""
    options: dict[str, Any] = {}
    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    if endpoint:
        scheme, _, host = endpoint.partition("://")
        if not host:
            scheme, host = "https", endpoint
        options.update(endpoint_override=host.rstrip("/"), scheme=scheme)
    region = os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION")
    if region:
        options["region"] = region
    key, secret = os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_SECRET_ACCESS_KEY")
    if key and secret:
        options.update(access_key=key, secret_key=secret, session_token=os.environ.get("AWS_SESSION_TOKEN"))
    return pafs.S3FileSystem(**options)


class ObjectStorage:
    """Warehouse files under ``base`` (``bucket/prefix``) of a pyarrow filesystem."""

    def __init__(
        self,
        fs: pafs.FileSystem,
        base: str,
        uri: str | None = None,
        lock_ttl: float = LOCK_TTL_SECONDS,
        settle: float = LOCK_SETTLE_SECONDS,
    ) -> None:
        self.fs, self.base = fs, base.rstrip("/")
        self._uri = uri or self.base
        self.lock_ttl, self.settle = lock_ttl, settle
        self._token: str | None = None
        # object stores have no folders; other pyarrow filesystems need the parent to exist
        self._makes_dirs = fs.type_name not in ("s3", "gcs", "abfs")

    @classmethod
    def from_uri(cls, uri: str) -> ObjectStorage:
        base = split_uri(uri)
        return cls(s3_filesystem(), base, f"s3://{base}")

    @property
    def uri(self) -> str:
        return self._uri

    def path(self, rel: str) -> str:
        return f"{self.base}/{rel}"

    def exists(self) -> bool:
        return bool(self.fs.get_file_info(self.base).type != pafs.FileType.NotFound)

    def read_bytes(self, rel: str) -> bytes:
        with self.fs.open_input_stream(self.path(rel)) as stream:
            return bytes(stream.read())

    def write_bytes(self, rel: str, data: bytes) -> None:
        """One PUT of the whole payload: the object appears complete or not at all."""
        if self._makes_dirs:
            self.fs.create_dir(self.path(rel).rsplit("/", 1)[0], recursive=True)
        with self.fs.open_output_stream(self.path(rel)) as out:
            out.write(data)

    def write_parquet(self, rel: str, table: pa.Table) -> None:
        buffer = pa.BufferOutputStream()
        write_parquet_to(buffer, table)
        self.write_bytes(rel, buffer.getvalue().to_pybytes())

    def list_files(self, folder: str) -> list[str]:
        selector = pafs.FileSelector(self.path(folder), allow_not_found=True, recursive=False)
        infos = self.fs.get_file_info(selector)
        return sorted(f"{folder}/{i.base_name}" for i in infos if i.type == pafs.FileType.File)

    def delete(self, rel: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.fs.delete_file(self.path(rel))

    def read_parquet(self, rel: str, columns: list[str] | None = None) -> pa.Table:
        return pq.read_table(self.path(rel), columns=columns, filesystem=self.fs)

    def parquet_metadata(self, rel: str) -> pq.FileMetaData:
        with self.fs.open_input_file(self.path(rel)) as handle:
            return pq.ParquetFile(handle).metadata

    def arrow_location(self, rel: str) -> tuple[pafs.FileSystem, str]:
        return self.fs, self.path(rel)

    def fsspec_filesystem(self) -> Any:
        """This store as an fsspec filesystem under the ``s3`` protocol, mapping ``<uri>/<rel>`` to
        its files: registered in a DuckDB connection, DuckDB reads the store without ``httpfs``."""
        from fsspec.implementations.arrow import ArrowFSWrapper

        uri, base = self.uri.rstrip("/"), self.base

        class StoreFS(ArrowFSWrapper):  # type: ignore[misc]
            protocol = "s3"
            cachable = False

            def _strip_protocol(self, path: str) -> str:
                path = str(path)
                if path.startswith(uri):
                    return base + path[len(uri) :]
                return path.split("://", 1)[-1]

        return StoreFS(self.fs)

    # -- the writer lock (see the module docstring for what it does and does not guarantee) --

    def _read_lock(self) -> dict[str, Any] | None:
        try:
            data: dict[str, Any] = json.loads(self.read_bytes(LOCK))
        except FileNotFoundError:
            return None
        except ValueError:  # unreadable: treat as a lock of unknown age, i.e. taken
            return {"token": "?", "what": "writer", "refreshed": time.time()}
        return data

    def _write_lock(self, what: str) -> None:
        now = time.time()
        record = {
            "token": self._token,
            "what": what,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "refreshed": now,
            "refreshed_at": dt.datetime.fromtimestamp(now, dt.UTC).isoformat(),
        }
        self.write_bytes(LOCK, json.dumps(record).encode("utf-8"))

    @contextlib.contextmanager
    def writer_lock(self, what: str) -> Iterator[None]:
        current = self._read_lock()
        if current is not None and time.time() - float(current.get("refreshed", 0)) < self.lock_ttl:
            raise WarehouseBusy(
                f"another {current.get('what', 'writer')} is writing to {self.uri} "
                f"(lock held by {current.get('host')}:{current.get('pid')})"
            )
        self._token = uuid.uuid4().hex
        self._what = what
        try:
            self._write_lock(what)
            time.sleep(self.settle)
            again = self._read_lock()
            if again is None or again.get("token") != self._token:
                raise WarehouseBusy(f"another writer took the lock of {self.uri} at the same time")
            yield
        finally:
            token, self._token = self._token, None
            with contextlib.suppress(OSError):
                held = self._read_lock()
                if held is not None and held.get("token") == token:
                    self.delete(LOCK)

    def assert_lock_held(self) -> None:
        """Re-read the lock: refresh it if it is still ours, raise :class:`WarehouseBusy` if not.
        Outside :meth:`writer_lock` (e.g. unit tests writing parts directly) there is nothing to check."""
        if self._token is None:
            return
        current = self._read_lock()
        if current is None or current.get("token") != self._token:
            raise WarehouseBusy(f"lost the writer lock of {self.uri}: another writer took it over")
        self._write_lock(self._what)
