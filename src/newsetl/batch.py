"""One batch of an ingest: load → parse → extract → validate as one coarse unit of work (local, in
worker processes or on Dask), and the ways a run maps its batches (in order, or one ahead).

Pure of warehouse writes: a batch returns validated tables and outcomes; the run
(:mod:`newsetl.run`) accepts, writes and commits them.
"""

from __future__ import annotations

import contextvars
import dataclasses
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from newsetl.discover import RawFile
from newsetl.model import Known
from newsetl.pipeline import Decoded, Extracted, Parsed, StageOut, load_files
from newsetl.raw_layer import pages_rows, pages_table
from newsetl.rows import Row, RunInfo
from newsetl.settings import Settings
from newsetl.validate import ARTICLE_TABLES, ValidatedBatch, validate_batch
from newsetl.workers import parse_and_extract


def validate_extracted(extracted: StageOut[Extracted]) -> ValidatedBatch:
    rows: dict[str, list[Row]] = {table: [] for table in ARTICLE_TABLES}
    for item in extracted.items:
        for table, table_rows in item.rows.items():
            rows[table].extend(table_rows)
    return validate_batch(rows)


def with_pages(extracted: StageOut[Extracted], validated: ValidatedBatch, run: RunInfo) -> ValidatedBatch:
    """Add the raw layer: the ``pages`` rows of the batch's valid articles (same commit as they)."""
    items = (
        (i.decoded.article_id, i.decoded.record, i.decoded.raw.rel, i.decoded.sha256) for i in extracted.items
    )
    keep = validated.tables["articles"].column("article_id").to_pylist()
    pages = pages_table(pages_rows(items, run), keep)
    return dataclasses.replace(validated, tables=validated.tables | {"pages": pages})


@dataclass(frozen=True)
class BatchResult:
    """What one batch sends back to the run: stage outcomes (texts dropped) and validated tables."""

    loaded: StageOut[Decoded]
    parsed: StageOut[Parsed]
    extracted: StageOut[Extracted]
    validated: ValidatedBatch
    seconds: dict[str, float]
    counts: dict[str, int]  # files in, and items out of each stage


def process_batch(batch: Sequence[RawFile], known: Known, settings: Settings, run: RunInfo) -> BatchResult:
    """load → parse → extract → validate for one batch: one coarse unit of work, local or on Dask."""
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = now - clock
        clock = now

    loaded = load_files(batch, known, settings, run)
    lap("read")
    worked = parse_and_extract(loaded.items, settings, run)  # in the workers: time spent there
    parsed, extracted = worked.parsed, worked.extracted
    lap("extract")
    seconds["parse"], seconds["extract"] = worked.seconds["parse"], worked.seconds["extract"]
    validated = validate_extracted(extracted)
    if settings.raw_pages:
        validated = with_pages(extracted, validated, run)
    lap("validate")
    counts = {"files": len(batch), "read": len(loaded.items), "parsed": worked.parsed_count}
    # Only the tables and the outcomes travel back (from a Dask worker): drop texts and parsed rows.
    light = [
        Extracted(dataclasses.replace(item.decoded, text="", record=None), {}) for item in extracted.items
    ]
    loaded.items, parsed.items = [], []
    extracted.items = light
    return BatchResult(loaded, parsed, extracted, validated, seconds, counts)


def map_in_order(
    process: Callable[..., BatchResult], calls: Iterable[tuple[Any, ...]]
) -> Iterator[BatchResult]:
    """Run the batches one after the other, in this process."""
    for args in calls:
        yield process(*args)


AHEAD = 2  # batches in flight when the per-article work runs in worker processes


def map_ahead(process: Callable[..., BatchResult], calls: Iterable[tuple[Any, ...]]) -> Iterator[BatchResult]:
    """Run the next batch in a thread while this one's results are accepted and committed, so the
    workers never wait for the validation, writes and commits of this process; results in order."""
    with ThreadPoolExecutor(max_workers=AHEAD, thread_name_prefix="newsetl-batch") as threads:
        pending: deque[Future[BatchResult]] = deque()
        for args in calls:
            pending.append(threads.submit(contextvars.copy_context().run, process, *args))
            if len(pending) >= AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def runs_ahead(settings: Settings) -> bool:
    """Batches overlap when their per-article work goes to worker processes."""
    return settings.spacy_processes > 1 and settings.batch_size >= settings.parallel_min_articles


Mapper = Callable[[Callable[..., Any], Iterable[tuple[Any, ...]]], Iterator[Any]]


def local_mapper(settings: Settings) -> Mapper:
    """How a run without a task runner maps its batches: one ahead when the work goes to worker
    processes (:func:`runs_ahead`), else one after the other."""
    return map_ahead if runs_ahead(settings) else map_in_order
