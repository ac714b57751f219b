"""Rows → Arrow tables that satisfy the contracts, or quarantined articles with a reason.

A batch is validated table by table with pandera (lazy, so every failure is collected). An article
with any failing row loses all its rows in every table and gets one ``rejects`` row whose message
names the table, column, check and article; the rest of the batch goes on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandera.errors
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from newsetl.contracts import Contract, contract
from newsetl.model import Outcome
from newsetl.rows import Row, RunInfo

ARTICLE_TABLES = ("articles", "images", "quotes", "entities", "signatures")


@dataclass(frozen=True)
class Failure:
    article_id: str
    message: str


@dataclass(frozen=True)
class ValidatedBatch:
    tables: dict[str, pa.Table]
    failures: tuple[Failure, ...]


def to_arrow(table: str, rows: Sequence[Row]) -> tuple[pa.Table, list[tuple[int, str]]]:
    """Rows → Arrow with the contract's schema; rows that do not convert are reported by index."""
    schema = contract(table).arrow_schema
    try:
        return pa.Table.from_pylist(list(rows), schema=schema), []
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        pass
    good: list[Row] = []
    bad: list[tuple[int, str]] = []
    for index, row in enumerate(rows):
        try:
            pa.Table.from_pylist([row], schema=schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError) as exc:
            bad.append((index, f"type error: {exc}"))
        else:
            good.append(row)
    return pa.Table.from_pylist(good, schema=schema), bad


def check_table(spec: Contract, table: pa.Table) -> list[tuple[int, str]]:
    """pandera over one Arrow table: (row index, 'column: check (value)') per failure."""
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    try:
        spec.pandera_schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        failures: list[tuple[int, str]] = []
        for case in cases.iter_rows(named=True):
            index = case.get("index")
            detail = f"{case.get('column')}: {case.get('check')} (value {case.get('failure_case')!r})"
            if index is None:  # a table-level failure: every row is suspect
                failures.extend((i, detail) for i in range(table.num_rows))
            else:
                failures.append((int(index), detail))
        return failures
    return []


def validate_batch(rows: Mapping[str, Sequence[Row]]) -> ValidatedBatch:
    """Validate the article tables of a batch; quarantine whole articles on any failure."""
    if not any(rows.get(table) for table in ARTICLE_TABLES):  # nothing to check (an unchanged rerun)
        return ValidatedBatch({t: contract(t).arrow_schema.empty_table() for t in ARTICLE_TABLES}, ())
    bad_articles: dict[str, list[str]] = defaultdict(list)
    converted: dict[str, pa.Table] = {}
    for table in ARTICLE_TABLES:
        table_rows = rows.get(table, ())
        arrow, type_failures = to_arrow(table, table_rows)
        for index, message in type_failures:
            bad_articles[str(table_rows[index]["article_id"])].append(f"{table}.{message}")
        for index, message in check_table(contract(table), arrow):
            article_id = arrow.column("article_id")[index].as_py()
            bad_articles[str(article_id)].append(f"{table}.{message}")
        converted[table] = arrow
    if bad_articles:
        drop = pa.array(sorted(bad_articles))
        for table, arrow in converted.items():
            keep = pc.invert(pc.is_in(arrow.column("article_id"), value_set=drop))
            converted[table] = arrow.filter(keep)
    failures = tuple(
        Failure(article_id, f"article {article_id}: " + "; ".join(messages[:5]))
        for article_id, messages in sorted(bad_articles.items())
    )
    return ValidatedBatch(converted, failures)


def _own_rows(table: str, rows: Sequence[Row]) -> pa.Table:
    """Rows the pipeline writes about itself (rejects, sources, runs): a failure here is a bug."""
    arrow, bad = to_arrow(table, rows)
    problems = [m for _, m in bad] + [m for _, m in check_table(contract(table), arrow)]
    if problems:
        raise ValueError(f"{table} rows break their own contract: " + "; ".join(problems[:5]))
    return arrow


def rejects_table(rows: Sequence[Row]) -> pa.Table:
    return _own_rows("rejects", rows)


def runs_table(rows: Sequence[Row]) -> pa.Table:
    return _own_rows("runs", rows)


def sources_table(outcomes: Sequence[Outcome], run: RunInfo) -> pa.Table:
    """The run's file accounting as Arrow (one row per file name and content first seen)."""
    unique = {(o.source_file, o.sha256): o for o in outcomes}
    rows: list[Row] = [
        {
            "source_file": o.source_file,
            "content_sha256": o.sha256,
            "status": o.status,
            "article_id": o.article_id,
            "size_bytes": o.size,
            "run_id": run.run_id,
        }
        for o in unique.values()
    ]
    return _own_rows("sources", rows)
