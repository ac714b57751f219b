from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from newsetl.contracts import contract
from newsetl.store.catalog import build_catalog
from newsetl.store.files import atomic_write_bytes
from newsetl.store.query import query, table_counts
from newsetl.store.warehouse import Warehouse, WarehouseBusy


def _reject_table(names: list[str]) -> pa.Table:
    import datetime as dt

    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    rows = [
        {
            "source_file": n,
            "content_sha256": None,
            "stage": "decode",
            "reason_code": "empty",
            "message": "m",
            "run_id": "r1",
            "rejected_at": now,
        }
        for n in names
    ]
    return pa.Table.from_pylist(rows, schema=contract("rejects").arrow_schema)


def test_views_exist_and_are_typed_before_any_data(tmp_path: Path) -> None:
    store = Warehouse(tmp_path)
    build_catalog(store)
    assert set(table_counts(tmp_path).values()) == {0}
    types = query(
        tmp_path,
        "SELECT typeof(authors) AS t FROM (SELECT * FROM articles UNION ALL SELECT * FROM articles) LIMIT 1",
    )
    assert types.num_rows == 0


def test_only_committed_parts_are_visible_and_leftovers_are_removed(tmp_path: Path) -> None:
    store = Warehouse(tmp_path)
    committed = store.write_part("run1", 0, "rejects", _reject_table(["a.txt", "b.txt"]))
    store.commit("run1", {"rejects": [committed]}, {"rejects": 2})
    orphan = store.write_part("run2", 0, "rejects", _reject_table(["c.txt"]))  # crashed before commit
    build_catalog(store)
    assert query(tmp_path, "SELECT count(*) AS n FROM rejects").column("n").to_pylist() == [2]
    removed = store.remove_uncommitted()
    assert removed == [tmp_path / orphan]
    assert not (tmp_path / orphan).exists() and (tmp_path / committed).exists()


def test_views_work_from_another_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Warehouse(tmp_path / "wh")
    part = store.write_part("run1", 0, "rejects", _reject_table(["a.txt"]))
    store.commit("run1", {"rejects": [part]}, {"rejects": 1})
    build_catalog(store)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with duckdb.connect(str(tmp_path / "wh" / "newsetl.duckdb"), read_only=True) as con:
        assert con.sql("SELECT source_file FROM rejects").fetchall() == [("a.txt",)]


def test_one_writer_at_a_time(tmp_path: Path) -> None:
    store = Warehouse(tmp_path)
    with store.writer_lock(), pytest.raises(WarehouseBusy), Warehouse(tmp_path).writer_lock():
        pass
    with store.writer_lock():  # released after the first holder left
        pass


def test_failed_write_leaves_the_previous_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.json"
    atomic_write_bytes(target, b"old")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk on fire"):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]
