"""The ingest flow: discover → load → parse → extract → validate → write → publish.

Thin by design: :func:`newsetl.run.execute` does the wiring; this module only makes each stage a
Prefect task (one task call per batch of articles, never per article) and hands them over.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from newsetl import pipeline, run
from newsetl.settings import Settings
from newsetl.store.warehouse import Warehouse


def _task(name: str, fn: Any) -> Any:
    return task(name=name, cache_policy=NO_CACHE, persist_result=False)(fn)


STAGES = run.Stages(
    discover=_task("discover", run.discover_files),
    load=_task("load", pipeline.load_files),
    parse=_task("parse", pipeline.parse_files),
    extract=_task("extract", run.extract_files),
    validate=_task("validate", run.validate_extracted),
    write=_task("write", run.write_tables),
    publish=_task("publish", run.publish),
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
    return run.execute(roots, settings, store, STAGES, log=logger.info)
