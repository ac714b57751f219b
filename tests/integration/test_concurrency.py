"""One writer at a time; readers see the last committed state while a run is under way."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from newsetl import run
from newsetl.run import Stages, execute, ingest_local
from newsetl.settings import Settings
from newsetl.store.query import table_counts
from newsetl.store.warehouse import Warehouse, WarehouseBusy

REPO = Path(__file__).resolve().parents[2]


def test_second_writer_is_refused_and_readers_see_committed_counts(tmp_path: Path) -> None:
    raw_a, raw_b = tmp_path / "a", tmp_path / "b"
    samples = sorted((REPO / "raw").glob("*.txt"))
    raw_a.mkdir()
    raw_b.mkdir()
    (raw_a / "one.txt").write_bytes(samples[0].read_bytes())
    for sample in samples[1:]:
        (raw_b / sample.name).write_bytes(sample.read_bytes())
    warehouse = tmp_path / "wh"
    ingest_local([raw_a], Settings(), warehouse)
    committed = table_counts(warehouse)

    parts_written, release = threading.Event(), threading.Event()

    def slow_publish(*args: Any) -> None:
        parts_written.set()  # every part of the run is on disk, nothing committed yet
        release.wait(60)
        run.publish(*args)

    errors: list[BaseException] = []

    def writer() -> None:
        try:
            execute([raw_b], Settings(), Warehouse(warehouse), Stages(publish=slow_publish))
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    assert parts_written.wait(120)
    try:
        assert list((warehouse / "articles").glob("*.parquet")), "the running writer wrote parts"
        assert table_counts(warehouse) == committed  # readers see only the last commit
        with pytest.raises(WarehouseBusy, match="another ingest"):
            ingest_local([raw_b], Settings(), warehouse)
    finally:
        release.set()
        thread.join(120)
    assert not errors
    assert table_counts(warehouse)["articles"] == committed["articles"] + len(samples) - 1


def test_cli_exits_3_when_the_warehouse_is_busy(tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path / "wh")
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "ph"))
    with warehouse.writer_lock():
        done = subprocess.run(
            [
                str(Path(sys.executable).parent / "newsetl"),
                "ingest",
                str(REPO / "raw"),
                "-w",
                str(warehouse.root),
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
    assert done.returncode == 3, done.stderr
    assert "another ingest is writing" in done.stderr
