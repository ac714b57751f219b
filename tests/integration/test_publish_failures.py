"""An I/O error while publishing fails the run loudly, keeps the last commit, and the next run works."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from newsetl.run import ingest_local
from newsetl.settings import Settings
from newsetl.store.query import query, table_counts
from newsetl.store.warehouse import PublishError

REPO = Path(__file__).resolve().parents[2]


def _failing_on(name: str, after: int) -> Any:
    real = getattr(os, name)
    calls = 0

    def fail(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == after + 1:  # one failure; the disk works again for recording it
            raise OSError(28, "No space left on device")
        return real(*args)

    return fail


@pytest.mark.parametrize(("name", "after"), [("fsync", 0), ("fsync", 3), ("replace", 0), ("replace", 2)])
def test_io_error_during_publish(
    name: str, after: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    samples = sorted((REPO / "raw").glob("*.txt"))
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "one.txt").write_bytes(samples[0].read_bytes())
    for sample in samples[1:]:
        (second / sample.name).write_bytes(sample.read_bytes())
    warehouse = tmp_path / "wh"
    ingest_local([first], Settings(), warehouse)
    committed = table_counts(warehouse)

    with monkeypatch.context() as patch:
        patch.setattr(os, name, _failing_on(name, after))
        with pytest.raises(PublishError, match=r"No space left on device.*nothing was committed"):
            ingest_local([second], Settings(), warehouse)
    after = table_counts(warehouse)
    assert {t: after[t] for t in after if t != "runs"} == {t: committed[t] for t in committed if t != "runs"}
    failed = query(warehouse, "SELECT status, error FROM runs ORDER BY started_at").to_pylist()
    assert [r["status"] for r in failed] == ["completed", "failed"]
    assert "No space left on device" in failed[1]["error"]

    summary = ingest_local([second], Settings(), warehouse)
    assert summary["files_new"] == len(samples) - 1
    assert table_counts(warehouse)["articles"] == committed["articles"] + len(samples) - 1


def test_persistent_io_error_fails_with_the_original_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tmp_path / "first"
    first.mkdir()
    (first / "one.txt").write_bytes(sorted((REPO / "raw").glob("*.txt"))[0].read_bytes())
    warehouse = tmp_path / "wh"
    ingest_local([first], Settings(), warehouse)
    committed = table_counts(warehouse)
    (first / "two.txt").write_bytes(sorted((REPO / "raw").glob("*.txt"))[1].read_bytes())

    def always_fails(*args: Any) -> None:
        raise OSError(30, "Read-only file system")

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", always_fails)
        with pytest.raises(PublishError, match="Read-only file system"):
            ingest_local([first], Settings(), warehouse)
    assert table_counts(warehouse) == committed  # not even a 'failed' runs row could be written
    assert ingest_local([first], Settings(), warehouse)["files_new"] == 1
