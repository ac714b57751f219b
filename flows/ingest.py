"""The ingest flow: discover → read → parse → extract → validate → write parts → commit → catalog.

Thin by design: every step is a function of ``newsetl``; this module only wires them into Prefect
tasks that each work on a batch of articles (never one task per article).
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from newsetl import progress
from newsetl.discover import RawFile, Skipped, discover
from newsetl.pipeline import (
    Loaded,
    Parsed,
    Seen,
    StageOut,
    analysis_pipeline,
    extract_batch,
    parse_files,
    read_files,
)
from newsetl.rows import Row, RunInfo, reject_row
from newsetl.settings import Settings
from newsetl.store.catalog import build_catalog
from newsetl.store.warehouse import Warehouse
from newsetl.validate import ValidatedBatch, rejects_table, validate_batch


@task(name="discover", cache_policy=NO_CACHE, persist_result=False)
def discover_task(
    roots: list[Path], settings: Settings, run: RunInfo, seen_unread: set[str]
) -> tuple[list[RawFile], list[Row]]:
    files: list[RawFile] = []
    rejects: list[Row] = []
    for found in discover(roots, settings.file_suffixes):
        if isinstance(found, Skipped):
            rejects.append(
                reject_row(
                    source_file=found.rel,
                    content_sha256=None,
                    stage="discover",
                    reason=found.reason,
                    message=found.message,
                    run=run,
                )
            )
        else:
            files.append(found)
    return files, rejects


@task(name="read", cache_policy=NO_CACHE, persist_result=False)
def read_task(batch: list[RawFile], seen: Seen, settings: Settings, run: RunInfo) -> StageOut[Loaded]:
    return read_files(batch, seen, settings, run)


@task(name="parse", cache_policy=NO_CACHE, persist_result=False)
def parse_task(loaded: list[Loaded], seen: Seen, settings: Settings, run: RunInfo) -> StageOut[Parsed]:
    return parse_files(loaded, seen, settings, run)


@task(name="extract", cache_policy=NO_CACHE, persist_result=False)
def extract_task(
    parsed: list[Parsed], settings: Settings, run: RunInfo
) -> tuple[dict[str, list[Row]], list[Row]]:
    nlp = analysis_pipeline(settings)
    return extract_batch(parsed, nlp, settings, run)


@task(name="validate", cache_policy=NO_CACHE, persist_result=False)
def validate_task(rows: dict[str, list[Row]]) -> ValidatedBatch:
    return validate_batch(rows)


@task(name="write", cache_policy=NO_CACHE, persist_result=False)
def write_task(store: Warehouse, run: RunInfo, seq: int, batch: ValidatedBatch) -> dict[str, str]:
    return {
        table: store.write_part(run.run_id, seq, table, data)
        for table, data in batch.tables.items()
        if data.num_rows
    }


@task(name="publish", cache_policy=NO_CACHE, persist_result=False)
def publish_task(store: Warehouse, run: RunInfo, parts: dict[str, list[str]], rows: dict[str, int]) -> None:
    store.commit(run.run_id, parts, rows)
    build_catalog(store)


def _batches(items: Sequence[RawFile], size: int) -> Iterator[list[RawFile]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def new_run(settings: Settings) -> RunInfo:
    now = dt.datetime.now(dt.UTC)
    return RunInfo(f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}", now, settings.language)


@flow(name="newsetl-ingest", log_prints=False, validate_parameters=False)
def ingest(
    raw: list[str] | None = None,
    warehouse: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Ingest new raw files into the warehouse; returns the run summary."""
    settings = Settings().with_overrides(**(overrides or {}))
    roots = [Path(r) for r in raw] if raw else list(settings.raw)
    store = Warehouse(Path(warehouse) if warehouse else settings.warehouse)
    logger = get_run_logger()
    run = new_run(settings)
    seconds: defaultdict[str, float] = defaultdict(float)
    counts: Counter[str] = Counter()

    with store.writer_lock():
        store.remove_uncommitted()
        seen = _seen_in(store)
        started = time.perf_counter()
        files, rejects = discover_task(roots, settings, run, seen.unread)
        seconds["discover"] += time.perf_counter() - started
        counts["files_seen"] = len(files) + len(rejects)
        parts: dict[str, list[str]] = {}
        done = 0
        for seq, batch in enumerate(_batches(files, settings.batch_size)):
            t0 = time.perf_counter()
            loaded = read_task(batch, seen, settings, run)
            t1 = time.perf_counter()
            parsed = parse_task(loaded.items, seen, settings, run)
            t2 = time.perf_counter()
            rows, extract_rejects = extract_task(parsed.items, settings, run)
            t3 = time.perf_counter()
            validated = validate_task(rows)
            t4 = time.perf_counter()
            for table, rel in write_task(store, run, seq, validated).items():
                parts.setdefault(table, []).append(rel)
            t5 = time.perf_counter()
            stage_times = {
                "read": t1 - t0,
                "parse": t2 - t1,
                "extract": t3 - t2,
                "validate": t4 - t3,
                "write": t5 - t4,
            }
            for stage, spent in stage_times.items():
                seconds[stage] += spent
            rejects += loaded.rejects + parsed.rejects + extract_rejects
            rejects += [
                reject_row(
                    source_file=_source_of(rows, f.article_id),
                    content_sha256=None,
                    stage="validate",
                    reason="invalid_rows",
                    message=f.message,
                    run=run,
                )
                for f in validated.failures
            ]
            counts["skipped"] += loaded.skipped + parsed.skipped
            for table, data in validated.tables.items():
                counts[table] += data.num_rows
            done += len(batch)
            progress.report("files", done, len(files))
            logger.info(
                "batch %d: %d files, %d articles", seq, len(batch), validated.tables["articles"].num_rows
            )
        if rejects:
            parts.setdefault("rejects", []).append(
                store.write_part(run.run_id, 99999, "rejects", rejects_table(rejects))
            )
        counts["rejects"] = len(rejects)
        t0 = time.perf_counter()
        tables = ("articles", "images", "quotes", "entities", "rejects")
        publish_task(store, run, parts, {t: counts[t] for t in tables})
        seconds["publish"] += time.perf_counter() - t0

    summary: dict[str, Any] = {
        "run_id": run.run_id,
        "warehouse": str(store.root),
        "files_seen": counts["files_seen"],
        "files_new": counts["articles"],
        "files_skipped": counts["skipped"],
        "files_rejected": counts["rejects"],
        "rows": {t: counts[t] for t in tables},
        "seconds": {k: round(v, 3) for k, v in seconds.items()},
    }
    logger.info("run %s: %s", run.run_id, summary)
    return summary


def _seen_in(store: Warehouse) -> Seen:
    """Content already committed, as articles or as rejects: a rerun skips it."""
    articles = store.read_column("articles", ["content_sha256", "article_id"])
    rejected = store.read_column("rejects", ["content_sha256", "source_file"])
    content = set(articles.column("content_sha256").to_pylist())
    content |= {sha for sha in rejected.column("content_sha256").to_pylist() if sha}
    unread = {
        src
        for src, sha in zip(
            rejected.column("source_file").to_pylist(),
            rejected.column("content_sha256").to_pylist(),
            strict=True,
        )
        if sha is None
    }
    return Seen(content=content, articles=set(articles.column("article_id").to_pylist()), unread=unread)


def _source_of(rows: dict[str, list[Row]], article_id: str) -> str:
    for row in rows.get("articles", []):
        if row["article_id"] == article_id:
            return str(row["source_file"])
    return f"<article {article_id}>"
