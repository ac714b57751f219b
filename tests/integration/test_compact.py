"""``newsetl compact`` on a local warehouse: same rows, fewer parts, reruns still add nothing, and a
compaction that dies before its commit leaves the warehouse exactly as it was."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsetl.contracts import TABLES, load_contracts
from newsetl.run import ingest_local
from newsetl.settings import Settings
from newsetl.store.compact import compact, sorted_part
from newsetl.store.query import query, table_counts
from newsetl.store.storage import LocalStorage
from newsetl.store.warehouse import PublishError, Warehouse

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "raw").glob("*.txt"))


def rows(warehouse: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows (all columns, runs included: compaction must not change any), sorted."""
    return {
        table: sorted(
            tuple(map(repr, r.values())) for r in query(warehouse, f"SELECT * FROM {table}").to_pylist()
        )
        for table in TABLES
    }


def files(warehouse: Path) -> list[str]:
    return sorted(str(p.relative_to(warehouse)) for p in warehouse.rglob("*") if p.is_file())


@pytest.fixture
def many_parts(tmp_path: Path) -> Path:
    """A warehouse of three runs, one per sample, with one batch per file: many small parts."""
    warehouse = tmp_path / "wh"
    for sample in SAMPLES:
        ingest_local([sample], Settings(batch_size=1), warehouse)
    return warehouse


def test_compaction_keeps_every_row_and_reduces_parts(many_parts: Path) -> None:
    before_rows, before_parts = rows(many_parts), Warehouse(many_parts).live_parts()
    result = compact(Warehouse(many_parts))
    after_parts = Warehouse(many_parts).live_parts()
    assert rows(many_parts) == before_rows
    for table in TABLES:
        assert len(after_parts[table]) == min(1, len(before_parts[table])), table
        assert result.parts_after[table] == len(after_parts[table])
    assert sum(map(len, after_parts.values())) < sum(map(len, before_parts.values()))
    on_disk = [f for f in files(many_parts) if f.split("/")[0] in TABLES]
    assert sorted(on_disk) == sorted(rel for rels in after_parts.values() for rel in rels)

    again = compact(Warehouse(many_parts))  # nothing left to merge
    assert not again.changed and Warehouse(many_parts).live_parts() == after_parts

    summary = ingest_local(SAMPLES, Settings(), many_parts)
    assert summary["files_new"] == 0
    counts = table_counts(many_parts)
    assert {t: counts[t] for t in TABLES if t != "runs"} == {
        t: len(before_rows[t]) for t in TABLES if t != "runs"
    }


def test_a_compaction_that_dies_before_its_commit_changes_nothing(
    many_parts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before_rows, before_files = rows(many_parts), files(many_parts)
    real = LocalStorage.write_bytes

    def failing_commit(self: LocalStorage, rel: str, data: bytes) -> None:
        if rel.startswith("_commits/"):
            raise OSError(28, "No space left on device")
        real(self, rel, data)

    monkeypatch.setattr(LocalStorage, "write_bytes", failing_commit)
    with pytest.raises(PublishError, match="nothing was committed"):
        compact(Warehouse(many_parts))
    monkeypatch.undo()
    assert files(many_parts) == before_files
    assert rows(many_parts) == before_rows


def test_a_compaction_killed_before_its_commit_leaves_parts_the_next_writer_removes(
    many_parts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before_rows, before_files = rows(many_parts), files(many_parts)

    class Killed(BaseException):
        """Stands in for SIGKILL: no cleanup handler may run (so none is allowed to)."""

    def killed(self: Warehouse, *args: Any, **kwargs: Any) -> None:
        raise Killed

    monkeypatch.setattr(Warehouse, "commit", killed)
    monkeypatch.setattr(LocalStorage, "delete", lambda self, rel: None)  # the process is gone
    with pytest.raises(Killed):
        compact(Warehouse(many_parts))
    monkeypatch.undo()
    assert len(files(many_parts)) > len(before_files)  # merged parts are on disk …
    assert rows(many_parts) == before_rows  # … and invisible
    Warehouse(many_parts).prepare()
    assert files(many_parts) == before_files


def test_compact_command(many_parts: Path) -> None:
    before = rows(many_parts)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "newsetl"), "compact", "--warehouse", str(many_parts), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert '"retired"' in done.stdout
    assert rows(many_parts) == before


def test_compaction_writes_sorted_described_parts_and_sorts_a_lone_part(tmp_path: Path) -> None:
    warehouse = tmp_path / "wh"
    ingest_local(SAMPLES, Settings(), warehouse)  # one batch: one part per table, as written
    store = Warehouse(warehouse)
    contracts = load_contracts()
    before = store.live_parts()
    assert not sorted_part(store.storage.parquet_metadata(before["articles"][0]), contracts["articles"])
    rows_before = rows(warehouse)
    compact(store)
    after = store.live_parts()
    assert rows(warehouse) == rows_before
    for table in ("articles", "quotes", "entities", "images"):
        assert after[table] != before[table], table  # a lone part not yet sorted is rewritten alone
        metadata = store.storage.parquet_metadata(after[table][0])
        assert sorted_part(metadata, contracts[table])
        described = {k.decode(): v.decode() for k, v in (metadata.metadata or {}).items()}
        assert described["newsetl.column.article_id"] == contracts[table].columns[0].description
        keys = store.storage.read_parquet(after[table][0], contracts[table].sort_columns).to_pylist()
        assert [tuple(r.values()) for r in keys] == sorted(tuple(r.values()) for r in keys)
    assert not compact(store).changed  # sorted parts stay as they are
