"""The ingest flow: discover → load → parse → extract → validate → write → publish.

Thin by design: :func:`newsetl.run.execute` does the wiring; this module only makes each stage a
Prefect task (one task call per batch of articles, never per article) and hands them over. Stages
that touch storage retry transient I/O errors with exponential back-off; parts and commit records
are written atomically under fixed names, so a retry overwrites rather than duplicates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import Task, flow, get_run_logger, runtime, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State, TaskRun
from prefect.tasks import exponential_backoff

from newsetl import pipeline, run
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


STAGES = run.Stages(
    discover=_task("discover", run.discover_files, io=True),
    load=_task("load", pipeline.load_files, io=True),
    parse=_task("parse", pipeline.parse_files),
    extract=_task("extract", run.extract_files),
    validate=_task("validate", run.validate_extracted),
    write=_task("write", run.write_tables, io=True),
    publish=_task("publish", run.publish, io=True),
)


@flow(name="newsetl-ingest", log_prints=False, validate_parameters=False)
def ingest(
    raw: list[str] | None = None,
    warehouse: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Ingest new raw files into the warehouse as one atomic run; returns the run summary."""
    settings = Settings().with_overrides(**(overrides or {}))
    roots = [Path(r) for r in raw] if raw else list(settings.raw)
    store = Warehouse(Path(warehouse) if warehouse else settings.warehouse)
    logger = get_run_logger()
    flow_run_id = str(runtime.flow_run.id) if runtime.flow_run.id else None
    return run.execute(roots, settings, store, STAGES, log=logger.info, flow_run_id=flow_run_id)
