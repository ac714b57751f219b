"""Prefect behaviour of the ingest flow: transient I/O errors retry; real failures show as failed."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from newsetl.store.query import query

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def test_transient_io_error_is_retried_and_the_run_completes(
    run_flow: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw)
    real_replace, failures = os.replace, []

    def flaky_replace(src: Any, dst: Any) -> None:
        if str(dst).endswith(".parquet") and not failures:
            failures.append(dst)
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky_replace)
    summary = run_flow([raw], tmp_path / "wh")
    assert failures, "the fault was injected"
    assert summary["files_new"] == len(list(raw.glob("*.txt")))
    runs = query(tmp_path / "wh", "SELECT status FROM runs").column(0).to_pylist()
    assert runs == ["completed"]


def test_a_failing_run_is_failed_in_prefect_and_in_runs(
    prefect_server: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsetl.flows.ingest import ingest

    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw)
    warehouse = tmp_path / "wh"
    ingest(raw=[str(raw)], warehouse=str(warehouse))  # a first, good run
    (raw / "new.txt").write_text((raw / sorted(os.listdir(raw))[0]).read_text() + "\nOne more line.\n")

    def broken_parser(*args: Any) -> Any:
        raise MemoryError("parser ran out of memory")

    monkeypatch.setattr("newsetl.flows.ingest.STAGES", monkeypatch_stage_parse(broken_parser))
    state = ingest(raw=[str(raw)], warehouse=str(warehouse), return_state=True)
    assert state.is_failed()
    runs = query(warehouse, "SELECT status, error FROM runs ORDER BY started_at").to_pylist()
    assert [r["status"] for r in runs] == ["completed", "failed"]
    assert "out of memory" in runs[1]["error"]
    assert query(warehouse, "SELECT count(*) FROM articles").column(0)[0].as_py() == len(os.listdir(raw)) - 1


def monkeypatch_stage_parse(broken: Any) -> Any:
    """The flow's stages with a parse stage that fails outright (not a per-article parser error)."""
    import dataclasses

    from newsetl.flows.ingest import STAGES, _task

    def parse(*args: Any) -> Any:
        return broken()

    return dataclasses.replace(STAGES, process=_task("process-batch", parse))


def test_run_logs_carry_the_counts_of_each_stage(prefect_server: None, tmp_path: Path) -> None:
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    from newsetl.flows.ingest import ingest

    state = ingest(raw=[str(REPO / "raw")], warehouse=str(tmp_path / "wh"), return_state=True)
    assert state.is_completed()

    async def messages() -> list[str]:
        async with get_client() as client:
            logs = await client.read_logs(
                LogFilter(flow_run_id=LogFilterFlowRunId(any_=[state.state_details.flow_run_id]))
            )
        return [log.message for log in logs]

    # run logs are shipped to the API in the background: poll until the closing line is there
    found: list[str] = []
    for _ in range(20):
        found = asyncio.run(messages())
        if any(m.startswith("run ") for m in found):
            break
        time.sleep(0.5)
    assert any(m.startswith("discover: 3 files") for m in found), found
    assert any(m.startswith("batch 0: 3 files") and "new articles 3" in m for m in found), found
    assert any(m.startswith("run ") and "completed" in m for m in found), found


def test_a_retried_flow_resumes_from_its_last_checkpoint(
    prefect_server: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Prefect retry of the whole flow is a new run that picks up the failed attempt's checkpoints."""
    from newsetl import run
    from newsetl.flows.ingest import ingest

    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw)
    for sample in sorted(raw.glob("*.txt")):
        (raw / f"z-{sample.name}").write_text(sample.read_text() + "\nOne more line.\n")
    real_accept, calls = run.IngestRun.accept, []

    def accept_then_fail(self: run.IngestRun, *args: Any) -> Any:
        calls.append(self.info.run_id)
        if len(calls) == 3:  # the first attempt, after its first checkpoint (2 batches)
            raise RuntimeError("worker lost")
        return real_accept(self, *args)

    monkeypatch.setattr(run.IngestRun, "accept", accept_then_fail)
    warehouse = tmp_path / "wh"
    summary = ingest.with_options(retries=1, retry_delay_seconds=0)(
        raw=[str(raw)],
        warehouse=str(warehouse),
        overrides={"batch_size": 1, "checkpoint_batches": 2, "checkpoint_max_overhead": 0},
    )
    rows = query(
        warehouse,
        "SELECT run_id, flow_run_id, status, checkpoints, resumes_run_id FROM runs ORDER BY started_at",
    ).to_pylist()
    assert [(r["status"], r["checkpoints"]) for r in rows] == [("failed", 1), ("completed", 3)]
    assert rows[1]["resumes_run_id"] == rows[0]["run_id"] and rows[0]["flow_run_id"] == rows[1]["flow_run_id"]
    assert summary["files_skipped"] == 2  # the first checkpoint's files were not processed again
    assert query(
        warehouse, "SELECT count(DISTINCT article_id) AS n, count(*) AS m FROM articles"
    ).to_pylist() == [{"n": 6, "m": 6}]
