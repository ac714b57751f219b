"""Re-derive articles from their ``pages`` rows with the code running now, and compare (pure
apart from the spaCy pipeline): the per-batch work of ``newsetl reprocess``.

:func:`derive_pages` runs the ingest stages (decode → parse → extract → validate) on the records the
raw layer rebuilds, keeping each article's id (a changed HTML renderer must not move an article).
:func:`changed_fields` says what a re-derivation would change in an article's rows; columns that say
*when* or *by which run* a row was made, and the names the entity registry rewrites at each commit,
are not compared.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from newsetl.discover import RawFile
from newsetl.model import Known
from newsetl.pipeline import Decoded, StageOut, _load_one
from newsetl.raw_layer import page_source, record_from_page
from newsetl.rows import Row, RunInfo
from newsetl.settings import Settings
from newsetl.validate import ARTICLE_TABLES

DERIVED = ARTICLE_TABLES  # articles and the tables that join on article_id
# Not compared: when/by which run a row was made; what the entity registry rewrites at each commit.
IGNORED = {
    "articles": {"run_id", "ingested_at", "newsetl_version"},
    "entities": {"run_id", "name", "entity_id"},
    "quotes": {"run_id", "speaker"},
    "images": {"run_id"},
    "signatures": {"run_id", "analysis_input_sha256"},  # bookkeeping: what the NLP stage read
}
VERSION_COLUMNS = ("parser_version", "nlp_version")
_ORDER = {"images": "image_index", "quotes": "quote_index", "entities": "mention"}


@dataclass
class Derived:
    """One batch re-derived: validated tables of the articles that came through, and the ids that
    did not (their old rows stay), with why."""

    tables: dict[str, pa.Table]
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    reused: set[str] = field(default_factory=set)  # parsed as before: their stored rows stand


def decode_pages(pages: Sequence[Mapping[str, Any]], settings: Settings, run: RunInfo) -> StageOut[Decoded]:
    out: StageOut[Decoded] = StageOut()
    for page in pages:
        record = record_from_page(page)
        raw = RawFile(root="", path="", rel=str(page["source_file"]), size=len(record.content))
        decoded = _load_one(raw, record, Known(), settings, run, out)
        if decoded is not None:
            out.items.append(dataclasses.replace(decoded, article_id=str(page["article_id"]), record=None))
    return out


def derive_pages(
    pages: pa.Table, settings: Settings, run: RunInfo, reuse: Mapping[str, str] | None = None
) -> Derived:
    """The current code's rows for the articles whose records are in ``pages``; an article whose NLP
    input digest equals its entry in ``reuse`` is only parsed and listed in ``reused`` (its stored
    rows are what the NLP stage would give again: :mod:`newsetl.reuse`)."""
    import time

    from newsetl.batch import validate_extracted
    from newsetl.workers import parse_and_extract

    start = time.perf_counter()
    settings = settings.with_overrides(raw_pages=False)
    rows = pages.to_pylist()
    decoded = decode_pages(rows, settings, run)
    worked = parse_and_extract(decoded.items, settings, run, reuse)
    parsed, extracted = worked.parsed, worked.extracted
    validated = validate_extracted(extracted)
    got = set(validated.tables["articles"].column("article_id").to_pylist())
    by_source = {page_source(r): str(r["article_id"]) for r in rows}  # not the records again
    reused = set(worked.reused)
    failed = {str(r["article_id"]): "not_derived" for r in rows if r["article_id"] not in got | reused}
    for out in (decoded, parsed, extracted):
        for reject in out.rejects:
            article_id = by_source.get(str(reject["source_file"]))
            if article_id in failed:
                failed[article_id] = str(reject["reason_code"])
    for failure in validated.failures:
        failed[failure.article_id] = "invalid_rows"
    return Derived(dict(validated.tables), failed, time.perf_counter() - start, reused)


def group_rows(table: pa.Table, ids: set[str] | None = None) -> dict[str, list[Row]]:
    """Rows of ``table`` per article (only of ``ids`` when given)."""
    grouped: dict[str, list[Row]] = {}
    for row in table.to_pylist():
        article = str(row["article_id"])
        if ids is None or article in ids:
            grouped.setdefault(article, []).append(row)
    return grouped


def _comparable(table: str, rows: Sequence[Row]) -> list[dict[str, Any]]:
    ignored = IGNORED.get(table, set())
    kept = [{k: v for k, v in row.items() if k not in ignored} for row in rows]
    key = _ORDER.get(table)
    return sorted(kept, key=lambda r: repr(r.get(key))) if key else kept


def changed_fields(old: Mapping[str, Sequence[Row]], new: Mapping[str, Sequence[Row]]) -> list[str]:
    """``table.column`` names whose values differ between an article's old and new rows (per
    table); ``table.rows`` when the number of rows changed. Empty: the re-derivation is a no-op."""
    changes: list[str] = []
    for table in DERIVED:
        before, after = _comparable(table, old.get(table, ())), _comparable(table, new.get(table, ()))
        if len(before) != len(after):
            changes.append(f"{table}.rows")
            continue
        columns = sorted({k for row in after for k in row})
        for column in columns:
            if any(b.get(column) != a.get(column) for b, a in zip(before, after, strict=True)):
                changes.append(f"{table}.{column}")
    return changes
