"""The object-store warehouse logic (rename-free commits, retirement, the lock object), run over
pyarrow's LocalFileSystem so it needs no server; tests/integration/test_s3_warehouse.py runs the
same code against a real S3 API."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.fs as pafs
import pytest

from newsetl.contracts import contract
from newsetl.store.objectstore import LOCK, ObjectStorage, split_uri
from newsetl.store.query import connect_warehouse
from newsetl.store.storage import LocalStorage, is_object_uri
from newsetl.store.warehouse import Warehouse, WarehouseBusy


def _rejects(names: list[str]) -> pa.Table:
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    rows = [
        {
            "source_file": n,
            "content_sha256": "abc",
            "stage": "decode",
            "reason_code": "empty",
            "message": "m",
            "run_id": "r1",
            "rejected_at": now,
        }
        for n in names
    ]
    return pa.Table.from_pylist(rows, schema=contract("rejects").arrow_schema)


def _object_warehouse(tmp_path: Path, settle: float = 0.0, ttl: float = 3600.0) -> Warehouse:
    base = tmp_path / "bucket" / "wh"
    storage = ObjectStorage(pafs.LocalFileSystem(), str(base), "s3://bucket/wh", lock_ttl=ttl, settle=settle)
    return Warehouse("s3://bucket/wh", storage)


def _sources(store: Warehouse) -> list[str]:
    with connect_warehouse(store) as con:
        return sorted(r[0] for r in con.execute("SELECT source_file FROM rejects").fetchall())


def test_locations_are_told_apart() -> None:
    assert is_object_uri("s3://b/p") and is_object_uri(Path("s3://b/p"))
    assert not is_object_uri("warehouse") and not is_object_uri(Path("/tmp/s3"))
    assert split_uri("s3://b/p/") == split_uri(str(Path("s3://b/p"))) == "b/p"
    assert isinstance(Warehouse("warehouse").storage, LocalStorage)


def test_only_committed_parts_are_read_and_orphans_removed(tmp_path: Path) -> None:
    store = _object_warehouse(tmp_path)
    kept = store.write_part("run1", 0, "rejects", _rejects(["a.txt", "b.txt"]))
    store.commit("run1", {"rejects": [kept]}, {"rejects": 2})
    orphan = store.write_part("run2", 0, "rejects", _rejects(["c.txt"]))  # never committed
    assert _sources(store) == ["a.txt", "b.txt"]
    assert store.catalog_path is None and store.root == "s3://bucket/wh"
    assert store.remove_uncommitted() == [store.location(orphan)]
    assert store.storage.list_files("rejects") == [kept]


def test_retired_parts_leave_the_live_set_and_are_removed(tmp_path: Path) -> None:
    store = _object_warehouse(tmp_path)
    one = store.write_part("run1", 0, "rejects", _rejects(["a.txt"]))
    two = store.write_part("run2", 0, "rejects", _rejects(["b.txt"]))
    store.commit("run1", {"rejects": [one]}, {"rejects": 1})
    store.commit("run2", {"rejects": [two]}, {"rejects": 1})
    merged = store.write_part("compact", 0, "rejects", _rejects(["a.txt", "b.txt"]))
    store.commit("compact", {"rejects": [merged]}, {}, retires={"rejects": [one, two]})
    assert store.live_parts()["rejects"] == [merged]
    assert store.committed_parts("rejects") == [store.location(merged)]
    assert _sources(store) == ["a.txt", "b.txt"]
    assert sorted(map(str, store.remove_uncommitted())) == sorted(
        map(str, [store.location(one), store.location(two)])
    )
    assert store.storage.list_files("rejects") == [merged]
    assert store.known() is not None  # reads only live parts


def test_an_older_part_without_a_nullable_column_reads_it_as_null(tmp_path: Path) -> None:
    store = _object_warehouse(tmp_path)
    old = _rejects(["a.txt"]).drop_columns(["content_sha256"])
    part = store.write_part("run1", 0, "rejects", old)
    store.commit("run1", {"rejects": [part]}, {"rejects": 1})
    with connect_warehouse(store) as con:
        assert con.execute("SELECT source_file, content_sha256 FROM rejects").fetchall() == [("a.txt", None)]
        assert con.execute("SELECT count(*) FROM articles").fetchall() == [(0,)]


def test_lock_object_refuses_a_second_writer_and_is_released(tmp_path: Path) -> None:
    first, second = _object_warehouse(tmp_path), _object_warehouse(tmp_path)
    with first.writer_lock(), pytest.raises(WarehouseBusy, match="another ingest"), second.writer_lock():
        pass
    assert LOCK.rsplit("/", 1)[-1] not in [p.name for p in (tmp_path / "bucket" / "wh").iterdir()]
    with second.writer_lock("compaction"):  # free again
        pass


def test_a_stale_lock_is_taken_over_and_its_owner_cannot_commit(tmp_path: Path) -> None:
    dead, live = _object_warehouse(tmp_path, ttl=0.2), _object_warehouse(tmp_path, ttl=0.2)
    with dead.writer_lock():
        part = dead.write_part("dead", 0, "rejects", _rejects(["a.txt"]))
        time.sleep(0.3)  # the owner stalls past the TTL
        with live.writer_lock():
            with pytest.raises(WarehouseBusy, match="lost the writer lock"):
                dead.commit("dead", {"rejects": [part]}, {"rejects": 1})
            assert json.loads(live.storage.read_bytes(LOCK))["what"] == "ingest"
    assert dead.commits() == []
