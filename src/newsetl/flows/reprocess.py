"""The reprocess flow: select → (read pages → re-derive: one task per batch) → compare → replace.

Thin like the ingest flow: :func:`newsetl.reprocess.execute` does the work; this module makes the
per-batch re-derivation a Prefect task (never one task per article) and, with ``parallel_batches``,
submits batches to the flow's task runner (Dask, :func:`with_dask`); without it, the next batch is
re-derived (in the worker processes of :mod:`newsetl.workers`) while one is compared and committed,
as ingest does. Comparing and committing stay in the flow process, which holds the writer lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import Flow, flow, get_run_logger, runtime

from newsetl import reprocess as job
from newsetl.flows.ingest import _task, flow_mapper
from newsetl.rederive import derive_pages
from newsetl.settings import Settings
from newsetl.store.warehouse import Warehouse

DERIVE = _task("derive-batch", derive_pages)


@flow(name="newsetl-reprocess", log_prints=False, validate_parameters=False)
def reprocess(
    warehouse: str | None = None,
    where: str | None = None,
    older_than_current: bool = False,
    dry_run: bool = False,
    sample: int = 200,
    overrides: dict[str, Any] | None = None,
    parallel_batches: int = 0,
) -> dict[str, Any]:
    """Re-derive the selected articles from ``pages`` with the current code; returns the summary."""
    settings = Settings().with_overrides(**(overrides or {}))
    store = Warehouse(Path(warehouse) if warehouse else settings.warehouse)
    options = job.Options(where, older_than_current, dry_run, sample)
    map_batches = flow_mapper(settings, parallel_batches)  # as in ingest
    flow_run_id = str(runtime.flow_run.id) if runtime.flow_run.id else None
    logger = get_run_logger()
    return job.execute(store, settings, options, DERIVE, map_batches, logger.info, flow_run_id)


def with_dask(address: str) -> Flow[..., dict[str, Any]]:
    """The reprocess flow with its batches on the Dask cluster at ``address`` (prefect-dask)."""
    from prefect_dask.task_runners import DaskTaskRunner

    runner: Any = DaskTaskRunner(address=address)
    return reprocess.with_options(task_runner=runner)
