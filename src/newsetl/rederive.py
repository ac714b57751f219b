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
from newsetl.reuse import analysis_input_digest, rebuild
from newsetl.rows import Row, RunInfo
from newsetl.settings import Settings
from newsetl.sources.metadata import PageMeta
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
    rebuilt: int = 0  # parses given back by the stored rows (pages neither decoded nor parsed)


def decode_pages(pages: Sequence[Mapping[str, Any]], settings: Settings, run: RunInfo) -> StageOut[Decoded]:
    out: StageOut[Decoded] = StageOut()
    for page in pages:
        record = record_from_page(page)
        raw = RawFile(root="", path="", rel=str(page["source_file"]), size=len(record.content))
        decoded = _load_one(raw, record, Known(), settings, run, out)
        if decoded is not None:
            out.items.append(dataclasses.replace(decoded, article_id=str(page["article_id"]), record=None))
    return out


def known_parse(
    article_id: str, stored: Mapping[str, Any], settings: Settings, run: RunInfo
) -> Decoded | None:
    """The article as its page would decode and parse now, rebuilt from its stored rows (made by
    the current parser), or None when the rebuild is not faithful (its digest is not the stored one)."""
    parsed, origin = rebuild(stored["article"], stored["images"])
    if analysis_input_digest(parsed, origin, run.language, settings.analysis_scope) != stored["digest"]:
        return None
    row = stored["article"]
    return Decoded(
        raw=RawFile(root="", path="", rel=str(row["source_file"]), size=0),
        sha256=str(row["content_sha256"]),
        article_id=article_id,
        text="",
        source=page_source(row),
        record_id=origin.record_id,
        source_format=origin.source_format,
        meta=PageMeta(url=origin.url) if origin.url else None,
        crawled_at=origin.crawled_at,
        language=origin.language,
        preparsed=parsed,
    )


def derive_pages(
    pages: pa.Table,
    settings: Settings,
    run: RunInfo,
    reuse: Mapping[str, str] | None = None,
    stored: Mapping[str, Mapping[str, Any]] | None = None,
) -> Derived:
    """The current code's rows for the articles whose records are in ``pages`` (see
    :mod:`newsetl.reuse`). ``reuse``: the stored NLP input digest of the articles whose stored rows
    the current NLP stage made; an article whose digest is unchanged goes through no NLP and is
    listed in ``reused`` (its stored rows stand). ``stored``: the stored rows (``article``,
    ``images``, ``digest``) of articles the current parser made; their pages are neither decoded
    nor parsed again when the rows give their parse back faithfully."""
    import time

    from newsetl.batch import validate_extracted
    from newsetl.workers import parse_and_extract

    start = time.perf_counter()
    settings = settings.with_overrides(raw_pages=False)
    stored, reuse = stored or {}, reuse or {}
    known = {a: d for a, entry in stored.items() if (d := known_parse(a, entry, settings, run))}
    direct = {a for a in known if reuse.get(a) == stored[a]["digest"]}  # parse and NLP input as stored
    rows = pages.to_pylist()
    decoded = decode_pages([r for r in rows if str(r["article_id"]) not in known], settings, run)
    ready = {d.article_id: d for d in decoded.items} | {a: d for a, d in known.items() if a not in direct}
    items = [ready[a] for a in (str(r["article_id"]) for r in rows) if a in ready]
    worked = parse_and_extract(items, settings, run, reuse)
    parsed, extracted = worked.parsed, worked.extracted
    validated = validate_extracted(extracted)
    got = set(validated.tables["articles"].column("article_id").to_pylist())
    by_source = {page_source(r): str(r["article_id"]) for r in rows}  # not the records again
    reused = set(worked.reused) | direct
    failed = {str(r["article_id"]): "not_derived" for r in rows if r["article_id"] not in got | reused}
    for out in (decoded, parsed, extracted):
        for reject in out.rejects:
            article_id = by_source.get(str(reject["source_file"]))
            if article_id in failed:
                failed[article_id] = str(reject["reason_code"])
    for failure in validated.failures:
        failed[failure.article_id] = "invalid_rows"
    return Derived(dict(validated.tables), failed, time.perf_counter() - start, reused, len(known))


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
