"""``newsetl reprocess``: re-derive articles, quotes, entities and images from ``pages`` with the code
running now, and replace the old rows of each changed article (same ``article_id``).

The selected articles are taken in batches of ``batch_size`` in ingest order. Each
batch is re-derived (:func:`newsetl.rederive.derive_pages`, a coarse unit of work that may run on
Dask) and compared with the stored rows; the articles whose rows or versions changed are replaced
in **one commit per batch**: every part holding one of them is rewritten without them (copy on
write), their new rows are added, the entity registry is re-resolved, and the commit record retires
the old parts. A crash leaves whole batches done or not; a rerun re-derives, finds the done ones
unchanged and skips them (idempotent, resumable). The run ends with a ``runs`` row of kind
``reprocess``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from newsetl.batch import local_mapper, map_in_order
from newsetl.rederive import DERIVED, Derived, changed_fields, derive_pages, group_rows
from newsetl.replace import NearDuplicates, PartIndex, read_pages, read_rows, replace
from newsetl.reuse import restamp
from newsetl.rows import RunInfo
from newsetl.run import new_run_info
from newsetl.settings import Settings
from newsetl.stale import stale_condition
from newsetl.store.warehouse import Warehouse
from newsetl.validate import runs_table
from newsetl.versions import current_versions

NO_PAGES_HINT = (
    "they were ingested before the raw layer existed (or with NEWSETL_RAW_PAGES=false), so the "
    "warehouse holds no input to re-derive them from; ingest their raw files into a new warehouse"
)


@dataclass(frozen=True)
class Options:
    where: str | None = None  # SQL condition over the articles view
    older_than_current: bool = False  # only articles whose parser or NLP version is not current
    dry_run: bool = False
    sample: int = 200  # articles a dry run re-derives


@dataclass
class Report:
    selected: int = 0
    without_pages: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: dict[str, int] = field(default_factory=dict)
    field_changes: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    commits: int = 0
    derived: int = 0
    reused: int = 0  # articles parsed as before: their stored NLP rows kept (newsetl.reuse)
    rebuilt: int = 0  # parses given back by the stored rows: pages not decoded or parsed again


@dataclass(frozen=True)
class Stored:
    """What an article's stored rows say about how they were made."""

    digest: str  # signatures.analysis_input_sha256: what the NLP stage read
    nlp_current: bool  # made by the NLP code and models running now
    parser_current: bool  # made by the parser running now


def select(
    store: Warehouse, settings: Settings, options: Options
) -> tuple[list[str], list[str], dict[str, Stored]]:
    """The selected article ids with a stored page, those without one, and what the stored rows of
    the selected articles that have an NLP input digest say (:mod:`newsetl.reuse`)."""
    from newsetl.store.query import connect_warehouse

    conditions = [f"({options.where})" if options.where else "true"]
    params: list[str] = []
    current = current_versions(settings.spacy_model)
    with connect_warehouse(store) as con:
        if options.older_than_current:
            stale, params = stale_condition(con, current)
            conditions.append(stale)
        sql = f"SELECT article_id FROM articles WHERE {' AND '.join(conditions)}"
        chosen = {r[0] for r in con.execute(sql, params).fetchall()}
        stored = {r[0] for r in con.execute("SELECT article_id FROM pages").fetchall()}
        inputs = _stored_inputs(con, current.nlp, current.parser) if chosen else {}
    return sorted(chosen & stored), sorted(chosen - stored), {a: d for a, d in inputs.items() if a in chosen}


def _stored_inputs(con: Any, nlp: str, parser: str) -> dict[str, Stored]:
    def columns(table: str) -> set[str]:
        return {str(row[0]) for row in con.execute(f"DESCRIBE {table}").fetchall()}

    if "analysis_input_sha256" not in columns("signatures") or "nlp_version" not in columns("articles"):
        return {}  # a warehouse written before the digests
    sql = (
        "SELECT s.article_id, s.analysis_input_sha256, a.nlp_version IS NOT DISTINCT FROM ?, "
        "a.parser_version = ? FROM signatures s JOIN articles a USING (article_id) "
        "WHERE s.analysis_input_sha256 IS NOT NULL"
    )
    found = con.execute(sql, [nlp, parser]).fetchall()
    return {str(a): Stored(str(d), bool(n), bool(p)) for a, d, n, p in found}


def batch_inputs(
    store: Warehouse, index: PartIndex, ids: list[str], inputs: Mapping[str, Stored]
) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """What :func:`newsetl.rederive.derive_pages` may reuse for a batch: the NLP input digests of
    its articles the current NLP stage made, and the stored rows of those the current parser made."""
    reuse = {a: inputs[a].digest for a in ids if a in inputs and inputs[a].nlp_current}
    again = {a for a in ids if a in inputs and inputs[a].parser_current}
    if not again:
        return reuse, {}
    images: dict[str, list[dict[str, Any]]] = {}
    for row in read_rows(store, index, "images", again).to_pylist():
        images.setdefault(str(row["article_id"]), []).append(row)
    stored = {
        str(row["article_id"]): {
            "article": row,
            "images": images.get(str(row["article_id"]), []),
            "digest": inputs[str(row["article_id"])].digest,
        }
        for row in read_rows(store, index, "articles", again).to_pylist()
    }
    return reuse, stored


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _keep_changed(derived: Derived, changed: set[str]) -> dict[str, pa.Table]:
    mask = pa.array(sorted(changed), pa.string())
    return {
        t: derived.tables[t].filter(pc.is_in(derived.tables[t].column("article_id"), value_set=mask))
        for t in DERIVED
    }


def read_touched(store: Warehouse, index: PartIndex, ids: set[str]) -> dict[str, dict[str, pa.Table]]:
    """The live parts (per table, per part) holding rows of ``ids``, read whole."""
    return {t: {rel: store.storage.read_parquet(rel) for rel in index.touching(t, ids)} for t in DERIVED}


def add_reused(derived: Derived, touched: dict[str, dict[str, pa.Table]], info: RunInfo) -> None:
    """The stored rows of the batch's reused articles, restamped, join the re-derived ones."""
    if not derived.reused:
        return
    mask = pa.array(sorted(derived.reused), pa.string())
    kept: dict[str, pa.Table] = {}
    for t in DERIVED:
        found = [
            data.filter(pc.is_in(data.column("article_id"), value_set=mask)) for data in touched[t].values()
        ]
        if found:  # older parts may lack newer columns, or type them otherwise: the cast below settles it
            kept[t] = pa.concat_tables(found, promote_options="permissive")
    for t, rows in restamp(kept, info).items():
        schema = derived.tables[t].schema
        both = pa.concat_tables([derived.tables[t], rows], promote_options="permissive")
        derived.tables[t] = both.select(schema.names).cast(schema)


def compare(derived: Derived, touched: dict[str, dict[str, pa.Table]], report: Report) -> set[str]:
    """The articles whose rows change."""
    new_ids = set(derived.tables["articles"].column("article_id").to_pylist())
    old = {
        t: group_rows(pa.concat_tables(list(parts.values()), promote_options="permissive"), new_ids)
        if parts
        else {}
        for t, parts in touched.items()
    }
    new = {t: group_rows(derived.tables[t]) for t in DERIVED}
    changed: set[str] = set()
    for article in new_ids:
        fields = changed_fields(
            {t: old[t].get(article, []) for t in DERIVED}, {t: new[t].get(article, []) for t in DERIVED}
        )
        for name in fields:
            report.field_changes[name] = report.field_changes.get(name, 0) + 1
        if fields:
            changed.add(article)
    report.changed += len(changed)
    report.unchanged += len(new_ids) - len(changed)
    for reason in derived.failed.values():
        report.failed[reason] = report.failed.get(reason, 0) + 1
    return changed


Derive = Callable[[pa.Table, Settings, RunInfo, dict[str, str], dict[str, dict[str, Any]]], Derived]
MapBatches = Callable[[Derive, Iterable[tuple[Any, ...]]], Iterator[Derived]]


def execute(
    store: Warehouse,
    settings: Settings,
    options: Options,
    derive: Derive = derive_pages,
    map_batches: MapBatches = map_in_order,  # type: ignore[assignment]
    log: Callable[[str], None] = lambda _line: None,
    flow_run_id: str | None = None,
) -> dict[str, Any]:
    """The whole reprocess (or its dry run); returns its summary."""
    if not store.exists():
        raise FileNotFoundError(f"no warehouse at {store.root}")
    info = new_run_info(settings)
    report, seconds = Report(), {"discover": 0.0, "read": 0.0, "extract": 0.0, "write": 0.0, "publish": 0.0}
    if options.dry_run:
        return _run(store, settings, options, info, report, seconds, derive, map_batches, log)
    with store.writer_lock("reprocess"):
        store.prepare()
        try:
            summary = _run(store, settings, options, info, report, seconds, derive, map_batches, log)
            _record(store, info, report, seconds, "completed", None, flow_run_id)
        except Exception as exc:
            try:
                _record(store, info, report, seconds, "failed", repr(exc), flow_run_id)
            except Exception as again:  # the original error is what the caller must see
                log(f"reprocess {info.run_id} failed and could not be recorded in runs: {again!r}")
            raise
    return summary


def _run(
    store: Warehouse,
    settings: Settings,
    options: Options,
    info: RunInfo,
    report: Report,
    seconds: dict[str, float],
    derive: Derive,
    map_batches: MapBatches,
    log: Callable[[str], None],
) -> dict[str, Any]:
    start = time.perf_counter()
    targets, without, inputs = select(store, settings, options)
    index = PartIndex(store, ("pages", *DERIVED))
    links = NearDuplicates(store, settings.near_duplicate_threshold)
    targets.sort(key=links.key)  # in ingest order: what near-duplicate links need
    report.selected, report.without_pages = len(targets) + len(without), len(without)
    if options.dry_run:
        targets = targets[: options.sample]
    seconds["discover"] = time.perf_counter() - start
    if without:
        log(f"{len(without)} selected articles have no stored page and stay as they are: {NO_PAGES_HINT}")

    def calls() -> Iterator[tuple[Any, ...]]:
        for ids in _chunks(targets, settings.batch_size):
            clock = time.perf_counter()
            pages = read_pages(store, index, ids)
            reuse, stored = batch_inputs(store, index, ids, inputs)
            seconds["read"] += time.perf_counter() - clock
            yield pages, settings, info, reuse, stored

    for seq, derived in enumerate(map_batches(derive, calls())):
        seconds["extract"] += derived.seconds
        report.derived += derived.tables["articles"].num_rows + len(derived.reused) + len(derived.failed)
        report.reused += len(derived.reused)
        report.rebuilt += derived.rebuilt
        clock = time.perf_counter()
        ids = set(derived.tables["articles"].column("article_id").to_pylist()) | derived.reused
        touched = read_touched(store, index, ids)
        add_reused(derived, touched, info)
        derived.tables["articles"] = links.link(derived.tables["articles"], derived.tables["signatures"])
        changed = compare(derived, touched, report)
        if changed and not options.dry_run:
            new = _keep_changed(derived, changed)
            seconds["write"] += time.perf_counter() - clock
            clock = time.perf_counter()
            _, rows = replace(store, index, f"{info.run_id}-{seq:05d}", new, touched, changed)
            for table, count in rows.items():
                report.rows[table] = report.rows.get(table, 0) + count
            report.commits += 1
            seconds["publish"] += time.perf_counter() - clock
        log(f"batch {seq}: {report.derived}/{len(targets)} re-derived, {report.changed} changed so far")
    return summary(store, info, options, report, seconds)


def summary(
    store: Warehouse, info: RunInfo, options: Options, report: Report, seconds: dict[str, float]
) -> dict[str, Any]:
    return {
        "run_id": info.run_id,
        "warehouse": str(store.root),
        "dry_run": options.dry_run,
        "selected": report.selected,
        "without_pages": report.without_pages,
        "rederived": report.derived,  # a dry run: the sample
        "reused": report.reused,
        "parses_rebuilt": report.rebuilt,
        "changed": report.changed,
        "unchanged": report.unchanged,
        "failed": dict(report.failed),
        "field_changes": dict(sorted(report.field_changes.items(), key=lambda kv: -kv[1])),
        "rows": dict(report.rows),
        "commits": report.commits,
        "seconds": {k: round(v, 3) for k, v in seconds.items()},
        "hint": NO_PAGES_HINT if report.without_pages else None,
    }


def _record(
    store: Warehouse,
    info: RunInfo,
    report: Report,
    seconds: dict[str, float],
    status: str,
    error: str | None,
    flow_run_id: str | None,
) -> None:
    """The run's ``runs`` row, alone in the run's last commit (named by the run id)."""
    done = status == "completed"
    row: dict[str, object] = {
        "run_id": info.run_id,
        "flow_run_id": flow_run_id,
        "started_at": info.started_at,
        "ended_at": dt.datetime.now(dt.UTC),
        "status": status,
        "error": error,
        "kind": "reprocess",
        "files_seen": report.selected,
        "files_new": report.changed,
        "files_skipped": report.unchanged + report.without_pages,
        "files_rejected": sum(report.failed.values()),
    }
    for table in ("articles", "images", "quotes", "entities"):
        row[f"rows_{table}"] = report.rows.get(table, 0) if done else 0
    row["rows_rejects"] = 0
    stages = {
        "discover": "discover",
        "read": "read",
        "parse": "",
        "extract": "extract",
        "validate": "",
        "write": "write",
        "publish": "publish",
    }
    for stage, key in stages.items():
        row[f"seconds_{stage}"] = round(seconds.get(key, 0.0), 3) if key else 0.0
    rel = store.write_part(info.run_id, 0, "runs", runs_table([row]))
    store.commit(info.run_id, {"runs": [rel]}, {"runs": 1})
    store.refresh_catalog()


def reprocess_local(
    warehouse: Path | str, settings: Settings | None = None, options: Options | None = None
) -> dict[str, Any]:
    """The same reprocess without Prefect: for tests and other orchestrators."""
    settings = settings or Settings()
    return execute(Warehouse(warehouse), settings, options or Options(), map_batches=local_mapper(settings))
