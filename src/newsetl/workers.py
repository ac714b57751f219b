"""The per-article path (parse, line roles, NLP, extraction) on every CPU this process may use.

:func:`parse_and_extract` cuts a batch's decoded articles into small chunks and runs each in a pool
of worker processes (``Settings.spacy_processes``, by default the CPUs of ``os.sched_getaffinity``),
each holding its own spaCy pipeline and paragraph cache; results come back in order. The process
that calls it only reads, validates and writes. A small batch (under ``parallel_min_articles``), a
single worker, or a caller that may not start processes (a daemonic Dask or multiprocessing worker)
runs the same code in place.

The pool is started once per process and kept for the next batches and runs (``spawn``: no fork of
a process with Prefect's threads). Each worker exits when the process that started it is gone, so a
killed ingest leaves no worker behind.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import math
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from newsetl.pipeline import (
    Decoded,
    Extracted,
    Parsed,
    StageOut,
    analysis_input,
    analysis_pipeline,
    extract_batch,
    parse_files,
)
from newsetl.rows import RunInfo
from newsetl.settings import Settings

CHUNKS_PER_WORKER = 4  # chunks of a batch per worker: small enough that no worker idles long at the end

_lock = threading.Lock()
_in_place = threading.Lock()
_pool: tuple[tuple[int, str], ProcessPoolExecutor] | None = None


@dataclasses.dataclass
class Worked:
    """A chunk's parse and extraction outcomes; items carry no text (the caller has it)."""

    parsed: StageOut[Parsed]
    extracted: StageOut[Extracted]
    seconds: dict[str, float]
    parsed_count: int = 0
    reused: list[str] = dataclasses.field(default_factory=list)  # ids whose stored NLP rows stand


def extract_files(parsed: Sequence[Parsed], settings: Settings, run: RunInfo) -> StageOut[Extracted]:
    """One chunk through spaCy and the extractors (the model is loaded on first need)."""
    if not parsed:
        return StageOut()
    return extract_batch(parsed, analysis_pipeline(settings), settings, run)


def analyse_in_place(
    decoded: Sequence[Decoded], settings: Settings, run: RunInfo, reuse: Mapping[str, str] | None = None
) -> Worked:
    """Parse, then extract ``batch_size`` articles at a time: one WARC or JSONL file is one input of a
    batch but may hold thousands of articles, and only one chunk's spaCy Docs are held at once.
    An article whose NLP input digest is its entry in ``reuse`` is parsed, not extracted
    (:mod:`newsetl.reuse`): its id is listed in ``reused``."""
    clock = time.perf_counter()
    parsed = parse_files(decoded, settings, run)
    reused = [p.decoded.article_id for p in parsed.items if _unchanged(p, reuse, settings, run)]
    parse_seconds = time.perf_counter() - clock
    extracted: StageOut[Extracted] = StageOut()
    skip = set(reused)
    items = [p for p in parsed.items if p.decoded.article_id not in skip]
    for start in range(0, len(items), settings.batch_size):
        part = extract_files(items[start : start + settings.batch_size], settings, run)
        extracted.items.extend(part.items)
        extracted.rejects.extend(part.rejects)
        extracted.outcomes.extend(part.outcomes)
    seconds = {"parse": parse_seconds, "extract": time.perf_counter() - clock - parse_seconds}
    return Worked(parsed, extracted, seconds, len(parsed.items), reused)


def _unchanged(item: Parsed, reuse: Mapping[str, str] | None, settings: Settings, run: RunInfo) -> bool:
    stored = reuse.get(item.decoded.article_id) if reuse else None
    return stored is not None and stored == analysis_input(item, settings, run)


def _work(
    decoded: list[Decoded], settings: Settings, run: RunInfo, reuse: Mapping[str, str] | None = None
) -> Worked:
    """In a worker: one chunk, sent back without texts or parsed articles."""
    worked = analyse_in_place(decoded, settings, run, reuse)
    worked.parsed.items = []
    worked.extracted.items = [
        Extracted(dataclasses.replace(i.decoded, text=""), i.rows) for i in worked.extracted.items
    ]
    return worked


def _start_worker(parent: int, model_settings: Settings) -> None:
    """Load the model before the first chunk arrives; exit when the parent process is gone (it may
    be gone already: ``parent`` is its pid, told when the pool was made)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="newsetl-parent-watch", daemon=True).start()
    analysis_pipeline(model_settings)


def may_fan_out() -> bool:
    """A daemonic process (a Dask or multiprocessing worker) may not start processes of its own."""
    return not multiprocessing.current_process().daemon


@contextlib.contextmanager
def _caller_script_hidden() -> Iterator[None]:
    """Spawned workers run only newsetl code: they must not re-run the calling script (which a
    script without an ``if __name__ == "__main__"`` guard would otherwise do, and fail)."""
    main = sys.modules.get("__main__")
    saved = {name: getattr(main, name) for name in ("__file__", "__spec__") if hasattr(main, name)}
    try:
        if "__file__" in saved:
            delattr(main, "__file__")
        if "__spec__" in saved:
            main.__spec__ = None  # type: ignore[union-attr]
        yield
    finally:
        for name, value in saved.items():
            setattr(main, name, value)


def pool(settings: Settings) -> ProcessPoolExecutor:
    """The process's worker pool for these settings, started (and its models loading) if need be."""
    global _pool
    key = (settings.spacy_processes, settings.spacy_model)
    with _lock:
        if _pool is not None and _pool[0] == key:
            return _pool[1]
        if _pool is not None:
            _pool[1].shutdown(wait=False, cancel_futures=True)
        executor = ProcessPoolExecutor(
            max_workers=settings.spacy_processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(os.getpid(), settings),
        )
        with _caller_script_hidden():
            for _ in range(settings.spacy_processes):  # one process per submit: all start loading now
                executor.submit(os.getpid)
        _pool = (key, executor)
        return executor


def warm(settings: Settings) -> None:
    """Start the workers (they load the model) while the caller does other work."""
    if settings.spacy_processes > 1 and may_fan_out():
        pool(settings)


def shutdown() -> None:
    global _pool
    with _lock:
        if _pool is not None:
            _pool[1].shutdown(wait=True, cancel_futures=True)
            _pool = None


atexit.register(shutdown)


def worker_settings(settings: Settings) -> Settings:
    """The settings a worker runs a chunk with: the paragraph cache is a budget for all workers
    together, so memory stays what one process used (each worker keeps its share)."""
    share = settings.analysis_cache_paragraphs // max(1, settings.spacy_processes)
    return settings.with_overrides(analysis_cache_paragraphs=share)


def parse_and_extract(
    decoded: Sequence[Decoded], settings: Settings, run: RunInfo, reuse: Mapping[str, str] | None = None
) -> Worked:
    """Parse and extract ``decoded`` in the workers (in place for small batches); results in order.
    Extracted items keep the caller's own :class:`Decoded` (its text and record). ``reuse``: see
    :func:`analyse_in_place`."""
    workers = settings.spacy_processes
    if workers <= 1 or len(decoded) < settings.parallel_min_articles or not may_fan_out():
        with _in_place:  # batches may overlap in threads; one spaCy pipeline serves one at a time
            return analyse_in_place(decoded, settings, run, reuse)
    share = math.ceil(len(decoded) / (workers * CHUNKS_PER_WORKER))
    size = max(1, min(settings.worker_chunk_articles, share))
    light = [dataclasses.replace(d, record=None) for d in decoded]
    chunks = [light[start : start + size] for start in range(0, len(light), size)]
    executor = pool(settings)
    settings = worker_settings(settings)
    total = Worked(StageOut(), StageOut(), {"parse": 0.0, "extract": 0.0})
    reuse = reuse or {}
    reuses = [{d.article_id: reuse[d.article_id] for d in c if d.article_id in reuse} for c in chunks]
    try:
        for worked in executor.map(_work, chunks, [settings] * len(chunks), [run] * len(chunks), reuses):
            for out, part in ((total.parsed, worked.parsed), (total.extracted, worked.extracted)):
                out.rejects.extend(part.rejects)
                out.outcomes.extend(part.outcomes)
                out.skipped += part.skipped
            total.extracted.items.extend(worked.extracted.items)
            total.parsed_count += worked.parsed_count
            total.reused.extend(worked.reused)
            for stage, spent in worked.seconds.items():
                total.seconds[stage] += spent
    except BrokenProcessPool:
        shutdown()  # a worker died (killed, out of memory): the next batch starts a new pool
        raise
    own = {d.article_id: d for d in decoded}
    total.extracted.items = [Extracted(own[i.decoded.article_id], i.rows) for i in total.extracted.items]
    return total
