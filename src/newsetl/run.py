"""One ingest run: the bookkeeping between batches, and the driver that wires the stages.

:func:`execute` is the whole ingest as a loop over batches. It takes its stages as callables, so the
Prefect flow hands it Prefect tasks (``flows/ingest.py``) and :func:`ingest_local` hands it the plain
functions: one wiring, two orchestrations. Everything a run learns is kept in :class:`IngestRun` and
reaches the warehouse only at :meth:`Warehouse.commit`, after all its parts are written: at each
checkpoint and at the end (:mod:`newsetl.checkpoints`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from newsetl import checkpoints, progress
from newsetl.batch import BatchResult, local_mapper, map_in_order, process_batch
from newsetl.contracts import TABLES
from newsetl.discover import RawFile, Skipped, discover
from newsetl.model import Known, Outcome
from newsetl.neardup import NearDuplicateIndex
from newsetl.pipeline import Extracted, StageOut
from newsetl.registry.publish import REGISTRY, discard_superseded, link_entities
from newsetl.rows import Row, RunInfo
from newsetl.settings import Settings
from newsetl.store.warehouse import COMMITS, PublishError, Warehouse
from newsetl.validate import (
    ValidatedBatch,
    rejects_table,
    runs_table,
    sources_table,
)
from newsetl.versions import nlp_version

STAGE_NAMES = ("discover", "read", "parse", "extract", "validate", "write", "publish")


def new_run_info(settings: Settings) -> RunInfo:
    now = dt.datetime.now(dt.UTC)
    run_id = f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    return RunInfo(run_id, now, settings.language, nlp_version(settings.spacy_model))


def discover_files(
    roots: Sequence[Path | str], settings: Settings, known: Known, run: RunInfo
) -> StageOut[RawFile]:
    out: StageOut[RawFile] = StageOut()
    for found in discover(roots, settings.file_suffixes):
        if not isinstance(found, Skipped):
            out.items.append(found)
        elif (found.rel, None) in known.sources:
            out.skipped += 1
        else:
            out.refuse(
                Outcome(found.rel, None, 0, "rejected", None), "discover", found.reason, found.message, run
            )
    return out


def write_tables(store: Warehouse, run: RunInfo, seq: int, tables: dict[str, pa.Table]) -> dict[str, str]:
    return {
        table: store.write_part(run.run_id, seq, table, data)
        for table, data in tables.items()
        if data.num_rows
    }


def publish(
    store: Warehouse,
    run: RunInfo,
    parts: dict[str, list[str]],
    rows: dict[str, int],
    commit_id: str | None = None,
    progress: dict[str, Any] | None = None,
) -> int:
    """Link the entities across the warehouse (registry snapshot, re-linked parts), then commit it
    all with one record: the registry never disagrees with the committed rows. ``commit_id`` names
    a checkpoint's record (the run id by default). Returns the number of registry rows."""
    commit_id = commit_id or run.run_id
    linked = link_entities(store, commit_id, parts)
    rows = rows | {REGISTRY: linked.registry_rows}
    store.commit(commit_id, linked.parts, rows, linked.retires, progress)
    try:
        store.refresh_catalog()
    except OSError as exc:
        raise PublishError(
            f"run {run.run_id}: {commit_id} is committed, but the catalog could not be refreshed ({exc}); "
            "the next run or `newsetl sql` rebuilds it"
        ) from exc
    discard_superseded(store, parts, linked)
    return linked.registry_rows


@dataclass(frozen=True)
class Stages:
    """The stage callables :func:`execute` wires: plain functions, or Prefect tasks wrapping them."""

    discover: Callable[[Sequence[Path | str], Settings, Known, RunInfo], StageOut[RawFile]] = discover_files
    process: Callable[[Sequence[RawFile], Known, Settings, RunInfo], BatchResult] = process_batch
    # How batches are run: in order here, or submitted to a task runner (Dask) with results in order.
    map_batches: Callable[[Callable[..., BatchResult], Iterable[tuple[Any, ...]]], Iterator[BatchResult]] = (
        map_in_order
    )
    write: Callable[[Warehouse, RunInfo, int, dict[str, pa.Table]], dict[str, str]] = write_tables
    # (store, run, parts, rows, commit id, progress), called positionally
    publish: Callable[
        [Warehouse, RunInfo, dict[str, list[str]], dict[str, int], str, dict[str, Any]], int | None
    ] = publish


class IngestRun:
    """The state of one run: what is known, what was accepted, rejected and written so far."""

    def __init__(
        self,
        store: Warehouse,
        settings: Settings,
        info: RunInfo,
        flow_run_id: str | None = None,
        resumes_run_id: str | None = None,
    ) -> None:
        self.store, self.settings, self.info, self.flow_run_id = store, settings, info, flow_run_id
        self.resumes_run_id = resumes_run_id
        self.known = store.known()
        self.accepted: set[str] = set()
        # Since the last checkpoint: tables, quarantine rows and file outcomes still to commit.
        self.pending: dict[str, list[pa.Table]] = defaultdict(list)
        self.rejects: list[Row] = []
        self.outcomes: list[Outcome] = []
        self.counts: Counter[str] = Counter()
        self.committed: Counter[str] = Counter()  # rows per table in committed checkpoints
        self.checkpoints = 0
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.near_duplicates: NearDuplicateIndex | None = None

    @contextlib.contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] += time.perf_counter() - start

    def record(self, out: StageOut[Any]) -> None:
        self.counts["rejects"] += len(out.rejects)
        self.rejects.extend(out.rejects)
        self.outcomes.extend(out.outcomes)
        self.counts["skipped"] += out.skipped

    def accept(self, extracted: StageOut[Extracted], validated: ValidatedBatch) -> dict[str, pa.Table]:
        """Turn a validated batch into the tables to write: failures quarantined, repeats dropped."""
        failed = {f.article_id: f.message for f in validated.failures}
        drop: list[str] = []
        for item in extracted.items:
            article_id = item.decoded.article_id
            if article_id in failed:
                out: StageOut[None] = StageOut()
                out.refuse(
                    item.decoded.outcome("rejected"),
                    "validate",
                    "invalid_rows",
                    failed[article_id],
                    self.info,
                )
                self.record(out)
            elif article_id in self.accepted:  # the same content came in an earlier batch
                drop.append(article_id)
                self.outcomes.append(item.decoded.outcome("duplicate", article_id))
                self.counts["skipped"] += 1
            else:
                self.accepted.add(article_id)
                self.outcomes.append(item.decoded.outcome("article", article_id))
        tables = dict(validated.tables)
        if drop:
            mask = pa.array(drop)
            for table, data in tables.items():
                tables[table] = data.filter(pc.invert(pc.is_in(data.column("article_id"), value_set=mask)))
        tables["articles"] = self.flag_near_duplicates(tables["articles"], tables["signatures"])
        for table, data in tables.items():
            self.counts[table] += data.num_rows
        return tables

    def flag_near_duplicates(self, articles: pa.Table, signatures: pa.Table) -> pa.Table:
        """Fill ``duplicate_of`` with the earliest known article each new body nearly repeats."""
        if not articles.num_rows:
            return articles
        if self.near_duplicates is None:  # built on first need: an unchanged rerun never pays for it
            self.near_duplicates = NearDuplicateIndex(self.settings.near_duplicate_threshold)
            known = self.store.read_column("signatures", ["article_id", "minhash"])
            self.near_duplicates.add_table(known["article_id"], known["minhash"])
        index = self.near_duplicates
        by_id = dict(zip(*(signatures.column(c).to_pylist() for c in ("article_id", "minhash")), strict=True))
        found: list[str | None] = []
        for article_id in articles.column("article_id").to_pylist():
            found.append(index.match(by_id[article_id]))
            index.add(article_id, by_id[article_id])
        position = articles.schema.get_field_index("duplicate_of")
        return articles.set_column(position, articles.schema.field(position), pa.array(found, pa.string()))

    def hold(self, tables: dict[str, pa.Table]) -> None:
        """Keep a batch's accepted tables until the next checkpoint writes them as one part each."""
        for table, data in tables.items():
            if data.num_rows:
                self.pending[table].append(data)

    def held_bytes(self) -> int:
        """Memory taken by the rows held for the next checkpoint."""
        return sum(data.nbytes for parts in self.pending.values() for data in parts)

    def has_pending(self) -> bool:
        return bool(self.rejects or self.outcomes or any(self.pending.values()))

    def checkpoint_tables(self, final: bool) -> tuple[dict[str, pa.Table], Counter[str]]:
        """The tables of the next checkpoint (the batches held since the last one, their quarantine
        and source accounting; the run's ``runs`` row when final) and the committed counts after it."""
        tables = {t: pa.concat_tables(parts) for t, parts in self.pending.items() if parts}
        tables["rejects"] = rejects_table(self.rejects)
        tables["sources"] = sources_table(self.outcomes, self.info)
        after = self.committed + Counter({t: data.num_rows for t, data in tables.items()})
        if final:
            self.counts["sources"] = after["sources"]
            self.counts["runs"] = after["runs"] = 1
            tables["runs"] = runs_table([self.runs_row("completed", None, after, self.checkpoints + 1)])
        return tables, after

    def release_held(self) -> None:
        """The held rows are written to their parts: let them go before the commit links the
        registry over the whole warehouse (the largest step of a long run), not after it."""
        self.pending.clear()

    def checkpointed(self, after: Counter[str]) -> None:
        """The checkpoint is committed (its held rows were let go once written): its quarantine and
        source accounting are no longer pending."""
        self.rejects, self.outcomes = [], []
        self.committed = after
        self.checkpoints += 1

    def runs_row(
        self, status: str, error: str | None, committed: Counter[str] | None = None, checkpoints: int = 0
    ) -> Row:
        """The run's ``runs`` row; rows and new files count what is (or, with the row, will be) committed."""
        committed = self.committed if committed is None else committed
        row: Row = {
            "run_id": self.info.run_id,
            "flow_run_id": self.flow_run_id,
            "started_at": self.info.started_at,
            "ended_at": dt.datetime.now(dt.UTC),
            "status": status,
            "error": error,
            "files_seen": self.counts["files_seen"],
            "files_new": committed["articles"],
            "files_skipped": self.counts["skipped"],
            "files_rejected": committed["rejects"],
            "checkpoints": checkpoints or self.checkpoints,
            "resumes_run_id": self.resumes_run_id,
            "kind": "ingest",
        }
        for table in ("articles", "images", "quotes", "entities", "rejects"):
            row[f"rows_{table}"] = committed[table]
        for stage in STAGE_NAMES:
            row[f"seconds_{stage}"] = round(self.seconds[stage], 3)
        return row

    def summary(self) -> dict[str, Any]:
        return {
            "run_id": self.info.run_id,
            "flow_run_id": self.flow_run_id,
            "warehouse": str(self.store.root),
            "files_seen": self.counts["files_seen"],
            "files_new": self.counts["articles"],
            "files_skipped": self.counts["skipped"],
            "files_rejected": self.counts["rejects"],
            "rows": {table: self.counts[table] for table in TABLES},
            "seconds": {stage: round(spent, 3) for stage, spent in self.seconds.items()},
            "checkpoints": self.checkpoints,
            "resumes_run_id": self.resumes_run_id,
            "stale_articles": self.stale_articles(),
        }

    def stale_articles(self) -> int | None:
        """Committed articles made by an older parser or NLP version (``newsetl reprocess``)."""
        from newsetl.stale import count_stale
        from newsetl.store.query import connect_warehouse
        from newsetl.versions import current_versions

        try:
            with connect_warehouse(self.store) as con:
                return count_stale(con, current_versions(self.settings.spacy_model))
        except Exception:  # a count for the summary must not fail a committed run
            return None


def batches(items: Sequence[RawFile], size: int) -> Iterator[list[RawFile]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _ingest_batches(
    run: IngestRun, roots: Sequence[Path | str], stages: Stages, log: Callable[[str], None]
) -> None:
    settings = run.settings
    with run.timed("discover"):
        found = stages.discover(roots, settings, run.known, run.info)
    run.record(found)
    run.counts["files_seen"] = len(found.items) + len(found.rejects) + found.skipped
    log(f"discover: {run.counts['files_seen']} files, {len(found.items)} to read")
    done = 0
    clock = checkpoints.CheckpointClock(
        settings.checkpoint_batches,
        settings.checkpoint_minutes,
        settings.checkpoint_max_overhead,
        int(settings.checkpoint_max_held_mib * 2**20),
    )
    calls = ((batch, run.known, settings, run.info) for batch in batches(found.items, settings.batch_size))
    for seq, result in enumerate(stages.map_batches(stages.process, calls)):
        for stage, spent in result.seconds.items():
            run.seconds[stage] += spent
        loaded, parsed, extracted = result.loaded, result.parsed, result.extracted
        for out in (loaded, parsed, extracted):
            run.record(out)
        tables = run.accept(extracted, result.validated)
        run.hold(tables)
        counts = result.counts
        done += counts["files"]
        progress.report("files", done, len(found.items))
        log(
            f"batch {seq}: {counts['files']} files → read {counts['read']}, parsed {counts['parsed']}, "
            f"extracted {len(extracted.items)}, new articles {tables['articles'].num_rows}, "
            f"skipped {loaded.skipped}, rejected {len(loaded.rejects) + len(parsed.rejects)}"
        )
        # Due, with something to commit (skipped files are not worth one), and not the last batch
        # (that goes into the final commit).
        if clock.tick(run.held_bytes()) and run.has_pending() and done < len(found.items):
            started = time.perf_counter()
            commit_checkpoint(run, stages, final=False)
            clock.committed(time.perf_counter() - started)
            log(f"checkpoint {run.checkpoints}: {run.committed['articles']} articles committed")


def commit_checkpoint(run: IngestRun, stages: Stages, final: bool) -> None:
    """Write the held tables (one part per table) and commit them as the run's next checkpoint."""
    number = run.checkpoints + 1
    with run.timed("write"):
        tables, after = run.checkpoint_tables(final)
        written = stages.write(run.store, run.info, number, tables)
    rows = {table: data.num_rows for table, data in tables.items()}
    del tables
    run.release_held()  # written: the registry link reads the parts, not these rows
    row = run.runs_row("interrupted", None, after, number)
    progress_record = checkpoints.progress_record(run.info.run_id, number, final, row)
    with run.timed("publish"):
        registered = stages.publish(
            run.store,
            run.info,
            {table: [rel] for table, rel in written.items()},
            rows,
            checkpoints.checkpoint_id(run.info.run_id, number, final),
            progress_record,
        )
        if registered is not None:
            run.counts[REGISTRY] = registered
        run.checkpointed(after)


def execute(
    roots: Sequence[Path | str],
    settings: Settings,
    store: Warehouse,
    stages: Stages = Stages(),
    log: Callable[[str], None] = lambda _message: None,
    flow_run_id: str | None = None,
) -> dict[str, Any]:
    """Ingest every new file under ``roots`` into ``store``; return the run's summary.

    The run commits a checkpoint every ``checkpoint_batches`` batches or ``checkpoint_minutes``
    minutes, and its final commit at the end: each an atomic commit. It first records runs that
    stopped after a checkpoint as interrupted, and resumes them by skipping what is committed
    (:mod:`newsetl.checkpoints`). A run that fails keeps its committed checkpoints and records
    itself in ``runs`` as failed (a commit holding only that row); its uncommitted parts are
    removed by the next run.
    """
    with store.writer_lock():
        store.prepare()
        interrupted = checkpoints.settle_interrupted(store)
        if interrupted:
            log(f"interrupted runs found (checkpoints committed, no final commit): {interrupted}")
        resumes = checkpoints.run_to_resume(checkpoints.runs_rows(store))
        run = IngestRun(store, settings, new_run_info(settings), flow_run_id, resumes)
        if resumes:
            log(f"run {run.info.run_id} resumes {resumes}: committed content is skipped")
        try:
            _ingest_batches(run, roots, stages, log)
            commit_checkpoint(run, stages, final=True)
        except Exception as exc:
            _record_failure(run, exc, log)
            raise
    summary = run.summary()
    log(f"run {run.info.run_id} completed: {summary}")
    return summary


def _record_failure(run: IngestRun, error: Exception, log: Callable[[str], None]) -> None:
    """Commit a 'failed' runs row alone; if even that cannot be written, say so and go on failing.
    A run whose final commit landed (the catalog refresh failed after it) is completed: no row."""
    try:
        store, run_id = run.store, run.info.run_id
        if f"{COMMITS}/{run_id}.json" in store.storage.list_files(COMMITS):
            return
        runs = runs_table([run.runs_row("failed", repr(error))])
        rel = store.write_part(run_id, 99998, "runs", runs)
        store.commit(run_id, {"runs": [rel]}, {"runs": 1})
        store.refresh_catalog()
    except Exception as again:  # the original error is what the caller must see
        log(f"run {run.info.run_id} failed and could not be recorded in runs: {again!r}")


def ingest_local(
    roots: Sequence[Path | str], settings: Settings | None = None, warehouse: Path | str | None = None
) -> dict[str, Any]:
    """The same ingest without Prefect: for embedding in another orchestrator, and for tests."""
    settings = settings or Settings()
    stages = Stages(map_batches=local_mapper(settings))
    return execute(roots, settings, Warehouse(warehouse or settings.warehouse), stages)
