"""The ingest flow: discover → process (load, parse, extract, validate: one task per batch) → write →
publish.

Thin by design: :func:`newsetl.run.execute` does the wiring; this module only makes the stages Prefect
tasks and hands them over. A batch is one coarse task (never one task per article), so the same flow
can send its batches to a Dask cluster (``dask_address``) where each task costs tens of milliseconds.
Stages that touch storage retry transient I/O errors with exponential back-off; parts and commit
records are written atomically under fixed names, so a retry overwrites rather than duplicates.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from prefect import Flow, Task, flow, get_run_logger, runtime, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State, TaskRun
from prefect.tasks import exponential_backoff

from newsetl import batch, run
from newsetl.settings import Settings
from newsetl.store.warehouse import PublishError, Warehouse

IO_RETRIES = 3


def transient_io_error(task: Task[..., Any], task_run: TaskRun, state: State[Any]) -> bool:
    """Retry only what may pass: I/O errors (disk, network file systems), not bad data or bugs."""
    error = state.result(raise_on_failure=False)
    return isinstance(error, OSError | PublishError)


def _task(name: str, fn: Any, *, io: bool = False) -> Any:
    retry: dict[str, Any] = {}
    if io:
        retry = {
            "retries": IO_RETRIES,
            "retry_delay_seconds": exponential_backoff(backoff_factor=0.5),
            "retry_condition_fn": transient_io_error,
        }
    return task(name=name, cache_policy=NO_CACHE, persist_result=False, **retry)(fn)


def submit_in_window(window: int) -> Callable[..., Iterator[batch.BatchResult]]:
    """Submit batches to the flow's task runner, at most ``window`` in flight, results in order."""

    def map_batches(process: Any, calls: Iterable[tuple[Any, ...]]) -> Iterator[batch.BatchResult]:
        pending: deque[Any] = deque()
        for args in calls:
            pending.append(process.submit(*args))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    return map_batches


STAGES = run.Stages(
    discover=_task("discover", run.discover_files, io=True),
    process=_task("process-batch", batch.process_batch, io=True),
    write=_task("write", run.write_tables, io=True),
    publish=_task("publish", run.publish, io=True),
)


@flow(name="newsetl-ingest", log_prints=False, validate_parameters=False)
def ingest(
    raw: list[str] | None = None,
    warehouse: str | None = None,
    overrides: dict[str, Any] | None = None,
    parallel_batches: int = 0,
) -> dict[str, Any]:
    """Ingest new raw files into the warehouse, one atomic commit per checkpoint; returns the run
    summary. A retry of the flow (``ingest.with_options(retries=…)``, or the deployment's) is a new
    run that resumes from the failed attempt's last checkpoint (:mod:`newsetl.checkpoints`).

    ``parallel_batches`` > 0 submits that many batches at a time to the flow's task runner (use it
    with a Dask task runner, see :func:`with_dask`); 0 runs them here, in order, the next batch
    already running (its articles in the worker processes of :mod:`newsetl.workers`) while one commits.
    """
    settings = Settings().with_overrides(**(overrides or {}))
    roots = [Path(r) for r in raw] if raw else list(settings.raw)
    store = Warehouse(Path(warehouse) if warehouse else settings.warehouse)
    stages = dataclasses.replace(STAGES, map_batches=flow_mapper(settings, parallel_batches))
    logger = get_run_logger()
    flow_run_id = str(runtime.flow_run.id) if runtime.flow_run.id else None
    return run.execute(roots, settings, store, stages, log=logger.info, flow_run_id=flow_run_id)


def flow_mapper(settings: Settings, parallel_batches: int) -> Any:
    """How a flow maps its batches: ``parallel_batches`` at a time on the flow's task runner (Dask);
    else in order, the next batch running (on the thread runner) while one commits when the work goes
    to worker processes."""
    if parallel_batches > 0:
        return submit_in_window(parallel_batches)
    if batch.runs_ahead(settings):
        return submit_in_window(batch.AHEAD)
    return batch.map_in_order


def with_dask(address: str) -> Flow[..., dict[str, Any]]:
    """The ingest flow with its batches on the Dask cluster at ``address`` (prefect-dask)."""
    from prefect_dask.task_runners import DaskTaskRunner

    runner: Any = DaskTaskRunner(address=address)
    return ingest.with_options(task_runner=runner)
