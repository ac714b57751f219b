"""The raw layer: an accepted input record ↔ its ``pages`` row (see ``schemas/pages.yaml``).

A page row keeps the record's exact bytes (``content``, what was hashed) and, as JSON in
``declared``, what the reader took from outside those bytes: a sidecar's or a JSON line's metadata,
the declared language and how the markup is read from the bytes. :func:`record_from_page` rebuilds
the very :class:`~newsetl.sources.Record` the reader gave, so re-deriving it runs the same stages as
an ingest. Pure: no I/O here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa

from newsetl.contracts import contract
from newsetl.rows import Row, RunInfo
from newsetl.sources import Record
from newsetl.sources.metadata import PageMeta
from newsetl.validate import check_table, to_arrow

_GZIP = b"\x1f\x8b"


def markup_kind(record: Record) -> str | None:
    """How the page markup is read from the bytes: not at all (a text dump), the bytes themselves,
    their UTF-8 text, or their gunzipped bytes (a ``.html.gz`` page)."""
    if record.markup is None:
        return None
    if isinstance(record.markup, str):
        return "text"
    return "bytes" if record.markup == record.content else "gzip"


def _meta_json(meta: PageMeta | None) -> dict[str, Any] | None:
    if meta is None:
        return None
    data = dataclasses.asdict(meta)
    data["published"] = meta.published.isoformat() if meta.published else None
    data["titles"], data["authors"] = list(meta.titles), list(meta.authors)
    data["block_paragraphs"] = sorted(meta.block_paragraphs)
    return data


def _meta_from(data: Mapping[str, Any] | None) -> PageMeta | None:
    if data is None:
        return None
    published = data.get("published")
    return PageMeta(
        url=data.get("url"),
        headline=data.get("headline"),
        titles=tuple(data.get("titles") or ()),
        authors=tuple(data.get("authors") or ()),
        published=dt.date.fromisoformat(published) if published else None,
        publisher=data.get("publisher"),
        language=data.get("language"),
        asserted=bool(data.get("asserted", False)),
        block_paragraphs=frozenset(data.get("block_paragraphs") or ()),
    )


def declared(record: Record) -> str:
    """What the reader gave with the record's bytes, as JSON."""
    data = {
        "markup": markup_kind(record),
        "meta": _meta_json(record.meta),
        "declared_language": record.declared_language,
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def page_row(*, article_id: str, record: Record, source_file: str, sha256: str, run: RunInfo) -> Row:
    return {
        "article_id": article_id,
        "content_sha256": sha256,
        "source_file": source_file,
        "record_id": record.record_id,
        "source_format": record.source_format,
        "url": record.meta.url if record.meta else None,
        "crawled_at": record.crawled_at,
        "declared": declared(record),
        "size_bytes": len(record.content),
        "content": record.content,
        "run_id": run.run_id,
        "ingested_at": run.started_at,
    }


def page_source(page: Mapping[str, Any]) -> str:
    """The ``source`` of the record a ``pages`` row holds (its file, and ``#record`` in a container)."""
    record_id = page.get("record_id")
    return str(page["source_file"]) + (f"#{record_id}" if record_id else "")


def record_from_page(page: Mapping[str, Any]) -> Record:
    """The reader's record again, from a ``pages`` row (a dict of its columns)."""
    content: bytes = page["content"]
    data = json.loads(page["declared"]) if page.get("declared") else {}
    kind = data.get("markup")
    markup: str | bytes | None = None
    if kind == "bytes":
        markup = content
    elif kind == "text":
        markup = content.decode("utf-8")
    elif kind == "gzip":
        markup = (
            zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(content) if content[:2] == _GZIP else content
        )
    return Record(
        source=page_source(page),
        record_id=page.get("record_id"),
        source_format=page["source_format"],
        content=content,
        markup=markup,
        meta=_meta_from(data.get("meta")),
        crawled_at=page.get("crawled_at"),
        declared_language=data.get("declared_language"),
    )


def pages_rows(items: Iterable[tuple[str, Record | None, str, str]], run: RunInfo) -> list[Row]:
    """Page rows for ``(article_id, record, source_file, sha256)``; records not kept are passed over."""
    return [
        page_row(article_id=a, record=r, source_file=f, sha256=s, run=run)
        for a, r, f, s in items
        if r is not None
    ]


def pages_table(rows: list[Row], keep: Iterable[str]) -> pa.Table:
    """The page rows of the articles in ``keep`` (those that passed validation) as Arrow."""
    wanted = set(keep)
    arrow, bad = to_arrow("pages", [row for row in rows if row["article_id"] in wanted])
    problems = [m for _, m in bad] + [m for _, m in check_table(contract("pages"), arrow)]
    if problems:  # built from what the reader gave: a failure here is a bug
        raise ValueError("pages rows break their contract: " + "; ".join(problems[:5]))
    return arrow
